"""Staging: an issue read, matched and stored as a draft for review, writing nothing public.

The command (``ingest_analysis FILE``) and the admin's upload form stage the same way. A
text is staged once: staging it again (by the SHA-256 of its text) returns the draft it
made, whatever became of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from apps.ingest.models import (
    Decision,
    DraftAnalysis,
    DraftChapter,
    DraftCitation,
    DraftFootnote,
    DraftProposal,
)
from apps.ingest.pipeline import ingest_text, read_file
from apps.ingest.reading import issue_text
from apps.ingest.records import Citation, IngestResult
from apps.sources.models import Publication

# An issue's PDF is a few MB; its extracted text a few hundred KB.
MAX_FILE_BYTES = 20 * 1024 * 1024  # deploy/nginx lets 21 MB through


@dataclass
class Staged:
    draft: DraftAnalysis
    created: bool

    def __str__(self) -> str:
        draft = self.draft
        if not self.created:
            return (
                f"{draft.source_name}: this text was staged already on "
                f"{draft.created_at:%Y-%m-%d %H:%M} as draft #{draft.pk} "
                f"(“{draft.title}”, {draft.get_status_display()}): nothing staged."
            )
        citations = draft.citations.all()
        matched = sum(1 for c in citations if c.decision == Decision.ACCEPT)
        return (
            f"Staged “{draft.title}” from {draft.source_name} as draft #{draft.pk}: "
            f"{draft.chapters.count()} chapters, {draft.footnotes.count()} notes, "
            f"{len(citations)} citations ({matched} matched, {len(citations) - matched} new); "
            f"nothing is published until it is reviewed."
        )


def stage_file(path: Path, user=None, progress: bool = False) -> Staged:
    return stage_text(read_file(path, progress), path.name, user, progress)


def stage_upload(data: bytes, name: str, user=None) -> Staged:
    """An uploaded file's bytes, staged as the command stages a file (BadInput if not)."""
    return stage_text(issue_text(data, name), name, user)


def stage_text(text: str, name: str, user=None, progress: bool = False) -> Staged:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if existing := DraftAnalysis.objects.filter(sha256=digest).first():
        return Staged(existing, created=False)
    result = ingest_text(text, progress=progress)
    try:
        with transaction.atomic():
            draft = _store(result, name, digest, user)
    except IntegrityError:  # the same text staged meanwhile by someone else?
        if existing := DraftAnalysis.objects.filter(sha256=digest).first():
            return Staged(existing, created=False)
        raise
    return Staged(draft, created=True)


def _store(result: IngestResult, name: str, digest: str, user) -> DraftAnalysis:
    issue = result.issue
    draft = DraftAnalysis.objects.create(
        title=_cut(issue.title, 300) or name,
        date=issue.date or "",
        source_name=_cut(name, 255),
        sha256=digest,
        warnings=issue.warnings,
        created_by=user,
    )
    slugs = {c.publication.slug for _, c in issue.citations() if c.publication}
    known = dict(Publication.objects.filter(slug__in=slugs - {None}).values_list("slug", "pk"))
    citations = []
    for order, chapter in enumerate(issue.chapters, start=1):
        staged = DraftChapter.objects.create(
            draft=draft, order=order, title=_cut(chapter.title, 300), analysts=chapter.analysts
        )
        for footnote in chapter.footnotes:
            note = DraftFootnote.objects.create(
                draft=draft,
                chapter=staged,
                number=footnote.number,
                text=footnote.text,
                comment=footnote.comment or "",
                reconstruction="\n".join(footnote.reconstruction),
            )
            citations += [
                _citation(draft, note, index, citation, known)
                for index, citation in enumerate(footnote.citations, start=1)
            ]
    bulk_create_with_history(citations, DraftCitation, default_user=user)
    DraftProposal.objects.bulk_create(
        DraftProposal(draft=draft, key=p.key, kind=p.kind, fields=p.fields, notes=p.notes)
        for p in result.proposals
    )
    return draft


def _citation(
    draft: DraftAnalysis, note: DraftFootnote, order: int, c: Citation, known: dict[str, int]
) -> DraftCitation:
    match = c.publication
    publication_id = known.get(match.slug) if match and match.slug else None
    return DraftCitation(
        draft=draft,
        footnote=note,
        order=order,
        authors=c.author_names,
        title=_cut(c.title, 500),
        title_original=_cut(c.title_original, 500),
        venue=_cut(c.venue, 300),
        date=_cut(c.date, 10),
        url=_cut(c.url, 1000),
        pages=_cut(c.pages, 40),
        pinpoint=_cut(c.pinpoint, 100),
        ibid=c.ibid,
        publication_id=publication_id,
        reason=_cut(match.reason if match else "", 200),
        proposal=_cut(match.proposal if match else "", 120),
        decision=Decision.ACCEPT if publication_id else Decision.NEW,
        parsed=c.to_dict(),
    )


def _cut(value: str | None, length: int) -> str:
    return (value or "")[:length]
