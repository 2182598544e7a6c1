"""What ``ingest_analysis --dry-run`` prints: the parse and the matches, as JSON or as a
summary to read in a terminal."""

from __future__ import annotations

import json

from apps.ingest.records import Citation, IngestResult, Match


def as_json(result: IngestResult) -> dict:
    issue = result.issue
    return {
        "analysis": {"title": issue.title, "date": issue.date},
        "chapters": [
            {
                "title": chapter.title,
                "analysts": chapter.analysts,
                "footnotes": [
                    {
                        "number": footnote.number,
                        "text": footnote.text,
                        "comment": footnote.comment,
                        "reconstruction": footnote.reconstruction,
                        "citations": [_citation(c) for c in footnote.citations],
                    }
                    for footnote in chapter.footnotes
                ],
            }
            for chapter in issue.chapters
        ],
        "new": {
            kind + "s": len(result.proposals_of(kind))
            for kind in ("publication", "expert", "venue")
        },
        "proposals": [proposal.to_dict() for proposal in result.proposals],
        "warnings": issue.warnings,
        "seconds": round(result.seconds, 3),
    }


def _citation(c: Citation) -> dict:
    return {
        "authors": c.author_names,
        "authors_original": [a.name_original for a in c.authors],
        "title": c.title,
        "title_original": c.title_original,
        "title_transliterated": c.title_transliterated,
        "venue": c.venue,
        "venue_original": c.venue_original,
        "issuer": c.issuer,
        "publisher": c.publisher,
        "volume": c.volume,
        "issue": c.issue,
        "pages": c.pages,
        "date": c.date,
        "url": c.url,
        "url_printed": c.url_printed,
        "url_repairs": c.url_repairs,
        "url_withheld": c.url_withheld,
        "ibid": c.ibid,
        "short_form": c.short_form,
        "refers_to": c.refers_to.label() if c.refers_to else None,
        "kind": c.kind,
        "publication": c.publication.slug if c.publication else None,
        "experts": [m.slug for m in c.experts if m.slug],
        "match": {
            "publication": _match(c.publication),
            "authors": [_match(m) for m in c.experts],
            "venue": _match(c.venue_match),
            "issuer": _match(c.issuer_match),
        },
    }


def _match(match: Match | None) -> dict | None:
    return match.to_dict() if match else None


def render_json(result: IngestResult) -> str:
    return json.dumps(as_json(result), ensure_ascii=False, indent=2)


def render_summary(result: IngestResult) -> str:
    """A page to read: each note, and for each work "known: <slug> (reason)" or "new"."""
    issue = result.issue
    lines = [f"{issue.title} ({issue.date or 'undated'})"]
    for chapter in issue.chapters:
        lines.append(f"\n{chapter.title} — {', '.join(chapter.analysts)}")
        for footnote in chapter.footnotes:
            if not footnote.citations:
                lines.append(f"  {footnote.number:>3}  comment only")
            for c in footnote.citations:
                decision = c.publication
                said = (
                    f"known: {decision.slug} ({decision.reason})"
                    if decision and decision.slug
                    else "new"
                )
                title = c.title or c.title_original or "(no title)"
                lines.append(f"  {footnote.number:>3}  {title[:70]}  -> {said}")
    counts = as_json(result)["new"]
    lines.append(
        f"\nnew: {counts['publications']} publications, {counts['experts']} experts, "
        f"{counts['venues']} venues; {len(issue.warnings)} warnings; {result.seconds:.2f} s"
    )
    lines += [f"warning: {w}" for w in issue.warnings]
    return "\n".join(lines)
