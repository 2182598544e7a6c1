"""An issue's text read into its chapters, notes and citations (no database involved)."""

from __future__ import annotations

from apps.ingest.assembly import assemble_chapter, place_displaced
from apps.ingest.citations import read_footnote, resolve_references
from apps.ingest.errors import BadInput
from apps.ingest.layout import read_layout
from apps.ingest.records import Chapter, Issue
from apps.ingest.urls import UrlContext


def parse_issue(text: str, progress=None) -> Issue:
    """``progress`` wraps an iterable to show progress (tqdm), or is None."""
    layout = read_layout(text)
    drafts, leftovers = [], []
    for chapter in layout.chapters:
        notes, left = assemble_chapter(chapter, layout.vocabulary)
        drafts.append(notes)
        leftovers += [(chapter.title, fragment) for fragment in left]
    place_displaced(drafts, [chapter.title for chapter in layout.chapters])
    if not any(drafts):
        raise BadInput("this does not look like a China Analysis issue: it has no notes")
    context = UrlContext.from_texts(
        [note.text for notes in drafts for note in notes], layout.vocabulary.lower_words
    )
    issue = Issue(layout.title, layout.date, warnings=list(layout.warnings))
    chapters = zip(layout.chapters, drafts, strict=True)
    for chapter_layout, notes in progress(chapters, len(drafts)) if progress else chapters:
        chapter = Chapter(chapter_layout.title, chapter_layout.analysts)
        for draft in sorted(notes, key=lambda n: n.number):
            if any(f.number == draft.number for f in chapter.footnotes):
                issue.warnings.append(f"{chapter.title!r}: note {draft.number} printed twice")
                continue
            footnote = read_footnote(draft.number, draft.text, context)
            footnote.reconstruction = draft.remarks
            chapter.footnotes.append(footnote)
        issue.chapters.append(chapter)
    issue.warnings += [f"{title!r}: a fragment fits no note: {text!r}" for title, text in leftovers]
    resolve_references(issue)
    return issue
