"""Concretization (R32): the upper level asks every grassroots committee for its own program; the
committees' leaders submit; the Organization Board sees exactly who has not, and reminds them.

Addressees of "all grassroots organizations" in `world`: G1, G2 (the outsider's) and CQDUK (no secretary).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.notify.models import Notification
from nghiquyet.oversight import queries, services
from nghiquyet.oversight.models import ProgramRequest, ProgramSubmission
from nghiquyet.testing.files import PDF

from .conftest import status_of

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


def _request(world, targets=None, title="Chương trình thực hiện Đề án 01"):
    return services.create_request(
        world.bloc,
        title=title,
        directive="Đề án số 01-ĐA/ĐUK",
        description="Mỗi cấp ủy cơ sở xây dựng chương trình hành động cụ thể.",
        deadline=dt.date(2026, 12, 31),
        target_all=targets is None,
        targets=targets or [],
    )


def test_r32_board_requests_programs_and_secretaries_are_notified(world, client_for):
    response = client_for(world.btc).post(
        _url("request_create"),
        {
            "issuer": world.bloc.pk,
            "title": "Cụ thể hóa Đề án",
            "directive": "Đề án số 01-ĐA/ĐUK",
            "description": "Gửi chương trình hành động.",
            "deadline": "2026-12-31",
            "target_all": "on",
        },
    )
    request = ProgramRequest.objects.get()
    assert response["Location"] == request.get_absolute_url()
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"bithu", "outsider"}


def test_r32_leader_submits_and_board_sees_exactly_who_has_not(world, client_for):
    request = _request(world)
    client = client_for(world.secretary)
    response = client.post(
        _url("request_submit", request.pk, "G1"), {"text": "Chương trình hành động của Đảng bộ Sở Tư pháp."}
    )
    assert response.status_code == 302
    submission = ProgramSubmission.objects.get()
    assert (submission.org, submission.submitted_by) == (world.g1, world.people.secretary)

    with CaptureQueriesContext(connection) as ctx:
        rows = list(queries.submission_rows(request))
    assert len(ctx.captured_queries) == 1
    assert [(r.code, r.submitted) for r in rows] == [("CQDUK", False), ("G2", False), ("G1", True)]
    assert [o.code for o in queries.missing(request)] == ["CQDUK", "G2"]

    page = client_for(world.btc).get(request.get_absolute_url())
    assert page.context["missing_count"] == 2


def test_r32_resubmitting_replaces_and_a_file_is_accepted(world, client_for):
    request = _request(world)
    client = client_for(world.secretary)
    client.post(_url("request_submit", request.pk, "G1"), {"text": "Bản 1"})
    upload = SimpleUploadedFile("ctr.pdf", PDF, content_type="application/pdf")
    client.post(_url("request_submit", request.pk, "G1"), {"text": "", "file": upload})
    submission = ProgramSubmission.objects.get()
    assert submission.text == "" and submission.attachment.original_name == "ctr.pdf"
    assert client.get(_url("submission_file", submission.pk)).status_code == 200
    assert client_for(world.btc).get(_url("submission", submission.pk)).status_code == 200
    assert client_for(world.outsider).get(_url("submission_file", submission.pk)).status_code == 404
    assert client_for(world.member).get(_url("submission", submission.pk)).status_code == 404


def test_r32_empty_submission_is_refused(world, client_for):
    request = _request(world)
    client_for(world.secretary).post(_url("request_submit", request.pk, "G1"), {"text": "  "})
    assert not ProgramSubmission.objects.exists()


def test_r32_remind_notifies_only_the_secretaries_who_have_not_submitted(world, client_for):
    request = _request(world)
    services.submit_program(request, world.g1, person=world.people.secretary, text="Đã gửi")
    Notification.objects.all().delete()
    response = client_for(world.btc).post(_url("request_remind", request.pk))
    assert response.status_code == 302
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["outsider"]
    request.refresh_from_db()
    assert request.reminded_at is not None


def test_r32_who_may_submit(world, client_for):
    request = _request(world, targets=[world.g1])
    # A committee member sees the request but submits nothing; the outsider is not addressed.
    assert client_for(world.committee_member).get(request.get_absolute_url()).status_code == 200
    assert (
        status_of(
            client_for(world.committee_member),
            "post",
            _url("request_submit", request.pk, "G1"),
            {"text": "x"},
        )
        == 404
    )
    assert (
        status_of(client_for(world.outsider), "post", _url("request_submit", request.pk, "G1"), {"text": "x"})
        == 404
    )
    assert (
        status_of(client_for(world.outsider), "post", _url("request_submit", request.pk, "G2"), {"text": "x"})
        == 404
    )
    assert not ProgramSubmission.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "member"])
def test_r32_outsider_and_plain_member_get_404(world, client_for, persona):
    request = _request(world, targets=[world.g1])
    client = client_for(getattr(world, persona))
    for method, url, data in [
        ("get", request.get_absolute_url(), {}),
        ("post", _url("request_remind", request.pk), {}),
        ("get", _url("request_create"), {}),
        ("post", _url("request_submit", request.pk, "G1"), {"text": "x"}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    if persona == "member":
        assert client.get(_url("request_list")).status_code == 404


def test_r32_only_those_who_direct_remind(world, client_for):
    request = _request(world)
    for user in (world.ubkt, world.secretary):
        assert client_for(user).post(_url("request_remind", request.pk)).status_code == 404
    assert client_for(world.ubkt).get(request.get_absolute_url()).status_code == 200


def test_r32_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        ProgramRequest.objects.all().delete()
        for i in range(n):
            request = _request(world, title=f"YC {i}")
            services.submit_program(request, world.g1, person=world.people.secretary, text="x")
        for user in (world.btc, world.secretary):
            client = client_for(user)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(_url("request_list"))
            assert len(response.context["page"]) == n
            counts.append(len(ctx.captured_queries))
    assert counts[:2] == counts[2:], counts


def test_r32_request_page_queries_do_not_grow_with_the_addressees(world, client_for):
    from .test_guidance import _more_orgs

    counts = []
    for n in (3, 30):
        done = 0 if not counts else 3
        _more_orgs(world, n - done, start=done)
        request = _request(world, title=f"YC {n}")
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(request.get_absolute_url())
        assert len(response.context["rows"]) == 3 + n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
