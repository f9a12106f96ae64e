"""The supervisor does not accept an item reported done and sends it back with the reason — "chưa đạt,
tiếp tục thực hiện" (R25: inspection judges the results of each person; issue #16, point 9).

Personas as in test_progress_views: item 1 is carried by the committee member persona and supervised by
the secretary; item 2 is carried by the deputy secretary (cuv1) and supervised by the committee member.
cuv2 is a plain committee member of G1; the plain member and the outsider (G2's secretary) see nothing of G1.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nghiquyet.notify.models import Notification
from nghiquyet.resolutions import queries, services
from nghiquyet.resolutions.models import (
    MAX_SEND_BACK_REASON,
    Item,
    ItemStatus,
    ProgressUpdate,
    UpdateKind,
)

pytestmark = pytest.mark.django_db

DEC_5 = dt.date(2026, 12, 5)
REASON = "Báo cáo chưa có số liệu của 3 chi bộ trực thuộc; đề nghị bổ sung."


@pytest.fixture(autouse=True)
def english(client, settings):
    # English is the source language: assertions do not depend on the Vietnamese catalogue.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def items(draft, committee):
    issued = services.issue(draft, signer=committee.members[0], on=DEC_5)
    first, second = issued.items.order_by("order")
    return first, second


@pytest.fixture
def reported(world, items):
    """Item 1, reported done by the person in charge: awaiting the secretary's confirmation."""
    first = items[0]
    services.post_update(first, world.people.committee_member, ItemStatus.IN_PROGRESS, 60, "Đã rà soát")
    services.post_update(first, world.people.committee_member, ItemStatus.REPORTED_DONE, 100, "Xong")
    first.refresh_from_db()
    return first


def _url(name, *args):
    return reverse(f"resolutions:{name}", args=args)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _state(item) -> tuple:
    item.refresh_from_db()
    return item.status, item.percent, ProgressUpdate.objects.count(), Notification.objects.count()


# ---------------------------------------------------------------- the service


def test_r25_supervisor_sends_back_with_reason(world, reported, in_english):
    update = services.send_back(reported, world.people.secretary, f"  {REASON}\n")

    reported.refresh_from_db()
    # Back to "in progress", below 100%: what is not accepted is not complete, nor confirmed.
    assert (reported.status, reported.percent) == (ItemStatus.IN_PROGRESS, 99)
    assert reported.confirmed_by is None and reported.completed_on is None
    # The history says who said what and when: the supervisor's entry, the latest.
    assert (update.kind, update.author, update.note) == (UpdateKind.SENT_BACK, world.people.secretary, REASON)
    assert (update.status, update.percent) == (ItemStatus.IN_PROGRESS, 99)
    assert [(u.kind, u.author_id) for u in reported.updates.all()] == [
        (UpdateKind.SENT_BACK, world.people.secretary.pk),
        (UpdateKind.REPORT, world.people.committee_member.pk),
        (UpdateKind.REPORT, world.people.committee_member.pk),
    ]
    assert queries.pending_send_back(list(reported.updates.all())) == update
    # The person in charge is told, with the reason and a link to the item.
    [sent] = Notification.objects.filter(title__startswith="Not accepted, continue: ")
    assert sent.recipient == world.committee_member
    assert REASON in sent.body and world.people.secretary.full_name in sent.body
    assert sent.url == _url("item", reported.pk)
    # Not done: the review and the dashboards count it as in progress, not done on time.
    assert queries.item_state(reported, DEC_5)[0] == queries.State.IN_PROGRESS


def test_r25_a_percentage_below_100_is_kept(world, items, in_english):
    first = items[0]
    # Written straight to the table: a report of done below 100% (older data, an import).
    Item.objects.filter(pk=first.pk).update(status=ItemStatus.REPORTED_DONE, percent=80)
    services.send_back(first, world.people.secretary, REASON)
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.IN_PROGRESS, 80)


def test_r25_co_assignees_are_told_too(world, committee, reported, in_english):
    reported.co_assignees.add(committee.extra[3])
    services.send_back(reported, world.people.secretary, REASON)
    told = Notification.objects.filter(title__startswith="Not accepted")
    assert sorted(n.recipient_id for n in told) == sorted(
        [world.committee_member.pk, committee.extra[3].user_id]
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Write why the item is not accepted."),
        ("   \n ", "Write why the item is not accepted."),
        ("x" * (MAX_SEND_BACK_REASON + 1), f"The reason is at most {MAX_SEND_BACK_REASON} characters."),
    ],
)
def test_r25_a_reason_is_required_and_bounded(world, reported, in_english, reason, message):
    before = _state(reported)
    with pytest.raises(ValidationError) as refused:
        services.send_back(reported, world.people.secretary, reason)
    assert refused.value.message_dict == {"reason": [message]}
    assert _state(reported) == before and before[0] == ItemStatus.REPORTED_DONE


def test_r25_a_reason_of_the_full_length_is_taken(world, reported, in_english):
    update = services.send_back(reported, world.people.secretary, "x" * MAX_SEND_BACK_REASON)
    assert len(update.note) == MAX_SEND_BACK_REASON


def test_r25_only_the_supervisor_or_a_leader_sends_back(world, committee, items, in_english):
    first, second = items
    services.post_update(first, world.people.committee_member, ItemStatus.REPORTED_DONE, 100)
    services.post_update(second, committee.extra[0], ItemStatus.REPORTED_DONE, 100)
    # The person in charge, a plain committee member, someone of another organization.
    for person in (world.people.committee_member, committee.extra[1], world.people.outsider):
        before = _state(first)
        with pytest.raises(ValidationError, match="Only the supervisor of this item or a leader"):
            services.send_back(first, person, REASON)
        assert _state(first) == before
    # Item 2 is supervised by the committee member; the secretary, a leader, may stand in (as in confirming).
    update = services.send_back(second, world.people.secretary, REASON)
    assert update.author == world.people.secretary
    second.refresh_from_db()
    assert second.status == ItemStatus.IN_PROGRESS


def test_r25_only_an_item_awaiting_confirmation_is_sent_back(world, items, in_english):
    first = items[0]
    # Not reported done: in progress, then confirmed done.
    services.post_update(first, world.people.committee_member, ItemStatus.IN_PROGRESS, 40)
    with pytest.raises(ValidationError, match="nothing to send back") as refused:
        services.send_back(first, world.people.secretary, REASON)
    assert not hasattr(refused.value, "error_dict")  # a refusal of the action, not of a field
    services.post_update(first, world.people.committee_member, ItemStatus.REPORTED_DONE, 100)
    services.confirm(first, world.people.secretary)
    with pytest.raises(ValidationError, match="nothing to send back"):
        services.send_back(first, world.people.secretary, REASON)
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.DONE, 100)
    assert not ProgressUpdate.objects.filter(kind=UpdateKind.SENT_BACK).exists()


def test_r25_a_draft_item_is_not_sent_back(world, draft, in_english):
    item = draft.items.order_by("order").first()
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.REPORTED_DONE, percent=100)
    with pytest.raises(ValidationError, match="Only the items of an issued resolution are sent back"):
        services.send_back(item, world.people.secretary, REASON)
    item.refresh_from_db()
    assert item.status == ItemStatus.REPORTED_DONE and not ProgressUpdate.objects.exists()


# ---------------------------------------------------------------- through the item's page


def test_r25_send_back_through_the_item_page_and_my_work(world, items, client_for):
    first = items[0]

    # One test client, logged in as one persona at a time.
    def as_carrier():
        return client_for(world.committee_member)

    def as_supervisor():
        return client_for(world.secretary)

    response = as_carrier().post(_url("progress", first.pk), {"status": "reported_done", "percent": 100})
    assert response.status_code == 302
    # The person in charge has no such form; the supervisor has it beside "confirm".
    assert "send-back-form" not in as_carrier().get(_url("item", first.pk)).content.decode()
    page = as_supervisor().get(_url("item", first.pk)).content.decode()
    assert "confirm-form" in page and "send-back-form" in page and _url("send_back", first.pk) in page

    # No reason: the page again, the error on the field, nothing changed.
    response = as_supervisor().post(_url("send_back", first.pk), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["send_back_form"].errors["reason"]
    assert 'id="send-back-form"' in response.content.decode()
    first.refresh_from_db()
    assert first.status == ItemStatus.REPORTED_DONE

    response = as_supervisor().post(_url("send_back", first.pk), {"reason": REASON})
    assert response.status_code == 302 and response.url == _url("item", first.pk)
    assert _messages(response) == ["The item is sent back to the person in charge with the reason."]
    first.refresh_from_db()
    assert (first.status, first.percent) == (ItemStatus.IN_PROGRESS, 99)
    page = as_supervisor().get(_url("item", first.pk)).content.decode()
    assert "send-back-form" not in page and "confirm-form" not in page

    # The person in charge sees the reason on the item, in its history and in "my work".
    response = as_carrier().get(_url("item", first.pk))
    assert response.context["sent_back"].note == REASON
    body = response.content.decode()
    assert 'id="sent-back"' in body and REASON in body and "st-sent_back" in body
    assert response.context["progress_form"].initial == {"status": ItemStatus.IN_PROGRESS, "percent": 99}
    response = as_carrier().get(_url("mine"))
    rows = {i.pk: i for _key, _title, group in response.context["groups"] for i in group}
    assert rows[first.pk].sent_back_reason == REASON and rows[first.pk].status == ItemStatus.IN_PROGRESS
    assert first.pk not in [
        i.pk for key, _t, group in response.context["groups"] if key == "reported" for i in group
    ]
    assert REASON in response.content.decode()

    # A progress report meanwhile keeps the reason in front; reporting done again answers it.
    as_carrier().post(_url("progress", first.pk), {"status": "in_progress", "percent": 95, "note": "Bổ sung"})
    assert as_carrier().get(_url("item", first.pk)).context["sent_back"].note == REASON
    as_carrier().post(_url("progress", first.pk), {"status": "reported_done", "percent": 100})
    assert as_carrier().get(_url("item", first.pk)).context["sent_back"] is None
    response = as_carrier().get(_url("mine"))
    assert not any(i.sent_back_reason for _k, _t, group in response.context["groups"] for i in group)
    assert REASON not in response.content.decode()
    # Then the supervisor confirms it: done on the day of the latest report of done.
    assert as_supervisor().post(_url("confirm", first.pk)).status_code == 302
    first.refresh_from_db()
    latest_done = first.updates.filter(status=ItemStatus.REPORTED_DONE).latest("created_at")
    assert first.status == ItemStatus.DONE
    assert first.completed_on == timezone.localdate(latest_done.created_at)


@pytest.mark.parametrize("persona", ["committee_member", "member", "outsider"])
def test_r25_whoever_may_not_supervise_gets_404(world, reported, client_for, persona):
    before = _state(reported)
    response = client_for(getattr(world, persona)).post(_url("send_back", reported.pk), {"reason": REASON})
    assert response.status_code == 404
    assert _state(reported) == before


def test_r25_a_plain_committee_member_gets_404_and_sees_no_form(world, committee, reported, client_for):
    client = client_for(committee.extra[1].user)
    assert "send-back-form" not in client.get(_url("item", reported.pk)).content.decode()
    before = _state(reported)
    assert client.post(_url("send_back", reported.pk), {"reason": REASON}).status_code == 404
    assert _state(reported) == before


def test_r25_sending_back_an_item_not_reported_done_is_refused_on_the_page(world, items, client_for):
    first = items[0]
    response = client_for(world.secretary).post(_url("send_back", first.pk), {"reason": REASON})
    assert response.status_code == 302 and response.url == _url("item", first.pk) + "#supervision"
    assert _messages(response) == ["The item has not been reported done: there is nothing to send back."]
    first.refresh_from_db()
    assert first.status == ItemStatus.NOT_STARTED and not ProgressUpdate.objects.exists()


def test_r25_send_back_answers_only_post(world, reported, client_for):
    assert client_for(world.secretary).get(_url("send_back", reported.pk)).status_code == 405
