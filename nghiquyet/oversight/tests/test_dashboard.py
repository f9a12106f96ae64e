"""The bloc dashboard (R31): every figure checked against values counted by hand on a small bloc, the
totals, the filters and sorting, who sees which rows, the drill-down, the XLSX export, and a query
count that does not grow with the number of organizations.

The data (`build`) covers the first quarter of 2025 for three grassroots organizations of `world`:
G1 (a grassroots committee) with meetings, resolutions, items and difficulties chosen to hit every
edge of the definitions; G2 (a cell) that meets twice in March; CQDUK with nothing at all.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nghiquyet.meetings.models import Indicators, Meeting, MeetingKind, MeetingStatus
from nghiquyet.orgs.models import Organization, OrgKind
from nghiquyet.orgs.tests.factories import OrganizationFactory
from nghiquyet.oversight.dashboard import COLUMNS, Window, _sources_statement, compute, grassroots_in
from nghiquyet.oversight.models import UpperDifficulty, UpperDifficultyStatus
from nghiquyet.resolutions.models import (
    Difficulty,
    DifficultyStatus,
    Item,
    ItemStatus,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
)

pytestmark = pytest.mark.django_db

Q1_START, Q1_END = dt.date(2025, 1, 1), dt.date(2025, 3, 31)
Q1 = {"period": "quarter", "year": 2025, "number": 1}
D = dt.date


# ---------------------------------------------------------------- data


def meeting(org, day, kind=MeetingKind.REGULAR, status=MeetingStatus.HELD, **figures) -> Meeting:
    m = Meeting.objects.create(org=org, kind=kind, title=f"{kind} {day}", date=day, status=status)
    if figures:
        Indicators.objects.create(meeting=m, **figures)
    return m


def figures(on_day, lead, attendance, speakers, reviewed) -> dict:
    return {
        "on_regulation_day": on_day,
        "notice_lead_days": lead,
        "attendance_pct": None if attendance is None else Decimal(attendance),
        "speakers_per_attendee": None if speakers is None else Decimal(speakers),
        "last_month_reviewed": reviewed,
    }


def resolution(org, kind, issued_on, quality=None, items=(), status=ResolutionStatus.ISSUED, people=None):
    """A resolution with its items, created as a draft (items may only be added then) and then issued."""
    r = Resolution.objects.create(org=org, kind=kind, title=f"NQ {kind} {issued_on}")
    made = []
    for spec in items:
        spec = {
            "assignee": people.secretary,
            "supervisor": people.committee_member,
            "measures": "Biện pháp",
            **spec,
        }
        made.append(Item.objects.create(resolution=r, order=len(made) + 1, **spec))
    if status != ResolutionStatus.DRAFT:
        Resolution.objects.filter(pk=r.pk).update(
            status=status, issued_on=issued_on, quality_score=quality, number_display=f"Số {r.pk:02d}-NQ/ĐU"
        )
    r.refresh_from_db()
    return r, made


def done(day):
    return {"status": ItemStatus.DONE, "completed_on": day}


def build(world) -> SimpleNamespace:
    people = world.people
    g1, g2 = world.g1, world.g2
    # G1: two regular meetings held, one planned; a Standing Committee meeting and meetings outside the
    # quarter that must not count; a thematic meeting whose indicators count but which is no monthly one.
    meeting(g1, D(2025, 1, 5), status=MeetingStatus.SIGNED, **figures(True, 3, "90.0", "0.50", True))
    meeting(g1, D(2025, 2, 4), **figures(False, 1, "80.0", "0.30", False))
    meeting(g1, D(2025, 3, 4), status=MeetingStatus.PLANNED)
    meeting(g1, D(2025, 1, 10), kind=MeetingKind.STANDING, **figures(True, 10, "50.0", "2.00", True))
    meeting(g1, D(2025, 3, 15), kind=MeetingKind.THEMATIC, **figures(None, 5, "100.0", None, False))
    meeting(g1, D(2024, 12, 5), **figures(True, 7, "10.0", "3.00", True))
    meeting(g1, D(2025, 4, 3), **figures(True, 7, "10.0", "3.00", True))
    meeting(g1, D(2025, 3, 20), status=MeetingStatus.CANCELLED)

    _r1, (i1, i2, i3, _i4) = resolution(
        g1,
        ResolutionKind.REGULAR,
        D(2025, 1, 6),
        quality=80,
        people=people,
        items=[
            {"content": "Việc 1: xong đúng hạn", "deadline": D(2025, 2, 15), **done(D(2025, 2, 10))},
            {"content": "Việc 2: xong trễ hạn", "deadline": D(2025, 2, 20), **done(D(2025, 3, 1))},
            {
                "content": "Việc 3: chưa xong, quá hạn",
                "deadline": D(2025, 3, 10),
                "status": ItemStatus.IN_PROGRESS,
            },
            {"content": "Việc 4: chưa có người đôn đốc", "deadline": D(2025, 5, 30), "supervisor": None},
        ],
    )
    _r2, (i5, _i6) = resolution(
        g1,
        ResolutionKind.THEMATIC,
        D(2025, 3, 16),
        quality=70,
        people=people,
        items=[
            {"content": "Việc 5: xong sau kỳ", "deadline": D(2025, 3, 20), **done(D(2025, 4, 10))},
            {"content": "Việc 6: thiếu biện pháp", "deadline": D(2025, 6, 30), "measures": ""},
        ],
    )
    resolution(g1, ResolutionKind.OTHER, D(2025, 2, 1), people=people)
    _r4, (i7, i8) = resolution(
        g1,
        ResolutionKind.REGULAR,
        D(2024, 12, 6),
        quality=50,
        people=people,
        items=[
            {
                "content": "Việc 7: nghị quyết tháng trước, xong đúng hạn",
                "deadline": D(2025, 1, 20),
                **done(D(2025, 1, 18)),
            },
            {"content": "Việc 8: nghị quyết tháng trước, quá hạn", "deadline": D(2024, 12, 20)},
        ],
    )
    # Not issued, or issued after the quarter: nothing of them counts.
    resolution(
        g1,
        ResolutionKind.REGULAR,
        None,
        quality=10,
        people=people,
        status=ResolutionStatus.DRAFT,
        items=[{"content": "Dự thảo", "deadline": D(2025, 2, 1)}],
    )
    resolution(
        g1,
        ResolutionKind.REGULAR,
        D(2025, 4, 5),
        quality=10,
        people=people,
        items=[{"content": "Tháng 4", "deadline": D(2025, 3, 30)}],
    )
    Difficulty.objects.create(item=i3, reporter=people.secretary, text="Thiếu kinh phí")
    Difficulty.objects.create(
        item=i1, reporter=people.secretary, text="Đã trả lời", status=DifficultyStatus.ANSWERED
    )
    for status in (
        UpperDifficultyStatus.OPEN,
        UpperDifficultyStatus.ASSIGNED,
        UpperDifficultyStatus.ANSWERED,
    ):
        UpperDifficulty.objects.create(
            org=g1, filed_by=people.secretary, title=f"Vướng mắc {status}", text="…", status=status
        )

    # G2: a monthly meeting every month and a second one in March (held / due stays at 100%).
    meeting(g2, D(2025, 1, 10), status=MeetingStatus.SIGNED, **figures(True, 2, "100.0", "1.00", True))
    meeting(g2, D(2025, 2, 10), **figures(True, 2, "60.0", "0.20", True))
    meeting(g2, D(2025, 3, 10))
    meeting(g2, D(2025, 3, 25))
    resolution(
        g2,
        ResolutionKind.REGULAR,
        D(2025, 1, 11),
        quality=90,
        people=SimpleNamespace(secretary=people.outsider, committee_member=people.outsider),
        items=[{"content": "Việc của chi bộ", "deadline": D(2025, 1, 31), **done(D(2025, 1, 31))}],
    )
    return SimpleNamespace(i1=i1, i2=i2, i3=i3, i5=i5, i7=i7, i8=i8)


# The figures counted by hand for the first quarter of 2025 (see `build`).
EXPECTED = {
    "G1": {
        "held": 2,
        "due": 3,
        "held_pct": 66.7,
        "on_day_pct": 50.0,  # on the day / known: the January meeting of two (thematic one unknown)
        "notice_lead": 3.0,  # (3 + 1 + 5) / 3: the thematic meeting counts, the standing one not
        "attendance_pct": 90.0,  # (90 + 80 + 100) / 3
        "speakers_per_attendee": 0.40,  # (0.50 + 0.30) / 2
        "regular": 1,
        "thematic": 1,
        "complete_pct": 66.7,  # items 1, 2, 3, 5 of 1-6
        "on_time_pct": 40.0,  # items 1 and 7 of 1, 2, 3, 5, 7
        "overdue": 3,  # items 3, 5 (done only after the quarter) and 8
        "reviews": 1,
        "item_difficulties": 1,  # one on an item awaiting the committee (the answered one not)
        "upper_difficulties": 2,  # two reported up, not answered (open and assigned)
        "quality": 75.0,  # (80 + 70) / 2: the "other" resolution has no score
    },
    "G2": {
        "held": 4,
        "due": 3,
        "held_pct": 100.0,
        "on_day_pct": 100.0,
        "notice_lead": 2.0,
        "attendance_pct": 80.0,
        "speakers_per_attendee": 0.60,
        "regular": 1,
        "thematic": 0,
        "complete_pct": 100.0,
        "on_time_pct": 100.0,  # done on the deadline day
        "overdue": 0,
        "reviews": 2,
        "item_difficulties": 0,
        "upper_difficulties": 0,
        "quality": 90.0,
    },
    "CQDUK": {
        "held": 0,
        "due": 3,
        "held_pct": 0.0,
        "on_day_pct": None,
        "notice_lead": None,
        "attendance_pct": None,
        "speakers_per_attendee": None,
        "regular": 0,
        "thematic": 0,
        "complete_pct": None,
        "on_time_pct": None,
        "overdue": 0,
        "reviews": 0,
        "item_difficulties": 0,
        "upper_difficulties": 0,
        "quality": None,
    },
}
EXPECTED_TOTALS = {
    "held": 6,
    "due": 9,
    "held_pct": 55.6,  # (2 + 3 + 0) / 9: G2's second March meeting makes up for no one
    "on_day_pct": 75.0,  # 3 / 4
    "notice_lead": 2.6,  # 13 / 5
    "attendance_pct": 86.0,  # 430 / 5
    "speakers_per_attendee": 0.50,  # 2.0 / 4
    "regular": 2,
    "thematic": 1,
    "complete_pct": 71.4,  # 5 / 7
    "on_time_pct": 50.0,  # 3 / 6
    "overdue": 3,
    "reviews": 3,
    "item_difficulties": 1,
    "upper_difficulties": 2,
    "quality": 80.0,  # 240 / 3
}


@pytest.fixture
def data(world):
    return build(world)


def q1() -> Window:
    """The first quarter of 2025, seen from a later day."""
    return Window.of(Q1_START, Q1_END, D(2026, 1, 15))


def figures_of(sums) -> dict:
    return {c.key: getattr(sums, c.key) for c in COLUMNS}


# ---------------------------------------------------------------- the figures


def test_r31_every_figure_of_every_organization_matches_the_hand_count(world, data):
    board = compute(grassroots_in([world.bloc]), q1())
    rows = {row.code: row for row in board.rows}
    assert set(rows) == {"G1", "G2", "CQDUK"}
    for code, expected in EXPECTED.items():
        assert figures_of(rows[code]) == pytest.approx(expected), code
    assert rows["G1"].resolutions == 3  # the "other" one counts in the total only
    assert rows["G1"].items == 6 and rows["G1"].items_due == 5


def test_r31_the_totals_are_weighted_sums_not_averages_of_rows(world, data):
    board = compute(grassroots_in([world.bloc]), q1())
    assert figures_of(board.totals) == pytest.approx(EXPECTED_TOTALS)


def test_r31_the_running_month_counts_once_its_meeting_is_held(world, data):
    """As of 10 March 2025 in the year 2025: January and February are due; March only for G2, whose
    March meeting was held on the 10th. Items due after the day do not count as overdue yet."""
    board = compute(grassroots_in([world.bloc]), Window.of(D(2025, 1, 1), D(2025, 12, 31), D(2025, 3, 10)))
    rows = {row.code: row for row in board.rows}
    assert (rows["G1"].held, rows["G1"].due, rows["G1"].held_pct) == (2, 2, 100.0)
    assert (rows["G2"].held, rows["G2"].due, rows["G2"].held_pct) == (3, 3, 100.0)
    assert (rows["CQDUK"].held, rows["CQDUK"].due) == (0, 2)
    # Item 3 is due on the 10th itself, item 5's resolution is not issued yet: only item 8 is overdue.
    assert rows["G1"].overdue == 1
    assert rows["G1"].regular == 1 and rows["G1"].thematic == 0


def test_r31_an_item_completed_after_the_period_stays_overdue_for_that_period(world, data):
    """Item 5 was done on 10 April: overdue as of 31 March, not as of 30 April."""
    march = compute(grassroots_in(ids=[world.g1.pk]), Window.of(D(2025, 3, 1), D(2025, 3, 31), D(2026, 1, 1)))
    april = compute(grassroots_in(ids=[world.g1.pk]), Window.of(D(2025, 4, 1), D(2025, 4, 30), D(2026, 1, 1)))
    assert march.rows[0].overdue == 3
    # In April: items 3 and 8 are still open and the item of April's resolution (due 30 March) is late;
    # item 5 is done.
    assert april.rows[0].overdue == 3
    may = compute(grassroots_in(ids=[world.g1.pk]), Window.of(D(2025, 5, 1), D(2025, 5, 31), D(2025, 4, 15)))
    assert may.rows[0].overdue == 0  # a period after the day: no figures yet


def test_r31_the_statement_built_once_serves_every_window_and_selection(world, data):
    """The sources' statement is built once per process with stand-in dates: each later window and
    selection gets its own figures, as if the statement were built for it."""
    windows = [
        (grassroots_in([world.bloc]), q1()),
        (grassroots_in(ids=[world.g1.pk]), Window.of(D(2025, 3, 1), D(2025, 3, 31), D(2026, 1, 1))),
        (grassroots_in([world.bloc]), Window.of(D(2025, 1, 1), D(2025, 12, 31), D(2025, 3, 10))),  # running
        (grassroots_in(ids=[world.g2.pk]), Window.of(D(2025, 4, 1), D(2025, 4, 30), D(2026, 1, 1))),
    ]
    _sources_statement.cache_clear()
    reused = [[figures_of(r) | {"code": r.code} for r in compute(o, w).rows] for o, w in windows]
    assert _sources_statement.cache_info().misses == 2  # a running month or not
    for (orgs, window), figures in zip(windows, reused, strict=True):
        _sources_statement.cache_clear()
        assert [figures_of(r) | {"code": r.code} for r in compute(orgs, window).rows] == figures
    assert [len(f) for f in reused] == [3, 1, 3, 1]
    assert reused[0] != reused[2] and reused[1] != reused[3]


def test_r31_the_monthly_trend(world, data):
    board = compute(grassroots_in([world.bloc]), q1())
    months = {p["month"]: p for p in board.trend}
    assert len(board.trend) == 12 and board.trend[-1]["month"] == D(2025, 3, 1)
    assert (months[D(2025, 1, 1)]["held"], months[D(2025, 3, 1)]["held"]) == (2, 2)
    assert months[D(2025, 2, 1)]["on_day_pct"] == 50.0  # G1 late, G2 on the day
    assert months[D(2025, 1, 1)]["attendance_pct"] == 95.0
    assert months[D(2025, 2, 1)]["on_time_pct"] == 50.0  # items 1 (on time) and 2 (late)
    assert (months[D(2025, 1, 1)]["resolutions"], months[D(2025, 1, 1)]["quality"]) == (2, 85)
    assert months[D(2024, 12, 1)]["resolutions"] == 1
    assert months[D(2024, 6, 1)]["held"] == 0 and months[D(2024, 6, 1)]["quality"] is None


def test_r31_an_organization_dissolved_before_the_period_has_no_row(world, client_for):
    OrganizationFactory(code="GX", name="Đảng bộ đã giải thể", parent=world.bloc, active_to=D(2024, 6, 30))
    body = client_for(world.btc).get(reverse("oversight:dashboard"), Q1).content.decode()
    assert 'data-org="GX"' not in body and 'data-org="G1"' in body


# ---------------------------------------------------------------- the page


def page_rows(response) -> list[str]:
    return re.findall(r'<tr data-org="([^"]+)"', response.content.decode())


def shown(body: str, marker: str) -> dict[str, str]:
    """The text of each figure cell (by column key) in the table row opened by `marker`."""
    row = body.split(marker, 1)[1].split("</tr>", 1)[0]
    return {
        key: re.sub(r"<[^>]+>", "", text).strip()
        for key, text in re.findall(r'data-col="([a-z_]+)">(.*?)</t[dh]>', row, re.S)
    }


def test_r31_the_page_shows_each_row_and_the_totals(world, data, client_for):
    response = client_for(world.btc).get(reverse("oversight:dashboard"), Q1)
    assert response.status_code == 200
    assert page_rows(response) == ["CQDUK", "G1", "G2"]  # by code
    body = response.content.decode()
    assert "Quarter I/2025" in body and "Đảng bộ Khối các cơ quan" in body
    g1 = shown(body, '<tr data-org="G1">')
    assert g1 == {
        "held": "2",
        "due": "3",
        "held_pct": "66.7",
        "on_day_pct": "50.0",
        "notice_lead": "3.0",
        "attendance_pct": "90.0",
        "speakers_per_attendee": "0.40",
        "regular": "1",
        "thematic": "1",
        "complete_pct": "66.7",
        "on_time_pct": "40.0",
        "overdue": "3",
        "reviews": "1",
        "item_difficulties": "1",
        "upper_difficulties": "2",
        "quality": "75",
    }
    assert shown(body, '<tr data-org="CQDUK">')["quality"] == "–"
    totals = shown(body, 'id="dashboard-totals"')
    assert (totals["held_pct"], totals["notice_lead"], totals["speakers_per_attendee"]) == (
        "55.6",
        "2.6",
        "0.50",
    )
    assert "Total: 3 organizations" in body.split('id="dashboard-totals"')[1].split("</tr>")[0]
    assert 'href="/oversight/dashboard/G1/?period=quarter&amp;year=2025&amp;number=1"' in body
    assert "dash-bad" in body  # the overdue items are flagged
    assert 'id="trend-data"' in body


def test_r31_the_default_period_is_the_current_year(world, client_for):
    response = client_for(world.btc).get(reverse("oversight:dashboard"))
    assert response.status_code == 200
    assert f"Year {timezone.localdate().year}" in response.content.decode()
    assert page_rows(response) == ["CQDUK", "G1", "G2"]


def test_r31_numbers_follow_the_locale(world, data, client):
    client.cookies["django_language"] = "vi"
    client.force_login(world.btc)
    body = client.get(reverse("oversight:dashboard"), Q1).content.decode()
    assert shown(body, 'id="dashboard-totals"')["held_pct"] == "55,6"


@pytest.mark.parametrize(
    ("sort", "direction", "expected"),
    [
        ("overdue", "desc", ["G1", "CQDUK", "G2"]),
        ("quality", "asc", ["G1", "G2", "CQDUK"]),  # no score sorts last both ways
        ("quality", "desc", ["G2", "G1", "CQDUK"]),
        ("name", "asc", ["G2", "CQDUK", "G1"]),  # Chi bộ Ban…, Chi bộ Cơ quan…, Đảng bộ… (folded)
        ("held", "desc", ["G2", "G1", "CQDUK"]),
    ],
)
def test_r31_sorting_by_any_column(world, data, client_for, sort, direction, expected):
    response = client_for(world.btc).get(
        reverse("oversight:dashboard"), {**Q1, "sort": sort, "dir": direction}
    )
    assert page_rows(response) == expected


def test_r31_header_links_sort_worst_first_and_keep_the_other_parameters(world, data, client_for):
    body = client_for(world.btc).get(reverse("oversight:dashboard"), {**Q1, "kind": ""}).content.decode()
    assert 'href="?period=quarter&amp;year=2025&amp;number=1&amp;kind=&amp;sort=overdue&amp;dir=desc"' in body
    assert "sort=on_time_pct&amp;dir=asc" in body
    sorted_body = (
        client_for(world.btc)
        .get(reverse("oversight:dashboard"), {**Q1, "sort": "overdue", "dir": "desc"})
        .content.decode()
    )
    assert "sort=overdue&amp;dir=asc" in sorted_body  # a second click turns the order round
    assert 'aria-sort="descending"' in sorted_body


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": OrgKind.GRASSROOTS_CELL}, ["CQDUK", "G2"]),
        ({"kind": OrgKind.GRASSROOTS_COMMITTEE}, ["G1"]),
        ({"q": "tu phap"}, ["G1"]),
        ({"q": "DÂN TỘC"}, ["G2"]),
        ({"q": "cqd"}, ["CQDUK"]),
        ({"overdue": "on"}, ["G1"]),
    ],
)
def test_r31_filters(world, data, client_for, filters, expected):
    response = client_for(world.btc).get(reverse("oversight:dashboard"), {**Q1, **filters})
    assert page_rows(response) == expected


def test_r31_the_totals_follow_the_filters(world, data, client_for):
    body = client_for(world.btc).get(reverse("oversight:dashboard"), {**Q1, "overdue": "on"}).content.decode()
    assert "Total: 1 organization<" in body.split('id="dashboard-totals"')[1].split("</tr>")[0]
    assert shown(body, 'id="dashboard-totals"')["held"] == "2"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "hai nghìn"}, "Year: Enter a whole number."),
        ({"period": "month", "year": 2025}, "Month or quarter: Give a month from 1 to 12"),
        ({"period": "quarter", "year": 2025, "number": 5}, "Month or quarter: Give a quarter from 1 to 4"),
        ({"sort": "password"}, "Sort by: Select a valid choice."),
        ({"root": "G1C1"}, "Organizations under: Choose a bloc or a grassroots organization."),
    ],
)
def test_r31_bad_parameters_get_an_error_naming_the_field(world, client_for, params, message):
    response = client_for(world.btc).get(reverse("oversight:dashboard"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    xlsx = client_for(world.btc).get(reverse("oversight:dashboard_xlsx"), params)
    assert xlsx.status_code == 400 and message in xlsx.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "month", "year": 2025}, "Month or quarter: Give a month from 1 to 12"),
        ({"period": "quarter", "year": 2025}, "Month or quarter: Give a quarter from 1 to 4"),
        ({"period": "month", "year": 2025, "number": 13}, "Month or quarter: Give a month from 1 to 12"),
        ({"year": "abc"}, "Year: Enter a whole number."),
    ],
)
def test_r45_one_organizations_figures_answer_bad_parameters_with_a_400_naming_the_field(
    world, client_for, params, message
):
    """#16.2: the organization's page answered these with a 500 (its link back to the dashboard)."""
    response = client_for(world.btc).get(reverse("oversight:dashboard_org", args=["G1"]), params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'id="back-to-dashboard"' in body


def test_r31_pagination_sorts_over_all_rows(world, client_for):
    many_orgs(world, 230)
    response = client_for(world.btc).get(
        reverse("oversight:dashboard"), {**Q1, "sort": "code", "dir": "desc"}
    )
    assert page_rows(response)[:5] == ["G2", "G1", "CQDUK", "B0229", "B0228"]
    assert len(page_rows(response)) == 100
    third = client_for(world.btc).get(reverse("oversight:dashboard"), {**Q1, "sort": "code", "page": 3})
    assert len(page_rows(third)) == 33  # 233 organizations
    assert "Total: 233 organizations" in third.content.decode()


# ---------------------------------------------------------------- who sees what


def test_r31_a_grassroots_secretary_sees_only_their_own_row(world, data, client_for):
    response = client_for(world.secretary).get(reverse("oversight:dashboard"), Q1)
    assert response.status_code == 200
    assert page_rows(response) == ["G1"]
    body = response.content.decode()
    assert 'name="root"' not in body
    assert "Total: 1 organization<" in body


def test_r31_a_committee_member_and_the_cell_secretary_see_their_own_rows(world, data, client_for):
    assert page_rows(client_for(world.committee_member).get(reverse("oversight:dashboard"), Q1)) == ["G1"]
    assert page_rows(client_for(world.outsider).get(reverse("oversight:dashboard"), Q1)) == ["G2"]


def test_r31_the_inspection_committee_sees_the_bloc(world, data, client_for):
    assert page_rows(client_for(world.ubkt).get(reverse("oversight:dashboard"), Q1)) == ["CQDUK", "G1", "G2"]


def test_r31_out_of_reach_answers_404(world, data, client_for):
    other = OrganizationFactory(
        code="DUK2", name="Đảng bộ Khối doanh nghiệp", kind=OrgKind.BLOC, issuer_code="ĐUK"
    )
    OrganizationFactory(code="H1", name="Đảng bộ Công ty", parent=other)
    dashboard, xlsx = reverse("oversight:dashboard"), reverse("oversight:dashboard_xlsx")
    secretary = client_for(world.secretary)
    assert secretary.get(reverse("oversight:dashboard_org", args=["G2"]), Q1).status_code == 404
    assert secretary.get(reverse("oversight:dashboard_org", args=["G1"]), Q1).status_code == 200
    assert secretary.get(dashboard, {"root": "DUK"}).status_code == 404
    assert secretary.get(xlsx, {"root": "DUK"}).status_code == 404
    board = client_for(world.btc)
    assert board.get(dashboard, {"root": "DUK2"}).status_code == 404
    assert board.get(xlsx, {"root": "DUK2"}).status_code == 404
    assert board.get(dashboard, {"root": "NOPE"}).status_code == 404
    assert board.get(reverse("oversight:dashboard_org", args=["H1"])).status_code == 404
    assert board.get(reverse("oversight:dashboard_org", args=["G1C1"])).status_code == 404  # not grassroots
    member = client_for(world.member)  # no seat, no upper-level post
    for url in (dashboard, xlsx, reverse("oversight:dashboard_org", args=["G1"])):
        assert member.get(url).status_code == 404


def test_r31_anonymous_users_are_sent_to_log_in(world, client):
    assert client.get(reverse("oversight:dashboard")).status_code == 302


def test_r31_a_root_of_one_grassroots_organization(world, data, client_for):
    response = client_for(world.btc).get(reverse("oversight:dashboard"), {**Q1, "root": "G1"})
    assert page_rows(response) == ["G1"]
    assert '<option value="G1" selected>' in response.content.decode()


def test_r31_only_get(world, client_for):
    assert client_for(world.btc).post(reverse("oversight:dashboard")).status_code == 405


def test_r31_the_home_page_links_the_dashboard(world, client_for):
    body = client_for(world.btc).get(reverse("oversight:home")).content.decode()
    assert (
        f'href="{reverse("oversight:dashboard")}"'
        in body.split('id="upper-sections"')[1].split("</article>")[0]
    )


def test_r31_a_secretary_finds_their_own_figures_from_the_home_page(world, data, client_for):
    client = client_for(world.secretary)
    body = client.get(reverse("oversight:home")).content.decode()
    section = body.split('id="my-dashboard-section"')[1].split("</article>")[0]
    assert f'href="{reverse("oversight:dashboard")}"' in section
    assert page_rows(client.get(reverse("oversight:dashboard"), Q1)) == ["G1"]


# ---------------------------------------------------------------- the drill-down


def test_r31_the_drill_down_shows_the_row_meetings_items_and_difficulties(world, data, client_for):
    response = client_for(world.btc).get(reverse("oversight:dashboard_org", args=["G1"]), Q1)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'data-col="overdue"><a href="#org-overdue">Overdue items</a><strong>3</strong>', body)
    meetings = body.split('id="org-meetings"')[1].split("</table>")[0]
    assert meetings.count("<tr data-meeting=") == 6  # in the quarter, the cancelled and planned ones too
    assert (
        reverse("meetings:meeting", args=[Meeting.objects.get(org=world.g1, date=D(2025, 1, 5)).pk])
        in meetings
    )
    overdue = body.split('id="org-overdue"')[1].split("</table>")[0]
    for item in (data.i3, data.i5, data.i8):
        assert f'href="{reverse("resolutions:item", args=[item.pk])}"' in overdue
    assert overdue.count("<tr data-item=") == 3
    due = body.split('id="org-due"')[1].split("</table>")[0]
    assert due.count("<tr data-item=") == 5
    assert "Done late" in due and "Done on time" in due
    on_items = body.split('id="org-item-difficulties"')[1].split("</table>")[0]
    assert on_items.count("<tr data-difficulty=") == 1
    assert "Thiếu kinh phí" in on_items and "Đã trả lời" not in on_items
    reported = body.split('id="org-upper-difficulties"')[1].split("</table>")[0]
    assert reported.count("<tr data-difficulty=") == 2
    assert f'href="{reverse("oversight:dashboard")}?period=quarter&amp;year=2025&amp;number=1"' in body


def test_r31_the_drill_down_for_the_organizations_own_committee(world, data, client_for):
    response = client_for(world.committee_member).get(reverse("oversight:dashboard_org", args=["G1"]), Q1)
    assert response.status_code == 200
    assert "Vướng mắc open" in response.content.decode()


def test_r31_drill_down_queries_do_not_grow_with_meetings_and_items(world, data, client_for):
    client = client_for(world.btc)
    url = reverse("oversight:dashboard_org", args=["G1"])
    client.get(url, Q1)
    with CaptureQueriesContext(connection) as before:
        client.get(url, Q1)
    people = world.people
    for month in (1, 2, 3):
        for day in (6, 7, 8):
            meeting(
                world.g1,
                D(2025, month, day),
                kind=MeetingKind.EXTRAORDINARY,
                **figures(True, 2, "70.0", "0.5", False),
            )
        _r, items = resolution(
            world.g1,
            ResolutionKind.REGULAR,
            D(2025, month, 9),
            people=people,
            items=[{"content": f"Thêm {month}-{n}", "deadline": D(2025, month, 20)} for n in range(4)],
        )
        for item in items:
            Difficulty.objects.create(item=item, reporter=people.secretary, text="Thêm")
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, Q1)
    assert response.content.decode().count("<tr data-item=") == 3 + 12 + 5 + 12
    assert len(after) == len(before)


# ---------------------------------------------------------------- the workbook


def test_r31_the_xlsx_export(world, data, client_for):
    response = client_for(world.btc).get(
        reverse("oversight:dashboard_xlsx"), {**Q1, "sort": "overdue", "dir": "desc"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bang-theo-doi-DUK-2025-q1.xlsx"'
    ws = load_workbook(BytesIO(response.content)).active
    assert "Quarter I/2025" in ws["A1"].value and "Đảng bộ Khối các cơ quan" in ws["A1"].value
    header = [c.value for c in ws[2]]
    assert header == ["Code", "Organization", "Kind", *(str(c.label) for c in COLUMNS)]
    assert ws.freeze_panes == "C3"
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == ["G1", "CQDUK", "G2", "Total"]
    g1 = dict(zip(header, rows[0], strict=True))
    for column in COLUMNS:
        assert g1[str(column.label)] == pytest.approx(EXPECTED["G1"][column.key]), column.key
    assert g1["Kind"] == "Grassroots party committee"
    totals = dict(zip(header, rows[-1], strict=True))
    for column in COLUMNS:
        assert totals[str(column.label)] == pytest.approx(EXPECTED_TOTALS[column.key]), column.key
    held_pct = header.index("Held / due") + 1
    assert ws.cell(3, held_pct).number_format == "0.0"
    assert ws.cell(3, header.index("Overdue items") + 1).number_format == "0"
    assert ws.cell(4, held_pct + 1).value is None  # CQDUK: no meeting, no figure (an empty cell)


def test_r31_the_xlsx_keeps_the_filters_and_the_committee_members_scope(world, data, client_for):
    response = client_for(world.secretary).get(reverse("oversight:dashboard_xlsx"), Q1)
    assert response["Content-Disposition"] == 'attachment; filename="bang-theo-doi-G1-2025-q1.xlsx"'
    ws = load_workbook(BytesIO(response.content)).active
    assert [row[0].value for row in ws.iter_rows(min_row=3)] == ["G1", "Total"]
    board = client_for(world.btc).get(
        reverse("oversight:dashboard_xlsx"), {**Q1, "kind": OrgKind.GRASSROOTS_CELL}
    )
    ws = load_workbook(BytesIO(board.content)).active
    assert [row[0].value for row in ws.iter_rows(min_row=3)] == ["CQDUK", "G2", "Total"]


def test_r31_the_page_links_the_export_with_the_same_parameters(world, data, client_for):
    body = (
        client_for(world.btc)
        .get(reverse("oversight:dashboard"), {**Q1, "sort": "quality", "page": 1})
        .content.decode()
    )
    assert (
        f'href="{reverse("oversight:dashboard_xlsx")}?period=quarter&amp;year=2025&amp;number=1&amp;sort=quality"'
        in body
    )


# ---------------------------------------------------------------- query counts


def many_orgs(world, n: int, start: int = 0) -> list[Organization]:
    """`n` grassroots organizations under the bloc, bulk-inserted (paths prepared as orgs.demo does),
    each with a regular meeting and its indicators, an issued resolution and an overdue item."""
    orgs = []
    for i in range(start, start + n):
        org = Organization(
            code=f"B{i:04d}",
            name=f"Đảng bộ cơ quan số {i}",
            kind=OrgKind.GRASSROOTS_CELL if i % 3 else OrgKind.GRASSROOTS_COMMITTEE,
            issuer_code="ĐU",
            parent=world.bloc,
        )
        org.prepare()
        orgs.append(org)
    orgs = Organization.objects.bulk_create(orgs)
    if not all(o.pk for o in orgs):
        orgs = list(Organization.objects.filter(code__in=[o.code for o in orgs]))
    meetings = Meeting.objects.bulk_create(
        Meeting(org=o, kind=MeetingKind.REGULAR, title="T1", date=D(2025, 1, 5), status=MeetingStatus.HELD)
        for o in orgs
    )
    if not all(m.pk for m in meetings):
        meetings = list(Meeting.objects.filter(org__in=orgs))
    Indicators.objects.bulk_create(
        Indicators(meeting=m, on_regulation_day=True, notice_lead_days=3, attendance_pct=Decimal("90.0"))
        for m in meetings
    )
    resolutions = Resolution.objects.bulk_create(
        Resolution(
            org=o,
            kind=ResolutionKind.REGULAR,
            title="NQ",
            status=ResolutionStatus.ISSUED,
            issued_on=D(2025, 1, 6),
            quality_score=70,
        )
        for o in orgs
    )
    if not all(r.pk for r in resolutions):
        resolutions = list(Resolution.objects.filter(org__in=orgs))
    Item.objects.bulk_create(Item(resolution=r, content="Việc", deadline=D(2025, 2, 1)) for r in resolutions)
    return orgs


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_r31_query_counts_do_not_grow_with_the_number_of_organizations(world, client_for):
    """compute(), the page and the XLSX run the same number of queries for 64 and 640 organizations."""
    client = client_for(world.btc)
    dashboard, xlsx = reverse("oversight:dashboard"), reverse("oversight:dashboard_xlsx")
    params = {**Q1, "sort": "overdue", "dir": "desc"}
    many_orgs(world, 64)
    client.get(dashboard, params)  # warm the session and the content types
    counts_64 = (
        count_queries(lambda: compute(grassroots_in([world.bloc]), q1())),
        count_queries(lambda: client.get(dashboard, params)),
        count_queries(lambda: client.get(dashboard, {**params, "overdue": "on", "q": "co quan", "page": 2})),
        count_queries(lambda: client.get(xlsx, params)),
    )
    many_orgs(world, 576, start=64)
    assert Organization.objects.grassroots().count() == 643
    counts_640 = (
        count_queries(lambda: compute(grassroots_in([world.bloc]), q1())),
        count_queries(lambda: client.get(dashboard, params)),
        count_queries(lambda: client.get(dashboard, {**params, "overdue": "on", "q": "co quan", "page": 2})),
        count_queries(lambda: client.get(xlsx, params)),
    )
    assert counts_64 == counts_640
    assert counts_64[0] == 5  # organizations, one UNION of the grouped sources, 3 trend series
    response = client.get(dashboard, params)
    assert len(page_rows(response)) == 100 and "Total: 643 organizations" in response.content.decode()


# ---------------------------------------------------------------- reproducible by clicking through


def _cards(body: str) -> dict[str, str]:
    """The figure cards of one organization's page: column key -> the value shown."""
    cards = body.split('id="org-figures"')[1].split("</div>\n")[0]
    return {
        key: value.strip()
        for key, value in re.findall(r'data-col="([a-z_]+)">.*?<strong>(.*?)</strong>', cards)
    }


def _number(text: str) -> float | None:
    text = re.sub(r"<[^>]+>", "", text).strip()
    return None if text in ("", "–") else float(text.replace(",", "."))


def _table(body: str, table_id: str) -> str:
    return body.split(f'id="{table_id}"')[1].split("</table>")[0]


def _recount(body: str) -> dict:
    """Each figure of the page, counted from the rows listed under it, as a person would."""
    meetings = re.findall(
        r'<tr data-meeting="\d+" data-counts="([a-z]*)" data-on-day="([01]?)" data-reviewed="([01]?)"(.*?)</tr>',
        _table(body, "org-meetings"),
        re.S,
    )
    counted = [m for m in meetings if m[0]]  # held: regular ones, and the others whose indicators count
    held = [m for m in counted if m[0] == "held"]

    def field(row: str, name: str) -> float | None:
        return _number(re.search(rf'data-field="{name}">(.*?)</td>', row, re.S).group(1))

    def mean(name: str, digits: int) -> float | None:
        values = [v for m in counted if (v := field(m[3], name)) is not None]
        return round(sum(values) / len(values), digits) if values else None

    known = [m for m in counted if m[1]]
    due = re.findall(r"<tr data-item=.*?</tr>", _table(body, "org-due"), re.S)
    on_time = [row for row in due if "badge badge-done" in row]
    return {
        "held": len(held),
        "on_day_pct": round(100 * sum(m[1] == "1" for m in known) / len(known), 1) if known else None,
        "notice_lead": mean("notice_lead", 1),
        "attendance_pct": mean("attendance_pct", 1),
        "speakers_per_attendee": mean("speakers_per_attendee", 2),
        "reviews": sum(m[2] == "1" for m in held),
        "on_time_pct": round(100 * len(on_time) / len(due), 1) if due else None,
        "overdue": _table(body, "org-overdue").count("<tr data-item="),
        "item_difficulties": _table(body, "org-item-difficulties").count("<tr data-difficulty="),
        "upper_difficulties": _table(body, "org-upper-difficulties").count("<tr data-difficulty="),
    }


@pytest.mark.parametrize(
    ("code", "params"),
    [
        ("G1", Q1),
        ("G2", Q1),
        ("G1", {"period": "year", "year": 2025}),
        ("G1", {"period": "month", "year": 2025, "number": 3}),
        ("CQDUK", Q1),
        ("G1", {"period": "year", "year": 2026}),  # running: figures as of today, 27 November 2026
    ],
)
def test_r31_every_figure_of_an_organization_is_the_count_of_the_rows_listed_under_it(
    world, data, client_for, code, params
):
    """#16.10: on one organization's page, each figure is what a person gets by counting the rows shown
    under it: meetings held (the rows counted as a regular meeting held, not every meeting listed), the
    indicators of the counted meetings, items due and done on time, overdue items, and the two kinds of
    difficulties, each in its own list; each card links to its list."""
    # A signed extraordinary meeting and a held Standing Committee one: listed, marked as what they count for.
    meeting(world.g1, D(2025, 3, 5), kind=MeetingKind.EXTRAORDINARY, status=MeetingStatus.SIGNED)
    # This year's: an item due after today (done early: not yet counted as due), one due and done on time,
    # one overdue, a meeting held and one planned for December.
    resolution(
        world.g1,
        ResolutionKind.REGULAR,
        D(2026, 1, 10),
        people=world.people,
        items=[
            {"content": "Việc tháng 12, xong sớm", "deadline": D(2026, 12, 15), **done(D(2026, 11, 1))},
            {"content": "Việc tháng 6, xong đúng hạn", "deadline": D(2026, 6, 1), **done(D(2026, 5, 30))},
            {"content": "Việc tháng 10, quá hạn", "deadline": D(2026, 10, 1)},
        ],
    )
    meeting(world.g1, D(2026, 11, 4), **figures(True, 3, "80.0", "0.50", True))
    meeting(world.g1, D(2026, 12, 4), status=MeetingStatus.PLANNED)
    body = client_for(world.btc).get(reverse("oversight:dashboard_org", args=[code]), params).content.decode()
    cards = _cards(body)
    recounted = _recount(body)
    for key, value in recounted.items():
        assert _number(cards[key]) == (None if value is None else pytest.approx(value)), key
    assert _number(cards["held_pct"]) == pytest.approx(
        round(100 * min(recounted["held"], _number(cards["due"])) / _number(cards["due"]), 1)
    )
    for key, anchor in (
        ("held", "org-meetings"),
        ("on_time_pct", "org-due"),
        ("overdue", "org-overdue"),
        ("item_difficulties", "org-item-difficulties"),
        ("upper_difficulties", "org-upper-difficulties"),
    ):
        assert re.search(rf'data-col="{key}"><a href="#{anchor}">', body), key
        assert f'id="{anchor}"' in body


def test_r31_a_listed_meeting_says_why_it_does_or_does_not_count(world, data, client_for):
    """#16.10: the list of the period's meetings marks the regular meetings held (the figure), the other
    meetings held whose indicators count, and those not counted (planned, cancelled, Standing Committee)."""
    extraordinary = meeting(
        world.g1, D(2025, 3, 5), kind=MeetingKind.EXTRAORDINARY, status=MeetingStatus.SIGNED
    )
    body = client_for(world.btc).get(reverse("oversight:dashboard_org", args=["G1"]), Q1).content.decode()
    marks = dict(re.findall(r'<tr data-meeting="(\d+)" data-counts="([a-z]*)"', _table(body, "org-meetings")))
    by_day = {m.date: str(m.pk) for m in Meeting.objects.filter(org=world.g1)}
    assert marks[by_day[D(2025, 1, 5)]] == "held"  # signed
    assert marks[by_day[D(2025, 2, 4)]] == "held"
    assert marks[str(extraordinary.pk)] == "indicators"  # signed, but no monthly meeting
    assert marks[by_day[D(2025, 3, 15)]] == "indicators"  # thematic
    assert marks[by_day[D(2025, 3, 4)]] == ""  # planned
    assert marks[by_day[D(2025, 3, 20)]] == ""  # cancelled
    assert marks[by_day[D(2025, 1, 10)]] == ""  # Standing Committee
    assert _cards(body)["held"] == "2" and list(marks.values()).count("held") == 2
