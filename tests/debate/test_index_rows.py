"""A request's masks are rows of one facet index: when the index held changes in the middle
of a request (another process's file of the same version replacing this process's patched
copy), the page is drawn from masks made for the index it reads, never from another's rows."""

import pytest
from django.http import QueryDict

from apps.core.cache import data_version
from apps.debate import facetindex, filters
from apps.debate.filters import selection

pytestmark = pytest.mark.django_db


def test_a_page_survives_its_index_being_replaced_by_one_numbered_otherwise(
    debate_with_positions, monkeypatch
):
    facetindex.current(data_version())
    first = debate_with_positions.positions[0]
    first.summary = "Changed, so the patched copy gives it a new row"
    first.save()
    version = data_version()
    patched = facetindex.current(version)
    whole = facetindex.build()
    assert patched.patched_from is not None
    assert len(patched.pks) != len(whole.pks)  # the same positions, numbered otherwise

    theme = first.question.theme.slug
    expected = list(
        filters.filter_positions(
            filters.parse_viewpoint_params(QueryDict(f"theme={theme}"))
        ).values_list("pk", flat=True)[: filters.DEFAULT_PAGE_SIZE]
    )
    held = iter([patched])  # the first call gets the copy, every later one the file's index
    monkeypatch.setattr(selection.facetindex, "current", lambda v: next(held, whole))

    query = filters.parse_viewpoint_params(QueryDict(f"theme={theme}"))
    page, _ = filters.paginate(query)
    assert list(page.object_list) == expected
    assert page.paginator.count == len(
        filters.filter_positions(filters.parse_viewpoint_params(QueryDict(f"theme={theme}")))
    )
