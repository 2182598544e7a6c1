"""Template helpers for the debate pages: links into /viewpoints/ and stance badges."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.chinese import HANZI_RUN
from apps.debate import facet_blocks as blocks
from apps.debate import filters
from apps.debate.models import Question, Stance

register = template.Library()

STANCE_MARKS = {Stance.SUPPORTS: "+", Stance.QUALIFIED: "±", Stance.OPPOSES: "−"}


@register.simple_tag
def viewpoints_url(**params) -> str:
    """``{% viewpoints_url theme=theme.slug stance="supports" %}``: a link to what a count counts."""
    return filters.viewpoints_url(params)


@register.simple_tag
def facet_blocks(facets, open_facets) -> SafeString:
    """The facet column's blocks of checkboxes (apps/debate/facet_blocks.py)."""
    return blocks.facet_blocks(facets, open_facets)


@register.filter
def question_param(question: Question) -> str:
    return filters.question_param(question)


@register.inclusion_tag("debate/includes/_stance.html")
def stance_badge(stance: str) -> dict:
    """A stance as text with a shape, so it never depends on colour alone."""
    return {
        "stance": stance,
        "label": Stance(stance).label if stance in Stance.values else "no stance",
        "mark": STANCE_MARKS.get(stance, "·"),
    }


@register.filter(needs_autoescape=True)
def zh(text: str, autoescape: bool = True) -> SafeString:
    """Escape ``text`` and mark each run of hanzi in it ``lang="zh-Hans"``.

    English prose in the dataset quotes Chinese terms inline; screen readers and fonts need
    to know which part is Chinese.
    """
    escape = conditional_escape if autoescape else str
    text = str(text or "")
    parts, last = [], 0
    for match in HANZI_RUN.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<span lang="zh-Hans">{}</span>', match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(str(p) for p in parts))
