"""Site-wide template helpers: the main navigation, paging links, partial dates."""

import datetime

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from apps.analysis.templatetags.footnotes import mark_hanzi
from apps.core.models import format_partial_date

register = template.Library()
register.filter("mark_hanzi", mark_hanzi)

# Section index view -> the detail views that belong to it.
SECTIONS: dict[str, tuple[str, ...]] = {
    "portal:home": (),
    "debate:viewpoints": ("debate:position", "debate:compare"),
    "debate:themes": ("debate:theme",),
    "people:experts": ("people:expert",),
    "people:institutions": ("people:institution",),
    "sources:publications": ("sources:publication",),
    "analysis:index": ("analysis:analysis", "analysis:chapter"),
    "debate:glossary": (),
}


@register.simple_tag(takes_context=True)
def nav_link(context, view_name: str, label: str) -> str:
    """A nav link with aria-current="page" on the section's index, "true" inside the section."""
    request: HttpRequest | None = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    if current == view_name:
        state = "page"
    elif current in SECTIONS.get(view_name, ()):
        state = "true"
    else:
        state = ""
    if state:
        return format_html(
            '<a href="{}" aria-current="{}">{}</a>', reverse(view_name), state, label
        )
    return format_html('<a href="{}">{}</a>', reverse(view_name), label)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """The current URL's query string with ``page`` replaced: filters survive paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def partial_date(value: datetime.date | None, precision: str) -> str:
    """``{{ affiliation.as_of|partial_date:affiliation.as_of_precision }}`` -> 'September 2017'."""
    return format_partial_date(value, precision)
