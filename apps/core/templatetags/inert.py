"""``{{ record.url|web_url }}``: the stored link if it is a web address, else nothing, so that
no page renders a ``javascript:`` or ``data:`` link as an ``href`` (apps/core/inert.py)."""

from django import template

from apps.core.inert import is_web_url

register = template.Library()


@register.filter
def web_url(value: str | None) -> str:
    return value.strip() if is_web_url(value) else ""
