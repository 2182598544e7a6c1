"""Every run of hanzi a reader sees is marked lang="zh-Hans" (font choice, screen readers)."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    AuthorshipFactory,
    CitationFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    VenueFactory,
)
from tests.portal.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Text nodes with hanzi whose nearest lang attribute is not Chinese. Options of a <select>
# cannot hold markup, so a name and its hanzi share one option there.
UNMARKED_HANZI = """() => {
  const hanzi = /[\\u3400-\\u4dbf\\u4e00-\\u9fff]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!hanzi.test(node.textContent) || element.closest("script, style, option")) continue;
    const marked = element.closest("[lang]");
    if (!marked || !marked.getAttribute("lang").startsWith("zh")) {
      found.push(element.tagName + ": " + node.textContent.trim().slice(0, 50));
    }
  }
  return found;
}"""


@pytest.fixture
def world():
    world = build_world(scale=1)
    # A source recorded in Chinese only, as an import from a reference manager leaves it.
    title = "中国人工智能发展报告"
    venue = VenueFactory(name="世界社会主义研究", name_zh="世界社会主义研究")
    report = PublicationFactory(
        title=title, title_original=title, slug="ai-report", venue=venue, publisher="人民出版社"
    )
    AuthorshipFactory(publication=report, expert=world.expert, order=1)
    CitationFactory(footnote=world.chapter.footnotes.first(), publication=report, order=9)
    position = PositionFactory(source=report, themes=[world.theme])
    PositionHolderFactory(position=position, expert=world.expert, order=1)
    world.report, world.position = report, position
    return world


def test_no_hanzi_without_a_chinese_lang_on_the_readers_pages(live_server, page, world):
    urls = [
        "/",
        "/publications/",
        world.report.get_absolute_url(),
        world.publication.get_absolute_url(),
        world.expert.get_absolute_url(),
        world.institution.get_absolute_url(),
        world.chapter.get_absolute_url(),
        world.theme.get_absolute_url(),
        "/viewpoints/",
        world.position.get_absolute_url(),
        "/search/?q=社會信用",
        "/search/?q=中国人工智能",
        "/search/?q=人工智能&type=publications",
    ]
    unmarked = {}
    for url in urls:
        page.goto(live_server.url + url)
        if found := page.evaluate(UNMARKED_HANZI):
            unmarked[url] = found
    assert unmarked == {}


def test_a_selection_chip_with_a_hanzi_name_is_named_by_its_visible_text(
    live_server, page, axe, world
):
    page.goto(live_server.url + "/viewpoints/?theme=social-credit")
    chip = page.get_by_role("link", name=re.compile("^Remove Theme Social credit 社会信用"))
    expect(chip).to_be_visible()
    assert [v["id"] for v in axe(page)] == []
