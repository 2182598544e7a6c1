from apps.dataset.loading import load_dataset
from apps.debate.models import GlossaryTerm, Position
from apps.people.models import Expert
from apps.sources.models import Publication
from tests.conftest import SAMPLE_FIXTURES


def sample_paths():
    return sorted(SAMPLE_FIXTURES.glob("*.yaml"))


def test_loading_creates_linked_records_from_natural_keys(sample_dataset):
    expert = Expert.objects.get(slug="wang-yufeng")
    assert expert.aliases.get().name == "Wang Yanfeng"
    assert expert.affiliations.get().source.slug == "wang-2017-digital-economy"
    position = Position.objects.get()
    assert [h.expert for h in position.holders.all()] == [expert]
    assert list(position.themes.values_list("slug", flat=True)) == ["digital-economy"]
    assert set(position.tags.names()) == {"internet plus"}
    assert set(Publication.objects.get().tags.names()) == {"digital economy", "platforms"}


def test_loading_fills_derived_search_columns(sample_dataset):
    expert = Expert.objects.get(slug="wang-yufeng")
    assert expert.pinyin == "Wáng Yànfēng"
    assert "wangyufeng" in expert.search_text
    assert "wangyanfeng" in expert.search_text
    assert GlossaryTerm.objects.get().pinyin_plain == "shuzi jingji"
    assert Publication.objects.get().year == 2017
    assert "wang yufeng" in Position.objects.get().search_text


def test_loading_twice_changes_nothing(sample_dataset):
    first_stamp = Expert.objects.get(slug="wang-yufeng").updated_at
    report = load_dataset(sample_paths())
    assert report.total("created") == 0
    assert report.total("updated") == 0
    assert report.total("unchanged") == sample_dataset.total("created")
    assert Expert.objects.get(slug="wang-yufeng").updated_at == first_stamp


def test_loading_keeps_records_researchers_added(sample_dataset):
    Expert.objects.create(slug="new-voice", name="New Voice", name_zh="新声")
    load_dataset(sample_paths())
    assert Expert.objects.filter(slug="new-voice").exists()


def test_loading_restores_an_edited_shipped_record(sample_dataset):
    Expert.objects.filter(slug="wang-yufeng").update(description="edited")
    report = load_dataset(sample_paths())
    assert report.total("updated") == 1
    assert Expert.objects.get(slug="wang-yufeng").description.startswith("Researcher")
