"""Integrity of the shipped dataset (fixtures/*.yaml) as `make run` loads it.

The expectations hard-coded here were established from the printed analysis (China Analysis
ECFR/268): how many notes each chapter has, which notes repeat an earlier citation, which
names it prints with hanzi. They are written out independently of the fixtures so that a
damaged or half-edited fixture file fails here.
"""

import re
import unicodedata
from collections import Counter, defaultdict

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from apps.analysis.models import Analysis, Chapter, Citation, Footnote
from apps.debate.models import GlossaryTerm, Position, Question, Theme
from apps.people.models import Affiliation, Expert, Institution
from apps.sources.models import Authorship, Publication, Venue

pytestmark = pytest.mark.django_db

ANALYSIS = "china-dream-goes-digital"
INTRO = "introduction"
DIGITAL = "chinas-digital-revolution"
RACE = "competitor-in-the-global-technological-race"
CREDIT = "credit-the-god-of-chinas-big-data-era"
AI = "enthusiasm-and-challenges-in-chinas-embrace-of-ai"

# Chapters in printed order, their authors, and the number of notes each prints.
CHAPTERS = [
    (INTRO, "François Godement", 0),
    (DIGITAL, "Katja Drinhausen", 11),
    (RACE, "Marcin Przychodniak", 3),
    (CREDIT, "Adam Knight", 14),
    (AI, "Elsa B Kania", 23),
]

# Notes whose text the extraction lost entirely (the AI chapter's notes pages are empty).
UNRESOLVED = {(AI, 22), (AI, 23)}

# Notes that repeat a citation ("hereafter", the CPPCC symposium): same publication record.
SAME_SOURCE = [
    {(CREDIT, 4), (CREDIT, 8)},
    {(CREDIT, 7), (CREDIT, 14)},
    {(CREDIT, 9), (CREDIT, 11)},
    {(AI, 4), (AI, 8)},
    {(AI, 6), (AI, 7)},
    {(AI, 10), (AI, 12), (AI, 13), (AI, 14), (AI, 19), (AI, 20)},
]

# Notes that cite two works each.
TWO_WORKS = {(DIGITAL, 6), (CREDIT, 1), (CREDIT, 5), (CREDIT, 12)}

# Names the analysis prints with hanzi.
PRINTED_HANZI = {
    "wang-yufeng": "王砚峰",
    "du-qinghao": "杜庆昊",
    "liu-pengfei": "刘鹏飞",
    "qu-xiaocheng": "曲晓程",
    "liu-ruisheng": "刘瑞生",
    "sun-ping": "孙萍",
    "xiang-debao": "相德宝",
    "zhang-wenzheng": "张文正",
    "feng-zhaokui": "冯昭奎",
    "huang-qixian": "黄琪轩",
    "zhang-yong": "张勇",
    "xi-jinping": "习近平",
    "li-yanhong": "李彦宏",
}

# Variant spellings the analysis prints.
PRINTED_VARIANTS = {
    ("wang-yufeng", "Wang Yanfeng"),
    ("huang-qixian", "Huang Qixuan"),
    ("qu-xiaocheng", "Ou"),
}

TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")


def has_hanzi(text: str) -> bool:
    return any(unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH") for c in text)


def compact(name: str) -> str:
    """Lower-case letters only, tone marks dropped: 'Wáng Yù-fēng' -> 'wangyufeng'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalpha() and c.isascii()).lower()


def normalised_title(title: str) -> str:
    return re.sub(r"\W+", " ", title.casefold()).strip()


def footnote_key(footnote: Footnote) -> tuple[str, int]:
    return (footnote.chapter.slug, footnote.number)


def test_analysis_metadata_matches_the_printed_issue(shipped_dataset_once):
    analysis = Analysis.objects.select_related("publication", "editor", "publisher").get(
        slug=ANALYSIS
    )
    assert analysis.isbn == "978-1-911544-68-5"
    assert analysis.series == "China Analysis"
    assert analysis.series_number == "ECFR/268"
    assert (analysis.date.year, analysis.date.month) == (2018, 10)
    assert analysis.editor.name == "Angela Stanzel"
    assert analysis.editor.bio.startswith("Angela Stanzel is editor of China Analysis")
    assert analysis.publisher.abbreviation == "ECFR"
    assert analysis.publication.slug == "ecfr-china-analysis-268"
    chapters = list(analysis.chapters.order_by("order").prefetch_related("analysts"))
    assert [(c.order, c.slug) for c in chapters] == [
        (i, slug) for i, (slug, _, _) in enumerate(CHAPTERS, 1)
    ]
    assert [[a.name for a in c.analysts.all()] for c in chapters] == [
        [analyst] for _, analyst, _ in CHAPTERS
    ]
    for chapter in chapters:
        (analyst,) = chapter.analysts.all()
        assert analyst.bio.startswith(analyst.name), analyst.name


def test_footnote_counts_match_the_printed_chapters(shipped_dataset_once):
    expected = {slug: count for slug, _, count in CHAPTERS}
    stated = dict(Chapter.objects.values_list("slug", "footnote_count_in_source"))
    actual = Counter(Footnote.objects.values_list("chapter__slug", flat=True))
    assert stated == expected
    assert {slug: actual.get(slug, 0) for slug in expected} == expected


def test_footnote_numbers_run_from_one_without_gaps(shipped_dataset_once):
    numbers = defaultdict(list)
    for slug, number in Footnote.objects.values_list("chapter__slug", "number"):
        numbers[slug].append(number)
    for slug, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), slug


def test_every_footnote_cites_a_publication_or_says_why_not(shipped_dataset_once):
    footnotes = Footnote.objects.select_related("chapter").prefetch_related("citations")
    unresolved = set()
    for footnote in footnotes:
        cited = list(footnote.citations.all())
        if footnote.unresolved_reason.strip():
            assert cited == [], footnote_key(footnote)
            unresolved.add(footnote_key(footnote))
        else:
            assert cited, f"{footnote_key(footnote)} cites nothing and gives no reason"
            assert footnote.text.strip(), footnote_key(footnote)
    assert unresolved == UNRESOLVED


def test_citations_are_numbered_in_order(shipped_dataset_once):
    orders = defaultdict(list)
    for key, order in Citation.objects.values_list("footnote_id", "order"):
        orders[key].append(order)
    assert all(sorted(o) == list(range(1, len(o) + 1)) for o in orders.values())
    counts = {
        (f.chapter.slug, f.number): f.citations.count()
        for f in Footnote.objects.select_related("chapter")
    }
    assert {key for key, n in counts.items() if n == 2} == TWO_WORKS
    assert max(counts.values()) == 2


def test_repeated_citations_link_to_the_same_record(shipped_dataset_once):
    cited = defaultdict(set)
    for slug, number, publication in Citation.objects.values_list(
        "footnote__chapter__slug", "footnote__number", "publication__slug"
    ):
        cited[(slug, number)].add(publication)
    for group in SAME_SOURCE:
        assert len({frozenset(cited[key]) for key in group}) == 1, sorted(group)
        assert all(len(cited[key]) == 1 for key in group), sorted(group)


def test_reconstructed_footnotes_say_how(shipped_dataset_once):
    # Knight's notes 8-11 were scrambled, his note 14 printed in Kania's chapter.
    for key in [(CREDIT, 8), (CREDIT, 9), (CREDIT, 10), (CREDIT, 11), (CREDIT, 14)]:
        footnote = Footnote.objects.get(chapter__slug=key[0], number=key[1])
        assert footnote.reconstruction_note.strip(), key
    # No note keeps the extraction's LaTeX rendering of its number.
    assert not Footnote.objects.filter(text__contains="&}quot;").exists()
    assert not Footnote.objects.filter(text__contains="$^{").exists()


def test_every_position_has_a_source_and_a_holder(shipped_dataset_once):
    positions = Position.objects.select_related("source", "footnote").prefetch_related(
        "holders", "themes"
    )
    for position in positions:
        assert position.source_id, position.slug
        assert position.holders.exists(), position.slug
        assert position.themes.exists(), position.slug
        assert len(position.summary.split()) >= 15, position.slug
        if position.is_analyst_reading:
            assert position.reading_note.strip(), position.slug
        assert bool(position.question_id) == bool(position.stance), position.slug


def test_a_position_footnote_cites_the_position_source(shipped_dataset_once):
    analysis_record = Analysis.objects.get(slug=ANALYSIS).publication
    positions = Position.objects.filter(footnote__isnull=False).select_related("footnote")
    assert positions.exists()
    for position in positions:
        cited = set(position.footnote.publications.values_list("pk", flat=True))
        if cited:
            assert position.source_id in cited, position.slug
        else:
            assert position.footnote.unresolved_reason, position.slug
            assert position.source_id == analysis_record.pk, position.slug


def test_holders_with_a_group_label_name_the_body(shipped_dataset_once):
    for position in Position.objects.prefetch_related("holders"):
        for holder in position.holders.all():
            if holder.group_label:
                assert holder.institution_id and not holder.expert_id, position.slug


def test_debate_has_enough_positions_terms_and_questions(shipped_dataset_once):
    assert Position.objects.count() >= 35
    assert GlossaryTerm.objects.count() >= 25
    assert Theme.objects.count() == 6
    for theme in Theme.objects.prefetch_related("questions"):
        assert 2 <= theme.questions.count() <= 4, theme.slug
    for question in Question.objects.prefetch_related("positions"):
        assert question.positions.count() >= 2, question.slug


def test_contested_questions_show_disagreement(shipped_dataset_once):
    disputed = [
        q
        for q in Question.objects.all()
        if len(set(q.positions.values_list("stance", flat=True))) >= 2
    ]
    assert len(disputed) >= Question.objects.count() - 3
    # Du's caution against overregulation faces Liu and Sun's call for wider filtering.
    stances = dict(
        Position.objects.filter(question__slug="widen-regulation-and-filtering").values_list(
            "holders__expert__slug", "stance"
        )
    )
    assert stances["du-qinghao"] == "qualified"
    assert stances["liu-ruisheng"] == "supports"


def test_every_expert_is_anchored_in_the_data(shipped_dataset_once):
    footnote_text = " ".join(Footnote.objects.values_list("text", flat=True))
    anchored = (
        set(Authorship.objects.values_list("expert_id", flat=True))
        | set(Affiliation.objects.values_list("expert_id", flat=True))
        | set(Position.objects.values_list("holders__expert_id", flat=True))
    )
    for expert in Expert.objects.all():
        assert expert.pk in anchored or expert.name in footnote_text, expert.slug


def test_affiliations_cite_the_publication_that_states_them(shipped_dataset_once):
    assert Affiliation.objects.exists()
    assert not Affiliation.objects.filter(source__isnull=True).exists()
    assert not Affiliation.objects.filter(as_of__isnull=True).exists()


def test_printed_hanzi_and_variant_spellings_are_kept(shipped_dataset_once):
    hanzi = dict(Expert.objects.values_list("slug", "name_zh"))
    assert {slug: hanzi.get(slug) for slug in PRINTED_HANZI} == PRINTED_HANZI
    aliases = set(Expert.objects.values_list("slug", "aliases__name"))
    assert aliases >= PRINTED_VARIANTS
    # The hanzi of Wang Yufeng read Wang Yanfeng: both kept, and the note says so.
    wang = Expert.objects.get(slug="wang-yufeng")
    assert wang.pinyin == "Wáng Yànfēng"
    assert "Wang Yanfeng" in wang.note


def test_hanzi_fields_contain_hanzi(shipped_dataset_once):
    fields = [
        *Expert.objects.exclude(name_zh="").values_list("slug", "name_zh"),
        *Institution.objects.exclude(name_zh="").values_list("slug", "name_zh"),
        *Venue.objects.exclude(name_zh="").values_list("slug", "name_zh"),
        *Theme.objects.values_list("slug", "name_zh"),
        *GlossaryTerm.objects.values_list("slug", "hanzi"),
        *Publication.objects.filter(language="zh").values_list("slug", "title_original"),
    ]
    assert [slug for slug, text in fields if not has_hanzi(text)] == []
    # Hanzi the extraction split with a space are joined.
    split = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")
    assert [s for s, text in fields if split.search(text) and "中共中央 国务院" not in text] == []


def test_glossary_pinyin_carries_tone_marks(shipped_dataset_once):
    for term in GlossaryTerm.objects.all():
        assert TONE_MARKS & set(term.pinyin.lower()), term.slug
        assert term.pinyin_plain and not TONE_MARKS & set(term.pinyin_plain), term.slug
        assert term.gloss and term.note and term.themes.exists(), term.slug


def test_every_url_is_valid(shipped_dataset_once):
    validate = URLValidator()
    urls = [
        *Publication.objects.values_list("slug", "url"),
        *Publication.objects.values_list("slug", "archive_url"),
        *Venue.objects.values_list("slug", "url"),
        *Institution.objects.values_list("slug", "url"),
    ]
    invalid = []
    for slug, url in urls:
        if not url:
            continue
        try:
            validate(url)
        except ValidationError:
            invalid.append((slug, url))
        if " " in url:
            invalid.append((slug, url))
    assert invalid == []


def test_no_person_is_recorded_twice(shipped_dataset_once):
    names = defaultdict(set)
    for expert in Expert.objects.prefetch_related("aliases"):
        if expert.name_zh:
            names[expert.name_zh].add(expert.slug)
        for name in (expert.name, *(a.name for a in expert.aliases.all())):
            names[compact(name)].add(expert.slug)
    assert {name: slugs for name, slugs in names.items() if len(slugs) > 1} == {}


def test_no_institution_is_recorded_twice(shipped_dataset_once):
    seen = defaultdict(set)
    for slug, name, name_zh in Institution.objects.values_list("slug", "name", "name_zh"):
        seen[name.casefold()].add(slug)
        if name_zh:
            seen[name_zh].add(slug)
    assert {key: slugs for key, slugs in seen.items() if len(slugs) > 1} == {}


def test_no_publication_is_recorded_twice(shipped_dataset_once):
    rows = Publication.objects.values_list("slug", "url", "title", "title_original")
    by_url, by_title = defaultdict(set), defaultdict(set)
    for slug, url, title, original in rows:
        if url:
            by_url[url.rstrip("/")].add(slug)
        by_title[normalised_title(title)].add(slug)
        if original:
            by_title[normalised_title(original)].add(slug)
    assert {u: s for u, s in by_url.items() if len(s) > 1} == {}
    assert {t: s for t, s in by_title.items() if len(s) > 1} == {}


def test_no_two_glossary_terms_share_pinyin(shipped_dataset_once):
    plain = Counter(GlossaryTerm.objects.values_list("pinyin_plain", flat=True))
    assert [p for p, n in plain.items() if n > 1] == []
