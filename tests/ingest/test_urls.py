import pytest

from apps.ingest.urls import UrlContext, find_urls, normalise_url

WORDS = {"government", "social", "credit", "score"}


def read(text, context=None):
    (found,) = find_urls(text, context or UrlContext(words=WORDS))
    return found


@pytest.mark.parametrize(
    ("printed", "url"),
    [
        # an underscore printed as a space, or as ". " before digits
        (
            "http://www.xinhuanet.com/english/2018-08/21/c 137405424.htm.",
            "http://www.xinhuanet.com/english/2018-08/21/c_137405424.htm",
        ),
        (
            "http://ie.cass.cn/academics/economic trends/201709/t20170928_3655627.html.",
            "http://ie.cass.cn/academics/economic_trends/201709/t20170928_3655627.html",
        ),
        (
            "http://www.china.com.cn/19da/2017-10/27/content 41805113 3.htm.",
            "http://www.china.com.cn/19da/2017-10/27/content_41805113_3.htm",
        ),
        (
            "https://m.thepaper.cn/newsDetail forward 2448320.",
            "https://m.thepaper.cn/newsDetail_forward_2448320",
        ),
        (
            "https://news.xinhuanet.com/politics/2016-05/19/c. 1118898033.htm, (hereafter",
            "https://news.xinhuanet.com/politics/2016-05/19/c_1118898033.htm",
        ),
        # line breaks: after "-", "/", a domain's dot, inside a query
        (
            "http://www.xinhuanet.com/fortune/2018- 06/04/c 1122931164.htm (hereafter",
            "http://www.xinhuanet.com/fortune/2018-06/04/c_1122931164.htm",
        ),
        (
            "https://www.creditchina.gov. cn/a/201805/ t20180530_116867.html?randid=0.77&sign=ABZ pZXd4A.",
            "https://www.creditchina.gov.cn/a/201805/t20180530_116867.html?randid=0.77&sign=ABZpZXd4A",
        ),
        (
            "https://www.scmp.com/article/3044460/who-polices- the-platforms.",
            "https://www.scmp.com/article/3044460/who-polices-the-platforms",
        ),
        # the hyphen of a word broken at the line's end
        (
            "http://www.wired.co.uk/article/chinese-govern-ment-social-credit-score",
            "http://www.wired.co.uk/article/chinese-government-social-credit-score",
        ),
        # kept as printed, trailing full stop aside
        (
            "https://www.wired.com/story/age-of-social-credit/.",
            "https://www.wired.com/story/age-of-social-credit/",
        ),
        (
            "http://ex.cssn.cn/dzyx/dzyx_xyzs/201806/t20180614_4366165.",
            "http://ex.cssn.cn/dzyx/dzyx_xyzs/201806/t20180614_4366165",
        ),
    ],
)
def test_breaks_whose_reading_is_certain_are_repaired(printed, url):
    found = read(printed)
    assert found.url == url
    assert found.withheld is None


@pytest.mark.parametrize(
    "printed",
    [
        "http://www.xinhuanet.com/politics/2018lh/2018-",
        "http://opinion.people.com.cn/n1/2018/0418/c1003-20035314 thul",
        "http://ifb.cass.cn/wzxd/201806/120180612, 4362040 shtml",
    ],
)
def test_a_link_that_breaks_off_or_runs_into_debris_is_withheld_but_printed(printed):
    found = read(printed)
    assert found.url is None
    assert found.printed == printed
    assert found.withheld


def test_a_date_after_the_link_is_not_debris():
    assert read("http://x.cn/a/b.htm, 2018.").url == "http://x.cn/a/b.htm"


def test_ocr_slips_are_read_against_the_rest_of_the_issue():
    issue = UrlContext.from_texts(
        ["http://www.creditchina.gov.cn/x/201805/t20180530_1.html", "https://www.cas.cn/tt/a"]
    )
    dated = read("http://www.creditchina.gov.cn/x/201808/120180809_122995.html.", issue)
    assert dated.url == "http://www.creditchina.gov.cn/x/201808/t20180809_122995.html"
    named = read(
        "https://finance.eaijing.com.cn/20180528/4459893.shtml.", issue.with_names({"caijing"})
    )
    assert named.url == "https://finance.caijing.com.cn/20180528/4459893.shtml"
    # printed once each, eas.cn and cas.cn are equally likely: neither is changed
    assert read("https://www.cas.cn/tt/a", issue.with_names(set())).url == "https://www.cas.cn/tt/a"


def test_links_compare_without_scheme_www_or_trailing_slash():
    assert normalise_url("https://www.Wired.com/story/x/") == normalise_url(
        "http://wired.com/story/x"
    )
