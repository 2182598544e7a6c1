"""axe-core finds no serious or critical WCAG 2.2 AA violation on the reader's pages."""

import pytest

from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    return build_world(scale=2)


def summary(violations) -> list[str]:
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in violations]


@pytest.mark.parametrize(
    "path",
    [
        lambda w: "/",
        lambda w: "/experts/",
        lambda w: w.expert.get_absolute_url(),
        lambda w: "/institutions/",
        lambda w: w.institution.get_absolute_url(),
        lambda w: w.publication.get_absolute_url(),
        lambda w: w.analysis.get_absolute_url(),
        lambda w: w.chapter.get_absolute_url(),
        lambda w: "/search/?q=wang",
        lambda w: "/search/?q=digital&type=publications",
    ],
    ids=[
        "home",
        "experts",
        "expert",
        "institutions",
        "institution",
        "publication",
        "analysis",
        "chapter",
        "search",
        "search-one-type",
    ],
)
def test_page_has_no_serious_accessibility_violations(live_server, page, axe, world, path):
    page.goto(live_server.url + path(world))
    assert summary(axe(page)) == []


def test_chapter_with_a_preview_open_has_no_serious_violations(live_server, page, axe, world):
    page.goto(live_server.url + world.chapter.get_absolute_url())
    page.locator("#fnref-1 a").focus()
    assert summary(axe(page)) == []
