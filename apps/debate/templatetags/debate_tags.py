"""Template helpers for the debate pages: links into /viewpoints/ and stance badges."""

from django import template

from apps.debate import filters
from apps.debate.models import Question, Stance

register = template.Library()

STANCE_MARKS = {Stance.SUPPORTS: "+", Stance.QUALIFIED: "±", Stance.OPPOSES: "−"}


@register.simple_tag
def viewpoints_url(**params) -> str:
    """``{% viewpoints_url theme=theme.slug stance="supports" %}``: a link to what a count counts."""
    return filters.viewpoints_url(params)


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
