import pytest

from apps.analysis.models import Citation as CitationLink
from apps.ingest.matching import Candidates, match_author
from apps.ingest.pipeline import ingest_text
from apps.ingest.records import Author
from tests.ingest.conftest import note


def known_publication(known, slug, title, title_original="", year=None, url="", note=""):
    known.add_publication(
        {
            "slug": slug,
            "title": title,
            "title_original": title_original,
            "url": url,
            "year": year,
            "note": note,
        }
    )


@pytest.fixture
def known():
    known = Candidates()
    known_publication(
        known, "outlook-2018", "Outlook for 2018: Credit Industry Faces Breakthroughs", year=2018
    )
    known_publication(
        known,
        "hu-2018",
        "Strengthening the Construction of a Credit System",
        "加强信用体系建设",
        2018,
        note='Printed as "http://ifb.cass.cn/wzxd/201806/120180612, 4362040 shtml".',
    )
    known.add_expert("huang-qixian", "Huang Qixian", "黄琪轩", "Huang Qixuan")
    known.add_expert("wang-yufeng", "Wang Yufeng", "王砚峰", "Wang Yanfeng")
    known.add_expert("liu-qiang", "Liu Qiang", "刘强", "Liu Qiang")
    known.experts["alias"]["huangqixuan"].append("huang-qixian")
    return known


@pytest.mark.parametrize(
    ("author", "slug", "reason"),
    [
        (Author("Huang Qixuan"), "huang-qixian", "alias"),
        (Author("Huang Qixuan", "黄琪轩"), "huang-qixian", "same hanzi (黄琪轩)"),
        (Author("Wang Yanfeng"), "wang-yufeng", "pinyin of the hanzi"),
        (Author("Wang Yufeng", "王砚峯"), "wang-yufeng", "same hanzi (王砚峰)"),  # 峯 folded
        (Author("Liu Qiang", "刘墙"), None, "new"),  # a namesake with other hanzi
        (Author("Li Qiang"), None, "new"),
    ],
)
def test_authors_match_by_hanzi_name_alias_or_pinyin_never_against_other_hanzi(
    known, author, slug, reason
):
    match = match_author(author, known)
    assert (match.slug, match.reason) == (slug, reason)


def issue_citing(*notes):
    body = "\n\n".join(f"{n} {text}" for n, text in enumerate(notes, start=1))
    return (
        "CHINA ANALYSIS\n\nA TEST ISSUE OF NOTES\n\nChapter one\n\nby Ann Author\n\n"
        f"{body}\n\nAbout the authors\n\nAnn Author is a researcher.\n\nMarch 2020\n"
    )


def test_publications_matched_with_the_reason_the_review_shows(known):
    result = ingest_text(
        issue_citing(
            'Wu Jingmei, "Outlook for 2018: the Credit Industry Faces Breakthroughs", Credit Reference, 2018.',
            'Wu Jingmei, "Outlook for 2019: Credit Industry Faces Breakthroughs", Credit Reference, 2019.',
            'Hu Naihong, "加強信用體系建設" "On Credit", Guangming Daily, 12 June 2018.',
            'Hu Naihong, "Credit again", Guangming Daily, 2018, available at http://ifb.cass.cn/wzxd/201806/120180612, 4362040 shtml',
        ),
        known,
    )
    decisions = [(c.publication.slug, c.publication.reason) for _, c in result.issue.citations()]
    assert decisions == [
        ("outlook-2018", "fuzzy 96"),
        (None, "new"),  # same words, another year: another report
        ("hu-2018", "same original title"),  # traditional characters folded
        ("hu-2018", "same printed link"),
    ]
    assert result.proposals_of("publication")[0].notes == ["possibly outlook-2018 (fuzzy 98)"]


def test_seed_excerpt_reproduces_the_shipped_links_and_proposes_nothing(shipped_dataset, files):
    result = ingest_text((files / "seed_credit_chapter.txt").read_text())
    shipped = {
        (c.footnote.number, c.order): c.publication.slug
        for c in CitationLink.objects.filter(
            footnote__chapter__slug="credit-the-god-of-chinas-big-data-era"
        ).select_related("footnote", "publication")
    }
    read = {(ref.note, ref.index): c.publication.slug for ref, c in result.issue.citations()}
    shipped.pop((14, 1))  # note 14 is printed among the next chapter's notes, not in the excerpt
    assert read == shipped
    assert result.proposals == []


def test_synthetic_issue_matches_the_works_it_re_cites_and_proposes_the_rest_once(
    shipped_dataset, files
):
    result = ingest_text((files / "synthetic_issue.txt").read_text())
    issue = result.issue
    assert note(issue, 1, 3).citations[0].publication.slug == (
        "liu-ruisheng-sun-ping-2018-content-filtering-overseas-social-media"
    )
    assert note(issue, 1, 3).citations[0].experts[0].slug == "liu-ruisheng"
    assert (
        note(issue, 1, 4).citations[0].publication.slug
        == note(issue, 1, 3).citations[0].publication.slug
    )
    assert note(issue, 1, 7).citations[0].publication.slug == (
        "feng-zhaokui-2017-new-technological-revolution-international-competition"
    )
    assert note(issue, 3, 4).citations[0].publication.reason == "same URL"
    matched = {c.publication.slug for _, c in issue.citations() if c.publication.slug}
    assert len(matched) == 3  # no false match among the invented works
    new = {p.kind: 0 for p in result.proposals}
    for proposal in result.proposals:
        new[proposal.kind] += 1
    assert new == {"publication": 13, "expert": 9, "venue": 5}
    gao = next(p for p in result.proposals if p.key == "expert:gaowenjie")
    assert (gao.fields["name_zh"], [r.note for r in gao.cited_in]) == ("高文杰", [2, 8])
    caixin = next(p for p in result.proposals if p.kind == "venue" and p.fields["name"] == "Caixin")
    assert len(caixin.cited_in) == 4
    global_review = note(issue, 2, 2).citations[0].venue_match
    assert (global_review.slug, global_review.reason) == ("global-review", "same name")


def test_candidates_are_read_in_six_queries_and_matching_asks_no_more(
    shipped_dataset, files, django_assert_num_queries
):
    with django_assert_num_queries(6):
        # publications, authorships, experts, aliases, venues, institutions
        known = Candidates.load()
    with django_assert_num_queries(0):
        ingest_text((files / "synthetic_issue.txt").read_text(), known)
