"""Property tests of the member import (R01, issue #8): whatever sheet an office uploads — valid rows mixed
with blank names, impossible dates, unknown or wrong cell codes, numbers and booleans where text belongs,
stray whitespace, names in NFD — the import either registers exactly the valid rows, when all are valid,
or changes nothing and names the row and column of every bad cell. It never raises. And an export read
back in restores the same members.

Each example runs inside a savepoint rolled back at its end, so the examples share the `world` fixture
without seeing each other's members. Messages are checked in English (the source language).
"""

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from nghiquyet.orgs import services, xlsx
from nghiquyet.orgs.models import Education, Gender, Person, Theory

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    # The `world` fixture is built once per test and left untouched: each example rolls back its changes.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Given names unlike any persona of `world`, so a generated member is never "already registered".
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Hoài", "Quang", "Thanh"]
GIVEN = ["An", "Châu", "Dũng", "Nga", "Phúc", "Quyên", "Sơn", "Thắng", "Yến", "Ánh", "Hương", "Khoa", "Đạt"]
WORKPLACES = ["Phòng Hành chính tư pháp", "Thanh tra Sở", "Trung tâm Trợ giúp pháp lý", "Văn phòng Sở", ""]
JOB_TITLES = ["Chuyên viên", "Trưởng phòng", "Phó Chánh Thanh tra", ""]
CELLS = {"G1C1": "c1", "G1P1C1": "c2"}  # codes of G1's party cells -> attribute of `world`
COLUMN = {c.field: c.label for c in xlsx.COLUMNS}


@dataclass(frozen=True)
class Member:
    """A valid row as typed in the sheet (`cells`) and what it must register (`expected`)."""

    cells: dict
    expected: dict

    @property
    def key(self) -> tuple:
        return (self.expected["full_name"].casefold(), self.expected["birth_date"])


# ---------------------------------------------------------------- valid cells, written in every accepted way


def _spaced(text: str) -> st.SearchStrategy[str]:
    """The text as typed: maybe with stray spaces around it (the reader strips them)."""
    return st.sampled_from(["", " ", "  ", "\t"]).map(lambda pad: pad + text) | st.just(text + " ")


@st.composite
def names(draw) -> tuple[str, str]:
    """(as typed, as stored): NFC or NFD, with doubled inner spaces and stray outer ones."""
    parts = [draw(st.sampled_from(FAMILY)), draw(st.sampled_from(MIDDLE)), draw(st.sampled_from(GIVEN))]
    stored = " ".join(parts)
    typed = draw(st.sampled_from([" ", "  "])).join(parts)
    if draw(st.booleans()):
        typed = unicodedata.normalize("NFD", typed)
    return draw(_spaced(typed)), stored


def date_cell(day: dt.date) -> st.SearchStrategy:
    """A date as Excel holds it (a date cell) or as people type it."""
    return st.sampled_from(
        [
            day,
            dt.datetime.combine(day, dt.time()),
            day.strftime("%d/%m/%Y"),
            f"{day.day}/{day.month}/{day.year}",
            day.strftime("%d-%m-%Y"),
            day.strftime("%d.%m.%Y"),
            day.isoformat(),
        ]
    )


def label_cell(labels: dict, value) -> st.SearchStrategy[str]:
    """A choice as its label, in another case, without diacritics, or as the stored code."""
    label = labels[value]
    plain = "".join(ch for ch in unicodedata.normalize("NFD", label) if not unicodedata.combining(ch))
    return st.sampled_from(
        [label, label.upper(), label.lower(), plain.replace("đ", "d").replace("Đ", "D"), value]
    )


@st.composite
def members(draw) -> Member:
    typed_name, stored_name = draw(names())
    birth = draw(st.one_of(st.none(), st.dates(dt.date(1950, 1, 1), dt.date(1990, 12, 31))))
    entry = full = None
    if birth is not None and draw(st.booleans()):
        entry = birth + dt.timedelta(days=draw(st.integers(18 * 366, 30 * 365)))
        if draw(st.booleans()):
            full = entry + dt.timedelta(days=365)
    gender = draw(st.sampled_from(list(Gender)))
    education = draw(st.one_of(st.none(), st.sampled_from(list(Education))))
    theory = draw(st.one_of(st.none(), st.sampled_from(list(Theory))))
    code = draw(st.sampled_from(sorted(CELLS)))
    workplace = draw(st.sampled_from(WORKPLACES))
    job_title = draw(st.sampled_from(JOB_TITLES))
    email = draw(st.sampled_from(["", f"dv{draw(st.integers(1, 999))}@example.vn"]))
    cells = {
        "full_name": typed_name,
        "gender": draw(label_cell(xlsx.GENDER_LABELS, gender)),
        "birth_date": draw(date_cell(birth)) if birth else None,
        "party_entry_date": draw(date_cell(entry)) if entry else draw(st.sampled_from([None, "", "  "])),
        "full_membership_date": draw(date_cell(full)) if full else None,
        "workplace": draw(_spaced(workplace)) if workplace else None,
        "job_title": job_title or None,
        "education": draw(label_cell(xlsx.EDUCATION_LABELS, education)) if education else None,
        "theory": draw(label_cell(xlsx.THEORY_LABELS, theory)) if theory else "",
        "cell": draw(_spaced(draw(st.sampled_from([code, code.lower()])))),
        "email": email or None,
    }
    expected = {
        "full_name": stored_name,
        "gender": gender.value,
        "birth_date": birth,
        "party_entry_date": entry,
        "full_membership_date": full,
        "workplace": workplace,
        "job_title": job_title,
        "education": (education or Education.UNIVERSITY).value,
        "theory": (theory or Theory.NONE).value,
        "cell": code,
        "email": email,
    }
    return Member(cells, expected)


# ---------------------------------------------------------------- bad cells: (field, value) pairs


def _future() -> str:
    return (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")


BAD_CELLS = st.one_of(
    st.tuples(st.just("full_name"), st.sampled_from(["", "   ", "\t"])),
    st.tuples(
        st.just("gender"), st.sampled_from(["X", "Male?", "Nữ giới", 1, 0.5, True, dt.date(2000, 1, 1)])
    ),
    st.tuples(
        st.sampled_from(["birth_date", "party_entry_date", "full_membership_date"]),
        st.sampled_from(
            ["31/02/1980", "1980", "17/5/80", "ngày 5 tháng 3", "01/01/1899", 1980.5, 30000, True]
        ),
    ),
    st.tuples(st.just("birth_date"), st.builds(_future)),
    st.tuples(st.just("education"), st.sampled_from(["Cử nhân", "PhD", 3, False])),
    st.tuples(st.just("theory"), st.sampled_from(["Đại học", "cao  cấp x", 2.0])),
    st.tuples(
        st.just("cell"), st.sampled_from(["", "XYZ9", "G2", "G1P1", "G1", "DUK", 42, True, "G1C1 G1P1C1"])
    ),
    st.tuples(st.just("email"), st.sampled_from(["not-an-address", "a@", "@example.vn", 12])),
)


@st.composite
def sheets(draw):
    """Rows of a sheet: valid members, some with one bad cell, and blank rows in between.

    Returns (rows in sheet order — None for a blank row, the members, {index: bad field}).
    """
    people = draw(st.lists(members(), min_size=1, max_size=6, unique_by=lambda m: m.key))
    bad = {}
    if draw(st.booleans()):
        for index in draw(st.sets(st.integers(0, len(people) - 1), min_size=1)):
            bad[index] = draw(BAD_CELLS)
    rows = []
    for index, member in enumerate(people):
        if draw(st.integers(0, 4)) == 0:
            rows.append(None)
        cells = dict(member.cells)
        if index in bad:
            field, value = bad[index]
            cells[field] = value
        rows.append(cells)
    return rows, people, {index: field for index, (field, _value) in bad.items()}


def workbook(rows) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([c.header for c in xlsx.COLUMNS])
    for cells in rows:
        sheet.append([None] * len(xlsx.COLUMNS) if cells is None else [cells[c.field] for c in xlsx.COLUMNS])
    return SimpleUploadedFile("dang-vien.xlsx", xlsx.workbook_bytes(book), content_type=xlsx.CONTENT_TYPE)


def registered(world) -> list[dict]:
    """The members of G1's cells other than the personas, as comparable values."""
    cells = {world.c1.pk: "G1C1", world.c2.pk: "G1P1C1"}
    rows = (
        Person.objects.filter(home_org__in=[world.c1, world.c2], user__isnull=True)
        .order_by("pk")
        .values(*[f for f in COLUMN if f != "cell"], "home_org_id")
    )
    return [
        {**{k: v for k, v in row.items() if k != "home_org_id"}, "cell": cells[row["home_org_id"]]}
        for row in rows
    ]


class Rollback(Exception):
    pass


def in_savepoint(run):
    """Run `run()` and undo what it wrote, so that every example starts from the same `world`."""
    try:
        with transaction.atomic():
            run()
            raise Rollback
    except Rollback:
        pass


# ---------------------------------------------------------------- the properties


@PROPERTY_SETTINGS
@given(sheet=sheets())
def test_r01_import_is_all_valid_rows_or_nothing_with_every_bad_cell_named(world, sheet):
    rows, people, bad = sheet
    event("with bad cells" if bad else "all valid")  # both kinds are drawn (--hypothesis-show-statistics)
    # The Excel row of each member: row 1 is the header, blank rows keep their numbers.
    numbers, number = [], 1
    for cells in rows:
        number += 1
        if cells is not None:
            numbers.append(number)

    def run():
        before = (Person.objects.count(), Person.history.count())
        with translation.override("en"):
            result = services.import_members(world.g1, workbook(rows), world.secretary)
            messages = [str(p) for p in result.errors]
        if not bad:
            assert messages == []
            assert result.created == len(people)
            assert registered(world) == [m.expected for m in people]
            assert Person.history.count() == before[1] + len(people)
        else:
            assert result.created == 0
            assert (Person.objects.count(), Person.history.count()) == before
            found = {(p.row, p.column) for p in result.errors}
            assert found == {(numbers[index], COLUMN[field]) for index, field in bad.items()}, messages
            for problem, message in zip(result.errors, messages, strict=True):
                assert message.startswith(f"Row {problem.row}, column “{problem.column}”: ")
                assert problem.message
            assert [p.row for p in result.errors] == sorted(p.row for p in result.errors)

    in_savepoint(run)


@PROPERTY_SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=2000), st.just(b"PK\x03\x04"), st.tuples(members(), st.integers(1, 400))
    )
)
def test_r01_any_file_is_imported_or_refused_with_a_message(world, data):
    """Garbage, a zip header, or a workbook cut short: refused as a whole, nothing imported."""
    if isinstance(data, tuple):
        member, cut = data
        whole = workbook([member.cells]).read()
        data = whole[: len(whole) * cut // 401]

    def run():
        before = Person.objects.count()
        with translation.override("en"):
            result = services.import_members(world.g1, SimpleUploadedFile("x.xlsx", data), world.secretary)
        assert result.created == 0
        assert result.errors and all(p.row is None and str(p) for p in result.errors)
        assert Person.objects.count() == before

    in_savepoint(run)


@PROPERTY_SETTINGS
@given(people=st.lists(members(), min_size=1, max_size=5, unique_by=lambda m: m.key))
def test_r01_export_then_import_keeps_the_members(world, people):
    def run():
        with translation.override("en"):
            first = services.import_members(world.g1, workbook([m.cells for m in people]), world.secretary)
        assert [str(p) for p in first.errors] == []
        original = registered(world)
        exported = Person.objects.filter(home_org__in=[world.c1, world.c2], user__isnull=True)
        content = xlsx.workbook_bytes(
            xlsx.members_workbook(exported.select_related("home_org").order_by("pk"))
        )
        exported.delete()
        with translation.override("en"):
            again = services.import_members(world.g1, SimpleUploadedFile("x.xlsx", content), world.secretary)
        assert [str(p) for p in again.errors] == []
        assert again.created == len(people)
        assert registered(world) == original
        # What the reader sees in the exported file is what the import registered.
        read = xlsx.read_members(io.BytesIO(content))
        assert [r.values["full_name"] for r in read] == [m["full_name"] for m in original]

    in_savepoint(run)


@settings(PROPERTY_SETTINGS, max_examples=10)
@given(sheet=sheets())
def test_r01_import_page_never_fails_whatever_the_sheet(world, client_for, sheet):
    """Through the page: a redirect when every row is valid, the list of problems otherwise; never a 500."""
    rows, people, bad = sheet
    client = client_for(world.secretary)

    def run():
        before = Person.objects.count()
        response = client.post(reverse("orgs:import", args=["G1"]), {"file": workbook(rows)})
        if bad:
            assert response.status_code == 200
            assert len({p.row for p in response.context["errors"]}) == len(bad)
            assert Person.objects.count() == before
        else:
            assert response.status_code == 302
            assert Person.objects.count() == before + len(people)

    in_savepoint(run)
