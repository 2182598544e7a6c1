"""PostgreSQL-only indexes that the /viewpoints/ sort, deep pages and facet counts rely on."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def position_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'debate_position'"
        )
        return dict(cursor.fetchall())


def test_newest_first_sort_has_its_index():
    assert "(source_date DESC NULLS LAST, id DESC)" in position_indexes()["position_newest"]


def test_oldest_first_sort_has_its_index():
    # ASC already puts NULLs last in PostgreSQL, so the stored definition omits it.
    assert "(source_date, id)" in position_indexes()["position_oldest"]


def test_scalar_facets_have_a_covering_index():
    definition = position_indexes()["position_facet_columns"]
    assert "(id) INCLUDE (stance, question_id, source_kind, source_year, chapter_id)" in definition
