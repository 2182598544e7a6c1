from tests.ingest.conftest import note


def test_notes_printed_in_scrambled_pieces_are_put_back_together(seed_excerpt):
    """The extraction printed the lines of notes 8 to 11 out of order, and part of note 11
    in the running text; the curators' reading of each is reproduced."""
    assert note(seed_excerpt, 0, 8).text == (
        'Hu Naihong, "加强信用体系建设" "Strengthening the Construction of a Credit System", '
        "Guangming Daily, 12 June 2018, available at "
        "http://ifb.cass.cn/wzxd/201806/t20180612 4362049.shtml"
    )
    assert note(seed_excerpt, 0, 9).text == (
        'Li Haiyun, "观察社会信用体系:信用社会来临,你准备好了吗" "Observing the Social Credit '
        "System: The Credit Society is coming, are you ready?\". People's Daily, 4 June 2018, "
        "available at http://www.xinhuanet.com/fortune/2018-06/04/c 1122931164.htm (hereafter, "
        'Observing the Social Credit System: The Credit Society is coming, are you ready?".).'
    )
    assert note(seed_excerpt, 0, 10).text.startswith(
        '"关于转批发展改革委等部门法人和其他组织统一社会信用代码制度建设总体方案的通知" '
        '"Notice on a General Plan for the National Development and Reform Commission and other'
    )
    assert note(seed_excerpt, 0, 11).text == (
        "Observing the Social Credit System: The Credit Society is coming, are you ready?"
    )
    assert "joined from 5 pieces" in note(seed_excerpt, 0, 9).reconstruction[0]


def test_a_links_end_printed_away_from_its_note_is_joined_by_its_date(synthetic):
    du = note(synthetic, 3, 4).citations[0]
    assert du.url == "http://ex.cssn.cn/dzyx/dzyx_xyzs/201806/t20180614_4366165"


def test_a_note_cut_by_a_page_break_runs_on(synthetic):
    assert note(synthetic, 3, 5).citations[0].title == "Data exchanges multiply, but few trade"


def test_a_note_printed_among_the_next_chapters_notes_is_moved_back(synthetic):
    moved = note(synthetic, 1, 7)
    assert moved.citations[0].authors[0].name == "Feng Zhaokui"
    assert "moved back" in moved.reconstruction[0]
    assert [f.number for f in synthetic.chapters[2].footnotes] == [1, 2, 3, 4, 5, 6]
