"""The chapter reader's summary paragraphs in the shipped dataset.

Readers follow ``[^N]`` markers from a summary to the footnote and back, so every marker must
resolve and every footnote must be reachable from the text. (That the summaries are in our own
words was checked against the seed before committing; tests never read the seed.)
"""

import re

import pytest

from apps.analysis.models import Chapter, Paragraph
from apps.dataset.loading import load_dataset

MARKER = re.compile(r"\[\^(\d+)\]")

pytestmark = pytest.mark.django_db


def marked_numbers(chapter: Chapter) -> list[int]:
    """Footnote numbers in order of appearance across the chapter's paragraphs."""
    return [
        int(number)
        for text in chapter.paragraphs.order_by("order").values_list("text", flat=True)
        for number in MARKER.findall(text)
    ]


def first_appearances(numbers: list[int]) -> list[int]:
    return list(dict.fromkeys(numbers))


def test_every_chapter_has_paragraphs(shipped_dataset_once):
    chapters = Chapter.objects.all()
    assert chapters.exists()
    assert [c.slug for c in chapters if not c.paragraphs.exists()] == []


def test_markers_refer_to_footnotes_of_their_own_chapter(shipped_dataset_once):
    dangling = {}
    for chapter in Chapter.objects.prefetch_related("footnotes"):
        numbers = {f.number for f in chapter.footnotes.all()}
        unknown = sorted(set(marked_numbers(chapter)) - numbers)
        if unknown:
            dangling[chapter.slug] = unknown
    assert dangling == {}


def test_every_footnote_is_marked_in_the_paragraphs(shipped_dataset_once):
    unmarked = {}
    for chapter in Chapter.objects.prefetch_related("footnotes"):
        missing = sorted({f.number for f in chapter.footnotes.all()} - set(marked_numbers(chapter)))
        if missing:
            unmarked[chapter.slug] = missing
    assert unmarked == {}


def test_markers_cover_the_printed_note_count(shipped_dataset_once):
    for chapter in Chapter.objects.all():
        expected = list(range(1, chapter.footnote_count_in_source + 1))
        assert sorted(set(marked_numbers(chapter))) == expected, chapter.slug


def test_footnotes_are_first_marked_in_increasing_order(shipped_dataset_once):
    for chapter in Chapter.objects.all():
        order = first_appearances(marked_numbers(chapter))
        assert order == sorted(order), chapter.slug


def test_no_malformed_markers_or_extraction_debris(shipped_dataset_once):
    for paragraph in Paragraph.objects.all():
        text = paragraph.text
        assert text.count("[^") == len(MARKER.findall(text)), paragraph
        for debris in ("&quot;", "^{", "\\", "$"):
            assert debris not in text, (paragraph, debris)


def test_paragraph_orders_run_from_one_without_gaps(shipped_dataset_once):
    for chapter in Chapter.objects.all():
        orders = list(chapter.paragraphs.order_by("order").values_list("order", flat=True))
        assert orders == list(range(1, len(orders) + 1)), chapter.slug


def test_headings_open_sections_and_are_not_repeated(shipped_dataset_once):
    for chapter in Chapter.objects.all():
        headings = [h for h in chapter.paragraphs.values_list("heading", flat=True) if h]
        assert len(headings) == len(set(headings)), chapter.slug


def test_loading_the_dataset_again_changes_no_paragraph(shipped_dataset_once):
    before = list(Paragraph.objects.values_list("pk", "chapter_id", "order", "heading", "text"))
    assert before

    report = load_dataset()

    assert report.total("created") == 0
    assert report.total("updated") == 0
    assert report.counts[("unchanged", "analysis.Paragraph")] == len(before)
    after = list(Paragraph.objects.values_list("pk", "chapter_id", "order", "heading", "text"))
    assert after == before
