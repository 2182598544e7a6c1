"""The works an issue cites: every citation of one work grouped, their printings reconciled.

An issue cites some works more than once (Ibid., a short form, or in full again in another
chapter). Each work is matched and, if new, proposed once. Where the printings of its link
disagree (note 4 ``.../120180612, 4362040 shtml``, note 8 ``.../t20180612 4362049.shtml``),
no link is certain, so none is stored and both printed forms are kept for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.ingest.records import Citation, CitationRef, Issue
from apps.ingest.similarity import (
    FUZZY_TITLE,
    link_key,
    original_key,
    title_key,
    title_score,
    years_agree,
)


@dataclass
class Work:
    key: str
    citations: list[tuple[CitationRef, Citation]] = field(default_factory=list)

    @property
    def full_citations(self) -> list[Citation]:
        """The citations printed in full (not Ibid. or a short form), first first."""
        full = [c for _, c in self.citations if not (c.ibid or c.short_form)]
        return full or [c for _, c in self.citations]

    @property
    def lead(self) -> Citation:
        return max(self.full_citations, key=_filled)

    def first(self, name: str):
        """The field as the fullest printing gives it, else as any other does."""
        for citation in [self.lead, *self.full_citations]:
            if value := getattr(citation, name):
                return value
        return None


def _filled(citation: Citation) -> int:
    names = ("title", "title_original", "venue", "date", "url_printed", "authors", "publisher")
    return sum(bool(getattr(citation, name)) for name in names)


def group_works(issue: Issue) -> list[Work]:
    works: list[Work] = []
    by_ref: dict[str, Work] = {}
    for ref, citation in issue.citations():
        work = by_ref.get(citation.refers_to.label()) if citation.refers_to else None
        work = work or next((w for w in works if _same_work(w.lead, citation)), None)
        if work is None:
            work = Work(f"w{len(works) + 1}")
            works.append(work)
        work.citations.append((ref, citation))
        citation.work = work.key
        by_ref[ref.label()] = work
    for work in works:
        _reconcile_links(work)
    return works


def _same_work(a: Citation, b: Citation) -> bool:
    if link_key(a.url) and link_key(a.url) == link_key(b.url):
        return True
    if not years_agree(a.date, b.date):
        return False
    if original_key(a.title_original) and original_key(a.title_original) == original_key(
        b.title_original
    ):
        return True
    a_title, b_title = title_key(a.title), title_key(b.title)
    return bool(a_title) and title_score(a_title, b_title)[0] >= FUZZY_TITLE


def _reconcile_links(work: Work) -> None:
    printed = [(ref, c) for ref, c in work.citations if c.url_printed]
    links = {c.url for _, c in printed}
    if len(printed) < 2 or (len(links) == 1 and None not in links):
        if printed and len(links) == 1:  # Ibid. and short forms share the one certain link
            for _, citation in work.citations:
                citation.url = citation.url or next(iter(links))
        return
    notes = ", ".join(f"note {ref.note} ({c.url_printed})" for ref, c in printed)
    for _, citation in work.citations:
        citation.url = None
        citation.url_withheld = f"the printings disagree: {notes}"
