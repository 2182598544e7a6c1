"""Known experts by their name in hanzi, for the admin's duplicate guard."""

from __future__ import annotations

from django.urls import reverse

from apps.core.chinese import compact
from apps.core.duplicates import Match

from .models import Expert


def expert_hanzi_matches(name_zh: str, exclude_pk=None) -> list[Match]:
    """Experts whose hanzi name folds to the same as ``name_zh`` (社會 = 社会)."""
    key = compact(name_zh)
    if not key:
        return []
    queryset = Expert.objects.exclude(name_zh="").only("pk", "slug", "name", "name_zh")
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return [
        Match(
            "same name in hanzi",
            str(expert),
            reverse("admin:people_expert_change", args=[expert.pk]),
            expert.get_absolute_url(),
        )
        for expert in queryset
        if compact(expert.name_zh) == key
    ]
