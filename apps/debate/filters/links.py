"""Links into /viewpoints/: what a count on any page points to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from ..models import Question


def viewpoints_url(params: Iterable[tuple[str, str]] | dict[str, Any] = ()) -> str:
    """/viewpoints/ with the given parameters, e.g. for a stance-matrix count on a theme page."""
    items = params.items() if isinstance(params, dict) else params
    query = urlencode([(k, v) for k, v in items if v not in (None, "")])
    base = reverse("debate:viewpoints")
    return f"{base}?{query}" if query else base


def question_param(question: Question) -> str:
    """A question's value in URLs: its slug is unique within its theme only."""
    return f"{question.theme.slug}.{question.slug}"
