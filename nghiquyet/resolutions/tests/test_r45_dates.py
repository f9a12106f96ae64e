"""No resolution issued before its meeting or dated ahead, no deadline before issuance (R45).

`draft` is adopted at G1's December meeting (4 December 2026); its fixture runs the test on 5 December at
10:00. Its items: one due 25 December (a date), one "within the month" (resolved at issuance).
"""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from nghiquyet.resolutions import deadlines, services
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions.models import DeadlineKind, Resolution, ResolutionStatus
from nghiquyet.testing.clock import HANOI

pytestmark = pytest.mark.django_db
DEC_3 = dt.datetime(2026, 12, 3, 10, 0, tzinfo=HANOI)
DEC_28 = dt.datetime(2026, 12, 28, 10, 0, tzinfo=HANOI)


def _problems(resolution, on=None):
    return [
        (p.item, p.field)
        for p in resolution_queries.issue_problems(Resolution.objects.get(pk=resolution.pk), on)
    ]


def test_r45_not_issued_before_the_adopting_meeting(draft, committee, pinned_clock, in_english):
    pinned_clock.move_to(DEC_3)
    assert (None, "meeting") in _problems(draft)
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0])
    assert "The meeting that adopts it is on 04/12/2026: the resolution is issued from that day." in (
        error.value.messages
    )
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT and draft.number is None


def test_r45_the_date_of_issue_is_neither_before_the_meeting_nor_ahead(draft, committee, in_english):
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 3))
    assert [m for m in error.value.messages if "04/12/2026" in m]
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 6))
    assert error.value.message_dict == {
        "issued_on": ["A resolution cannot be dated after today (05/12/2026)."]
    }
    issued = services.issue(draft, signer=committee.members[0], on=dt.date(2026, 12, 4))
    assert issued.issued_on == dt.date(2026, 12, 4)


def test_r45_an_item_due_before_the_date_of_issue_is_named(draft, committee, pinned_clock, in_english):
    pinned_clock.move_to(DEC_28)  # issued late: item 1 was due on 25 December
    assert _problems(draft) == [(1, "deadline")]
    with pytest.raises(ValidationError) as error:
        services.issue(draft, signer=committee.members[0])
    assert error.value.messages == ["Item 1: the deadline 25/12/2026 is before the date of issue 28/12/2026."]


def test_r45_a_past_deadline_is_refused_when_the_item_is_saved(draft, committee, in_english):
    item = draft.items.get(deadline_kind=DeadlineKind.DATE)
    with pytest.raises(ValidationError) as error:
        services.save_item(draft, item, deadline=dt.date(2020, 1, 1))
    assert error.value.message_dict == {
        "deadline": ["The deadline 01/01/2020 has passed: give a date from today (05/12/2026)."]
    }
    item.refresh_from_db()
    assert item.deadline == dt.date(2026, 12, 25)
    assert services.save_item(draft, item, deadline=dt.date(2026, 12, 5)).deadline == dt.date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "picked", "field"),
    [("01/01/2020", "", "deadline_text"), ("", "2020-01-01", "deadline")],
    ids=["typed", "picked"],
)
def test_r45_a_past_deadline_is_said_where_it_was_written(
    draft, committee, client_for, world, typed, picked, field
):
    """#16.4 in the page: the refusal shows under the deadline as typed, or under the date picker when the
    date was picked there; nothing is saved."""
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = draft.items.count()
    response = client.post(
        reverse("resolutions:item_add", args=[draft.pk]),
        {
            "content": "Việc mới",
            "requirement": "Yêu cầu",
            "measures": "Biện pháp",
            "deadline_text": typed,
            "deadline_kind": DeadlineKind.DATE,
            "deadline": picked,
            "assignee": committee.members[1].pk,
            "supervisor": committee.members[0].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        field: ["The deadline 01/01/2020 has passed: give a date from today (05/12/2026)."]
    }
    assert f'id="id_{field}_error"' in response.content.decode()
    assert draft.items.count() == before


def test_r45_relative_deadlines_resolve_on_or_after_the_day_of_issue(draft, committee):
    issued = services.issue(draft, signer=committee.members[0])
    month = issued.items.get(deadline_kind=DeadlineKind.MONTH)
    assert month.deadline == dt.date(2026, 12, 31) >= issued.issued_on


@given(
    kind=st.sampled_from([DeadlineKind.IMMEDIATELY, DeadlineKind.MONTH, DeadlineKind.QUARTER]),
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_r45_no_relative_deadline_falls_before_its_day_of_issue(kind, day):
    assert deadlines.resolve(kind, day) >= day


def test_r45_the_draft_page_shows_why_and_disables_issuance(draft, client_for, world, pinned_clock):
    pinned_clock.move_to(DEC_3)
    client = client_for(world.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-field="meeting"' in body
    assert "The meeting that adopts it is on 04/12/2026: the resolution is issued from that day." in body
    assert 'type="submit" disabled' in body
    response = client.post(reverse("resolutions:issue", args=[draft.pk]))
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "The meeting that adopts it is on 04/12/2026: the resolution is issued from that day." in messages
    draft.refresh_from_db()
    assert draft.status == ResolutionStatus.DRAFT
