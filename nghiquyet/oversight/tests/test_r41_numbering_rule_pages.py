"""R41: every numbered document's page names the numbering rule in force on its date of issue — the
periodic report, the inspection conclusion on its record's page, and any numbered document in the archive
(resolutions: resolutions/tests/test_successor_numbering.py; minutes: meetings/tests/test_minutes_rules.py).

The registry has two versions, Hướng dẫn 11-HD/VPTW (2004) and 36-HD/VPTW (in force from 3 April 2018), so
the documents are issued in 2017, 2024 and 2026, each in the bloc's committee term of its day (2015–2020,
2020–2025, 2025–2030): the 2017 one names HD 11, the 2024 and 2026 ones HD 36. The rule is computed from
the date: the pages gain no query for it.

Personas: btc (the bloc's Organization Board) reads the bloc's reports and its archive, ubkt (the
Inspection Committee's head) the conclusions; the outsider (G2's secretary) gets 404.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nghiquyet.documents.models import ArchivedDocument, DocType
from nghiquyet.orgs.models import BodyKind, BodyStaff, Position, StaffRole
from nghiquyet.orgs.tests.factories import MembershipFactory, PersonFactory, TermFactory
from nghiquyet.oversight import services
from nghiquyet.testing.clock import HANOI, NOW

from .test_inspections import _plan, _record
from .test_reports import NARRATIVE

pytestmark = pytest.mark.django_db

TERMS = [
    ("2015–2020", dt.date(2015, 10, 1), dt.date(2020, 9, 30)),
    ("2020–2025", dt.date(2020, 10, 1), dt.date(2025, 9, 30)),
    ("2025–2030", dt.date(2025, 10, 1), None),
]
# (date of issue, the quarter it reports on, the version in force, the version it must not name)
ISSUES = [
    (dt.date(2017, 12, 20), 4, "hd11-2004", "hd36-2018"),
    (dt.date(2024, 12, 20), 4, "hd36-2018", "hd11-2004"),
    (dt.date(2026, 10, 5), 3, "hd36-2018", "hd11-2004"),
]
NAMES = {"hd11-2004": "Hướng dẫn 11-HD/VPTW", "hd36-2018": "Hướng dẫn 36-HD/VPTW"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def bloc_terms(world):
    """The bloc's three committee terms with their secretary (who signs the reports), and ubkt as the head
    of the Inspection Committee (who signs the conclusions)."""
    secretary = PersonFactory(full_name="Trịnh Văn Quang", home_org=world.office)
    for label, start, end in TERMS:
        term = TermFactory(org=world.bloc, label=label, start_date=start, end_date=end)
        MembershipFactory(term=term, person=secretary, position=Position.SECRETARY, start_date=start)
    BodyStaff.objects.filter(person=world.people.ubkt, body__kind=BodyKind.INSPECTION_COMMITTEE).update(
        role=StaffRole.HEAD
    )
    return secretary


def _names(page: str, key: str, other: str) -> None:
    assert 'id="numbering-rule"' in page
    assert f'data-rule="{key}"' in page and NAMES[key] in page
    assert f'data-rule="{other}"' not in page


def _reports(world, secretary):
    """One report issued on each date of ISSUES: {its date: the report}."""
    reports = {}
    for day, quarter, _key, _other in ISSUES:
        report = services.create_report(world.bloc, kind="quarter", year=day.year, number=quarter)
        services.write_narrative(report, title=report.title, **NARRATIVE)
        reports[day] = services.issue_report(report, signer=secretary, on=day)
    return reports


def test_r41_the_periodic_report_names_the_numbering_rule_of_its_date(
    world, bloc_terms, client_for, django_assert_max_num_queries
):
    reports = _reports(world, bloc_terms)
    assert [r.number_display for r in reports.values()] == ["01-BC/ĐUK"] * 3  # one series per term
    client = client_for(world.btc)
    for day, _quarter, key, other in ISSUES:
        url = reverse("oversight:report", args=[reports[day].pk])
        with django_assert_max_num_queries(12):
            page = client.get(url).content.decode()
        _names(page, key, other)
    assert client_for(world.outsider).get(url).status_code == 404


def test_r41_the_archive_names_the_numbering_rule_of_each_numbered_document(
    world, bloc_terms, client_for, django_assert_max_num_queries
):
    reports = _reports(world, bloc_terms)
    client = client_for(world.btc)
    for day, _quarter, key, other in ISSUES:
        archived = ArchivedDocument.objects.get(doc_type=DocType.PERIODIC_REPORT, source_id=reports[day].pk)
        assert archived.issued_on == day
        # As many as before the rule was shown (the entry, its files, recipients, disseminations, the
        # chain check, the signatures, the organizations since moved out of the scope for R40's past
        # period, two): the version is computed from the date.
        with django_assert_max_num_queries(16):
            page = client.get(reverse("documents:archived", args=[archived.pk])).content.decode()
        _names(page, key, other)


def test_r41_a_draft_report_names_no_numbering_rule(world, client_for):
    report = services.create_report(world.bloc, kind="quarter", year=2026, number=3)
    page = client_for(world.btc).get(reverse("oversight:report", args=[report.pk])).content.decode()
    assert 'id="numbering-rule"' not in page


def test_r41_the_inspection_conclusion_names_its_number_and_the_rule_of_its_date(
    world, bloc_terms, client_for, pinned_clock, django_assert_max_num_queries
):
    records = {}
    for day, _quarter, _key, _other in ISSUES:
        # Concluded on that day: the conclusion is numbered in the bloc's term of the day.
        pinned_clock.move_to(dt.datetime.combine(day, dt.time(9, 0), HANOI))
        plan = _plan(
            world,
            title=f"Kiểm tra việc ban hành nghị quyết năm {day.year}",
            start=dt.date(day.year, 7, 1),
            end=dt.date(day.year, 12, 31),
        )
        records[day] = _record(world, plan, date=day - dt.timedelta(days=10), conclude=True)
    pinned_clock.move_to(NOW)
    client = client_for(world.ubkt)
    for day, _quarter, key, other in ISSUES:
        conclusion = ArchivedDocument.objects.get(
            doc_type=DocType.INSPECTION_CONCLUSION, source_id=records[day].pk
        )
        assert (conclusion.issued_on, conclusion.number_display) == (day, "01-KL/UBKTĐUK")
        with django_assert_max_num_queries(20):
            page = client.get(records[day].get_absolute_url()).content.decode()
        _names(page, key, other)
        line = page[page.index('id="conclusion-number"') :]
        assert "01-KL/UBKTĐUK" in line[: line.index("</p>")]
    assert client_for(world.outsider).get(records[day].get_absolute_url()).status_code == 404


def test_r41_a_draft_inspection_record_names_no_numbering_rule(world, bloc_terms, client_for):
    record = _record(world)
    page = client_for(world.ubkt).get(record.get_absolute_url()).content.decode()
    assert 'id="conclusion-number"' not in page and 'id="numbering-rule"' not in page
