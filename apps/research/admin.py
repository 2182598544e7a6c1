from django.contrib import admin
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from apps.core.admin_base import ResearchAdmin

admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(ResearchAdmin, TaggitTagAdmin):
    """taggit's tag admin (with its merge action), plus history."""
