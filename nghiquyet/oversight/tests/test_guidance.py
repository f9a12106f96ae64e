"""Orientation (R28): guidance written and published by those who direct, read by the addressed
committees (receipts), and shown on the meeting preparation screen through `guidance_for`.

Personas: btc (Organization Board) directs; ubkt (Inspection Committee) reads but does not direct; the
secretary of G1 leads an addressed committee; the committee member of G1 sits on it; the outsider is
G2's secretary; the plain member sits on no committee.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings.models import Meeting
from nghiquyet.notify.models import Notification
from nghiquyet.orgs.models import OrgKind
from nghiquyet.orgs.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)
from nghiquyet.oversight import queries, services
from nghiquyet.oversight.models import Guidance, GuidanceReceipt
from nghiquyet.oversight.periods import PeriodKind
from nghiquyet.testing.files import PDF

from .conftest import status_of

pytestmark = pytest.mark.django_db

DEC = (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def _guidance(
    world, *, targets=None, publish=True, start=DEC[0], end=DEC[1], title="Hướng dẫn sinh hoạt tháng 12"
):
    guidance = services.create_guidance(
        world.bloc,
        title=title,
        period_kind=PeriodKind.MONTH,
        period_start=start,
        period_end=end,
        content="Tập trung kiểm điểm cuối năm; sinh hoạt chuyên đề về chuyển đổi số.",
        topics="Kiểm điểm cuối năm\nChuyển đổi số",
        target_all=targets is None,
        targets=targets or [],
    )
    return services.publish_guidance(guidance) if publish else guidance


def _url(name, *args):
    return reverse(f"oversight:{name}", args=args)


# ---------------------------------------------------------------- writing and publishing


def test_r28_board_writes_and_publishes_guidance_to_all(world, client_for):
    client = client_for(world.btc)
    response = client.post(
        _url("guidance_create"),
        {
            "issuer": world.bloc.pk,
            "title": "Định hướng sinh hoạt quý I/2027",
            "period_kind": "quarter",
            "year": 2027,
            "number": 1,
            "content": "Nội dung và hình thức sinh hoạt.",
            "topics": "Tổng kết năm",
            "target_all": "on",
        },
    )
    guidance = Guidance.objects.get()
    assert response.status_code == 302 and response["Location"] == guidance.get_absolute_url()
    assert (guidance.period_start, guidance.period_end) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert guidance.published_at is None
    client.post(_url("guidance_publish", guidance.pk))
    guidance.refresh_from_db()
    assert guidance.is_published
    # The secretaries of the addressed grassroots organizations (G1, G2) are notified.
    notified = set(Notification.objects.values_list("recipient__username", flat=True))
    assert notified == {"bithu", "outsider"}


def test_r28_chosen_targets_must_be_grassroots_under_the_issuer(world, client_for):
    client = client_for(world.btc)
    response = client.post(
        _url("guidance_create"),
        {
            "issuer": world.bloc.pk,
            "title": "X",
            "period_kind": "dates",
            "period_start": "2026-12-01",
            "period_end": "2026-12-31",
            "content": "Y",
            "targets": [world.c1.pk],
        },
    )
    assert response.status_code == 200
    assert not Guidance.objects.exists()


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (
            SimpleUploadedFile("huong-dan.pdf", b"MZ\x90\x00\x03\x00", content_type="application/pdf"),
            "does not match",
        ),
        (None, "This field is required."),
    ],
    ids=["content-not-matching-extension", "no-file"],
)
def test_r28_a_refused_guidance_upload_is_said_at_its_field(world, client_for, upload, expected):
    """#16.11: the refusal shows under the file field of the upload form, which is focused (so in view)
    and described by it; not at the top of the page after a redirect, and nothing is stored."""
    guidance = _guidance(world, publish=False)
    response = client_for(world.btc).post(
        _url("guidance_document_add", guidance.pk), {"file": upload} if upload else {}
    )
    assert response.status_code == 200
    assert not guidance.documents.exists()
    assert [str(m) for m in response.context["messages"]] == []
    html = response.content.decode()
    form = html[html.index('id="document-form"') : html.index("</form>", html.index('id="document-form"'))]
    assert f'action="{_url("guidance_document_add", guidance.pk)}#document-form"' in html
    field = form[form.index('name="file"') :]
    tag = field[: field.index(">")]
    assert "autofocus" in tag and 'aria-invalid="true"' in tag and 'aria-describedby="id_file-errors"' in tag
    error = form[form.index('role="alert" id="id_file-errors">') :]
    assert expected in error[: error.index("</small>")]


def test_r28_published_guidance_is_not_edited(world, client_for):
    guidance = _guidance(world)
    client = client_for(world.btc)
    response = client.post(_url("guidance_edit", guidance.pk), {"title": "Khác"})
    assert response.status_code == 302
    guidance.refresh_from_db()
    assert guidance.title == "Hướng dẫn sinh hoạt tháng 12"


def test_r28_draft_is_edited_and_documents_attached(world, client_for):
    guidance = _guidance(world, publish=False)
    client = client_for(world.btc)
    upload = SimpleUploadedFile("huong-dan.pdf", PDF, content_type="application/pdf")
    client.post(_url("guidance_document_add", guidance.pk), {"file": upload})
    document = guidance.documents.get()
    assert document.original_name == "huong-dan.pdf"
    response = client.get(_url("guidance_document", guidance.pk, document.pk))
    assert response.status_code == 200
    data = {
        "title": "Hướng dẫn mới",
        "period_kind": "month",
        "year": 2026,
        "number": 12,
        "content": "Nội dung mới",
        "topics": "",
        "targets": [world.g1.pk],
    }
    assert client.post(_url("guidance_edit", guidance.pk), data).status_code == 302
    guidance.refresh_from_db()
    assert guidance.title == "Hướng dẫn mới" and not guidance.target_all
    assert list(guidance.targets.all()) == [world.g1]


def test_r28_a_draft_written_by_mistake_is_deleted_a_published_one_stays(world, client_for):
    draft = _guidance(world, publish=False, title="Hướng dẫn nhầm")
    published = _guidance(world)
    assert client_for(world.secretary).post(_url("guidance_delete", draft.pk)).status_code == 404
    client = client_for(world.btc)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="delete-draft"' in page and "data-confirm=" in page
    assert 'id="delete-draft"' not in client.get(published.get_absolute_url()).content.decode()
    response = client.post(_url("guidance_delete", draft.pk), follow=True)
    assert response.redirect_chain[-1][0] == _url("guidance_list")
    assert "Hướng dẫn nhầm" in response.content.decode()  # the message names what was deleted
    assert not Guidance.objects.filter(pk=draft.pk).exists()
    assert Guidance.history.filter(id=draft.pk, history_type="-").exists()
    # A published guidance is an issued text: refused, with a message on its page.
    response = client.post(_url("guidance_delete", published.pk), follow=True)
    assert response.redirect_chain[-1][0] == published.get_absolute_url()
    assert "published" in response.content.decode() and Guidance.objects.filter(pk=published.pk).exists()
    assert client.get(_url("guidance_delete", published.pk)).status_code == 405


# ---------------------------------------------------------------- who sees it; receipts


def test_r28_leader_opening_records_the_receipt_once(world, client_for):
    guidance = _guidance(world)
    # A committee member reads it, but the receipt is the leaders' to give.
    assert client_for(world.committee_member).get(guidance.get_absolute_url()).status_code == 200
    assert not GuidanceReceipt.objects.exists()
    client = client_for(world.secretary)
    assert client.get(guidance.get_absolute_url()).status_code == 200
    receipt = GuidanceReceipt.objects.get()
    assert (receipt.org, receipt.read_by) == (world.g1, world.people.secretary)
    first = receipt.read_at
    client.get(guidance.get_absolute_url())
    assert GuidanceReceipt.objects.get().read_at == first


def test_r28_board_sees_who_has_read(world, client_for):
    guidance = _guidance(world)
    client_for(world.secretary).get(guidance.get_absolute_url())
    response = client_for(world.btc).get(guidance.get_absolute_url())
    rows = {r.org.code: r.receipt for r in response.context["rows"]}
    assert set(rows) == {"G1", "G2", "CQDUK"}
    assert rows["G1"].read_by == world.people.secretary
    assert rows["G2"] is None and rows["CQDUK"] is None
    assert response.context["read_count"] == 1


def test_r28_grassroots_never_see_drafts(world, client_for):
    guidance = _guidance(world, publish=False)
    for user in (world.secretary, world.committee_member, world.outsider, world.member):
        assert client_for(user).get(guidance.get_absolute_url()).status_code == 404
    # The Inspection Committee reads the bloc's guidance, drafts included.
    assert client_for(world.ubkt).get(guidance.get_absolute_url()).status_code == 200


def test_r28_guidance_to_chosen_organizations_is_404_to_others(world, client_for):
    guidance = _guidance(world, targets=[world.g1])
    assert client_for(world.secretary).get(guidance.get_absolute_url()).status_code == 200
    assert client_for(world.outsider).get(guidance.get_absolute_url()).status_code == 404
    listed = client_for(world.outsider).get(_url("guidance_list")).context["page"]
    assert list(listed) == []


@pytest.mark.parametrize("persona", ["outsider", "member", "committee_member", "ubkt"])
def test_r28_only_those_who_direct_write_guidance(world, client_for, persona):
    guidance = _guidance(world, targets=[world.g1], publish=False)
    client = client_for(getattr(world, persona))
    upload = SimpleUploadedFile("a.txt", b"abc", content_type="text/plain")
    for method, url, data in [
        ("get", _url("guidance_create"), {}),
        ("post", _url("guidance_create"), {"title": "x"}),
        ("get", _url("guidance_edit", guidance.pk), {}),
        ("post", _url("guidance_publish", guidance.pk), {}),
        ("post", _url("guidance_document_add", guidance.pk), {"file": upload}),
    ]:
        assert status_of(client, method, url, data) == 404, (method, url)
    guidance.refresh_from_db()
    assert not guidance.is_published


def test_r28_plain_member_gets_404_on_every_page(world, client_for):
    guidance = _guidance(world)
    client = client_for(world.member)
    for url in (_url("guidance_list"), guidance.get_absolute_url()):
        assert client.get(url).status_code == 404


def test_r28_documents_served_only_with_the_guidance(world, client_for):
    guidance = _guidance(world, targets=[world.g1], publish=False)
    services.add_document(
        guidance, SimpleUploadedFile("tl.txt", "Tài liệu".encode(), content_type="text/plain")
    )
    services.publish_guidance(guidance)
    document = guidance.documents.get()
    assert (
        client_for(world.committee_member)
        .get(_url("guidance_document", guidance.pk, document.pk))
        .status_code
        == 200
    )
    assert (
        client_for(world.outsider).get(_url("guidance_document", guidance.pk, document.pk)).status_code == 404
    )
    assert (
        client_for(world.secretary).get(_url("guidance_document", guidance.pk, document.pk + 99)).status_code
        == 404
    )


# ---------------------------------------------------------------- guidance_for (the preparation screen)


def test_r28_guidance_for_returns_what_is_in_force_for_the_org(world):
    december = _guidance(world, title="Tháng 12")
    _guidance(world, title="Tháng 1", start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 31))
    only_g2 = _guidance(world, targets=[world.g2], title="Riêng G2")
    _guidance(world, publish=False, title="Nháp")
    day = dt.date(2026, 12, 10)
    assert queries.guidance_for(world.g1, day) == [december]
    # A cell follows the orientation given to its grassroots committee.
    assert queries.guidance_for(world.c1, day) == [december]
    assert set(queries.guidance_for(world.g2, day)) == {december, only_g2}
    # The bloc's own meetings are not addressed by its guidance to the grassroots.
    assert queries.guidance_for(world.bloc, day) == []
    assert queries.guidance_for(world.g1, dt.date(2026, 11, 30)) == []


def test_r28_guidance_panel_tag_on_the_meeting_screen(world):
    _guidance(world)
    meeting = Meeting(org=world.g1, title="Hội nghị tháng 12", date=dt.date(2026, 12, 4))
    html = Template("{% load oversight_tags %}{% guidance_panel meeting %}").render(
        Context({"meeting": meeting})
    )
    assert "Hướng dẫn sinh hoạt tháng 12" in html and "Chuyển đổi số" in html
    empty = Meeting(org=world.g1, title="x", date=dt.date(2027, 5, 4))
    assert (
        Template("{% load oversight_tags %}{% guidance_panel meeting %}")
        .render(Context({"meeting": empty}))
        .strip()
        == ""
    )


# ---------------------------------------------------------------- query counts


def _more_orgs(world, n, start=0):
    for i in range(start, start + n):
        org = OrganizationFactory(code=f"GX{i:03d}", parent=world.bloc, kind=OrgKind.GRASSROOTS_COMMITTEE)
        secretary = PersonFactory(home_org=world.c1, user=UserFactory(username=f"bt{i:03d}"))
        MembershipFactory(term=TermFactory(org=org), person=secretary, position="secretary")


def test_r28_list_queries_do_not_grow(world, client_for):
    counts = []
    for n in (3, 30):
        Guidance.objects.all().delete()
        for i in range(n):
            _guidance(world, title=f"HD {i}")
        for user in (world.btc, world.secretary):
            client = client_for(user)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(_url("guidance_list"))
            assert response.status_code == 200 and len(response.context["page"]) == n
            counts.append((user.username, len(ctx.captured_queries)))
    assert counts[:2] == counts[2:], counts
    # session, user, scope (person, bodies, seats), roles (bodies, seat paths), count, rows, top bar.
    assert max(c for _u, c in counts) <= 11, counts


def test_r28_receipts_page_queries_do_not_grow_with_the_addressees(world, client_for):
    counts = []
    for n in (3, 30):
        done = 0 if not counts else 3
        _more_orgs(world, n - done, start=done)
        guidance = _guidance(world, title=f"HD {n}")
        client = client_for(world.btc)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(guidance.get_absolute_url())
        assert len(response.context["rows"]) == 3 + n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
