"""Loading the shipped dataset is safe to repeat and never touches researchers' records."""

import datetime

import pytest
from django.apps import apps

from apps.analysis.models import Footnote
from apps.dataset.loading import fixture_paths, load_dataset
from apps.people.models import Expert
from apps.sources.models import Publication
from tests.factories import ExpertFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def test_shipped_dataset_loads_every_file_and_creates_records(shipped_dataset):
    names = [path.name for path in fixture_paths()]
    assert names[:6] == [
        "01_institutions.yaml",
        "02_people.yaml",
        "03_sources.yaml",
        "04_analysis.yaml",
        "05_debate.yaml",
        "06_glossary.yaml",
    ]
    assert shipped_dataset.total("created") > 500
    assert shipped_dataset.total("updated") == 0


def test_loading_again_changes_nothing(shipped_dataset):
    report = load_dataset()
    assert (report.total("created"), report.total("updated")) == (0, 0)
    assert report.total("unchanged") == shipped_dataset.total("created")


def test_loading_again_keeps_researchers_records(shipped_dataset):
    expert = ExpertFactory(slug="added-by-researcher", name="Added Researcher", name_zh="新增")
    publication = PublicationFactory(slug="added-publication", title="A 2019 article")
    before = Publication.objects.count()

    report = load_dataset()

    assert report.total("created") == 0
    assert Expert.objects.get(slug="added-by-researcher").name_zh == "新增"
    assert Publication.objects.get(pk=publication.pk).title == "A 2019 article"
    assert Publication.objects.count() == before
    assert expert.pk in Expert.objects.values_list("pk", flat=True)


def test_loading_again_restores_an_edited_shipped_record(shipped_dataset):
    footnote = Footnote.objects.get(chapter__slug="chinas-digital-revolution", number=2)
    printed = footnote.text
    footnote.text = "tampered"
    footnote.save()

    report = load_dataset()

    assert report.total("updated") == 1
    footnote.refresh_from_db()
    assert footnote.text == printed
    # A new version, so that an admin page opened on the tampered one is refused.
    assert footnote.version == 3


def test_derived_pinyin_is_filled_after_loading(shipped_dataset):
    wang = Expert.objects.get(slug="wang-yufeng")
    assert wang.pinyin_plain == "wang yanfeng"
    assert "wangyufeng" in wang.search_text
    assert Publication.objects.get(slug="ecfr-china-analysis-268").year == 2018
    assert Publication.objects.filter(date__isnull=False, year__isnull=True).count() == 0
    assert (
        datetime.date(2018, 10, 1) == Publication.objects.get(slug="ecfr-china-analysis-268").date
    )


def test_every_shipped_record_has_a_first_version_to_revert_to(shipped_dataset):
    """Fixture saves are raw, which history does not record; loading records a version."""
    tracked = [
        m
        for m in apps.get_models()
        if hasattr(m._meta, "simple_history_manager_attribute") and m._base_manager.exists()
    ]
    assert {m._meta.label for m in tracked} >= {
        "people.Expert",
        "people.Institution",
        "sources.Publication",
        "analysis.Footnote",
        "debate.Theme",
    }
    for model in tracked:
        recorded = set(model.history.values_list(model._meta.pk.attname, flat=True))
        assert set(model._base_manager.values_list("pk", flat=True)) <= recorded, model
    versions = {model: model.history.count() for model in tracked}
    load_dataset()
    assert {model: model.history.count() for model in tracked} == versions  # once only


def test_a_first_edit_of_a_shipped_record_can_be_reverted(shipped_dataset):
    publication = Publication.objects.get(slug="xinhua-2018-china-has-802-million-internet-users")
    title = publication.title
    publication.title = "A mistaken title"
    publication.save()
    first = publication.history.earliest()
    first.instance.save()
    assert Publication.objects.get(pk=publication.pk).title == title
