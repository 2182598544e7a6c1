"""Every reader's page of the shipped dataset answers, and its footnotes pair up."""

import re

import pytest

from apps.analysis.models import Analysis, Chapter
from apps.people.models import Expert, Institution
from apps.sources.models import Publication

pytestmark = pytest.mark.django_db

ANALYSIS = "china-dream-goes-digital"
CHAPTERS = [
    "introduction",
    "chinas-digital-revolution",
    "competitor-in-the-global-technological-race",
    "credit-the-god-of-chinas-big-data-era",
    "enthusiasm-and-challenges-in-chinas-embrace-of-ai",
]


def test_every_expert_institution_publication_and_chapter_page_answers(
    client, shipped_dataset_once
):
    urls = [
        "/",
        "/experts/",
        "/institutions/",
        "/publications/",
        "/analysis/",
        "/search/?q=xinyong",
    ]
    for model in (Expert, Institution, Publication, Analysis, Chapter):
        urls += [obj.get_absolute_url() for obj in model.objects.all()]
    failures = []
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.content.decode().count("<h1") != 1:
            failures.append((url, response.status_code))
    assert failures == []
    assert len(urls) > 100


def test_every_marker_has_its_note_every_note_its_marker_and_sources_link_back(
    client, shipped_dataset_once
):
    for slug in CHAPTERS:
        response = client.get(f"/analysis/{ANALYSIS}/{slug}/")
        assert response.status_code == 200, slug
        html = response.content.decode()
        marker_targets = set(re.findall(r'<sup class="fnref" id="[^"]+"><a href="#(fn-\d+)"', html))
        assert marker_targets == set(re.findall(r'<li id="(fn-\d+)"', html)), slug
        assert "fnref-missing" not in html, slug
        marker_ids = set(re.findall(r'<sup class="fnref" id="(fnref-[\d-]+)"', html))
        back_targets = set(re.findall(r'<a class="backref" href="#(fnref-[\d-]+)"', html))
        assert marker_ids == back_targets, slug

    cited = Publication.objects.filter(citations__isnull=False).distinct()
    assert cited.exists()
    for publication in cited:
        html = client.get(publication.get_absolute_url()).content.decode()
        for citation in publication.citations.select_related("footnote__chapter__analysis"):
            assert f'href="{citation.footnote.get_absolute_url()}"' in html


def test_search_finds_the_same_material_by_hanzi_and_pinyin_in_the_shipped_data(
    client, shipped_dataset_once
):
    for q in ["王砚峰", "wangyufeng", "Wang Yufeng"]:
        response = client.get("/search/", {"q": q})
        experts = next(g for g in response.context["groups"] if g.kind.key == "experts")
        assert "wang-yufeng" in [e.slug for e in experts.items], q
    for q in ["xinyong", "社會信用", "chéngxìn"]:
        response = client.get("/search/", {"q": q})
        assert sum(group.total for group in response.context["groups"]) > 0, q
