"""R41: rules in force by date for cell meetings. The central guidance on cell meetings is a versioned rule
(meetings/cell_rules.py: HD 12-HD/BTCTW of 2018, Chỉ thị 50-CT/TW and HD 42-HD/BTCTW of 2025); a cell's
meeting is judged by the version in force on its date and its page names it. Committees are not judged by it.

Cell C1 (a subordinate cell of G1) meets on 4 December 2024 (HD 12) and 4 November 2026 (HD 42), both in the
past of the suite's pinned day (27 November 2026). G1's secretary sees both; G2's secretary is the outsider.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from nghiquyet.meetings import cell_rules, queries, services
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus
from nghiquyet.orgs.models import Position
from nghiquyet.orgs.tests.factories import MembershipFactory, TermFactory
from nghiquyet.testing.clock import HANOI, TODAY

pytestmark = pytest.mark.django_db

DAY_2024 = dt.date(2024, 12, 4)
DAY_2026 = dt.date(2026, 11, 4)


def _cell_meeting(org, day: dt.date, kind=MeetingKind.REGULAR, **fields) -> Meeting:
    return Meeting.objects.create(
        org=org, kind=kind, title=f"Sinh hoạt chi bộ {day:%d/%m/%Y}", date=day, **fields
    )


@pytest.fixture
def cell_committee(world):
    """C1's secretary and one more member in office since 2021, so that a notice reaches them in 2024 too."""
    term = TermFactory(org=world.c1, label="2020–2025", start_date=dt.date(2021, 1, 1))
    for person, position in (
        (world.people.member, Position.SECRETARY),
        (world.people.secretary, Position.MEMBER),
    ):
        MembershipFactory(term=term, person=person, position=position, start_date=dt.date(2021, 1, 1))
    return term


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_r41_cell_rule_in_force_is_taken_by_date():
    assert cell_rules.cell_rule_on(dt.date(2018, 7, 5)) is None
    assert cell_rules.cell_rule_on(DAY_2024) is cell_rules.HD12_2018
    assert cell_rules.cell_rule_on(dt.date(2025, 7, 22)) is cell_rules.HD12_2018
    assert cell_rules.cell_rule_on(dt.date(2025, 7, 23)) is cell_rules.CT50_2025
    assert cell_rules.cell_rule_on(dt.date(2025, 10, 27)) is cell_rules.CT50_2025
    assert cell_rules.cell_rule_on(dt.date(2025, 10, 28)) is cell_rules.HD42_2025
    assert cell_rules.cell_rule_on(DAY_2026) is cell_rules.HD42_2025
    assert len({r.key for r in cell_rules.CELL_RULES}) == len(cell_rules.CELL_RULES)
    assert all(r.name and r.clause and r.source_url.startswith("http") for r in cell_rules.CELL_RULES)
    assert cell_rules.cell_rule("hd42-2025") is cell_rules.HD42_2025 and cell_rules.cell_rule("x") is None


def test_r41_cell_meetings_of_2024_and_2026_name_their_own_versions(world, client_for):
    old, new = _cell_meeting(world.c1, DAY_2024), _cell_meeting(world.c1, DAY_2026)
    client = _english(client_for(world.secretary))
    with translation.override("en"):
        for meeting, rule, other in (
            (old, cell_rules.HD12_2018, cell_rules.HD42_2025),
            (new, cell_rules.HD42_2025, cell_rules.HD12_2018),
        ):
            page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
            assert f'id="cell-rule-applied" data-rule="{rule.key}"' in page
            assert rule.name in page and other.name not in page
            assert rule.source_url in page


def test_r41_a_committee_meeting_is_not_judged_by_the_cell_rule(world, client_for):
    meeting = _cell_meeting(world.g1, DAY_2026)
    assert queries.cell_judgement(meeting, TODAY) is None
    page = client_for(world.secretary).get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'id="rule-applied"' in page and "cell-rule-applied" not in page
    assert queries.notice_days_required(meeting) == 3  # the committees' default, whatever the date


def test_r41_the_notice_lead_of_a_cell_follows_the_version_of_its_date(world, cell_committee):
    """No regulation of C1's own: a notice sent two days ahead is late under HD 12 (no central floor, the
    default of three days) and in time under HD 42 (documents at least one day ahead)."""
    old, new = _cell_meeting(world.c1, DAY_2024), _cell_meeting(world.c1, DAY_2026)
    assert (queries.notice_days_required(old), queries.notice_days_required(new)) == (3, 1)
    for meeting, late in ((old, True), (new, False)):
        sent = dt.datetime.combine(meeting.date - dt.timedelta(days=2), dt.time(9), tzinfo=HANOI)
        notices = services.send_notice(meeting, now=sent)
        assert len(notices) == 2
        assert {(n.lead_days, n.late) for n in notices} == {(2, late)}


def test_r41_a_cells_own_regulation_asks_more_never_less_than_hd42(world):
    meeting = _cell_meeting(world.c1, DAY_2026)
    meeting.regulation = services.set_regulation(
        world.c1, dt.date(2026, 1, 1), day_rule="day_of_month", day=4
    )
    assert queries.notice_days_required(meeting) == 3  # its regulation's default of three days
    meeting.regulation.notice_days = 0
    assert queries.notice_days_required(meeting) == 1  # HD 42's floor
    old = _cell_meeting(world.c1, DAY_2024, regulation=meeting.regulation)
    old.regulation.notice_days = 0
    assert queries.notice_days_required(old) == 0  # HD 12 sets no floor: the regulation alone


def test_r41_a_short_cell_meeting_is_flagged_under_hd42_only(world, client_for):
    """Both meetings lasted 60 minutes: HD 42 asks at least 90, HD 12 sets no minimum that was found."""
    meetings = []
    for day in (DAY_2024, DAY_2026):
        start = dt.datetime.combine(day, dt.time(19), tzinfo=HANOI)
        meetings.append(
            _cell_meeting(
                world.c1,
                day,
                status=MeetingStatus.HELD,
                started_at=start,
                ended_at=start + dt.timedelta(minutes=60),
            )
        )
    old, new = (queries.cell_judgement(m, TODAY) for m in meetings)
    assert (old.minutes, old.too_short, new.minutes, new.too_short) == (60, False, 60, True)
    client = _english(client_for(world.secretary))
    with translation.override("en"):
        old_page, new_page = (
            client.get(reverse("meetings:meeting", args=[m.pk])).content.decode() for m in meetings
        )
    assert 'id="cell-too-short"' in new_page and "At least 90 minutes (120 when" in new_page
    assert "This meeting lasted 60 minutes." in new_page
    assert 'id="cell-too-short"' not in old_page and "No minimum length set by this version." in old_page


@pytest.mark.parametrize("day", [dt.date(2024, 8, 7), dt.date(2026, 8, 5)])
def test_r41_a_quarter_without_a_thematic_meeting_is_flagged(world, client_for, day):
    """At least one thematic meeting a quarter: the same value under HD 12 and HD 42 (both carried, and
    marked unconfirmed on the page), so a past quarter is judged alike in 2024 and 2026."""
    meeting = _cell_meeting(world.c1, day)
    judged = queries.cell_judgement(meeting, TODAY)
    assert (judged.quarter, judged.thematic_held, judged.thematic_missing) == (3, 0, True)
    client = _english(client_for(world.secretary))
    with translation.override("en"):
        page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'id="cell-thematic-missing"' in page and "0 thematic meetings in quarter 3/" in page
    assert "not confirmed in the text of this version" in page

    _cell_meeting(world.c1, day.replace(month=9), kind=MeetingKind.THEMATIC, theme_reason="Chuyển đổi số")
    _cell_meeting(world.c1, day.replace(month=7), kind=MeetingKind.THEMATIC, status=MeetingStatus.CANCELLED)
    _cell_meeting(world.c2, day.replace(month=9), kind=MeetingKind.THEMATIC)  # another cell's
    judged = queries.cell_judgement(meeting, TODAY)
    assert (judged.thematic_held, judged.thematic_missing) == (1, False)


def test_r41_a_quarter_still_running_is_not_flagged(world):
    meeting = _cell_meeting(world.c1, DAY_2026)  # quarter 4 of 2026, not over on the pinned day
    judged = queries.cell_judgement(meeting, TODAY)
    assert (judged.quarter, judged.quarter_over, judged.thematic_missing) == (4, False, False)
    assert judged.quarter_last == dt.date(2026, 12, 31)


def test_r41_the_outsider_gets_404_on_a_cell_meeting(world, client_for):
    meeting = _cell_meeting(world.c1, DAY_2026)
    assert client_for(world.outsider).get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 404


def test_r41_cell_meeting_page_has_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    meeting = _cell_meeting(world.c1, DAY_2026)
    for month in (10, 11):  # the quarter's thematic meetings are counted in one query, however many
        _cell_meeting(world.c1, dt.date(2026, month, 20), kind=MeetingKind.THEMATIC)
    client = client_for(world.secretary)
    client.get(reverse("web:home"))  # warm up the session and caches
    with django_assert_max_num_queries(17):
        assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200


def test_r41_the_year_of_a_cell_checks_each_quarter_by_the_version_at_its_end(
    world, client_for, django_assert_max_num_queries
):
    """2025 spans three versions: HD 12 judges quarters 1-2, Chỉ thị 50 quarter 3 (ending 30/9), HD 42
    quarter 4 (ending 31/12). One thematic meeting in May: quarter 2 is kept, the others are missing."""
    for month in range(1, 13):
        _cell_meeting(world.c1, dt.date(2025, month, 4))
    _cell_meeting(world.c1, dt.date(2025, 5, 20), kind=MeetingKind.THEMATIC, theme_reason="Học tập chuyên đề")
    client = client_for(world.secretary)
    client.get(reverse("web:home"))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("meetings:list", args=[world.c1.code]), {"year": 2025})
    quarters = response.context["quarters"]
    assert [(q.quarter, q.rule.key, q.held, q.missing) for q in quarters] == [
        (1, "hd12-2018", 0, True),
        (2, "hd12-2018", 1, False),
        (3, "ct50-2025", 0, True),
        (4, "hd42-2025", 0, True),
    ]
    page = response.content.decode()
    assert 'id="quarter-3" data-rule="ct50-2025"' in page and cell_rules.CT50_2025.name in page


def test_r41_the_years_before_the_first_version_and_committees_have_no_quarter_check(world, client_for):
    client = client_for(world.secretary)
    _cell_meeting(world.c1, dt.date(2017, 5, 4))
    response = client.get(reverse("meetings:list", args=[world.c1.code]), {"year": 2017})
    assert response.context["quarters"] == [] and "thematic-quarters" not in response.content.decode()
    response = client.get(reverse("meetings:list", args=[world.c1.code]), {"year": 2018})
    assert [q.quarter for q in response.context["quarters"]] == [3, 4]  # HD 12 from 6/7/2018
    response = client.get(reverse("meetings:list", args=[world.g1.code]), {"year": 2026})
    assert response.context["quarters"] == [] and "thematic-quarters" not in response.content.decode()
    assert client_for(world.outsider).get(reverse("meetings:list", args=[world.c1.code])).status_code == 404
