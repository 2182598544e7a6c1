import csv
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import bibtexparser
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from apps.dataset.records import DATASET_MODELS
from apps.debate.models import Position, Theme
from apps.research.importers import DUPLICATE, assess, read_file
from apps.sources.models import Publication
from tests.factories import (
    AuthorshipFactory,
    ExpertFactory,
    InstitutionFactory,
    PositionFactory,
    PositionHolderFactory,
    PublicationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def article():
    publication = PublicationFactory(
        slug="liu-2019-cyberspace",
        title="Cyberspace governance in the new era",
        title_original="新时代网络空间治理",
        language="zh",
        volume="71",
        pages="12–18",
        url="https://example.cn/liu-2019",
    )
    AuthorshipFactory(
        publication=publication,
        expert=ExpertFactory(name="Liu Ruisheng", name_zh="刘瑞生"),
        order=1,
    )
    AuthorshipFactory(publication=publication, expert=ExpertFactory(name="Sun Ping"), order=2)
    publication.tags.set(["content filtering"])
    return publication


@pytest.mark.parametrize("fmt", ["bib", "ris", "json"])
def test_publication_citation_downloads_read_back_as_the_same_record(client, article, fmt):
    response = client.get(f"/publications/{article.slug}/cite.{fmt}")
    assert response.status_code == 200
    assert f'filename="liu-2019-cyberspace.{fmt}"' in response["Content-Disposition"]
    assert "charset=utf-8" in response["Content-Type"]
    _, [entry] = read_file(response.content, f"x.{fmt}")
    assert entry["title"] == "Cyberspace governance in the new era"
    assert entry["title_original"] == "新时代网络空间治理"
    assert (entry["date"], entry["date_precision"]) == ("2018-06-01", "month")
    assert entry["volume"] == "71"
    assert entry["url"] == "https://example.cn/liu-2019"
    assert entry["tags"] == ["content filtering"]
    assert [a.get("family") or a.get("literal") for a in entry["authors"]] == ["Liu", "Sun"]
    [assessment] = assess([entry])
    assert assessment.status == DUPLICATE  # re-importing our own export changes nothing


def test_bibtex_export_is_valid_bibtex(client, article):
    text = client.get(f"/publications/{article.slug}/cite.bib").content.decode()
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    [entry] = library.entries
    assert entry.entry_type == "article"
    assert entry["titleaddon"] == "Cyberspace governance in the new era"
    assert entry["author"] == "Liu, Ruisheng and Sun, Ping"
    assert entry["pages"] == "12--18"


def test_citation_of_an_unknown_publication_is_404(client):
    assert client.get("/publications/nope/cite.bib").status_code == 404


@pytest.fixture
def viewpoints():
    theme, other = ThemeFactory(slug="social-credit"), ThemeFactory(slug="ai")
    state = InstitutionFactory(kind="state_body", name="Cyberspace Administration")
    for n in range(3):
        position = PositionFactory(themes=[theme], summary=f"Credit view {n}.")
        PositionHolderFactory(
            position=position, expert=ExpertFactory(name_zh="王砚峰"), institution=state
        )
    PositionFactory(themes=[other], summary="An AI view.")


def test_viewpoint_csv_export_uses_the_page_filters(client, viewpoints):
    response = client.get(
        "/viewpoints/export.csv", {"theme": "social-credit", "kind": "state_body"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert {r["themes"] for r in rows} == {Theme.objects.get(slug="social-credit").name}
    assert rows[0]["institution_kinds"] == "state body"
    assert rows[0]["holders_zh"] == "王砚峰"
    assert rows[0]["url"].startswith("http://testserver/viewpoints/")


def test_viewpoint_json_export_reports_the_canonical_query_and_notices(client, viewpoints):
    response = client.get(
        "/viewpoints/export.json", {"theme": ["social-credit", "nope"], "zzz": "1"}
    )
    data = response.json()
    assert data["query"] == {"theme": ["social-credit"]}
    assert data["count"] == 3 == len(data["viewpoints"])
    assert any("nope" in notice for notice in data["notices"])
    assert data["dataset_version"] == settings.DATASET_VERSION


@pytest.mark.parametrize(
    "query",
    [
        "page=-1&size=abc",
        "theme=%00%ff",
        "year=99999999999",
        "sort=%3Cscript%3E",
        "q=" + "x" * 5000,
    ],
)
def test_odd_export_query_strings_never_fail(client, viewpoints, query):
    assert client.get(f"/viewpoints/export.csv?{query}").status_code == 200
    assert client.get(f"/viewpoints/export.json?{query}").status_code == 200


def test_viewpoint_export_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    def count_queries(n):
        theme = ThemeFactory()
        for _ in range(n):
            PositionHolderFactory(position=PositionFactory(themes=[theme]))
        with django_assert_max_num_queries(20) as captured:
            client.get("/viewpoints/export.json")
        return len(captured.captured_queries)

    assert count_queries(2) == count_queries(12)


def test_export_links_include_keeps_the_selection():
    from django.template.loader import render_to_string

    html = render_to_string(
        "research/includes/_export_links.html", {"querystring": "theme=ai&kind=state_body"}
    )
    assert 'href="/viewpoints/export.csv?theme=ai&amp;kind=state_body"' in html
    assert 'href="/viewpoints/export.json?theme=ai&amp;kind=state_body"' in html


def test_sources_feed_lists_newest_additions_as_atom(client, article):
    PublicationFactory(title="Older addition")
    response = client.get("/feeds/sources/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Older addition"
    assert "新时代网络空间治理 — Cyberspace governance in the new era" in titles


def test_expert_and_theme_feeds(client, article, viewpoints):
    expert = article.authorships.first().expert
    feed = ElementTree.fromstring(client.get(f"/feeds/experts/{expert.slug}/").content)
    assert [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")] == [
        "新时代网络空间治理 — Cyberspace governance in the new era"
    ]
    feed = ElementTree.fromstring(client.get("/feeds/themes/social-credit/").content)
    assert len(list(feed.iter(f"{ATOM}entry"))) == 3
    assert client.get("/feeds/experts/nobody/").status_code == 404
    assert client.get("/feeds/themes/nothing/").status_code == 404


def test_dataset_models_cover_every_domain_model():
    domain = {
        m._meta.label_lower
        for m in apps.get_models()
        if m._meta.app_label in {"people", "sources", "analysis", "debate"}
        and not m._meta.model_name.startswith("historical")
    }
    # The data version is a cache key, not data, and the index change log is its history.
    assert set(DATASET_MODELS) == domain - {"debate.dataversion", "debate.indexchange"}


def test_versioned_download_has_json_and_csv_of_everything(client, sample_dataset):
    version = settings.DATASET_VERSION
    response = client.get(f"/downloads/chinadebate-{version}.zip")
    assert response.status_code == 200
    assert f'filename="chinadebate-{version}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert f"chinadebate-{version}/chinadebate.json" in names
    data = json.loads(archive.read(f"chinadebate-{version}/chinadebate.json"))
    assert data["version"] == version
    assert {r["model"] for r in data["records"]} >= {"people.expert", "debate.position"}
    experts = archive.read(f"chinadebate-{version}/csv/people_experts.csv").decode()
    rows = list(csv.DictReader(io.StringIO(experts)))
    assert rows[0]["name_zh"] == "王砚峰"
    assert client.get("/downloads/chinadebate-1999.1.zip").status_code == 404


def wipe_domain_tables():
    from apps.people.models import Institution

    for label in reversed(DATASET_MODELS):
        if label == "people.institution":
            Institution.objects.update(parent=None)
        apps.get_model(label).objects.all().delete()


@pytest.mark.parametrize("dataset", ["sample_dataset", "shipped_dataset"])
def test_dataset_round_trips_through_an_empty_database(request, tmp_path, dataset):
    request.getfixturevalue(dataset)
    theme = ThemeFactory(slug="extra-theme")
    position = Position.objects.first() or PositionFactory()
    position.themes.add(theme)
    position.tags.add("round trip")
    position.save()  # version 2: the database's, which the export leaves out
    counts = {label: apps.get_model(label).objects.count() for label in DATASET_MODELS}
    call_command("export_dataset", str(tmp_path / "first"))
    exported = [path.read_text() for path in (tmp_path / "first").glob("*.yaml")]
    assert not any(re.search(r"^\s*version:", text, re.MULTILINE) for text in exported)
    wipe_domain_tables()
    assert Publication.objects.count() == 0
    from apps.dataset.loading import load_dataset

    load_dataset(sorted((tmp_path / "first").glob("*.yaml")))
    assert {label: apps.get_model(label).objects.count() for label in DATASET_MODELS} == counts
    call_command("export_dataset", str(tmp_path / "second"))
    for first in sorted((tmp_path / "first").glob("*.yaml")):
        assert first.read_text() == (tmp_path / "second" / first.name).read_text(), first.name
