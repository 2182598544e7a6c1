"""A /viewpoints/ selection as flat rows, for CSV and JSON downloads."""

from __future__ import annotations

import io
from collections.abc import Iterable

from defusedcsv import csv  # a cell read as a formula gets a leading ' (apps/core/inert.py)

from .models import Position

VIEWPOINT_COLUMNS = [
    "url",
    "summary",
    "themes",
    "question",
    "stance",
    "holders",
    "holders_zh",
    "institutions",
    "institution_kinds",
    "quote_zh",
    "quote_en",
    "is_analyst_reading",
    "reading_note",
    "source_title",
    "source_title_original",
    "source_date",
    "source_url",
    "source_page",
    "pinpoint",
    "footnote",
]


def viewpoint_rows(positions: Iterable[Position], site: str = "") -> list[dict]:
    """One flat record per position; ``positions`` should carry ``with_listing_relations``."""
    rows = []
    for position in positions:
        holders = list(position.holders.all())
        institutions = [h.institution for h in holders if h.institution_id]
        footnote = position.footnote
        rows.append(
            {
                "url": site + position.get_absolute_url(),
                "summary": position.summary,
                "themes": [t.name for t in position.themes.all()],
                "question": position.question.text if position.question_id else "",
                "stance": position.stance,
                "holders": [
                    h.expert.name if h.expert_id else (h.group_label or h.institution.name)
                    for h in holders
                ],
                "holders_zh": [
                    h.expert.name_zh for h in holders if h.expert_id and h.expert.name_zh
                ],
                "institutions": [i.name for i in institutions],
                "institution_kinds": list(
                    dict.fromkeys(i.get_kind_display() for i in institutions)
                ),
                "quote_zh": position.quote_zh,
                "quote_en": position.quote_en,
                "is_analyst_reading": position.is_analyst_reading,
                "reading_note": position.reading_note,
                "source_title": position.source.title,
                "source_title_original": position.source.title_original,
                "source_date": position.source.display_date,
                "source_url": position.source.url,
                "source_page": site + position.source.get_absolute_url(),
                "pinpoint": position.pinpoint,
                "footnote": f"{footnote.chapter.title}, note {footnote.number}" if footnote else "",
            }
        )
    return rows


def rows_to_csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return out.getvalue()
