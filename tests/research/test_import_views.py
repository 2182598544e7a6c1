from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.research.views import IMPORT_SESSION_KEY
from apps.sources.models import Publication

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db


def upload(client, name, data=None, **extra):
    data = (FILES / name).read_bytes() if data is None else data
    return client.post(
        reverse("research:import"), {"file": SimpleUploadedFile(name, data), **extra}
    )


@pytest.mark.parametrize("name", ["zotero.json", "zotero.ris", "zotero.bib"])
def test_upload_previews_then_confirm_imports_only_new_entries(
    researcher_client, sample_dataset, name
):
    before = Publication.objects.count()
    preview = upload(researcher_client, name)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert [a.status for a in preview.context["assessments"]] == [
        "NEW",
        "DUPLICATE",
        "INVALID",
        "DUPLICATE",
    ]
    existing = Publication.objects.get(slug="wang-2017-digital-economy")
    assert reverse("admin:sources_publication_change", args=[existing.pk]) in page
    assert "Import 1 new entry" in page
    assert Publication.objects.count() == before  # nothing written by the preview

    response = researcher_client.post(
        reverse("research:import"),
        {"confirm": "1", "token": preview.context["token"], "partial": "1"},  # #3 is invalid
    )
    assert response.status_code == 302
    assert Publication.objects.count() == before + 1
    created = Publication.objects.get(title_original="新时代网络空间治理")
    assert created.history.get().history_user.username == "rita"
    assert IMPORT_SESSION_KEY not in researcher_client.session


def test_confirm_revalidates_against_what_was_added_meanwhile(researcher_client, sample_dataset):
    preview = upload(researcher_client, "zotero.json")
    Publication.objects.create(
        slug="added-meanwhile", kind="journal_article", title="x", url="https://example.cn/liu-2019"
    )
    count = Publication.objects.count()
    researcher_client.post(
        reverse("research:import"),
        {"confirm": "1", "token": preview.context["token"], "partial": "1"},
    )
    assert Publication.objects.count() == count


def test_a_stale_or_forged_confirmation_writes_nothing(researcher_client, sample_dataset):
    upload(researcher_client, "zotero.json")
    count = Publication.objects.count()
    response = researcher_client.post(
        reverse("research:import"), {"confirm": "1", "token": "forged"}, follow=True
    )
    assert "expired" in response.content.decode()
    assert Publication.objects.count() == count


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.json", b"", "empty"),
        ("gbk.ris", "TY  - JOUR\nTI  - 网络\nER  - \n".encode("gbk"), "GBK"),
        ("utf16.bib", "@misc{a, title={x}}".encode("utf-16"), "UTF-16"),
        ("broken.json", b"[{", "not valid CSL-JSON"),
    ],
)
def test_unreadable_uploads_get_a_clear_400_and_write_nothing(
    researcher_client, name, data, message
):
    response = upload(researcher_client, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Publication.objects.count() == 0


def test_import_page_needs_permission_to_add_publications(client):
    client.force_login(User.objects.create_user("viewer", is_staff=True))
    assert client.get(reverse("research:import")).status_code == 403
    client.logout()
    assert client.get(reverse("research:import")).status_code == 302


def test_command_lists_entries_and_dry_run_writes_nothing(sample_dataset):
    out = StringIO()
    call_command("import_sources", str(FILES / "zotero.ris"), "--dry-run", "--partial", stdout=out)
    text = out.getvalue()
    assert "NEW       #1 新时代网络空间治理" in text
    assert "DUPLICATE #2" in text and "/admin/sources/publication/" in text
    assert "INVALID   #3" in text
    assert "1 would be imported; 1 invalid would be skipped" in text
    assert not Publication.objects.filter(title_original="新时代网络空间治理").exists()


def test_command_imports_the_valid_entries_with_partial(sample_dataset):
    # Used to be run without --partial, skipping the invalid entry #3: an invalid entry now
    # stops the import (tests/research/test_import_outcomes.py).
    out, err = StringIO(), StringIO()
    call_command("import_sources", str(FILES / "zotero.bib"), "--partial", stdout=out, stderr=err)
    assert "1 publication imported (1 new expert" in out.getvalue()
    assert Publication.objects.filter(title_original="新时代网络空间治理").exists()


def test_command_reports_bad_files_clearly(tmp_path):
    bad = tmp_path / "refs.json"
    bad.write_bytes('[{"title": "中文"}]'.encode("gb18030"))
    with pytest.raises(CommandError, match="refs.json: The file is not UTF-8"):
        call_command("import_sources", str(bad))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_sources", str(tmp_path / "missing.ris"))


def confirm(client, preview, **extra):
    return client.post(
        reverse("research:import"), {"confirm": "1", "token": preview.context["token"], **extra}
    )


def test_preview_marks_invalid_entries_and_offers_the_valid_ones_only(researcher_client):
    preview = upload(researcher_client, "mixed.bib")
    page = preview.content.decode()
    assert [a.status for a in preview.context["assessments"]] == [
        "NEW",
        "INVALID",
        "INVALID",
        "NEW",
    ]
    assert page.count('class="import-invalid"') == 2
    assert "The date 2018-13 is not a date" in page
    assert "2 entries are INVALID: correct the file, or import the valid entries only." in page
    assert 'name="partial"' in page
    assert "Import the valid entries only, leaving out the 2 invalid ones" in page


def test_confirming_a_file_with_invalid_entries_writes_nothing_and_says_why(researcher_client):
    preview = upload(researcher_client, "mixed.bib")
    refused = confirm(researcher_client, preview)
    assert refused.status_code == 400
    assert (
        "Nothing was written: 2 entries are invalid (#2 &quot;early-month&quot; (line 8), "
        "#3 &quot;bad-link&quot; (line 14)). Correct the file, or tick “Import the valid "
        "entries only”."
    ) in refused.content.decode()
    assert Publication.objects.count() == 0
    assert IMPORT_SESSION_KEY in researcher_client.session  # the preview can still be confirmed

    imported = confirm(researcher_client, preview, partial="1")
    assert imported.status_code == 302
    assert sorted(Publication.objects.values_list("title", flat=True)) == [
        "Algorithms and public opinion",
        "人工智能与国家治理",
    ]
    listing = researcher_client.get(imported["Location"]).content.decode()
    assert "2 publications imported (2 new experts, 1 new venue); 0 duplicates and 2 invalid" in (
        listing
    )


@pytest.mark.parametrize("name", ["mixed.ris", "mixed.json"])
def test_the_valid_entries_only_of_ris_and_csl_json(researcher_client, name):
    preview = upload(researcher_client, name)
    assert confirm(researcher_client, preview).status_code == 400
    assert Publication.objects.count() == 0
    assert confirm(researcher_client, preview, partial="1").status_code == 302
    assert Publication.objects.count() == 2


def test_a_file_with_no_readable_entry_offers_nothing_to_import(researcher_client):
    preview = upload(researcher_client, "no_readable_entry.bib")
    page = preview.content.decode()
    assert [a.status for a in preview.context["assessments"]] == ["INVALID"]
    assert "Unreadable BibTeX at line 4: Unexpectedly reached end of file." in page
    assert "There is nothing new to import in this file." in page
    assert 'name="confirm"' not in page
    assert Publication.objects.count() == 0
