"""Bibliographic metadata of a publication for people and for reference managers.

- ``csl_json``: one CSL-JSON item (schema: citationstyles.org csl-data.json). The item is
  the work as published, so ``title`` is the title in its original language and the English
  title we record goes in ``translated-title`` (a CSL-JSON variable since 1.0.2). CSL has no
  variable for a transliteration or a container's original-language name: those go in
  ``custom``, which the schema designates for such extra key-value pairs.
- ``citation_meta``: Highwire-style ``citation_*`` meta tags, which Zotero's connector and
  Google Scholar read. ``citation_title`` is the original title, like CSL's ``title``.
- ``format_citation``: a Chicago-like note citation, as the analysis prints its footnotes:
  English title first, the original in brackets after it, Chinese names surname first.

Derived from fields alone (authorships, venue, issuing institution and tags are read through
their relations: prefetch them when formatting many publications).
"""

from __future__ import annotations

import json

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from apps.core.chinese import HANZI_RUN
from apps.core.inert import is_web_url
from apps.core.models import DatePrecision

from .models import Publication, PublicationKind, VenueKind

CSL_TYPES = {
    PublicationKind.JOURNAL_ARTICLE: "article-journal",
    PublicationKind.REPORT: "report",
    PublicationKind.BOOK: "book",
    PublicationKind.BOOK_CHAPTER: "chapter",
    PublicationKind.INTERVIEW: "interview",
    PublicationKind.SPEECH: "speech",
    PublicationKind.PRESS_CONFERENCE: "speech",
    PublicationKind.NEWS_ARTICLE: "article-newspaper",
    PublicationKind.COMMENTARY: "article",
    PublicationKind.POLICY_DOCUMENT: "document",
    PublicationKind.LAW: "legislation",
    PublicationKind.WHITE_PAPER: "report",
    PublicationKind.CONFERENCE_PAPER: "paper-conference",
    PublicationKind.WEB_PAGE: "webpage",
    PublicationKind.OTHER: "document",
}

FOREIGN = "foreign"


def _language_tag(publication: Publication) -> str:
    """BCP 47 tag for HTML ``lang``: Chinese titles in this dataset are simplified."""
    return "zh-Hans" if publication.language == "zh" else publication.language


def _name_parts(expert) -> tuple[str, str]:
    """(family, given): Chinese names are printed surname first, others surname last."""
    words = expert.name.split()
    if len(words) < 2:
        return expert.name, ""
    if expert.origin == FOREIGN:
        return words[-1], " ".join(words[:-1])
    return words[0], " ".join(words[1:])


def _authors(publication: Publication) -> list:
    return [a.expert for a in publication.authorships.all()]


def _date_parts(publication: Publication) -> list[int]:
    date, precision = publication.date, publication.date_precision
    if date is None or precision == DatePrecision.UNKNOWN:
        return []
    if precision == DatePrecision.YEAR:
        return [date.year]
    if precision == DatePrecision.MONTH:
        return [date.year, date.month]
    return [date.year, date.month, date.day]


def _page_range(pages: str) -> tuple[str, str]:
    for dash in ("–", "—", "-"):
        if dash in pages:
            first, _, last = pages.partition(dash)
            return first.strip().removeprefix("pp.").removeprefix("p.").strip(), last.strip()
    return pages.removeprefix("pp.").removeprefix("p.").strip(), ""


def csl_json(publication: Publication) -> dict:
    """One CSL-JSON item: original title as ``title``, English as ``translated-title``."""
    item: dict = {
        "id": publication.slug,
        "type": CSL_TYPES.get(publication.kind, "document"),
        "title": publication.title_original or publication.title,
        "language": publication.language,
    }
    custom: dict = {}
    if publication.title_original and publication.title_original != publication.title:
        item["translated-title"] = publication.title
    if publication.title_transliterated:
        custom["transliterated-title"] = publication.title_transliterated
    authors = _authors(publication)
    if authors:
        item["author"] = []
        for expert in authors:
            family, given = _name_parts(expert)
            name: dict = {"family": family}
            if given:
                name["given"] = given
            if expert.origin != FOREIGN:
                name["static-ordering"] = True
            item["author"].append(name)
    elif publication.issuing_institution_id:
        item["author"] = [{"literal": publication.issuing_institution.name}]
    if publication.venue_id:
        item["container-title"] = publication.venue.name
        if publication.venue.name_zh:
            custom["original-container-title"] = publication.venue.name_zh
    publisher = publication.publisher or (
        publication.venue.name
        if publication.venue_id and publication.venue.kind == VenueKind.PUBLISHER
        else ""
    )
    if publisher:
        item["publisher"] = publisher
    for field, variable in (("volume", "volume"), ("issue", "issue"), ("pages", "page")):
        if value := getattr(publication, field):
            item[variable] = value
    if parts := _date_parts(publication):
        item["issued"] = {"date-parts": [parts]}
    if publication.url:
        item["URL"] = publication.url
    if publication.archive_url:
        custom["archived-url"] = publication.archive_url
    if publication.note:
        item["note"] = publication.note
    tags = [tag.name for tag in publication.tags.all()]
    if tags:
        item["keyword"] = ", ".join(tags)
    if custom:
        item["custom"] = custom
    return item


# json.dumps is not safe inside <script>: escape what could close or confuse the element.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def csl_json_script(publication: Publication) -> SafeString:
    """The CSL-JSON array for embedding in ``<script type="application/vnd.citationstyles.csl+json">``."""
    text = json.dumps([csl_json(publication)], ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def citation_meta(publication: Publication) -> list[tuple[str, str]]:
    """Highwire ``citation_*`` meta tags, as (name, content) pairs in a stable order."""
    meta = [("citation_title", publication.title_original or publication.title)]
    authors = _authors(publication)
    for expert in authors:
        family, given = _name_parts(expert)
        meta.append(("citation_author", f"{family}, {given}" if given else family))
    if not authors and publication.issuing_institution_id:
        meta.append(("citation_author", publication.issuing_institution.name))
    if parts := _date_parts(publication):
        meta.append(("citation_publication_date", "/".join(f"{p:02d}" for p in parts)))
    venue_tag = {
        PublicationKind.JOURNAL_ARTICLE: "citation_journal_title",
        PublicationKind.CONFERENCE_PAPER: "citation_conference_title",
        PublicationKind.BOOK_CHAPTER: "citation_inbook_title",
    }.get(publication.kind)
    if venue_tag and publication.venue_id:
        meta.append((venue_tag, publication.venue.name))
    if publication.kind in (PublicationKind.REPORT, PublicationKind.WHITE_PAPER):
        institution = (
            publication.issuing_institution.name
            if publication.issuing_institution_id
            else publication.venue.name
            if publication.venue_id
            else ""
        )
        if institution:
            meta.append(("citation_technical_report_institution", institution))
    if publication.publisher:
        meta.append(("citation_publisher", publication.publisher))
    if publication.volume:
        meta.append(("citation_volume", publication.volume))
    if publication.issue:
        meta.append(("citation_issue", publication.issue))
    if publication.pages:
        first, last = _page_range(publication.pages)
        if first:
            meta.append(("citation_firstpage", first))
        if last:
            meta.append(("citation_lastpage", last))
    meta.append(("citation_language", publication.language))
    if is_web_url(publication.url):
        meta.append(("citation_public_url", publication.url))
    for tag in publication.tags.all():
        meta.append(("citation_keywords", tag.name))
    return meta


def _mark_hanzi(text: str) -> SafeString:
    """Escape ``text`` with ``lang`` on each hanzi run: a title may be recorded in Chinese only."""
    parts, last = [], 0
    for match in HANZI_RUN.finditer(text):
        parts.append(format_html("{}", text[last : match.start()]))
        parts.append(format_html('<span lang="zh-Hans">{}</span>', match.group()))
        last = match.end()
    parts.append(format_html("{}", text[last:]))
    return mark_safe("".join(parts))


def _person(expert) -> SafeString:
    if expert.name_zh:
        return format_html('{} (<span lang="zh-Hans">{}</span>)', expert.name, expert.name_zh)
    return format_html("{}", expert.name)


def _join_names(names: list[SafeString]) -> SafeString:
    if len(names) <= 1:
        return names[0] if names else mark_safe("")
    return format_html(
        "{} and {}", format_html_join(", ", "{}", ((n,) for n in names[:-1])), names[-1]
    )


def format_citation(publication: Publication) -> SafeString:
    """A note-style citation in HTML, with ``lang`` on every Chinese part.

    Wang Yufeng (王砚峰), “China's digital economy …” (中国的数字经济…), *Macroeconomic
    Trend Monitor* (经济走势跟踪), vol. 68, September 2017, available at http://…
    """
    lang = _language_tag(publication)
    parts: list[SafeString] = []
    authors = _authors(publication)
    if authors:
        parts.append(_join_names([_person(e) for e in authors]))
    elif publication.issuing_institution_id:
        institution = publication.issuing_institution
        parts.append(
            format_html(
                '{} (<span lang="zh-Hans">{}</span>)', institution.name, institution.name_zh
            )
            if institution.name_zh
            else format_html("{}", institution.name)
        )
    title = format_html("“{}”", _mark_hanzi(publication.title))
    if publication.title_original and publication.title_original != publication.title:
        original = format_html('<span lang="{}">{}</span>', lang, publication.title_original)
        if publication.title_transliterated:
            original = format_html(
                '{}, <i lang="{}-Latn">{}</i>',
                original,
                publication.language,
                publication.title_transliterated,
            )
        title = format_html("{} ({})", title, original)
    parts.append(title)
    if publication.venue_id:
        venue = publication.venue
        parts.append(
            format_html(
                '<cite>{}</cite> (<span lang="zh-Hans">{}</span>)', venue.name, venue.name_zh
            )
            if venue.name_zh and venue.name_zh != venue.name
            else format_html("<cite>{}</cite>", _mark_hanzi(venue.name))
        )
    if publication.publisher:
        parts.append(_mark_hanzi(publication.publisher))
    if publication.volume:
        parts.append(format_html("vol. {}", publication.volume))
    if publication.issue:
        parts.append(format_html("no. {}", publication.issue))
    parts.append(format_html("{}", publication.display_date))
    if publication.pages:
        label = "pp." if any(d in publication.pages for d in "-–—") else "p."
        pages = publication.pages
        parts.append(format_html("{}", pages if pages.startswith("p") else f"{label} {pages}"))
    if is_web_url(publication.url):
        parts.append(format_html("available at {}", publication.url))
    return format_html("{}.", format_html_join(", ", "{}", ((p,) for p in parts)))
