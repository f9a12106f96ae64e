"""Activity programs for the term, each year and each month (R05): the services and the pages."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nghiquyet.meetings.models import FocusTopic, Program, ProgramItem, ProgramKind
from nghiquyet.meetings.services import programs

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    """Pages in English, the source language: chosen with the language cookie, as the switch in the top
    bar does (the browser's Accept-Language does not change the web UI's language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


# ---------------------------------------------------------------- services


def test_r05_term_annual_and_monthly_programs(world):
    term = programs.create_program(
        world.g1, kind=ProgramKind.TERM, title="Chương trình toàn khóa 2025–2030", year=2026, month=3
    )
    year = programs.create_program(world.g1, kind=ProgramKind.YEAR, title="Năm 2026", year=2026, month=3)
    month = programs.create_program(
        world.g1, kind=ProgramKind.MONTH, title="Tháng 3/2026", year=2026, month=3
    )
    # What does not apply to a kind is dropped: a term program spans years, an annual one months.
    assert (term.year, term.month) == (None, None)
    assert (year.year, year.month) == (2026, None)
    assert (month.year, month.month) == (2026, 3)


@pytest.mark.parametrize(
    ("kind", "fields", "error"),
    [
        (ProgramKind.YEAR, {}, "year"),
        (ProgramKind.MONTH, {"year": 2026}, "month"),
        (ProgramKind.MONTH, {"year": 2026, "month": 13}, "month"),
        ("weekly", {"year": 2026}, "kind"),
    ],
)
def test_r05_program_needs_its_period(world, kind, fields, error):
    with pytest.raises(ValidationError) as raised:
        programs.create_program(world.g1, kind=kind, title="x", **fields)
    assert error in raised.value.message_dict
    assert not Program.objects.exists()


def test_r05_items_keep_their_order(world):
    program = programs.create_program(world.g1, kind=ProgramKind.YEAR, title="Năm 2026", year=2026)
    first = programs.add_program_item(program, title="Sơ kết 6 tháng", planned_month=7)
    second = programs.add_program_item(program, title="  Tổng kết năm  ", description=" Báo cáo ")
    assert (first.order, second.order) == (1, 2)
    assert (second.title, second.description, second.planned_month) == ("Tổng kết năm", "Báo cáo", None)
    assert list(program.items.values_list("title", flat=True)) == ["Sơ kết 6 tháng", "Tổng kết năm"]


def test_r05_monthly_program_items_belong_to_its_month(world):
    program = programs.create_program(world.g1, kind=ProgramKind.MONTH, title="Tháng 3", year=2026, month=3)
    with pytest.raises(ValidationError) as raised:
        programs.add_program_item(program, title="x", planned_month=4)
    assert "planned_month" in raised.value.message_dict
    assert programs.add_program_item(program, title="y", planned_month=3).planned_month == 3


# ---------------------------------------------------------------- pages


def test_r05_secretary_creates_a_program_and_adds_items(world, client_for, english):
    client = client_for(world.secretary)
    response = client.post(
        reverse("meetings:programs", args=["G1"]),
        {"kind": "year", "year": "2027", "month": "", "title": "Chương trình công tác năm 2027", "notes": ""},
    )
    program = Program.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:program", args=[program.pk]
    )
    assert (program.org, program.kind, program.year) == (world.g1, "year", 2027)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Program “Chương trình công tác năm 2027” created."
    ]

    response = client.post(
        reverse("meetings:program", args=[program.pk]),
        {"title": "Sơ kết công tác 6 tháng đầu năm", "description": "", "planned_month": "7"},
    )
    assert response.status_code == 302
    item = ProgramItem.objects.get()
    assert (item.program, item.planned_month, item.order) == (program, 7, 1)

    page = client.get(reverse("meetings:program", args=[program.pk]))
    assert "Sơ kết công tác 6 tháng đầu năm" in page.content.decode()


def test_r05_program_form_errors_are_shown(world, client_for, english):
    response = client_for(world.secretary).post(
        reverse("meetings:programs", args=["G1"]),
        {"kind": "month", "year": "2027", "month": "", "title": "Tháng?"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"month": ["A monthly program needs its month."]}
    assert "A monthly program needs its month." in response.content.decode()
    assert not Program.objects.exists()


def test_r05_item_form_errors_are_shown(world, client_for, english):
    program = programs.create_program(world.g1, kind=ProgramKind.MONTH, title="Tháng 3", year=2026, month=3)
    client = client_for(world.secretary)
    response = client.post(
        reverse("meetings:program", args=[program.pk]), {"title": "", "planned_month": "13"}
    )
    assert set(response.context["form"].errors) == {"title", "planned_month"}
    # The service's own rule, shown next to its field.
    response = client.post(
        reverse("meetings:program", args=[program.pk]), {"title": "x", "planned_month": "4"}
    )
    assert "planned_month" in response.context["form"].errors
    assert not program.items.exists()


def test_r05_programs_grouped_by_kind(world, client_for, english):
    programs.create_program(world.g1, kind=ProgramKind.MONTH, title="Tháng 3/2026", year=2026, month=3)
    programs.create_program(world.g1, kind=ProgramKind.TERM, title="Toàn khóa")
    programs.create_program(world.g1, kind=ProgramKind.YEAR, title="Năm 2026", year=2026)
    programs.create_program(world.g2, kind=ProgramKind.YEAR, title="Của G2", year=2026)
    response = client_for(world.committee_member).get(reverse("meetings:programs", args=["G1"]))
    groups = [(label, [p.title for p in group]) for label, group in response.context["programs"]]
    assert groups == [
        ("Term program", ["Toàn khóa"]),
        ("Annual program", ["Năm 2026"]),
        ("Monthly program", ["Tháng 3/2026"]),
    ]
    assert "Của G2" not in response.content.decode()


def test_r05_program_page_shows_meetings_that_took_items_up(world, client_for, meeting):
    program = programs.create_program(world.g1, kind=ProgramKind.YEAR, title="Năm 2026", year=2026)
    item = programs.add_program_item(program, title="Chuyển đổi số", planned_month=12)
    FocusTopic.objects.create(meeting=meeting, order=1, title="Chuyển đổi số", program_item=item)
    response = client_for(world.committee_member).get(reverse("meetings:program", args=[program.pk]))
    body = response.content.decode()
    assert reverse("meetings:meeting", args=[meeting.pk]) in body and "04/12/2026" in body


def test_r05_outsider_and_plain_member_get_404(world, client_for):
    program = programs.create_program(world.g1, kind=ProgramKind.TERM, title="Toàn khóa")
    for user in (world.outsider, world.member):
        client = client_for(user)
        assert client.get(reverse("meetings:program", args=[program.pk])).status_code == 404
        assert client.post(reverse("meetings:program", args=[program.pk]), {"title": "x"}).status_code == 404
        assert client.get(reverse("meetings:programs", args=["G1"])).status_code == 404
    assert client_for(world.secretary).get(reverse("meetings:program", args=[999999])).status_code == 404
    assert not ProgramItem.objects.exists()


def test_r05_program_pages_query_count_does_not_grow(world, client_for, meeting):
    client = client_for(world.committee_member)
    program = programs.create_program(world.g1, kind=ProgramKind.YEAR, title="Năm 2026", year=2026)
    list_url = reverse("meetings:programs", args=["G1"])
    detail_url = reverse("meetings:program", args=[program.pk])
    client.get(list_url)

    def counts():
        result = []
        for address in (list_url, detail_url):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(address).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    def grow(n):
        for i in range(n):
            programs.create_program(
                world.g1, kind=ProgramKind.MONTH, title=f"Tháng {i}", year=2026, month=i % 12 + 1
            )
            item = programs.add_program_item(program, title=f"Nội dung {i}")
            FocusTopic.objects.create(meeting=meeting, order=i, title=item.title, program_item=item)

    grow(3)
    small = counts()
    grow(27)
    assert counts() == small
