"""Full-text search of positions on PostgreSQL, and search columns with hanzi bigrams.

Every ``search_text`` is rebuilt: documents now carry hanzi bigrams (apps.core.chinese), and a
position's also its themes, question, source titles and glossary terms. The documents are
composed here as the models composed them at this migration, so that a later change to a
model cannot break it. Then, on PostgreSQL only, the generated column ``search_vector`` and its
GIN index, which apps/debate/search.py queries. The model does not declare the column (SQLite
has none); a later change to the type of ``search_text`` must drop and re-add it.
"""

import uuid
from collections import defaultdict

from django.db import migrations

from apps.core.chinese import search_document

BATCH = 2000


def _names(*people) -> list[str]:
    return [n for p in people if p for n in (p.name, p.name_zh)]


def publication_document(p) -> str:
    venue = p.venue
    return search_document(
        p.title,
        p.title_original,
        p.title_transliterated,
        venue.name if venue else "",
        venue.name_zh if venue else "",
        names=tuple(_names(*(a.expert for a in p.authorships.all()))),
    )


DOCUMENTS = [
    # model, select_related, prefetch_related, document
    (
        "people.Institution",
        [],
        [],
        lambda i: search_document(i.description, names=(i.name, i.name_zh, i.abbreviation)),
    ),
    (
        "people.Expert",
        [],
        ["aliases"],
        lambda e: search_document(
            e.description,
            names=(e.name, e.name_zh, e.pinyin, *(a.name for a in e.aliases.all())),
        ),
    ),
    ("sources.Publication", ["venue"], ["authorships__expert"], publication_document),
    (
        "debate.GlossaryTerm",
        [],
        [],
        lambda t: search_document(t.gloss, t.note, names=(t.hanzi, t.pinyin)),
    ),
]


def rebuild_search_texts(apps, schema_editor):
    """Batches in key order with their relations prefetched; only changed rows are written."""
    for label, joined, prefetched, document in DOCUMENTS:
        model = apps.get_model(label)
        rows = model.objects.select_related(*joined).prefetch_related(*prefetched).order_by("pk")
        last = 0
        while batch := list(rows.filter(pk__gt=last)[:BATCH]):
            last = batch[-1].pk
            texts = ((obj.pk, obj.search_text, document(obj)) for obj in batch)
            write_changes(schema_editor, model, texts)
    rebuild_position_search_texts(apps, schema_editor)


def rebuild_search_texts_and_renew_version(apps, schema_editor):
    rebuild_search_texts(apps, schema_editor)
    # Cached /viewpoints/ counts are keyed by the data version: search results changed.
    # (The data version lived in this app then; it has since moved to core, migration 0011.)
    versions = apps.get_model("debate", "DataVersion").objects
    if not versions.filter(pk=1).update(token=uuid.uuid4().hex):
        versions.create(pk=1, token=uuid.uuid4().hex)


def write_changes(schema_editor, model, texts) -> None:
    """Write the (pk, old, new) texts that changed. Not bulk_update: building its CASE
    expression took longer than the documents at 200k positions. PostgreSQL takes a batch in
    one statement; SQLite (small datasets) a statement per row."""
    changed = [(pk, new) for pk, old, new in texts if new != old]
    if not changed:
        return
    connection = schema_editor.connection
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            ids, news = zip(*changed, strict=True)
            cursor.execute(
                f"UPDATE {table} AS t SET search_text = v.text"
                " FROM unnest(%s::bigint[], %s::text[]) AS v(id, text) WHERE t.id = v.id",
                [list(ids), list(news)],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET search_text = %s WHERE id = %s",
                [(new, pk) for pk, new in changed],
            )


def rebuild_position_search_texts(apps, schema_editor):
    """Positions are many (200k in the benchmark): read as tuples, not model instances, with
    themes, questions, sources and terms looked up in memory, in the order the models give."""
    Position = apps.get_model("debate", "Position")
    Holder = apps.get_model("debate", "PositionHolder")
    Theme = apps.get_model("debate", "Theme")
    Term = apps.get_model("debate", "GlossaryTerm")
    questions = dict(apps.get_model("debate", "Question").objects.values_list("pk", "text"))
    sources = {
        pk: titles
        for pk, *titles in apps.get_model("sources", "Publication").objects.values_list(
            "pk", "title", "title_original", "title_transliterated"
        )
    }
    themes = {
        pk: (name, zh)
        for pk, name, zh in Theme.objects.order_by("order", "name").values_list(
            "pk", "name", "name_zh"
        )
    }
    terms = {
        pk: rest
        for pk, *rest in Term.objects.order_by("pinyin_plain").values_list(
            "pk", "hanzi", "pinyin", "gloss"
        )
    }
    theme_rank = {pk: rank for rank, pk in enumerate(themes)}
    term_rank = {pk: rank for rank, pk in enumerate(terms)}
    rows = Position.objects.order_by("pk").values_list(
        "pk", "summary", "quote_zh", "quote_en", "question_id", "source_id", "search_text"
    )
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH]):
        last = batch[-1][0]
        ids = [row[0] for row in batch]
        names, theme_ids, term_ids = defaultdict(list), defaultdict(list), defaultdict(list)
        for pk, *holder in (
            Holder.objects.filter(position_id__in=ids)
            .order_by("position_id", "order")
            .values_list(
                "position_id",
                "expert_id",
                "expert__name",
                "expert__name_zh",
                "institution__name",
                "institution__name_zh",
            )
        ):
            expert_id, *expert, name, zh = holder
            names[pk] += expert if expert_id else [name, zh]
        for pk, theme_id in Position.themes.through.objects.filter(position_id__in=ids).values_list(
            "position_id", "theme_id"
        ):
            theme_ids[pk].append(theme_id)
        for pk, term_id in Term.positions.through.objects.filter(position_id__in=ids).values_list(
            "position_id", "glossaryterm_id"
        ):
            term_ids[pk].append(term_id)
        texts = []
        for pk, summary, quote_zh, quote_en, question_id, source_id, before in batch:
            own_themes = [themes[t] for t in sorted(theme_ids[pk], key=theme_rank.get)]
            own_terms = [terms[t] for t in sorted(term_ids[pk], key=term_rank.get)]
            text = search_document(
                summary,
                quote_zh,
                quote_en,
                questions.get(question_id, ""),
                *sources[source_id],
                *(gloss for _, _, gloss in own_terms),
                names=(
                    *names[pk],
                    *(n for theme in own_themes for n in theme),
                    *(n for hanzi, pinyin, _ in own_terms for n in (hanzi, pinyin)),
                ),
            )
            texts.append((pk, before, text))
        write_changes(schema_editor, Position, texts)


def add_search_vector(apps, schema_editor):
    """PostgreSQL only: the words of search_text as a stored tsvector, kept by PostgreSQL
    itself, with a GIN index (apps/debate/search.py says why not an expression index).
    Stripped of word positions, which no search uses, it is a third smaller."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE debate_position ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, search_text))) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX position_search ON debate_position USING gin (search_vector)"
    )
    # The planner needs the words' frequencies to choose between the index and a scan.
    schema_editor.execute("ANALYZE debate_position")


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE debate_position DROP COLUMN search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("debate", "0005_position_copies_for_facets"),
        ("people", "0002_initial"),
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rebuild_search_texts_and_renew_version, migrations.RunPython.noop),
        migrations.RunPython(add_search_vector, drop_search_vector),
    ]
