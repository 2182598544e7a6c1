"""History for django-taggit's models, kept in this app.

Tags are links like any other: deleting a publication deletes its tagged items, and
restoring the publication must bring them back, so taggit's tables get history too.
"""

from simple_history import register
from taggit.models import Tag, TaggedItem

register(Tag, app="apps.research")
register(TaggedItem, app="apps.research")
