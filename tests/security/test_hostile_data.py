"""Hostile text entered by a researcher in the admin or imported from a file stays inert:
escaped on every page, feed, export and in the admin; links out are web links only."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.people.models import Expert
from apps.sources.models import Publication
from tests.factories import PositionFactory, PositionHolderFactory, ThemeFactory
from tests.research.test_admin import expert_form
from tests.research.test_roles import publication_form

pytestmark = pytest.mark.django_db

HOSTILE = "<script>x</script>\"'><svg onload=1> javascript:alert(1) \u202eevil\u200b"
MARKERS = ("<script>x</script>", "<svg onload", "\"'><svg")


def assert_inert(body: bytes):
    text = body.decode("utf-8")
    for marker in MARKERS:
        assert marker not in text
    assert "\u202e" not in text and "\u200b" not in text


@pytest.fixture
def hostile(researcher_client):
    """A publication and its author, both entered through the admin with hostile text."""
    response = researcher_client.post(
        reverse("admin:people_expert_add"), expert_form(f"Liu {HOSTILE}", "刘瑞生")
    )
    assert response.status_code == 302
    expert = Expert.objects.get(name_zh="刘瑞生")
    data = publication_form(
        title=f"Title {HOSTILE}",
        title_original=f"标题 {HOSTILE}",
        url="https://example.cn/a?x=<b>",
        authors=[expert.pk],
        note=HOSTILE,
    )
    response = researcher_client.post(reverse("admin:sources_publication_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    publication = Publication.objects.get()
    position = PositionFactory(
        source=publication, themes=[ThemeFactory()], summary=f'=HYPERLINK("x") {HOSTILE}'
    )
    PositionHolderFactory(position=position, expert=expert, order=1)
    return expert, publication, position


def test_invisible_characters_are_dropped_when_saved(hostile):
    expert, publication, _ = hostile
    assert "\u202e" not in expert.name and "\u200b" not in publication.title
    assert publication.title.startswith("Title <script>x</script>")  # kept, and escaped below


def test_public_pages_escape_hostile_names_titles_and_meta_tags(client, hostile):
    expert, publication, position = hostile
    for url in [
        publication.get_absolute_url(),
        expert.get_absolute_url(),
        position.get_absolute_url(),
        "/publications/",
        "/experts/",
        "/viewpoints/",
        f"/search/?q={expert.name_zh}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content)
    page = client.get(publication.get_absolute_url()).content.decode()
    assert "<title>Title &lt;script&gt;x&lt;/script&gt;" in page
    assert 'name="citation_title" content="标题 &lt;script&gt;' in page
    assert 'href="https://example.cn/a?x=&lt;b&gt;"' in page


@pytest.mark.parametrize("feed", ["/feeds/sources/", "/feeds/experts/{slug}/"])
def test_feeds_are_well_formed_and_carry_the_text_escaped(client, hostile, feed):
    expert, publication, _ = hostile
    response = client.get(feed.format(slug=expert.slug))
    assert_inert(response.content)
    entries = ET.fromstring(response.content).findall("{http://www.w3.org/2005/Atom}entry")
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in entries]
    assert f"{publication.title_original} — {publication.title}" in titles


def test_a_theme_feed_with_a_control_character_in_the_data_stays_well_formed(client, hostile):
    _, _, position = hostile
    type(position).objects.filter(pk=position.pk).update(summary="a\x0bb <i>")  # loaded raw
    theme = position.themes.first()
    response = client.get(f"/feeds/themes/{theme.slug}/")
    assert response.status_code == 200
    entry = ET.fromstring(response.content).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}summary") == "ab <i>"
    assert b"<i>" not in response.content


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_feeds_answer_get_and_head_only(client, method):
    assert getattr(client, method)("/feeds/sources/").status_code == 405
    assert client.head("/feeds/sources/").status_code == 200


def test_exports_escape_markup_and_neutralise_spreadsheet_formulas(client, hostile):
    _, publication, position = hostile
    theme = position.themes.first().slug
    for url in [
        f"/viewpoints/export.json?theme={theme}",
        f"/publications/{publication.slug}/cite.json",
    ]:
        assert_inert(client.get(url).content)
    # BibTeX and RIS carry the text as written (escaping it would corrupt the citation): plain
    # text files handed out as attachments, never a document a browser renders.
    for fmt in ("bib", "ris"):
        response = client.get(f"/publications/{publication.slug}/cite.{fmt}")
        assert "html" not in response["Content-Type"] and "xml" not in response["Content-Type"]
        assert response["Content-Disposition"].startswith("attachment")
    data = client.get(f"/viewpoints/export.json?theme={theme}").json()
    assert data["viewpoints"][0]["summary"].startswith("=HYPERLINK")  # the same data, parsed
    text = client.get(f"/viewpoints/export.csv?theme={theme}").content.decode().lstrip("\ufeff")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["summary"].startswith("'=HYPERLINK")


def test_the_admin_escapes_hostile_text(researcher_client, hostile):
    expert, publication, _ = hostile
    for url in [
        reverse("admin:sources_publication_changelist"),
        reverse("admin:sources_publication_change", args=[publication.pk]),
        reverse("admin:people_expert_changelist"),
        reverse("admin:people_expert_change", args=[expert.pk]),
        reverse("admin:sources_publication_history", args=[publication.pk]),
    ]:
        response = researcher_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>x</b>", "ftp://x.cn/a"],
)
def test_the_admin_refuses_a_link_that_is_not_a_web_link(researcher_client, url):
    data = publication_form(title="An article", url=url)
    response = researcher_client.post(reverse("admin:sources_publication_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["url"]
    assert "Only web links (http:// or https://) can be recorded" in errors[0]
    assert not Publication.objects.exists()


def test_a_link_stored_raw_is_never_rendered_as_an_href(client, hostile):
    _, publication, _ = hostile
    Publication.objects.filter(pk=publication.pk).update(
        url="javascript:alert(1)", archive_url="data:text/html,x"
    )
    page = client.get(publication.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in page and 'href="data:text' not in page
    assert "not a web link: not linked" in page
    assert "citation_public_url" not in page


def test_an_import_refuses_a_javascript_link_and_escapes_its_titles(client, tmp_path):
    items = [
        {"id": "bad", "type": "article-journal", "title": "Bad", "URL": "javascript:alert(1)"},
        {"id": "ok", "type": "article-journal", "title": HOSTILE, "URL": "https://example.cn/x"},
    ]
    path = tmp_path / "refs.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_sources", str(path), stdout=StringIO(), stderr=err)
    assert "a “javascript:” link is refused" in err.getvalue()
    assert not Publication.objects.exists()
    call_command("import_sources", str(path), "--partial", stdout=StringIO(), stderr=StringIO())
    publication = Publication.objects.get()
    assert "\u202e" not in publication.title
    assert_inert(client.get(publication.get_absolute_url()).content)


def test_the_json_export_escapes_markup_echoed_from_the_query(client):
    """Found by the fuzz test: the unknown value came back raw in ``notices``."""
    response = client.get("/viewpoints/export.json", {"chapter": "<script>x</script>"})
    assert b"<script>" not in response.content and b"\\u003cscript\\u003e" in response.content
    assert "chapter “<script>x</script>”" in response.json()["notices"][0]
