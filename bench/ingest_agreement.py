"""How well ``ingest_analysis`` reads an issue that the shipped dataset already curates.

Run by hand, with the text of the issue the fixtures describe (it is not in the repository)::

    .venv/bin/python bench/ingest_agreement.py PATH_TO_TEXT [--time OTHER_ISSUE ...]

It prints two figures and every miss behind them:

1. **links**: the text ingested as a dry run onto the shipped dataset (loaded into a
   temporary SQLite database): of the footnote -> publication links the fixtures ship, how
   many the ingest reproduces as matches, and which records it would propose as new (any
   proposal is a duplicate of a shipped record, since the dataset curates this issue whole);
2. **fields**: the text ingested onto an empty database (nothing to match): for each shipped
   link, whether the citation read at that place agrees with the curated record, field by
   field (authors, title, original title, venue, date, URL), strictly (same text) and folded
   (case, punctuation and spacing ignored).

Then the time of each ingest (the issue and any ``--time`` file), parse to proposals.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("authors", "title", "title_original", "venue", "date", "url")
PRECISION = {"year": 4, "month": 7, "day": 10}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", type=Path, help="the issue's text, as the extractor gives it")
    parser.add_argument("--time", type=Path, nargs="*", default=[], help="more issues to time")
    args = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "ingest-agreement.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chinadebate.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from apps.ingest.matching import Candidates
    from apps.ingest.pipeline import ingest_text

    truth = Truth.read(ROOT / "fixtures")
    text = args.text.read_text(encoding="utf-8")

    empty = ingest_text(text, Candidates())
    field_report(empty, truth)

    call_command("migrate", verbosity=0)
    call_command("load_dataset", verbosity=0)
    started = time.perf_counter()
    known = Candidates.load()
    loaded = time.perf_counter() - started
    shipped = ingest_text(text, known)
    link_report(shipped, truth)

    print("\n== time (parse, group, match, propose; candidates read once)")
    print(f"reading the candidates from the database: {loaded:.3f} s")
    for path in [args.text, *args.time]:
        issue_text = path.read_text(encoding="utf-8")
        best = min(_timed(ingest_text, issue_text, known) for _ in range(3))
        result = ingest_text(issue_text, known)
        notes = sum(len(c.footnotes) for c in result.issue.chapters)
        print(f"{path.name}: {notes} notes, best of 3: {best:.3f} s")


def _timed(ingest, text, known) -> float:
    started = time.perf_counter()
    ingest(text, known)
    return time.perf_counter() - started


class Truth:
    """The shipped dataset's reading of the issue, straight from the fixture files."""

    def __init__(self, records: list[dict]):
        by_model: dict[str, list[dict]] = {}
        for record in records:
            by_model.setdefault(record["model"], []).append(record["fields"])
        self.publications = {p["slug"]: p for p in by_model["sources.publication"]}
        self.venues = {v["slug"]: v["name"] for v in by_model["sources.venue"]}
        experts = {e["slug"]: e for e in by_model["people.expert"]}
        aliases: dict[str, set[str]] = {}
        for alias in by_model["people.expertalias"]:
            aliases.setdefault(alias["expert"][0], set()).add(alias["name"])
        self.authors: dict[str, list[tuple[str, set[str]]]] = {}
        for authorship in sorted(by_model["sources.authorship"], key=lambda a: a["order"]):
            slug = authorship["expert"][0]
            names = {experts[slug]["name"], *aliases.get(slug, set())}
            self.authors.setdefault(authorship["publication"][0], []).append((slug, names))
        chapters = sorted(by_model["analysis.chapter"], key=lambda c: c["order"])
        self.chapter_order = {c["slug"]: c["order"] - 1 for c in chapters}
        self.chapter_titles = [c["title"] for c in chapters]
        self.links = sorted(
            (
                self.chapter_order[c["footnote"][1]],
                c["footnote"][2],
                c["order"],
                c["publication"][0],
            )
            for c in by_model["analysis.citation"]
        )

    @classmethod
    def read(cls, directory: Path) -> Truth:
        records = []
        for path in sorted(directory.glob("*.yaml")):
            records += yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return cls(records)

    def expected(self, slug: str) -> dict:
        publication = self.publications[slug]
        date = publication.get("date")
        precision = PRECISION.get(publication.get("date_precision"), 0)
        return {
            "authors": self.authors.get(slug, []),
            "title": publication.get("title"),
            "title_original": publication.get("title_original") or None,
            "venue": self.venues.get((publication.get("venue") or [None])[0]),
            "date": str(date)[:precision] if date and precision else None,
            "url": publication.get("url") or None,
        }


def _citation_at(result, chapter: int, note: int, order: int):
    if chapter >= len(result.issue.chapters):
        return None
    for footnote in result.issue.chapters[chapter].footnotes:
        if footnote.number == note and order <= len(footnote.citations):
            return footnote.citations[order - 1]
    return None


def link_report(result, truth: Truth) -> None:
    print("\n== 1. links: the issue ingested as a dry run onto the shipped dataset")
    misses = []
    for chapter, note, order, slug in truth.links:
        citation = _citation_at(result, chapter, note, order)
        found = citation.publication.slug if citation and citation.publication else None
        if found != slug:
            misses.append(f"  chapter {chapter} note {note}.{order}: expected {slug}, got {found}")
    matched = len(truth.links) - len(misses)
    print(
        f"links reproduced: {matched}/{len(truth.links)} = {100 * matched / len(truth.links):.1f}%"
    )
    print("\n".join(misses) or "  no miss")
    print(f"proposed as new (each would duplicate a shipped record): {len(result.proposals)}")
    for proposal in result.proposals:
        print(f"  {proposal.key}: {proposal.fields.get('title') or proposal.fields.get('name')}")
    extra = (
        sum(
            1
            for _, citation in result.issue.citations()
            if citation.publication and citation.publication.slug
        )
        - matched
    )
    print(f"matches at places the fixtures link nothing: {max(extra, 0)}")


def field_report(result, truth: Truth) -> None:
    from apps.core.chinese import compact, normalise

    print("== 2. fields: the issue ingested onto an empty database")
    strict, folded, total = Counter(), Counter(), Counter()
    misses = []
    for chapter, note, order, slug in truth.links:
        citation = _citation_at(result, chapter, note, order)
        expected = truth.expected(slug)
        for name in FIELDS:
            total[name] += 1
            if citation is None:
                misses.append(f"  {chapter}.{note}.{order} {name}: no citation read here")
                continue
            if name == "authors":
                printed = citation.author_names
                wanted = expected["authors"]
                same = len(printed) == len(wanted) and all(
                    compact(p) in {compact(n) for n in names}
                    for p, (_, names) in zip(printed, wanted, strict=True)
                )
                strict[name] += same
                folded[name] += same
                if not same:
                    names = [sorted(n)[0] for _, n in wanted]
                    misses.append(f"  {chapter}.{note}.{order} authors: {printed} for {names}")
                continue
            got, want = getattr(citation, name), expected[name]
            if " ".join((got or "").split()) == " ".join((want or "").split()):
                strict[name] += 1
                folded[name] += 1
                continue
            fold = compact if name in ("title_original", "url") else normalise
            if fold(got or "") == fold(want or ""):
                folded[name] += 1
            misses.append(f"  {chapter}.{note}.{order} {name}: read {got!r}, curated {want!r}")
    for label, counts in (("strict", strict), ("folded", folded)):
        overall = sum(counts.values()) / sum(total.values())
        detail = ", ".join(f"{n} {100 * counts[n] / total[n]:.0f}%" for n in FIELDS)
        print(
            f"agreement ({label}): {100 * overall:.1f}% of {sum(total.values())} fields ({detail})"
        )
    measured = [f for f in FIELDS if f != "title_original"]
    core = sum(strict[f] for f in measured) / sum(total[f] for f in measured)
    print(f"agreement (strict) on authors, title, venue, date, URL: {100 * core:.1f}%")
    print("misses (strict):")
    print("\n".join(misses) or "  none")
    print(f"analysis: {result.issue.title!r}, {result.issue.date}")
    for read, curated in zip(result.issue.chapters, truth.chapter_titles, strict=False):
        mark = "" if read.title == curated else f"   (curated: {curated!r})"
        print(f"  chapter {read.title!r} by {', '.join(read.analysts)}{mark}")


if __name__ == "__main__":
    main()
