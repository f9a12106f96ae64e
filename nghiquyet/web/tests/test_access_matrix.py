"""#17: every URL pattern has an access case, and every case holds for the people of another organization.

Over the tiny demo (loaded once for the module, as test_crawl.py does):

1. `test_every_url_pattern_has_an_access_case` walks the resolver (app, API, admin, auth) and the operations
   of the OpenAPI schema, and fails naming each pattern that has no entry in CASES — a new page cannot ship
   without saying who may open it. Two generic rules cover the rest, stated and tested below: the whole
   admin site (ADMIN_PREFIX) and Django's authentication and language pages (AUTH_PAGES).
2. `test_access_matrix` asks, for each case, the URL of a record of organization A (the demo users'
   grassroots committee, CS001) as the people of organization B (another of the bloc: its secretary, an ordinary
   committee member and a plain member, who get accounts here) and anonymously, GET and POST (empty data;
   a valid body on the API): a record answers 404, and so does a page of a role the asker lacks (the
   application refuses those with 404 too, not 403; `role` in the table says which); never 200 with A's
   data, never 500; anonymous people are sent to the login page (401 on the API); and no outsider's or
   anonymous request changes a row. The owner (A's secretary, or the upper level's officer for the upper
   level's records) gets 200 on GET pages, so that a case is not vacuous.
3. The admin and auth rules, the iCal feed's own token, and the leak marks themselves are tested below.

A real leak found by a case is marked `pytest.mark.xfail(strict=True, reason=...)` in its `mark`, never
given an expectation that hides it. None is marked today.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nghiquyet.testing.files import PDF

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------------
# What an outsider (B's secretary, committee member, plain member) gets.

NOT_FOUND = 404  # a record of another organization, or a page of a role they lack
OPEN = 200  # a page everyone signed in has (their own inbox, their work, lists scoped to them):
#             it answers, but shows none of A's records (the records' leak_marks, api_marks)


@dataclass(frozen=True)
class Case:
    kind: str  # the record of A the URL needs ("" for none)
    args: tuple[str, ...] = ()  # attributes of the records namespace, in the URL's order
    outsider: int | tuple[int, int] = NOT_FOUND  # for (B's secretary, B's member) when they differ
    owner: str | None = "bithu"  # the persona who gets 200 on GET; None: POST-only or not cheap
    post_only: bool = False  # GET answers 405 to everyone; the POST is what is checked
    anonymous: str = "login"  # login: sent to the login page; api: 401; public: answers without one
    query: str = ""  # formatted with the records namespace: "org={org}"
    data: dict = field(default_factory=dict)  # the API's POST body, valid so that access is what refuses
    why: str = ""
    mark: object = None  # a pytest mark (xfail) for a known leak
    seated: int | None = None  # for B's ordinary committee member, when it differs from the secretary's


def rec(kind, *args, owner="bithu", member=NOT_FOUND, **kw) -> Case:
    """A record of A: 404 to outsiders."""
    return Case(kind, args, (NOT_FOUND, member), owner, **kw)


def act(kind, *args, **kw) -> Case:
    """A POST-only action on a record of A: 404 to outsiders."""
    return Case(kind, args, NOT_FOUND, None, post_only=True, **kw)


def role(*, why, owner) -> Case:
    """A page of a role (the upper level, those who direct, the Inspection Committee), not of a record:
    refused to whoever lacks the role — with 404 like a record, not 403, in this application."""
    return Case("", (), NOT_FOUND, owner, why=why)


def own(*, owner="bithu", member=OPEN, seated=None, query="", why="") -> Case:
    """A page everyone signed in has (or every committee member: `member=NOT_FOUND` for plain members; or
    only leaders: `seated=NOT_FOUND` too), scoped to the asker: it answers without A's records."""
    return Case("", (), (OPEN, member), owner, query=query, why=why, seated=seated)


def api(kind="", *args, outsider=NOT_FOUND, owner="bithu", data=None, **kw) -> Case:
    """An API operation (a token per persona): 401 without a token, otherwise like the page."""
    post = data is not None
    return Case(kind, args, outsider, None if post else owner, post, "api", data=data or {}, **kw)


UPPER = "the upper level's page"
STATS = "org={org}"

# One line per URL name, grouped by app, with the record of A it needs and the attributes of the records
# namespace (_records) that fill its URL. rec: a page of A's record (404 to outsiders); act: a POST-only
# action on one (404); role: a page of a role outsiders lack (404); own: the asker's own page (200 without
# A's records; member=/seated= where plain members or ordinary committee members lack it); api: an operation.
CASES: dict[str, Case] = {
    # web
    "web:home": own(owner=None, why="redirects to the asker's own organization"),
    "web:favicon": Case("", (), OPEN, None, anonymous="public", why="redirects to a static icon"),
    "web:manifest": Case("", (), OPEN, None, anonymous="public", why="the app's name and icons, no data"),
    "web:service_worker": Case("", (), OPEN, None, anonymous="public", why="a script, no data"),
    # orgs (R01-R03)
    "orgs:tree": own(),
    "orgs:stats": rec("org", query=STATS),
    "orgs:stats_xlsx": rec("org", query=STATS),
    "orgs:stats_file": rec("org", "docx", query=STATS, owner=None),
    "orgs:person": rec("person", "person"),
    "orgs:import_template": own(owner=None, why="an empty workbook"),
    "orgs:org": rec("org", "org"),
    "orgs:members": rec("org", "org"),
    "orgs:import": rec("org", "org"),
    "orgs:export": rec("org", "org"),
    "orgs:reorganize": rec("org", "org", owner="bantochuc", why="the upper level reorganizes (R39)"),
    "orgs:reorganization": rec("reorganization", "reorganization", owner="bantochuc", why=UPPER),
    "orgs:reorganization_decide": act("reorganization", "reorganization"),
    # meetings (R04-R14)
    "meetings:list": rec("org", "org"),
    "meetings:calendar": rec("org", "org"),
    "meetings:regulation": rec("org", "org"),
    "meetings:generate": act("org", "org"),
    "meetings:add": rec("org", "org"),
    "meetings:programs": rec("org", "org"),
    "meetings:program": rec("program", "program"),
    "meetings:mine": own(),
    "meetings:ical": Case(
        "token",
        ("bogus_token",),
        NOT_FOUND,
        None,
        anonymous="public",
        why="the token is the credential: a wrong one answers 404 to everyone",
    ),
    "meetings:meeting": rec("meeting", "meeting"),
    "meetings:prepare": rec("meeting", "meeting"),
    "meetings:upload": act("meeting", "meeting"),
    "meetings:document": rec("meeting document", "meeting", "meeting_doc"),
    "meetings:document_remove": act("meeting document", "meeting", "meeting_doc"),
    "meetings:notice": act("meeting", "meeting"),
    "meetings:opinion": act("meeting", "meeting"),
    "meetings:record": rec("meeting", "meeting"),
    "meetings:attendance": act("meeting", "meeting"),
    "meetings:section": act("meeting", "meeting"),
    "meetings:spoken": act("meeting", "meeting"),
    "meetings:vote": act("meeting", "meeting"),
    "meetings:minutes": rec("held meeting", "held"),
    "meetings:sign": act("held meeting", "held"),
    "meetings:notice_document": rec("meeting", "meeting", "docx"),
    "meetings:minutes_document": rec("held meeting", "held", "docx"),
    # resolutions (R15-R27, R35)
    "resolutions:list": rec("org", "org"),
    "resolutions:create": rec("org", "org"),
    "resolutions:resolution": rec("resolution", "resolution"),
    "resolutions:edit": rec("draft", "draft"),
    "resolutions:item_add": rec("draft", "draft"),
    "resolutions:item_edit": rec("draft item", "draft", "draft_item"),
    "resolutions:item_delete": act("draft item", "draft", "draft_item"),
    "resolutions:versions": rec("resolution", "resolution"),
    "resolutions:issue": act("draft", "draft"),
    "resolutions:correct": act("resolution", "resolution"),
    "resolutions:plan": rec("plan", "resolution", "plan_kind"),
    "resolutions:document": rec("resolution", "resolution", "docx"),
    "resolutions:plan_document": rec("plan", "resolution", "plan_kind", "docx"),
    "resolutions:mine": own(),
    "resolutions:board": rec("org", "org"),
    "resolutions:item": rec("item", "item"),
    "resolutions:progress": act("item", "item"),
    "resolutions:difficulty": act("item", "item"),
    "resolutions:answer": act("difficulty", "difficulty"),
    "resolutions:confirm": act("item", "item"),
    "resolutions:send_back": act("item", "item"),
    "resolutions:urge": act("item", "item"),
    "resolutions:evidence": rec("evidence", "evidence_item", "evidence"),
    "resolutions:meeting_review": rec("meeting", "meeting"),
    "resolutions:close": rec("resolution", "resolution"),
    "resolutions:annual": rec("annual review", "org", "year"),
    # oversight (R28-R37): the upper level's records are "A's" when they concern A
    "oversight:home": own(),
    "oversight:dashboard": own(member=NOT_FOUND, why="a committee sees its own organization"),
    "oversight:dashboard_xlsx": own(member=NOT_FOUND),
    "oversight:dashboard_org": rec("org", "org"),
    "oversight:report_list": role(why=UPPER, owner="bantochuc"),
    "oversight:report_create": role(why=UPPER, owner="bantochuc"),
    "oversight:report": rec("report", "report", owner="bantochuc"),
    "oversight:report_edit": rec("report", "report", owner="bantochuc"),
    "oversight:report_refresh": act("report", "report"),
    "oversight:report_issue": act("report", "report"),
    "oversight:report_docx": rec("report", "report", owner="bantochuc"),
    "oversight:report_pdf": rec("report", "report", owner=None),
    "oversight:guidance_list": own(member=NOT_FOUND),
    "oversight:guidance_create": role(why="those who direct only", owner="bantochuc"),
    "oversight:guidance": rec("guidance to A", "guidance"),
    "oversight:guidance_edit": rec("draft guidance", "draft_guidance", owner="bantochuc"),
    "oversight:guidance_publish": act("draft guidance", "draft_guidance"),
    "oversight:guidance_delete": act("draft guidance", "draft_guidance"),
    "oversight:guidance_document_add": act("draft guidance", "draft_guidance"),
    "oversight:guidance_document": rec("guidance document", "guidance", "guidance_doc"),
    "oversight:guidance_document_remove": act("guidance document", "draft_guidance", "draft_guidance_doc"),
    "oversight:request_list": own(member=NOT_FOUND),
    "oversight:request_create": role(why="those who direct only", owner="bantochuc"),
    "oversight:request": rec("program request to A", "request"),
    "oversight:request_remind": act("program request to A", "request"),
    "oversight:request_submit": act("program request to A", "request", "org"),
    "oversight:submission": rec("A's submission", "submission"),
    "oversight:submission_file": rec("A's submission", "submission"),
    "oversight:plan_list": role(why="the upper level's inspection plans", owner="ubkt"),
    "oversight:plan_create": role(why="the Inspection Committee only", owner="ubkt"),
    "oversight:inspection_report": role(why=UPPER, owner="ubkt"),
    "oversight:plan": rec("inspection plan of A", "inspection_plan", owner="ubkt"),
    "oversight:plan_edit": rec("inspection plan of A", "inspection_plan", owner="ubkt"),
    "oversight:record_open": act("inspection plan of A", "inspection_plan"),
    "oversight:record_list": own(member=NOT_FOUND, why="a committee sees the records of its inspections"),
    "oversight:record": rec("inspection record of A", "inspection_record", owner="ubkt"),
    "oversight:record_edit": rec("inspection record of A", "inspection_record", owner="ubkt"),
    "oversight:record_conclude": act("inspection record of A", "inspection_record"),
    "oversight:record_document": rec("inspection record of A", "inspection_record", "docx", owner=None),
    "oversight:recommendation_add": act("inspection record of A", "inspection_record"),
    "oversight:recommendation_list": own(member=NOT_FOUND),
    "oversight:recommendation_done": act("recommendation to A", "recommendation"),
    "oversight:recommendation_remove": act("recommendation to A", "recommendation"),
    "oversight:difficulty_list": own(member=NOT_FOUND),
    "oversight:difficulty_create": own(
        member=NOT_FOUND, seated=NOT_FOUND, why="a committee's leaders file its difficulty"
    ),
    "oversight:difficulty": rec("A's difficulty", "upper_difficulty"),
    "oversight:difficulty_assign": act("A's difficulty", "upper_difficulty"),
    "oversight:difficulty_answer": act("A's difficulty", "upper_difficulty"),
    "oversight:difficulty_close": act("A's difficulty", "upper_difficulty"),
    "oversight:course_list": role(why=UPPER, owner="bantochuc"),
    "oversight:course_create": role(why="those who direct only", owner="bantochuc"),
    "oversight:coverage": own(member=NOT_FOUND, seated=NOT_FOUND, why="coverage of the leaders' own subtree"),
    "oversight:course": rec("course", "course", owner="bantochuc"),
    "oversight:course_attendees": act("course", "course"),
    "oversight:course_attendance": act("course attendance", "course", "attendance"),
    "oversight:nomination_list": own(member=NOT_FOUND, seated=NOT_FOUND, why="the leaders' own nominations"),
    "oversight:nomination_create": own(
        member=NOT_FOUND, seated=NOT_FOUND, why="leaders nominate their own secretary"
    ),
    "oversight:nomination_decide": act("nomination of A's secretary", "nomination"),
    "oversight:example_list": own(member=NOT_FOUND, why="bloc-wide by design (R29)"),
    "oversight:share": own(member=NOT_FOUND, seated=NOT_FOUND, why="leaders share their own resolution"),
    "oversight:example": Case(
        "A's shared resolution",
        ("example",),
        (OPEN, NOT_FOUND),
        why="R29: read bloc-wide by committee members (B's secretary: 200), not by plain members",
    ),
    "oversight:example_withdraw": act("A's shared resolution", "example"),
    "oversight:proposal_list": own(member=NOT_FOUND),
    "oversight:proposal_create": own(member=NOT_FOUND),
    "oversight:proposal": rec("A's proposal", "proposal"),
    "oversight:proposal_answer": act("A's proposal", "proposal"),
    # documents (R38-R40)
    "documents:search": own(query="q=nghi quyet", why="results from the asker's reach only"),
    "documents:archive": own(),
    "documents:archived": rec("archived document", "archived"),
    "documents:archived_file": rec("archived document", "archived", "docx"),
    "documents:sign": rec("archived resolution", "archived_resolution"),
    "documents:verify": own(why="checks an uploaded file against the documents the asker may read"),
    # notify
    "notify:inbox": own(),
    "notify:open": rec("A's secretary's notification", "notification", owner=None),
    "notify:read_all": Case("", (), OPEN, None, True, why="marks the asker's own notifications read"),
    # api tokens
    "api_tokens:list": own(),
    "api_tokens:revoke": act("A's secretary's token", "api_token"),
    # API (django-ninja; a token per persona): the schema and docs are public, the data are not
    "api:openapi-json": Case("", (), OPEN, None, anonymous="public", why="the schema, no data"),
    "api:openapi-view": Case("", (), OPEN, None, anonymous="public", why="the docs page, no data"),
    "api:api-root": Case("", (), NOT_FOUND, None, anonymous="public", why="no operation at the root"),
    "api:list_orgs": api(outsider=OPEN),
    "api:get_org": api("org", "org"),
    "api:list_members": api("org", "org"),
    "api:get_person": api("person", "person"),
    "api:list_meetings": api("org", "org"),
    "api:get_meeting": api("meeting", "meeting"),
    "api:add_opinion": api("meeting", "meeting", data={"stance": "agree", "text": "Nhất trí"}),
    "api:list_resolutions": api(outsider=OPEN),
    "api:get_resolution": api("resolution", "resolution"),
    "api:list_items": api(outsider=OPEN),
    "api:get_item": api("item", "item"),
    "api:list_progress": api("item", "item"),
    "api:report_progress": api("item", "item", data={"status": "in_progress", "percent": 50}),
    "api:list_difficulties": api("item", "item"),
    "api:report_difficulty": api("item", "item", data={"text": "Thiếu kinh phí"}),
    "api:get_dashboard": api(outsider=(OPEN, NOT_FOUND)),
}

# Generic rule 1: the admin site. Every pattern under admin/ (named `admin:…` or not) sends anonymous
# people and signed-in non-staff to the admin's login page, GET and POST alike; its login page itself
# answers 200 with a form and no data, and its logout sends them to the admin's index (its login).
# The superuser opens the index.
ADMIN_PREFIX = "admin/"
# Generic rule 2: Django's own authentication and language pages, the same for everyone: the login page
# (open to anonymous), logout (POST), the password change pages of the asker's own account, and the
# language switch (a POST that sets a cookie).
AUTH_PAGES = {"login", "logout", "password_change", "password_change_done", "set_language"}


# ---------------------------------------------------------------------------------------------------
# The patterns


def walk(patterns, prefix: str = "", namespace: str = ""):
    """(route, URL name or None) of every pattern, included ones too."""
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), (namespace + p.name) if p.name else None


def api_operations(client: Client) -> list[tuple[str, str, str]]:
    """(method, path, URL name) of every operation of the OpenAPI schema; the URL name is the view's
    (django-ninja names its operations `<package>_<module>_<function>`, its URL patterns `<function>`)."""
    schema = client.get(reverse("api:openapi-json")).json()
    return [
        (method.upper(), path, "api:" + re.sub(r"^nghiquyet_api_[a-z]+_", "", operation["operationId"]))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


def test_every_url_pattern_has_an_access_case(client):
    patterns = list(walk(get_resolver().url_patterns))
    assert len(patterns) > 250, len(patterns)
    missing = [
        f"{name or '(unnamed)'} {route}"
        for route, name in patterns
        if not route.startswith(ADMIN_PREFIX) and name not in AUTH_PAGES and name not in CASES
    ]
    operations = api_operations(client)
    assert len(operations) >= 16, operations
    missing += [
        f"{name} ({method} {path})"
        for method, path, name in operations
        # A case of the operation's own method: a GET and a POST operation may share a path.
        if name not in CASES or CASES[name].post_only != (method == "POST")
    ]
    assert not missing, "URL patterns without an access case in CASES:\n" + "\n".join(missing)
    # And no case is left over for a pattern that is gone.
    names = {name for _, name in patterns}
    assert not set(CASES) - names, set(CASES) - names


# ---------------------------------------------------------------------------------------------------
# The data: the tiny demo, plus A's records the demo does not make

OUTSIDERS = ("b_bithu", "b_capuy", "b_dangvien")  # B's secretary, a committee member, a plain member
TOPIC = "Chuyển đổi số"


def _upload(name: str, data: bytes = PDF, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _records() -> SimpleNamespace:
    from nghiquyet.api import services as api_services
    from nghiquyet.documents.models import ArchivedDocument
    from nghiquyet.meetings.models import DocumentKind, Meeting, MeetingStatus, ProgramKind
    from nghiquyet.meetings.services import calendar_token_for, create_program
    from nghiquyet.meetings.services import preparation as prep_services
    from nghiquyet.notify.models import Notification
    from nghiquyet.orgs.models import (
        BodyKind,
        BodyStaff,
        CommitteeMembership,
        Organization,
        OrgKind,
        Person,
        Position,
        ReorganizationKind,
    )
    from nghiquyet.orgs.services import reorganization as reorg_services
    from nghiquyet.oversight import services as oversight
    from nghiquyet.oversight.models import Audience, CourseAttendance
    from nghiquyet.oversight.periods import PeriodKind
    from nghiquyet.resolutions.models import (
        AnnualReview,
        Difficulty,
        Item,
        ItemStatus,
        Plan,
        Resolution,
        ResolutionStatus,
    )
    from nghiquyet.resolutions.services import progress as progress_services

    User = get_user_model()
    users = {u.username: u for u in User.objects.all()}
    a = Organization.objects.get(code="CS001")
    bloc = a.parent
    # B: another grassroots organization of the same bloc (the demo's 2025 transfer moved some away).
    b = Organization.objects.filter(parent=bloc, kind=a.kind).exclude(pk=a.pk).order_by("code").first()

    # B's people get accounts: its secretary, an ordinary committee member and a plain member (no seat).
    seats = CommitteeMembership.objects.current().filter(term__org=b).order_by("pk")
    b_secretary = seats.get(position=Position.SECRETARY).person
    b_committee_member = seats.filter(position=Position.MEMBER).first().person
    seated = CommitteeMembership.objects.current().values("person")
    b_member = (
        Person.objects.filter(home_org__path__startswith=b.path, user=None)
        .exclude(pk__in=seated)
        .order_by("pk")
        .first()
    )
    for username, person in (
        ("b_bithu", b_secretary),
        ("b_capuy", b_committee_member),
        ("b_dangvien", b_member),
    ):
        person.user = User.objects.create_user(username=username, password="x")
        person.save(update_fields=["user"])
        users[username] = person.user
        calendar_token_for(person)  # made on their first visit of meetings:mine, not a change of A's

    secretary = users["bithu"].person
    btc = users["bantochuc"].person
    # A reorganization decided by the bloc and not yet confirmed (R39): a new cell under it.
    reorganization = reorg_services.reorganize(
        reorg_services.Spec(
            kind=ReorganizationKind.CREATE,
            decision_number="99-QĐ/ĐUK",
            decision_date=dt.date(2026, 11, 2),
            issuer=bloc,
            effective_date=dt.date(2026, 11, 2),
            target=bloc,
            parts=[
                reorg_services.NewOrg(
                    code="CS999", name="Chi bộ thử nghiệm", kind=OrgKind.GRASSROOTS_CELL, issuer_code="CB"
                )
            ],
        ),
        by=users["bantochuc"],
    )
    ubkt_body = (
        BodyStaff.objects.current()
        .get(person=users["ubkt"].person, body__kind=BodyKind.INSPECTION_COMMITTEE)
        .body
    )
    meetings = Meeting.objects.filter(org=a).order_by("date")
    held = meetings.filter(status=MeetingStatus.SIGNED).last()
    meeting = meetings.filter(status=MeetingStatus.NOTIFIED).last()
    meeting_doc = prep_services.attach_document(
        meeting,
        kind=DocumentKind.DOCUMENT,
        title="Báo cáo tình hình",
        uploaded=_upload("bc.pdf"),
        by=users["bithu"],
    )
    resolutions = Resolution.objects.filter(org=a).order_by("pk")
    resolution = resolutions.filter(status=ResolutionStatus.ISSUED).last()
    draft = resolutions.filter(status=ResolutionStatus.DRAFT).last()
    plan = Plan.objects.filter(resolution=resolution).first()
    capuy = users["capuy"].person
    evidence_item = Item.objects.filter(
        resolution__org=a, assignee=capuy, status__in=(ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)
    ).first()
    update = progress_services.post_update(
        evidence_item,
        capuy,
        status=ItemStatus.IN_PROGRESS,
        percent=40,
        note="Đang triển khai",
        files=[_upload("minh-chung.pdf")],
        by=users["capuy"],
    )

    year = dt.date(2026, 1, 1)

    def guidance_to_a(title: str):
        """A guidance of the bloc addressed to A alone, with a document."""
        made = oversight.create_guidance(
            bloc,
            title=title,
            period_kind=PeriodKind.YEAR,
            period_start=year,
            period_end=dt.date(2026, 12, 31),
            content="Nội dung hướng dẫn",
            target_all=False,
            targets=[a],
        )
        return made, oversight.add_document(made, _upload("hd.pdf"))

    guidance, guidance_doc = guidance_to_a("Hướng dẫn riêng cho Sở Tư pháp")
    oversight.publish_guidance(guidance)
    draft_guidance, draft_guidance_doc = guidance_to_a("Dự thảo hướng dẫn")
    request = oversight.create_request(
        bloc,
        title="Cụ thể hóa Nghị quyết",
        directive="Nghị quyết số 01",
        description="Xây dựng chương trình hành động",
        deadline=dt.date(2026, 12, 31),
        target_all=False,
        targets=[a],
    )
    submission = oversight.submit_program(
        request, a, person=secretary, text="Chương trình", uploaded=_upload("ct.pdf"), by=users["bithu"]
    )
    inspection_plan = oversight.create_plan(
        ubkt_body,
        title="Kiểm tra Sở Tư pháp",
        content="Nội dung",
        period_kind=PeriodKind.YEAR,
        period_start=year,
        period_end=dt.date(2026, 12, 31),
        targets=[a],
    )
    inspection_record = oversight.open_record(inspection_plan, org=a, date=dt.date(2026, 11, 2))
    recommendation = oversight.add_recommendation(
        inspection_record, text="Rà soát quy chế", assignee=secretary, deadline=dt.date(2026, 12, 31)
    )
    upper_difficulty = oversight.file_difficulty(a, person=secretary, title="Khó khăn", text="Thiếu kinh phí")
    course = oversight.create_course(
        bloc,
        title="Bồi dưỡng cấp ủy viên",
        start_date=dt.date(2026, 10, 1),
        end_date=dt.date(2026, 10, 3),
        organizer="Ban Tổ chức",
        audience=Audience.COMMITTEE,
    )
    oversight.add_attendees(course, [secretary])
    nomination = oversight.nominate(
        secretary, year=2026, reason="Hoàn thành xuất sắc", nominated_by=bloc, nominator=btc
    )
    example = oversight.share_resolution(resolution, person=secretary, topics=[TOPIC])
    proposal = oversight.file_proposal(a, person=secretary, text="Đề xuất")
    report = oversight.create_report(bloc, kind=PeriodKind.MONTH, year=2026, number=10, by=users["bantochuc"])
    token, _key = api_services.create_token(users["bithu"], "Văn phòng")

    return SimpleNamespace(
        a=a,
        b=b,
        users=users,
        org=a.code,
        person=users["dangvien"].person.pk,
        program=create_program(
            a, kind=ProgramKind.YEAR, year=2026, title="Chương trình công tác năm 2026"
        ).pk,
        bogus_token="khong-phai-ma-that",
        ical=calendar_token_for(secretary).token,
        meeting=meeting.pk,
        held=held.pk,
        meeting_doc=meeting_doc.pk,
        resolution=resolution.pk,
        draft=draft.pk,
        draft_item=draft.items.order_by("pk").first().pk,
        item=resolution.items.order_by("pk").first().pk,
        plan_kind=plan.kind,
        difficulty=Difficulty.objects.filter(item__resolution__org=a).order_by("pk").first().pk,
        evidence_item=evidence_item.pk,
        evidence=update.evidence.get().pk,
        year=AnnualReview.objects.get(org=a).year,
        docx="docx",
        archived=ArchivedDocument.objects.filter(org_id=a.pk).order_by("pk").first().pk,
        archived_resolution=ArchivedDocument.objects.get(
            source_kind="resolution", source_id=resolution.pk
        ).pk,
        notification=Notification.objects.filter(recipient=users["bithu"]).order_by("pk").first().pk,
        api_token=token.pk,
        guidance=guidance.pk,
        guidance_doc=guidance_doc.pk,
        draft_guidance=draft_guidance.pk,
        draft_guidance_doc=draft_guidance_doc.pk,
        request=request.pk,
        submission=submission.pk,
        inspection_plan=inspection_plan.pk,
        inspection_record=inspection_record.pk,
        recommendation=recommendation.pk,
        upper_difficulty=upper_difficulty.pk,
        course=course.pk,
        attendance=CourseAttendance.objects.get(course=course).pk,
        nomination=nomination.pk,
        example=example.pk,
        proposal=proposal.pk,
        report=report.pk,
        reorganization=reorganization.pk,
        # What an outsider's page must never show: the addresses of A's records.
        leak_marks=[
            reverse("meetings:meeting", args=[meeting.pk]),
            reverse("meetings:meeting", args=[held.pk]),
            *(reverse("resolutions:resolution", args=[r.pk]) for r in resolutions),
            *(reverse("resolutions:item", args=[i.pk]) for i in Item.objects.filter(resolution__org=a)),
            reverse("orgs:person", args=[users["dangvien"].person.pk]),
            reverse("orgs:members", args=[a.code]),
            reverse("orgs:org", args=[a.code]),
        ],
        # What an outsider's API answer must never hold: A's code (records carry their organization's).
        api_marks=[f'"{a.code}"'],
    )


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        call_command("seed_demo", "--scale", "tiny", "--flush", "--months", "3", stdout=io.StringIO())
        records = _records()
    yield records
    with django_db_blocker.unblock():
        from nghiquyet.demo.registry import flush
        from nghiquyet.oversight.models import Topic

        flush()
        # What refers to no organization: the outsiders' accounts and the example's topic tag.
        get_user_model().objects.filter(username__in=OUTSIDERS).delete()
        Topic.objects.filter(name=TOPIC).delete()
    media.disable()


# ---------------------------------------------------------------------------------------------------
# Asking


def _tables() -> list[str]:
    return sorted(m._meta.db_table for m in apps.get_models() if m._meta.managed)


def _row_counts() -> dict[str, int]:
    """Rows in every table (history tables included, so an UPDATE through a service counts too): one query."""
    tables = _tables()
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _url(name: str, case: Case, records) -> str:
    url = reverse(name, args=[getattr(records, a) for a in case.args])
    return f"{url}?{case.query.format(**vars(records))}" if case.query else url


def _client(records, username: str | None, api: bool) -> Client:
    client = Client()
    if username is None:
        return client
    user = records.users[username]
    if api:
        from nghiquyet.api import services as api_services

        key = api_services.create_token(user, "Kiểm tra quyền")[1]
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    else:
        client.force_login(user)
    return client


def _ask(client: Client, method: str, url: str, case: Case, api: bool):
    if method == "get":
        return client.get(url)
    if api:
        return client.post(url, case.data, content_type="application/json")
    return client.post(url, {})


def _params():
    for name, case in CASES.items():
        yield pytest.param(name, case, id=name, marks=[case.mark] if case.mark else [])


def _expected(case: Case, username: str) -> int:
    """What this outsider should get: the case's answer for B's secretary, committee member or member."""
    secretary, member = (case.outsider, case.outsider) if isinstance(case.outsider, int) else case.outsider
    if username == "b_dangvien":
        return member
    if username == "b_capuy" and case.seated is not None:
        return case.seated
    return secretary


def _start(response) -> str:
    """The start of a text answer, to tell a refusal from a page in a failure's message."""
    if response.streaming or not response.get("Content-Type", "").startswith(("text/", "application/json")):
        return response.get("Content-Type", "")
    return repr(response.content[:160])


def _answers(case: Case, method: str, got: int, expected: int) -> bool:
    """Whether an outsider's answer is the expected one."""
    if case.post_only and method == "get":
        return got == 405
    if expected == OPEN:
        # Their own page, or a redirect to it; a POST re-shows a form (400, 422 when invalid), redirects
        # after doing the asker's own thing, or refuses the method.
        return got in (200, 302) if method == "get" else got in (200, 302, 400, 405, 422)
    # A page that is not a form refuses POST (405) or answers it as it answers GET.
    return got == expected or (method == "post" and got == 405)


def _anonymous_answers(case: Case, method: str, response) -> bool:
    got = response.status_code
    if case.anonymous == "public":
        return got < 500 and got not in (401, 403)
    if case.anonymous == "api":
        return got == 401 or (method == "post" and got == 405)
    refused = got == 405 and (method == "post" or case.post_only)
    return (got == 302 and response["Location"].startswith(reverse("login"))) or refused


def _methods(case: Case, api: bool) -> tuple[str, ...]:
    """GET and POST; an API operation is asked with its own method only (a GET and a POST operation may
    share a path: each is a case)."""
    if api:
        return ("post",) if case.post_only else ("get",)
    return ("get", "post")


@pytest.mark.parametrize(("name", "case"), list(_params()))
def test_access_matrix(matrix, name, case):
    api = case.anonymous == "api"
    url = _url(name, case, matrix)
    clients = {username: _client(matrix, username, api) for username in OUTSIDERS}  # sessions, tokens
    before = _row_counts()
    problems = []
    for username, client in clients.items():
        expected = _expected(case, username)
        for method in _methods(case, api):
            response = _ask(client, method, url, case, api)
            got = response.status_code
            if not _answers(case, method, got, expected):
                problems.append(
                    f"{username} {method.upper()} {url}: {got}, expected {expected} {_start(response)}"
                )
            if got == 200 and response.get("Content-Type", "").startswith(("text/html", "application/json")):
                body = response.content.decode()
                marks = matrix.api_marks if api else matrix.leak_marks
                shown = [mark for mark in marks if mark in body]
                if shown:
                    problems.append(f"{username} {method.upper()} {url}: shows A's {shown}")
    anonymous = Client()
    for method in _methods(case, api):
        response = _ask(anonymous, method, url, case, api)
        if not _anonymous_answers(case, method, response):
            problems.append(f"anonymous {method.upper()} {url}: {response.status_code}")
    after = _row_counts()
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not changed, f"{name}: an outsider's or anonymous request changed rows: {changed}"
    if case.owner:
        response = _client(matrix, case.owner, api).get(url)
        if response.status_code != 200:
            problems.append(f"owner {case.owner} GET {url}: {response.status_code}, expected 200")
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------------------------------
# The generic rules


ADMIN_VALUES = {"object_id": "1", "id": "1", "app_label": "orgs", "content_type_id": "1", "url": "nothing/"}


def _admin_url(route: str) -> str:
    """A URL of an admin pattern, its parameters filled in (an existing row, an app, a path)."""
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: ADMIN_VALUES[m.group(1)], route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: ADMIN_VALUES[m.group(1)], url)
    return "/" + url.replace("^", "").replace("$", "")


def test_admin_rule_every_admin_pattern_sends_others_to_its_login(matrix):
    """ADMIN_RULE: anonymous people and non-staff (A's secretary) get the admin's login page, never a page
    of it; POSTs change nothing. The superuser opens the admin."""
    routes = [route for route, _name in walk(get_resolver().url_patterns) if route.startswith(ADMIN_PREFIX)]
    assert len(routes) > 80, len(routes)
    login, logout = reverse("admin:login"), reverse("admin:logout")
    non_staff = Client()
    non_staff.force_login(matrix.users["bithu"])
    assert not matrix.users["bithu"].is_staff
    before = _row_counts()
    problems = []
    for route in routes:
        url = _admin_url(route)
        for who, client in (("anonymous", Client()), ("non-staff", non_staff)):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                got = response.status_code
                if url == login:
                    ok = got == 200 if method == "get" else got in (200, 302)
                elif url == logout:
                    ok = got == 302  # to the admin's index, that is its login page; nobody is signed out
                else:
                    ok = got == 302 and response["Location"].startswith(login)
                if not ok:
                    problems.append(f"{who} {method.upper()} {url} ({route}): {got}")
    assert _row_counts() == before
    assert not problems, "\n".join(problems)
    assert non_staff.get(reverse("orgs:tree")).status_code == 200  # still signed in after admin/logout/
    admin = Client()
    admin.force_login(matrix.users["admin"])
    assert admin.get(reverse("admin:index")).status_code == 200


def test_auth_pages_rule(matrix):
    """AUTH_PAGES: the login page is open, the password pages are the asker's own account's, the language
    switch and logout are POSTs that touch only the asker's session."""
    anonymous = Client()
    assert anonymous.get(reverse("login")).status_code == 200
    for name in ("password_change", "password_change_done"):
        response = anonymous.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    outsider = Client()
    outsider.force_login(matrix.users["b_bithu"])
    for name in ("password_change", "password_change_done"):
        assert outsider.get(reverse(name)).status_code == 200, name
    assert outsider.get(reverse("login")).status_code == 302  # already signed in
    assert outsider.post(reverse("set_language"), {"language": "en", "next": "/"}).status_code == 302
    assert outsider.post(reverse("logout")).status_code == 302
    response = outsider.get(reverse("orgs:tree"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_leak_marks_are_what_a_s_own_people_see(matrix):
    """The marks looked for in outsiders' answers do stand in the same answers to A's people: a check that
    finds nothing because it looks for the wrong thing would pass every leak."""
    owner = Client()
    owner.force_login(matrix.users["bithu"])
    body = owner.get(reverse("resolutions:board", args=[matrix.org])).content.decode()
    assert [mark for mark in matrix.leak_marks if mark in body]
    tree = owner.get(reverse("orgs:tree")).content.decode()
    assert reverse("orgs:org", args=[matrix.org]) in tree
    api_owner = _client(matrix, "bithu", api=True)
    answer = api_owner.get(reverse("api:list_resolutions")).content.decode()
    assert all(mark in answer for mark in matrix.api_marks)


def test_the_ical_feed_opens_with_its_own_token(matrix):
    """meetings:ical is asked with a wrong token in the matrix; with A's secretary's own, it answers."""
    response = Client().get(reverse("meetings:ical", args=[matrix.ical]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
