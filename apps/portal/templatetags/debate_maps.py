"""The debate map of a contested question, drawn inline on its theme page."""

from django import template

from apps.debate.themes import QuestionMatrix

from .. import debate_map

register = template.Library()


@register.inclusion_tag("portal/includes/_debate_map.html")
def debate_map_svg(matrix: QuestionMatrix) -> dict:
    """``{% debate_map_svg matrix %}``: the map of one question, its links relative."""
    title = f"Who answers whom: {matrix.question.text}"
    drawn = debate_map.draw([matrix], f"dm-{matrix.question.slug}", title)
    return {"map": drawn, "site": "", "heading": False}
