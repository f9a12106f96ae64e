"""Participation on plain data: adoption without discussion, silent members, repeated absences (R11, R13)."""

import datetime as dt

from nghiquyet.quality import participation
from nghiquyet.quality.participation import MeetingData

MEMBERS = frozenset(range(1, 10))


def monthly(n, *, speakers_by_month=None, absent=None, excused=None, start=1):
    """`n` monthly meetings of a committee of nine; everyone present unless listed."""
    out = []
    for k in range(n):
        month = start + k
        away = frozenset((absent or {}).get(month, ()))
        away_ok = frozenset((excused or {}).get(month, ()))
        present = MEMBERS - away - away_ok
        speakers = frozenset((speakers_by_month or {}).get(month, present))
        out.append(
            MeetingData(
                id=month,
                date=dt.date(2026, month, 5),
                attendees=present,
                absent_with_reason=away_ok,
                absent_without_reason=away,
                speakers=speakers,
                vote_recorded=True,
                adopted=True,
                opinions_count=len(speakers),
                members_total=9,
            )
        )
    return out


def test_r11_resolution_adopted_with_no_opinion_recorded():
    silent_meeting = MeetingData(
        id=1, date=dt.date(2026, 12, 4), attendees=MEMBERS, vote_recorded=True, adopted=True, opinions_count=0
    )
    assert participation.adopted_without_discussion(silent_meeting)
    findings = participation.check_meeting(silent_meeting)
    assert [f.code for f in findings] == ["adopted_without_discussion"]
    assert findings[0].message == (
        "The resolution was adopted with no opinion recorded: no discussion took place."
    )
    # No vote, or a rejected draft, is not "adopted without discussion".
    assert not participation.adopted_without_discussion(MeetingData(id=2, date=dt.date(2026, 12, 4)))
    rejected = MeetingData(id=3, date=dt.date(2026, 12, 4), vote_recorded=True, adopted=False)
    assert not participation.adopted_without_discussion(rejected)


def test_r11_member_silent_for_three_meetings_they_attended():
    everyone_but_7 = MEMBERS - {7}
    meetings = monthly(
        5,
        speakers_by_month={2: everyone_but_7, 3: everyone_but_7, 5: everyone_but_7},
        excused={4: {7}},  # missing a meeting neither breaks nor extends the run
    )
    silent = participation.silent_members(meetings)
    assert [(s.person_id, s.meetings, s.since) for s in silent] == [(7, (2, 3, 5), dt.date(2026, 2, 5))]
    # Two silent meetings are not yet a finding; speaking at the latest one ends the run.
    assert participation.silent_members(meetings[:3]) == []
    assert (
        participation.silent_members(monthly(5, speakers_by_month={2: everyone_but_7, 3: everyone_but_7}))
        == []
    )
    findings = participation.check_meeting(meetings[-1], meetings, names={7: "Hồ Văn Nam"})
    assert [(f.code, f.person_id, f.message) for f in findings] == [
        ("silent_member", 7, "Hồ Văn Nam has given no opinion at 3 meetings in a row.")
    ]


def test_r13_repeated_absences_in_the_last_meetings():
    meetings = monthly(12, absent={2: {4}, 6: {4}}, excused={9: {4}, 3: {5}, 10: {5}})
    found = participation.repeated_absences(meetings)
    assert [(a.person_id, a.absences, a.without_reason, a.meetings) for a in found] == [(4, 3, 2, (2, 6, 9))]
    # Only the last M meetings count.
    assert participation.repeated_absences(meetings, n=3, m=6) == []
    assert [a.person_id for a in participation.repeated_absences(meetings, n=2, m=12)] == [4, 5]


def test_r13_attendance_and_speakers_findings():
    meeting = monthly(1, absent={1: {1, 2}}, speakers_by_month={1: {3, 4}})[0]
    assert round(participation.attendance_pct(meeting)) == 78
    assert participation.speaker_share(meeting) == 2 / 7
    codes = [f.code for f in participation.check_meeting(meeting)]
    assert codes == ["few_speakers", "low_attendance", "absent_without_reason", "absent_without_reason"]
