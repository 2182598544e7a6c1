"""A trigram index on ``Publication.search_text``, PostgreSQL only.

The search page (apps/portal/search.py) looks for each word with ``search_text LIKE '%word%'``;
without an index that reads all 50k publications of the benchmark on every search (~100 ms).
A pg_trgm GIN index serves the same LIKE, unchanged, for words of three or more characters
(hanzi included), so what is found stays what SQLite finds. SQLite gets nothing.
"""

from django.db import migrations


def add_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS publication_search_trgm"
        " ON sources_publication USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    # The extension stays: other indexes may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS publication_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
