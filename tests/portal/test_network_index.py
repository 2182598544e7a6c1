"""The network counted from the facet index (apps/portal/network_index.py) equals counts in
SQL and by hand on generated data, and still does once the index is patched after writes."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from apps.core.cache import data_version
from apps.debate import facetindex
from apps.debate.models import Position, PositionHolder, Question, Stance
from apps.people.models import Expert
from tests.factories import PositionFactory, PositionHolderFactory
from tests.portal import network_by_hand as by_hand

pytestmark = pytest.mark.django_db

SIZE = 120


@pytest.fixture
def synthetic(db):
    call_command(
        "generate_synthetic", positions=300, experts=30, publications=90, seed=11, verbosity=0
    )


def sql_weights(theme: str | None) -> Counter:
    """Each node's weight as one GROUP BY per kind counts it."""
    positions = Position.objects.filter(themes__slug=theme) if theme else Position.objects.all()
    selected = positions.values("pk")
    holders = PositionHolder.objects.filter(position__in=selected).order_by()
    weights: Counter = Counter()
    for kind in ("expert", "institution"):
        rows = holders.filter(**{f"{kind}__isnull": False}).values(f"{kind}__slug")
        for r in rows.annotate(n=Count("position", distinct=True)):
            weights[f"{kind}:{r[f'{kind}__slug']}"] = r["n"]
    on_themes = Position.themes.through.objects.filter(position__in=selected).order_by()
    for r in on_themes.values("theme__slug").annotate(n=Count("position", distinct=True)):
        weights[f"theme:{r['theme__slug']}"] = r["n"]
    return weights


def assert_counted_as_in_sql(client, theme: str | None = None) -> None:
    query = f"?size={SIZE}" + (f"&theme={theme}" if theme else "")
    network = by_hand.read_page(client.get(f"/network/{query}").content.decode())
    weights = sql_weights(theme)
    assert network.nodes
    assert {k: n["weight"] for k, n in network.nodes.items()} == {
        k: weights[k] for k in network.nodes
    }
    assert max((w for k, w in weights.items() if k not in network.nodes), default=0) <= min(
        n["weight"] for n in network.nodes.values()
    )
    expected = by_hand.ties(by_hand.selected(theme), set(network.nodes))
    for kind in ("theme", "affiliation", "coauthor", "agrees", "disputes"):
        mine = {t: w for t, w in expected.items() if t[2] == kind}
        shown = {t: w for t, w in network.ties.items() if t[2] == kind}
        if len(mine) <= SIZE:
            assert shown == mine, kind
        else:  # only the strongest of the kind are drawn
            assert len(shown) == SIZE and all(mine[t] == w for t, w in shown.items()), kind
            assert max(w for t, w in mine.items() if t not in shown) <= min(shown.values())


def assert_patched() -> None:
    """The index held was patched with the write, not read whole again."""
    assert facetindex.current(data_version()).patched_from is not None


def test_the_index_counts_equal_sql_after_writes(client, synthetic):
    theme = Position.objects.filter(themes__isnull=False).first().themes.first()
    assert_counted_as_in_sql(client)
    assert_counted_as_in_sql(client, theme.slug)
    strongest = Expert.objects.annotate(n=Count("position_holdings")).order_by("-n", "pk")
    top, second = strongest[0], strongest[1]
    question = Question.objects.filter(theme=theme).first() or Question.objects.first()

    # A position added, held by the two strongest experts, on the theme, with a stance.
    added = PositionFactory(question=question, stance=Stance.SUPPORTS, themes=[theme])
    PositionHolderFactory(position=added, expert=top, order=1)
    PositionHolderFactory(position=added, expert=second, order=2)
    assert_patched()
    assert_counted_as_in_sql(client)

    # One of the top expert's positions saved with another stance and onto the theme.
    changed = Position.objects.filter(holders__expert=top).exclude(pk=added.pk).first()
    changed.question, changed.stance = question, Stance.OPPOSES
    changed.save()
    changed.themes.add(theme)
    assert_patched()
    assert_counted_as_in_sql(client, theme.slug)

    # A holder taken off the new position.
    added.holders.filter(expert=second).delete()
    assert_patched()
    assert_counted_as_in_sql(client)
    assert_counted_as_in_sql(client, theme.slug)
