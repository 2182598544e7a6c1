"""The records an ingest would create: one per new work, person and venue of the issue.

A person or venue cited twice in one issue is proposed once (same hanzi or same name;
same venue name); each proposal says where it is cited and carries what a publish step
needs to create the record, with references to existing records by slug and to other
proposals by key.
"""

from __future__ import annotations

from apps.ingest.records import Citation, Match, Proposal
from apps.ingest.similarity import name_key, venue_key, year_of
from apps.ingest.works import Work


def propose(works: list[Work]) -> list[Proposal]:
    people: dict[str, Proposal] = {}
    venues: dict[str, Proposal] = {}
    publications = []
    for work in works:
        for ref, citation in work.citations:
            for author, match in zip(citation.authors, citation.experts, strict=True):
                if match.slug is None:
                    keys = [k for k in (name_key(author.name_original), name_key(author.name)) if k]
                    proposal = next((people[k] for k in keys if k in people), None)
                    if proposal is None:
                        proposal = Proposal(f"expert:{keys[-1]}", "expert", _person(author))
                        for k in keys:
                            people[k] = proposal
                    proposal.fields["name_zh"] = proposal.fields["name_zh"] or author.name_original
                    _cite(proposal, ref, match)
            if citation.venue_match and citation.venue_match.slug is None:
                key = venue_key(citation.venue)
                proposal = venues.setdefault(
                    key,
                    Proposal(f"venue:{key}", "venue", {"name": citation.venue, "name_zh": None}),
                )
                proposal.fields["name_zh"] = proposal.fields["name_zh"] or citation.venue_original
                _cite(proposal, ref, citation.venue_match)
        lead = work.lead
        if lead.publication and lead.publication.slug:
            continue
        proposal = Proposal(f"publication:{work.key}", "publication", _publication(work))
        if lead.publication:  # near misses the reviewer may prefer
            proposal.notes += [
                f"possibly {c['slug']} ({c['reason']})" for c in lead.publication.candidates
            ]
        if lead.url_withheld:
            proposal.notes.append(f"no link stored: {lead.url_withheld}")
        for ref, citation in work.citations:
            citation.publication = citation.publication or Match(reason="new")
            _cite(proposal, ref, citation.publication)
        publications.append(proposal)
    unique_people = list({id(p): p for p in people.values()}.values())
    return publications + unique_people + list(venues.values())


def _cite(proposal: Proposal, ref, match: Match) -> None:
    match.proposal = proposal.key
    if ref not in proposal.cited_in:
        proposal.cited_in.append(ref)


def _person(author) -> dict:
    return {"name": author.name, "name_zh": author.name_original, "affiliation": author.affiliation}


def _publication(work: Work) -> dict:
    """The fields of a new ``sources.Publication``, as the fullest printing gives them."""
    lead: Citation = work.lead
    date = work.first("date")
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date or ""), "unknown")
    return {
        "kind": work.first("kind"),
        "title": work.first("title") or work.first("title_original"),
        "title_original": work.first("title_original"),
        "title_transliterated": work.first("title_transliterated"),
        "language": lead.language,
        "venue": _ref(lead.venue_match),
        "issuer": _ref(lead.issuer_match) or lead.issuer,
        "publisher": work.first("publisher"),
        "volume": work.first("volume"),
        "issue": work.first("issue"),
        "pages": work.first("pages"),
        "date": date,
        "date_precision": precision,
        "year": year_of(date),
        "url": lead.url,
        "printed_links": sorted({c.url_printed for _, c in work.citations if c.url_printed}),
        "authors": [_ref(m) or a.name for a, m in zip(lead.authors, lead.experts, strict=True)],
        "on_file": lead.on_file,
    }


def _ref(match: Match | None) -> str | None:
    """An existing record's slug, or the key of the proposal that would create it."""
    if match is None:
        return None
    return match.slug or match.proposal
