"""Importing members from a workbook (R01): every row validated first; any error imports nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from nghiquyet.lib.vietnamese import nfc

from .. import xlsx
from ..models import Organization, Person
from ..rows import MemberRowForm


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth checking) in an imported file: at a row and column, or in the file itself."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _column(field_name: str) -> str:
    column = xlsx.COLUMN_BY_FIELD.get(field_name)
    return column.label if column else ""


def _person_key(full_name: str, birth_date: dt.date | None) -> tuple[str, dt.date | None]:
    # Case differs between offices' spellings, diacritics do not: "Lê" and "Lệ" are two names.
    return nfc(full_name).casefold(), birth_date


def _duplicate_message(person: Person, *, first_row: int | None = None) -> str:
    """Whole sentences, so that a translation may order them its own way."""
    params = {"name": person.full_name, "row": first_row, "code": person.home_org.code}
    if person.birth_date:
        params["birth"] = person.birth_date.strftime("%d/%m/%Y")
        if first_row:
            return _("“%(name)s”, born %(birth)s, is already on row %(row)s.") % params
        return _("“%(name)s”, born %(birth)s, is already registered in party cell %(code)s.") % params
    if first_row:
        return _("“%(name)s”, with no date of birth, is already on row %(row)s.") % params
    return _("“%(name)s”, with no date of birth, is already registered in party cell %(code)s.") % params


def import_members(org: Organization, uploaded_file, by_user) -> ImportResult:
    """Register the members listed in an XLSX workbook in the cells under `org`: all of them or none.

    Every row is validated first (`MemberRowForm`, duplicates in the file and in the cell); any error
    imports nothing. A fixed number of lookups whatever the row count; the rows are bulk-inserted with
    their history, recorded as made by `by_user`.
    """
    try:
        rows = xlsx.read_members(uploaded_file)
    except xlsx.WorkbookError as exc:
        return ImportResult(errors=[Problem(None, "", message) for message in exc.messages])

    result = ImportResult()
    # The workbook is read outside the transaction: on SQLite it holds the write lock from its start.
    with transaction.atomic():
        subtree = {
            o.code: o for o in Organization.objects.subtree(org).only("id", "code", "name", "kind", "path")
        }
        valid: list[tuple[int, Person]] = []
        for row in rows:
            form = MemberRowForm(row.values, org=org, subtree=subtree)
            if not form.is_valid():
                for field_name, messages in form.errors.items():
                    result.errors.extend(Problem(row.number, _column(field_name), m) for m in messages)
                continue
            result.warnings.extend(Problem(row.number, _column(f), m) for f, m in form.warnings)
            valid.append((row.number, form.instance))

        name_column = _column("full_name")
        first_row: dict[tuple, int] = {}
        for number, person in valid:
            key = _person_key(person.full_name, person.birth_date)
            if key in first_row:
                message = _duplicate_message(person, first_row=first_row[key])
                result.errors.append(Problem(number, name_column, message))
            else:
                first_row[key] = number

        cell_ids = {person.home_org_id for _number, person in valid}
        registered = {
            (home_org_id, *_person_key(name, birth))
            for home_org_id, name, birth in Person.objects.filter(home_org_id__in=cell_ids).values_list(
                "home_org_id", "full_name", "birth_date"
            )
        }
        for number, person in valid:
            if (person.home_org_id, *_person_key(person.full_name, person.birth_date)) in registered:
                result.errors.append(Problem(number, name_column, _duplicate_message(person)))

        if result.errors:
            result.errors.sort(key=lambda p: p.row or 0)
            return result

        people = [person for _number, person in valid]
        for person in people:
            person.prepare()
        user = by_user if getattr(by_user, "is_authenticated", False) else None
        bulk_create_with_history(
            people, Person, default_user=user, default_change_reason=_import_reason(uploaded_file)
        )
        result.created = len(people)
    return result


def _import_reason(uploaded_file) -> str:
    name = getattr(uploaded_file, "name", "") or ""
    # history_change_reason holds 100 characters.
    return f"XLSX import {name}".strip()[:100]
