import pytest
from django.http import QueryDict

from apps.people.listing import institution_groups
from apps.people.models import Expert, Institution
from apps.portal.expert_filters import expert_facets, filter_experts, parse_filters
from tests.factories import (
    AffiliationFactory,
    ExpertFactory,
    InstitutionFactory,
    PositionFactory,
    PositionHolderFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

THEMES = {"social-credit": "Social credit", "ai": "Artificial intelligence"}


def test_parse_filters_keeps_known_values_and_reports_the_rest():
    filters = parse_filters(
        QueryDict("kind=academy&kind=bogus&theme=ai&theme=nope&origin=foreign&x=1"), THEMES
    )
    assert filters.kind == ["academy"]
    assert filters.theme == ["ai"]
    assert filters.origin == ["foreign"]
    assert ("kind", "bogus") in filters.ignored and ("theme", "nope") in filters.ignored


@pytest.fixture
def people():
    academy = InstitutionFactory(kind="academy")
    university = InstitutionFactory(kind="university")
    theme = ThemeFactory(slug="social-credit")
    scholar = ExpertFactory(name="Scholar")
    AffiliationFactory(expert=scholar, institution=academy)
    professor = ExpertFactory(name="Professor")
    AffiliationFactory(expert=professor, institution=university)
    AffiliationFactory(expert=professor, institution=academy, role="adjunct")
    journalist = ExpertFactory(name="Journalist", origin="foreign")
    position = PositionFactory(themes=[theme])
    PositionHolderFactory(position=position, expert=scholar)
    PositionHolderFactory(position=position, expert=journalist)
    return scholar, professor, journalist


def names(queryset):
    return sorted(e.name for e in queryset)


def test_values_of_one_facet_are_ored_and_facets_are_anded(people):
    filters = parse_filters(QueryDict("kind=academy&kind=university"), THEMES)
    assert names(filter_experts(Expert.objects.all(), filters)) == ["Professor", "Scholar"]
    filters = parse_filters(QueryDict("kind=academy&theme=social-credit"), THEMES)
    assert names(filter_experts(Expert.objects.all(), filters)) == ["Scholar"]


def test_an_expert_with_two_matching_affiliations_is_listed_once(people):
    filters = parse_filters(QueryDict("kind=academy&kind=university"), THEMES)
    assert filter_experts(Expert.objects.all(), filters).count() == 2


def test_facet_counts_ignore_their_own_selection_but_apply_the_others(people):
    filters = parse_filters(QueryDict("kind=university&origin=mainland"), THEMES)
    facets = {
        f.key: {o.value: o.count for o in f.options}
        for f in expert_facets(Expert.objects.all(), filters, THEMES)
    }
    # kind is counted among mainland experts whatever kind is selected
    assert facets["kind"]["academy"] == 2 and facets["kind"]["university"] == 1
    # origin is counted among experts at a university
    assert facets["origin"]["mainland"] == 1 and facets["origin"]["foreign"] == 0
    # theme is counted among mainland experts at a university
    assert facets["theme"]["social-credit"] == 0


def test_facet_option_links_select_that_value_with_the_other_facets(people):
    filters = parse_filters(QueryDict("kind=university&origin=mainland"), THEMES)
    kind = next(f for f in expert_facets(Expert.objects.all(), filters, THEMES) if f.key == "kind")
    academy = next(o for o in kind.options if o.value == "academy")
    assert academy.query == "kind=academy&origin=mainland"


def test_institution_groups_nest_sub_units_under_their_parent_whatever_their_kind():
    cass = InstitutionFactory(name="CASS", kind="academy")
    institute = InstitutionFactory(name="Institute", kind="academy", parent=cass)
    press = InstitutionFactory(name="Press", kind="media", parent=institute)
    ministry = InstitutionFactory(name="Ministry", kind="state_body")
    groups = institution_groups(list(Institution.objects.all()))
    assert [g.kind for g in groups] == ["academy", "state_body"]
    [root] = groups[0].institutions
    [child] = root.subunits
    assert root == cass and child == institute and child.subunits == [press]
    assert groups[1].institutions == [ministry]
    # The count beside each kind is what its section lists, sub-units included.
    assert [g.listed for g in groups] == [3, 1]
