"""Search (R21 records found again): diacritics and case ignored (đ → d included) on SQLite and PostgreSQL
alike, every word required, ranked, filtered, with snippets highlighting the words in the original text,
within what the caller sees, in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nghiquyet.documents import search
from nghiquyet.documents.confidentiality import Viewer
from nghiquyet.documents.models import SearchEntry

pytestmark = pytest.mark.django_db

G1 = "DUK/G1/"
G2 = "DUK/G2/"


def _doc(n, title, text="", *, path=G1, kind="resolution", date=dt.date(2026, 12, 5), **kw):
    code = path.rstrip("/").rsplit("/", 1)[-1]
    return search.Doc(
        kind=kind,
        object_id=n,
        org_id=1 if path.startswith(G1) else 2,
        org_code=code,
        org_name=f"Đảng bộ {code}",
        org_path=path,
        title=title,
        text=text,
        date=date,
        url=f"/x/{n}/",
        **kw,
    )


def _titles(page) -> list[str]:
    return [r.entry.title for r in page.results]


def test_r21_fold_keeps_one_character_per_character():
    text = "Nghị quyết ĐẢNG ỦY\tchuyên đề"
    folded = search.fold_chars(text)
    assert folded == "nghi quyet dang uy chuyen de" and len(folded) == len(text)
    assert search.query_words("  Nghị QUYẾT nghi, (Đảng) ") == ["nghi", "quyet", "dang"]


def test_r21_search_ignores_diacritics_and_case_dang_finds_dang():
    search.index([_doc(1, "Nghị quyết về công tác xây dựng Đảng"), _doc(2, "Kế hoạch kiểm tra")])
    for query in ("dang", "Đảng", "ĐẢNG", "xay dung dang", "xây dựng Đảng", "XAY DUNG"):
        assert _titles(search.search(query, None)) == ["Nghị quyết về công tác xây dựng Đảng"], query


def test_r19_nghi_quyet_chuyen_de_finds_the_thematic_resolution():
    search.index(
        [
            _doc(1, "Nghị quyết chuyên đề về chuyển đổi số", "Lý do chọn chuyên đề: yêu cầu cải cách."),
            _doc(2, "Nghị quyết tháng 12", "Không có chuyên đề."),
            _doc(
                3,
                "Biên bản hội nghị",
                "Thông qua nghị quyết chuyên đề về cải cách hành chính.",
                kind="minutes",
            ),
        ]
    )
    page = search.search("nghi quyet chuyen de", None)
    # Every word must occur; the phrase in the title ranks first, the phrase in the text next.
    assert _titles(page) == [
        "Nghị quyết chuyên đề về chuyển đổi số",
        "Biên bản hội nghị",
        "Nghị quyết tháng 12",
    ]
    assert page.total == 3
    # "chuyen" also matches the start of "chuyển": diacritics are ignored both ways.
    assert (
        str(page.results[0].title_html) == "<mark>Nghị quyết chuyên đề</mark> về <mark>chuyển</mark> đổi số"
    )
    assert "<mark>nghị quyết chuyên đề</mark>" in str(page.results[1].snippet_html)
    assert _titles(search.search("chuyen de chuyen doi so", None)) == [
        "Nghị quyết chuyên đề về chuyển đổi số"
    ]


def test_r21_snippet_is_cut_around_the_match_and_escaped():
    long = "Mở đầu. " * 60 + "Tăng cường <kiểm tra> việc thực hiện nghị quyết. " + "Kết thúc. " * 60
    search.index([_doc(1, "Báo cáo", long)])
    snippet = str(search.search("kiem tra", None).results[0].snippet_html)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "Tăng cường &lt;<mark>kiểm tra</mark>&gt; việc" in snippet
    assert len(snippet) < search.SNIPPET_CHARS + 80


def test_r21_filters_by_type_organization_and_period():
    search.index(
        [
            _doc(1, "Nghị quyết tháng 11", date=dt.date(2026, 11, 5)),
            _doc(2, "Nghị quyết tháng 12", date=dt.date(2026, 12, 5)),
            _doc(3, "Nghị quyết của chi bộ", path="DUK/G1/C1/", date=dt.date(2026, 12, 6)),
            _doc(4, "Thực hiện nghị quyết", kind="item", date=dt.date(2026, 12, 20)),
        ]
    )
    assert search.search("nghi quyet", None).total == 4
    assert _titles(search.search("nghi quyet", None, kinds=["item"])) == ["Thực hiện nghị quyết"]
    assert _titles(search.search("nghi quyet", None, org_path="DUK/G1/C1/")) == ["Nghị quyết của chi bộ"]
    period = search.search("nghi quyet", None, date_from=dt.date(2026, 12, 1), date_to=dt.date(2026, 12, 10))
    assert set(_titles(period)) == {"Nghị quyết tháng 12", "Nghị quyết của chi bộ"}


def test_r21_only_the_visible_subtrees_are_searched():
    search.index(
        [_doc(1, "Nghị quyết G1"), _doc(2, "Nghị quyết G2", path=G2), _doc(3, "NQ chi bộ", path=G1 + "C1/")]
    )
    assert set(_titles(search.search("nghi quyet", [G1]))) == {"Nghị quyết G1"}
    assert search.search("nghi quyet", [G2]).total == 1
    assert search.search("nghi quyet", ()).total == 0
    assert search.search("nghi quyet", None).total == 2


def test_r21_classified_entries_only_for_their_roles():
    search.index(
        [
            _doc(1, "Nghị quyết công khai"),
            _doc(2, "Nghị quyết mật", confidentiality="secret", roles=["secretary", "inspection_committee"]),
        ]
    )
    secretary = Viewer(person_id=1, seats={1: "secretary"})
    member = Viewer(person_id=2, seats={1: "member"})
    inspector = Viewer(person_id=3, bodies=frozenset({("inspection_committee", "DUK/")}))
    board = Viewer(person_id=4, bodies=frozenset({("organization_board", "DUK/")}))
    assert search.search("nghi quyet", None, viewer=secretary).total == 2
    assert search.search("nghi quyet", None, viewer=inspector).total == 2
    for viewer in (member, board, None):
        assert _titles(search.search("nghi quyet", None, viewer=viewer)) == ["Nghị quyết công khai"]


def test_r21_reindexing_replaces_an_entry():
    search.index([_doc(1, "Nghị quyết cũ")])
    search.index([_doc(1, "Nghị quyết mới")])
    assert list(SearchEntry.objects.values_list("title", flat=True)) == ["Nghị quyết mới"]
    search.unindex("resolution", [1])
    assert not SearchEntry.objects.exists()


def test_r21_empty_query_finds_nothing_without_a_query():
    search.index([_doc(1, "Nghị quyết")])
    with CaptureQueriesContext(connection) as queries:
        assert search.search("  ,, ", None).total == 0
    assert len(queries) == 0


@pytest.mark.parametrize("rows", [3, 30])
def test_r21_search_takes_three_queries_whatever_the_data(rows):
    search.index(
        _doc(
            n,
            f"Nghị quyết số {n} về xây dựng Đảng",
            "Nội dung nghị quyết " * 20,
            date=dt.date(2026, 1, 1) + dt.timedelta(n),
        )
        for n in range(1, rows + 1)
    )
    viewer = Viewer(person_id=1, seats={1: "secretary"}, bodies=frozenset({("office", "DUK/")}))
    with CaptureQueriesContext(connection) as queries:
        page = search.search("xay dung dang", [G1, G2], viewer=viewer, limit=20)
    # how many entries lie under G1 and G2 (the org_path index), their matches, the ranked page
    assert len(queries) == 3, [q["sql"] for q in queries]
    assert page.total == rows and len(page.results) == min(rows, 20)
    # Ties on rank: the most recent first.
    assert page.results[0].entry.object_id == rows


# ---------------------------------------------------------------- entries addressed from above (guidance)

BLOC = "DUK/"


def _addressed(n, audience, *, path=BLOC):
    return _doc(n, f"Hướng dẫn số {n}", "Định hướng sinh hoạt", path=path, kind="guidance", audience=audience)


def _found(paths, viewer) -> set[int]:
    return {r.entry.object_id for r in search.search("huong dan", paths, viewer=viewer, limit=50).results}


def test_r28_an_audience_reaches_the_committees_addressed_and_the_staff_above_only():
    search.index(
        [
            _addressed(1, ["*"]),  # every organization strictly under the bloc
            _addressed(2, [G1]),  # G1 and the cells under it
            _addressed(3, ["-"]),  # no committee: the upper level only
            _addressed(4, [G2], path="OTHER/"),  # another bloc's guidance
            _doc(5, "Hướng dẫn nội bộ của G1", path=G1),  # an ordinary entry of G1
        ]
    )
    g1_member = Viewer(person_id=1, seats={1: "member"}, seat_paths=frozenset({G1}))
    g2_member = Viewer(person_id=2, seats={2: "member"}, seat_paths=frozenset({G2}))
    cell_member = Viewer(person_id=3, seats={3: "member"}, seat_paths=frozenset({G1 + "C1/"}))
    bloc_member = Viewer(person_id=4, seats={4: "member"}, seat_paths=frozenset({BLOC}))
    board = Viewer(person_id=5, bodies=frozenset({("organization_board", BLOC)}))
    assert _found([G1], g1_member) == {1, 2, 5}
    assert _found([G1 + "C1/"], cell_member) == {1, 2}
    assert _found([G2], g2_member) == {1}
    # The bloc's own committee sees the bloc's subtree, but what is addressed below is not theirs.
    assert _found([BLOC], bloc_member) == {5}
    assert _found([BLOC], board) == {1, 2, 3, 5}
    # Without a viewer only ordinary entries of the visible subtrees; everything for a superuser (None).
    assert _found([BLOC], None) == {5}
    assert _found(None, None) == {1, 2, 3, 4, 5}


def test_r28_audience_is_stored_as_delimited_paths():
    search.index([_addressed(1, [G2, G1]), _addressed(2, [])])
    assert dict(SearchEntry.objects.values_list("object_id", "audience")) == {1: f",{G1},{G2},", 2: ""}
    # "DUK/G1/" does not reach "DUK/G10/": paths end with the separator.
    g10 = Viewer(person_id=1, seats={1: "member"}, seat_paths=frozenset({"DUK/G10/"}))
    assert _found(["DUK/G10/"], g10) == set()


@pytest.mark.parametrize("rows", [3, 30])
def test_r28_search_with_seats_and_posts_takes_three_queries(rows):
    search.index(_addressed(n, ["*"] if n % 2 else [G1]) for n in range(1, rows + 1))
    viewer = Viewer(
        person_id=1,
        seats={1: "secretary", 3: "member"},
        seat_paths=frozenset({G1, G1 + "C1/"}),
        bodies=frozenset({("office", "OTHER/")}),
    )
    with CaptureQueriesContext(connection) as queries:
        page = search.search("huong dan", [G1], viewer=viewer)
    assert len(queries) == 3
    assert page.total == rows


# ---------------------------------------------------------------- finding the most recent matches cheaply


@pytest.fixture
def small_windows(monkeypatch):
    """The city-scale windows scaled down, so every path of `_candidates` runs on a few rows."""
    monkeypatch.setattr(search, "MAX_COUNT", 3)
    monkeypatch.setattr(search, "CANDIDATES", 4)
    monkeypatch.setattr(search, "NARROW", 3)
    monkeypatch.setattr(search, "FIRST_WINDOW", 6)
    monkeypatch.setattr(search, "MAX_WINDOW", 24)


def _spread(rows: int, every: int, word: str = "chuyen doi so") -> list[int]:
    """`rows` entries, one day apart, every `every`-th holding the words; the ids of the matches."""
    search.index(
        _doc(
            n,
            f"Nghị quyết số {n}",
            "Thúc đẩy chuyển đổi số." if n % every == 0 else "Công tác cán bộ.",
            date=dt.date(2026, 1, 1) + dt.timedelta(n),
        )
        for n in range(1, rows + 1)
    )
    return [n for n in range(rows, 0, -1) if n % every == 0]


@pytest.mark.parametrize(
    ("rows", "every", "queries"),
    [
        (3, 2, 3),  # a narrow scope, read whole
        (5, 2, 3),  # a wider one that the first window still holds whole
        (40, 1, 3),  # a common word: the first window has enough
        (40, 4, 4),  # thinly spread: a wider window
        (60, 30, 5),  # rare: through the index
        (40, 100, 3),  # nowhere: the index says so, and there is no page to rank
    ],
)
def test_r21_the_most_recent_matches_are_found_whatever_the_path(small_windows, rows, every, queries):
    expected = _spread(rows, every)
    pks = dict(SearchEntry.objects.values_list("object_id", "pk"))
    with CaptureQueriesContext(connection) as captured:
        page = search.search("chuyen doi so", [G1], limit=10)
    # The same entries as reading everything would give: the most recent matches, counted up to the cap.
    assert page.total == min(len(expected), 3) and page.more == (len(expected) > 3)
    assert [r.entry.object_id for r in page.results] == expected[:4]
    # count under G1, then the matches (one to three queries), then the page when there is one
    assert len(captured) == queries
    scope = SearchEntry.objects.filter(org_path__startswith=G1)
    # Reading a scope whole is for narrow ones only (NARROW is 3 here); reading it newest first, for any.
    for narrow in (True, False) if rows <= 3 else (False,):
        found = search._candidates(scope, ["chuyen", "doi", "so"], narrow=narrow)
        assert found == [pks[n] for n in expected[:4]], narrow


def test_r21_words_with_like_wildcards_are_taken_literally():
    search.index(
        [
            _doc(1, "Tỷ lệ 100% đảng viên"),
            _doc(2, "Tỷ lệ 1000 đảng viên"),
            _doc(3, "mã a_b"),
            _doc(4, "mã axb"),
        ]
    )
    assert _titles(search.search("100%", None)) == ["Tỷ lệ 100% đảng viên"]
    assert _titles(search.search("a_b", None)) == ["mã a_b"]
