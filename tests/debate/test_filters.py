"""apps.debate.filters as functions: validation, filtering, facet counts, paging."""

from collections import Counter

import pytest
from django.http import QueryDict

from apps.debate import comparison, filters, themes
from apps.debate.models import Position
from tests.factories import ChapterFactory, FootnoteFactory, PositionFactory

FACET_NAMES = [spec.name for spec in filters.FACETS]


def parse(query_string: str) -> filters.ViewpointQuery:
    return filters.parse_viewpoint_params(QueryDict(query_string))


def matches(record: dict, selection: dict[str, set[str]], *, skip: str = "") -> bool:
    """The reference rule: OR within a facet, AND across facets."""
    return all(record[name] & values for name, values in selection.items() if name != skip)


def expected_counts(records, selection, facet: str) -> dict[str, int]:
    counts: Counter = Counter()
    for record in records:
        if matches(record, selection, skip=facet):
            counts.update(record[facet])
    return dict(counts)


def as_query_string(selection: dict[str, set[str]]) -> str:
    return "&".join(f"{name}={value}" for name, values in selection.items() for value in values)


SELECTIONS = [
    {},
    {"theme": {"social-credit"}},
    {"theme": {"social-credit", "digital-economy"}},
    {"theme": {"social-credit"}, "kind": {"academy"}},
    {"expert": {"wang-yufeng", "sun-ping"}, "stance": {"supports", "opposes"}},
    {"year": {"2016", "2018"}, "pubkind": {"report"}, "tag": {"platforms", "big-data"}},
    {"question": {"social-credit.q1", "digital-economy.q2"}, "chapter": set()},
    {"institution": set(), "stance": {"qualified"}, "theme": {"artificial-intelligence"}},
    {"analysis": {"platform-state"}},
    {"analysis": {"dream"}, "stance": {"supports"}},
    {"analysis": {"dream", "platform-state"}, "theme": {"social-credit"}},
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_facet_counts_match_counts_computed_in_python(debate_with_positions, selection):
    data = debate_with_positions
    if "institution" in selection:
        selection["institution"] = {data.institutions[0].slug}
    if "chapter" in selection:
        selection["chapter"] = {data.chapters[1].slug}
    query = parse(as_query_string(selection))
    assert not query.messages
    facets = filters.facet_counts(query)
    for name in FACET_NAMES:
        got = {v.value: v.count for v in facets[name].values if v.count}
        assert got == expected_counts(data.records, selection, name), name


@pytest.mark.parametrize("selection", [*SELECTIONS[1:6], *SELECTIONS[8:]])
def test_filtered_positions_are_those_matching_every_facet(debate_with_positions, selection):
    data = debate_with_positions
    query = parse(as_query_string(selection))
    expected = {
        p.pk for p, r in zip(data.positions, data.records, strict=True) if matches(r, selection)
    }
    assert set(filters.filter_positions(query).values_list("pk", flat=True)) == expected
    assert filters.filter_positions(query).count() == len(expected)  # no duplicated rows


def test_facet_counts_ignore_own_selection(debate_with_positions):
    facets = filters.facet_counts(parse("theme=social-credit"))
    themes = {v.value: v for v in facets["theme"].values}
    # Choosing one theme leaves the other themes countable, so they can be added (OR).
    assert themes["digital-economy"].count > 0 and not themes["digital-economy"].selected
    assert themes["social-credit"].selected


def test_several_values_of_one_facet_are_ored(debate_with_positions):
    one = filters.filter_positions(parse("expert=wang-yufeng")).count()
    other = filters.filter_positions(parse("expert=sun-ping")).count()
    both = filters.filter_positions(parse("expert=wang-yufeng&expert=sun-ping")).count()
    assert max(one, other) < both <= one + other
    assert filters.filter_positions(parse("expert=wang-yufeng,sun-ping")).count() == both


def test_selected_value_with_no_positions_stays_listed_so_it_can_be_removed(debate_with_positions):
    query = parse("theme=social-credit&question=digital-economy.q1")
    questions = {v.value: v for v in filters.facet_counts(query)["question"].values}
    assert questions["digital-economy.q1"].selected
    assert questions["digital-economy.q1"].count == 0
    assert filters.filter_positions(query).count() == 0


def test_zero_count_values_are_left_out(debate_with_positions):
    facets = filters.facet_counts(parse("theme=social-credit"))
    assert all(v.count > 0 for v in facets["question"].values)
    # No position on social credit answers a digital-economy question.
    assert "Digital economy" not in {v.group for v in facets["question"].values}
    assert "Social credit" in {v.group for v in facets["question"].values}


def test_unknown_and_malformed_values_are_dropped_with_a_message(debate):
    query = parse("theme=nope&theme=social-credit&stance=maybe&year=20x&question=nodot&kind=x")
    assert [s.value for s in query.values("theme")] == ["social-credit"]
    assert not query.values("stance") and not query.values("year")
    assert len(query.messages) == 5
    assert any("nope" in m for m in query.messages)


def test_unknown_keys_are_ignored(debate):
    query = parse("utm_source=mail&fbclid=x&theme=social-credit")
    assert not query.messages
    assert query.params() == [("theme", "social-credit")]


def test_slugs_with_nul_bytes_or_odd_unicode_are_rejected_before_the_database(debate):
    query = parse("expert=wang%00yufeng&theme=%E2%80%AEsocial&tag=%F0%9F%98%80")
    assert not query.selected
    assert len(query.messages) == 3


def test_search_is_folded_like_the_search_column(debate_with_positions):
    # search_text is built with apps.core.chinese.normalise: case and tones fold away. It
    # holds a position's summary, question and theme names (themes are linked after the
    # factory saves the position, so save it again as the admin does).
    positions = debate_with_positions.positions
    for position in positions:
        position.save()

    def mentioning(*words):
        texts = [
            " ".join([p.summary, str(p.question or ""), *map(str, p.themes.all())]).lower()
            for p in positions
        ]
        return sum(all(word in text for word in words) for text in texts)

    credit = filters.filter_positions(parse("q=CRÉDIT")).count()
    assert 0 < credit == mentioning("credit") < len(positions)
    assert filters.filter_positions(parse("q=position+credit")).count() == credit
    both = filters.filter_positions(parse("q=credit+platforms")).count()
    assert 0 < both == mentioning("credit", "platforms") < credit


def test_long_search_is_cut_with_a_message():
    params = QueryDict(mutable=True)
    params["q"] = "x" * 10_000
    query = filters.parse_viewpoint_params(params)
    assert len(query.q) == filters.MAX_QUERY_CHARS
    assert query.messages


def test_page_and_size_are_validated():
    query = parse("page=abc&size=100000&sort=random")
    assert (query.page, query.size, query.sort) == (1, filters.DEFAULT_PAGE_SIZE, "newest")
    assert len(query.messages) == 3
    assert parse("page=0").page == 1


def test_page_past_the_end_shows_the_last_page_with_a_message(debate_with_positions):
    query = parse(f"size=10&page={10**9}")
    page, messages = filters.paginate(query)
    assert page.number == 3 and messages


def test_canonical_url_drops_defaults_and_keeps_facet_order(debate):
    query = parse("sort=newest&expert=wang-yufeng&q=&theme=social-credit&size=20")
    assert query.url() == "/viewpoints/?theme=social-credit&expert=wang-yufeng"
    assert query.url(page=2, without=("theme", "social-credit")) == (
        "/viewpoints/?expert=wang-yufeng&page=2"
    )


def test_chips_link_to_the_selection_without_them(debate):
    query = parse("q=credit&theme=social-credit&stance=supports")
    chips = {(label, s.value): url for label, s, url in query.chips()}
    assert chips[("Search", "credit")] == "/viewpoints/?theme=social-credit&stance=supports"
    assert chips[("Stance", "supports")] == "/viewpoints/?q=credit&theme=social-credit"


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("newest", lambda p: (-p.source.date.toordinal(), -p.pk)),
        ("oldest", lambda p: (p.source.date.toordinal(), p.pk)),
        ("expert", lambda p: (min(h.expert.name for h in p.holders.all()), -p.pk)),
    ],
)
def test_sorting(debate_with_positions, sort, key):
    expected = [p.pk for p in sorted(debate_with_positions.positions, key=key)]
    got = list(filters.filter_positions(parse(f"sort={sort}")).values_list("pk", flat=True))
    assert got == expected


@pytest.mark.parametrize("sort", list(filters.SORTS))
@pytest.mark.parametrize(
    "query_string",
    ["", "theme=social-credit", "q=credit", "q=credit&stance=supports,opposes", "kind=academy"],
)
def test_pages_from_the_facet_index_follow_the_sql_filter_and_sort(
    debate_with_positions, sort, query_string
):
    """Pages are sliced from the in-memory index; filter_positions (SQL) is the reference."""
    expected = list(
        filters.filter_positions(parse(f"{query_string}&sort={sort}")).values_list("pk", flat=True)
    )
    got, number = [], 1
    while True:
        query = parse(f"{query_string}&sort={sort}&size=10&page={number}")
        page, messages = filters.paginate(query)
        if messages:
            break
        assert page.paginator.count == len(expected)
        got += page.object_list
        if not page.has_next():
            break
        number += 1
    assert got == expected


def test_facet_counts_and_pages_see_a_write_at_once(debate_with_positions):
    query_string = "theme=social-credit&stance=supports"
    before = filters.facet_counts(parse(query_string))["expert"].values
    question = debate_with_positions.questions[0]
    position = PositionFactory(stance="supports", question=question)
    position.themes.add(debate_with_positions.themes[0])
    position.holders.create(expert=debate_with_positions.experts[0], order=1)
    query = parse(query_string)
    after = {v.value: v.count for v in filters.facet_counts(query)["expert"].values}
    slug = debate_with_positions.experts[0].slug
    assert after[slug] == 1 + {v.value: v.count for v in before}.get(slug, 0)
    page, _ = filters.paginate(parse(f"{query_string}&sort=oldest&size=100"))
    assert position.pk in page.object_list
    position.delete()
    page, _ = filters.paginate(parse(f"{query_string}&size=100"))
    assert position.pk not in page.object_list


def test_pager_shows_nearby_pages_with_gaps(debate_with_positions):
    query = parse("size=10&page=2")
    page, _ = filters.paginate(query)
    pager = filters.pager(query, page)
    assert [link.number for link in pager.links] == [1, 2, 3]
    assert pager.previous.endswith("size=10") and pager.next.endswith("size=10&page=3")


def test_theme_overview_puts_positions_in_stance_columns(debate_with_positions):
    data = debate_with_positions
    theme = data.themes[0]
    overview = themes.theme_overview(theme)
    assert [m.question.slug for m in overview.matrices] == ["q1", "q2"]
    for matrix in overview.matrices:
        value = filters.question_param(matrix.question)
        for cell in matrix.cells:
            expected = sum(
                r["question"] == {value} and r["stance"] == {cell.stance} for r in data.records
            )
            assert cell.count == expected
            assert len(cell.positions) == min(expected, themes.CELL_EXAMPLES)
            assert all(p.stance == cell.stance for p in cell.positions)
            assert cell.url == f"/viewpoints/?question={value}&stance={cell.stance}"
    assert overview.position_count == sum(theme.slug in r["theme"] for r in data.records)


def test_theme_overview_cells_show_the_latest_few_and_count_the_rest(debate):
    question = debate.questions[0]
    for _ in range(themes.CELL_EXAMPLES + 2):
        PositionFactory(question=question, stance="opposes", themes=[question.theme])
    overview = themes.theme_overview(question.theme)
    matrix = next(m for m in overview.matrices if m.question == question)
    cell = next(c for c in matrix.cells if c.stance == "opposes")
    assert cell.count == themes.CELL_EXAMPLES + 2 and cell.more == 2
    newest = Position.objects.filter(question=question).order_by("-pk")[: themes.CELL_EXAMPLES]
    assert [p.pk for p in cell.positions] == [p.pk for p in newest]


def test_compare_marks_agreement_and_difference(debate):
    question = debate.questions[0]
    first, second, third = debate.experts[:3]
    for expert, stance in [(first, "supports"), (second, "supports"), (third, "opposes")]:
        position = PositionFactory(question=question, stance=stance, themes=[question.theme])
        position.holders.create(expert=expert, order=1)
    (block,) = comparison.compare_experts([first, second])
    assert [row.verdict for row in block.rows] == ["agree"]
    (block,) = comparison.compare_experts([first, second, third])
    assert [row.verdict for row in block.rows] == ["differ"]
    (block,) = comparison.compare_experts([first, debate.experts[3]])
    assert block.rows[0].verdict == "single" and block.rows[0].silent == [1]


@pytest.mark.parametrize(
    ("query_string", "slugs", "problem"),
    [
        ("experts=wang-yufeng,liu-ruisheng", ["wang-yufeng", "liu-ruisheng"], False),
        (
            "experts=wang-yufeng&experts=liu-ruisheng&experts=",
            ["wang-yufeng", "liu-ruisheng"],
            False,
        ),
        ("experts=wang-yufeng", ["wang-yufeng"], False),  # the page asks for another
        ("experts=wang-yufeng,wang-yufeng", ["wang-yufeng"], False),
        ("experts=wang-yufeng,nobody", ["wang-yufeng"], True),
        ("experts=a,b,c,d", [], True),
        (
            "experts=wang-yufeng,liu-ruisheng,xiang-debao,sun-ping",
            ["wang-yufeng", "liu-ruisheng", "xiang-debao"],
            True,
        ),
    ],
)
def test_parse_compare_params(debate, query_string, slugs, problem):
    experts, messages = comparison.parse_compare_params(QueryDict(query_string))
    assert [e.slug for e in experts] == slugs
    assert bool(messages) is problem


def test_big_facets_list_the_most_frequent_values_and_the_selected_ones(debate, monkeypatch):
    monkeypatch.setattr(filters.counting, "TOP_VALUES", 2)
    experts = debate.experts[:4]
    for n, expert in enumerate(experts):
        for _ in range(n + 1):
            PositionFactory().holders.create(expert=expert, order=1)
    query = parse(f"expert={experts[0].slug}")
    shown = {v.value: v.count for v in filters.facet_counts(query)["expert"].values}
    # the two most frequent, and the selected one though it is the rarest
    assert shown == {experts[0].slug: 1, experts[2].slug: 3, experts[3].slug: 4}


def test_positions_keep_their_source_date_in_step_with_the_publication(debate):
    older, newer = PositionFactory(), PositionFactory()
    assert older.source_date == older.source.date
    older.source.date = newer.source.date.replace(year=newer.source.date.year + 1)
    older.source.save()
    older.refresh_from_db()
    assert older.source_date == older.source.date
    assert list(filters.sort_positions(Position.objects.all(), "newest"))[:2] == [older, newer]


def test_positions_keep_their_source_kind_year_and_chapter_in_step(debate):
    footnote = FootnoteFactory()
    position = PositionFactory(footnote=footnote)
    assert (position.source_kind, position.source_year, position.chapter_id) == (
        position.source.kind,
        position.source.date.year,
        footnote.chapter_id,
    )
    position.source.kind, position.source.date = "report", position.source.date.replace(year=2009)
    position.source.save()
    footnote.chapter = ChapterFactory(analysis=footnote.chapter.analysis)
    footnote.save()
    position.refresh_from_db()
    assert (position.source_kind, position.source_year, position.chapter_id) == (
        "report",
        2009,
        footnote.chapter_id,
    )
    assert list(filters.filter_positions(parse("pubkind=report&year=2009"))) == [position]
    chapter = parse(f"chapter={footnote.chapter.slug}")
    assert list(filters.filter_positions(chapter)) == [position]


def test_the_analysis_facet_counts_positions_by_their_footnotes_issue(debate_with_positions):
    data = debate_with_positions
    analyses = {v.value: v.count for v in filters.facet_counts(parse(""))["analysis"].values}
    in_issue = Counter(p.footnote.chapter.analysis.slug for p in data.positions if p.footnote)
    assert analyses == dict(in_issue) and set(analyses) == {"dream", "platform-state"}
    for slug, count in analyses.items():
        assert filters.filter_positions(parse(f"analysis={slug}")).count() == count
    both = filters.filter_positions(parse("analysis=dream&analysis=platform-state")).count()
    assert both == sum(analyses.values()) < len(data.positions)  # some cite no footnote


def test_a_chapter_slug_two_issues_share_is_written_with_its_issue(debate_with_positions):
    data = debate_with_positions
    first, _, later = data.chapters
    values = {v.value: v for v in filters.facet_counts(parse(""))["chapter"].values}
    assert f"dream.{first.slug}" in values and f"platform-state.{later.slug}" in values
    assert values[f"platform-state.{later.slug}"].group == later.analysis.title
    expected = {p.pk for p in data.positions if p.footnote and p.footnote.chapter == later}
    qualified = parse(f"chapter=platform-state.{later.slug}")
    assert set(filters.filter_positions(qualified).values_list("pk", flat=True)) == expected
    # The slug alone, as written before there were several issues: the first issue's chapter.
    bare = parse(f"chapter={first.slug}")
    assert [s.key for s in bare.values("chapter")] == [first.pk] and not bare.messages
    chosen = [v for v in filters.facet_counts(bare)["chapter"].values if v.selected]
    assert [v.value for v in chosen] == [f"dream.{first.slug}"]  # listed once


def test_unknown_analysis_is_dropped_with_a_message(debate_with_positions):
    query = parse("analysis=no-such-issue&analysis=dream")
    assert [s.value for s in query.values("analysis")] == ["dream"]
    assert query.messages == ["No analysis “no-such-issue”: ignored."]
