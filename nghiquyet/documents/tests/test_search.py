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
def test_r21_search_takes_two_queries_whatever_the_data(rows):
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
    assert len(queries) == 2  # count, page
    assert page.total == rows and len(page.results) == min(rows, 20)
    # Ties on rank: the most recent first.
    assert page.results[0].entry.object_id == rows
