"""The chapter reader's footnote markers.

Paragraph summaries carry the chapter's note markers as ``[^N]``. Each becomes a linked
superscript whose id the note's back link returns to (``fnref-N``; a note marked again gets
``fnref-N-2``, ``fnref-N-3`` …), with the note's text in a tooltip the marker describes
itself by, shown on hover and keyboard focus by CSS alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

MARKER = re.compile(r"\[\^(\d{1,4})\]")
# A run of hanzi, with the CJK punctuation and full-width forms inside or after it.
HANZI = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff5e]*"
)
BLANK_LINE = re.compile(r"\n\s*\n")
MISSING_NOTE_TEXT = "The text of this note is missing from our copy of the analysis."


@dataclass
class ChapterText:
    """Rendered paragraphs, and each note number's marker ids in reading order."""

    paragraphs: list[tuple[object, list[SafeString]]] = field(default_factory=list)
    refs: dict[int, list[str]] = field(default_factory=dict)


@register.filter
def mark_hanzi(text: str) -> SafeString:
    """Escape ``text`` and wrap each run of hanzi in ``<span lang="zh-Hans">``.

    Summaries and notes quote Chinese terms inline ('social credit system (社会信用体系
    shehui xinyong tixi)'); the lang attribute gives them a CJK font and a Chinese voice.
    """
    escaped = str(conditional_escape(text))
    return mark_safe(HANZI.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', escaped))


@register.filter
def note_text(note) -> SafeString:
    """A note's text, with :func:`mark_hanzi`; or, for a note whose text did not survive in
    our copy of the analysis (it is known from its marker), a line that says so."""
    if note.text:
        return mark_hanzi(note.text)
    return format_html("<em>{}</em>", MISSING_NOTE_TEXT)


def _marker(number: int, note, refs: dict[int, list[str]]) -> SafeString:
    if note is None:
        # A marker without a recorded note: shown, but links nowhere.
        return format_html('<sup class="fnref fnref-missing">{}</sup>', number)
    ids = refs.setdefault(number, [])
    suffix = f"-{len(ids) + 1}" if ids else ""
    ref_id = f"fnref-{number}{suffix}"
    ids.append(ref_id)
    return format_html(
        '<sup class="fnref" id="{ref}"><a href="#fn-{n}" aria-describedby="fntip-{n}{s}">'
        '<span class="visually-hidden">Note </span>{n}</a>'
        '<span class="fn-tip" role="tooltip" id="fntip-{n}{s}">{text}</span></sup>',
        ref=ref_id,
        n=number,
        s=suffix,
        text=note_text(note),
    )


def render_markers(
    text: str, notes: dict[int, object], refs: dict[int, list[str]]
) -> list[SafeString]:
    """Escape ``text``, split it into paragraphs, and turn ``[^N]`` into linked markers."""
    blocks = []
    for block in BLANK_LINE.split(text.strip()):
        pieces = []
        position = 0
        for match in MARKER.finditer(block):
            pieces.append(mark_hanzi(block[position : match.start()]))
            number = int(match.group(1))
            pieces.append(_marker(number, notes.get(number), refs))
            position = match.end()
        pieces.append(mark_hanzi(block[position:]))
        blocks.append(mark_safe("".join(pieces)))
    return blocks


@register.simple_tag
def annotate_chapter(paragraphs, footnotes) -> ChapterText:
    """``{% annotate_chapter paragraphs footnotes as text %}``; also sets ``note.refs``."""
    notes = {note.number: note for note in footnotes}
    result = ChapterText()
    for paragraph in paragraphs:
        result.paragraphs.append((paragraph, render_markers(paragraph.text, notes, result.refs)))
    for note in footnotes:
        note.refs = result.refs.get(note.number, [])
    return result
