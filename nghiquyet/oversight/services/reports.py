"""Periodic reports (R31, R35): the Organization Board drafts a monthly, quarterly or annual report for
the bloc's Standing Committee, refreshes its figures while a draft, writes the narrative, and issues it.

The figures come from the records only (`queries.compile_figures`) and are kept as a snapshot; issuing
numbers the report from the issuer's BC series, archives its DOCX, and from then on the model refuses
changes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.orgs.models import Organization, OrgKind, Person
from nghiquyet.orgs.numbering import allocate, display
from nghiquyet.resolutions.queries import term_on

from ..documents_context import REPORT_CODE, archive_report
from ..models import NARRATIVE_FIELDS, REQUIRED_SECTIONS, SECTION_LABELS, PeriodicReport, ReportStatus
from ..periods import describe, report_period
from ..queries import compile_figures, signers
from ..texts import default_title


def _ensure_draft(report: PeriodicReport) -> None:
    if not report.is_draft:
        raise ValidationError(_("This report is issued: it can no longer be changed."))


def _locked(report: PeriodicReport) -> PeriodicReport:
    return PeriodicReport.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=report.pk)


@transaction.atomic
def create_report(
    issuer: Organization,
    *,
    kind: str,
    year: int | None,
    number: int | None = None,
    by=None,
    today: dt.date | None = None,
) -> PeriodicReport:
    """A draft report of the bloc `issuer` for a month, quarter or year that has begun, with its figures
    compiled now."""
    today = today or timezone.localdate()
    if issuer.kind != OrgKind.BLOC:
        raise ValidationError({"issuer": _("Periodic reports of the scheme are issued by the bloc.")})
    start, end = report_period(kind, year, number, today)
    if PeriodicReport.objects.filter(
        issuer=issuer, kind=kind, start=start, status=ReportStatus.DRAFT
    ).exists():
        raise ValidationError(
            _("A draft report for %(period)s already exists: continue that one.")
            % {"period": describe(kind, start, end)}
        )
    return PeriodicReport.objects.create(
        issuer=issuer,
        kind=kind,
        start=start,
        end=end,
        title=default_title(kind, start),
        figures=compile_figures(issuer, start, end, today),
        figures_at=timezone.now(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )


@transaction.atomic
def refresh_figures(report: PeriodicReport, *, today: dt.date | None = None) -> PeriodicReport:
    """Compile the figures of a draft again from the records as they are now."""
    report = _locked(report)
    _ensure_draft(report)
    report.figures = compile_figures(report.issuer, report.start, report.end, today)
    report.figures_at = timezone.now()
    report.save(update_fields=["figures", "figures_at"])
    return report


@transaction.atomic
def write_narrative(report: PeriodicReport, *, title: str, **sections: str) -> PeriodicReport:
    """Write the subject and the narrative sections of a draft (results, shortcomings, causes, lessons,
    tasks for the next period)."""
    report = _locked(report)
    _ensure_draft(report)
    unknown = set(sections) - set(NARRATIVE_FIELDS)
    if unknown:
        raise TypeError(", ".join(sorted(unknown)))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the report its subject.")})
    report.title = title
    for name, value in sections.items():
        setattr(report, name, (value or "").strip())
    report.save(update_fields=["title", *sections])
    return report


@transaction.atomic
def issue_report(
    report: PeriodicReport, *, signer: Person, by=None, on: dt.date | None = None
) -> PeriodicReport:
    """Number, sign and issue a draft; from then on it is immutable, and its DOCX is archived.

    The number comes from the issuer's BC series of the committee term, allocated under a lock inside
    this transaction: no duplicate, and no gap if anything below fails.
    """
    report = _locked(report)
    _ensure_draft(report)
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"issued_on": _("The date of issue is in the future.")})
    if on < report.start:
        raise ValidationError({"issued_on": _("A report is issued once its period has begun.")})
    missing = [name for name in REQUIRED_SECTIONS if not getattr(report, name).strip()]
    if missing:
        raise ValidationError(
            {
                name: _("Write the section “%(section)s” before issuing.") % {"section": SECTION_LABELS[name]}
                for name in missing
            }
        )
    issuer = report.issuer
    term = term_on(issuer, on)
    if term is None:
        raise ValidationError(
            _("%(org)s has no committee term in office on that day: the report cannot be numbered.")
            % {"org": issuer.name}
        )
    if signer.pk not in {p.pk for p in signers(issuer, on)}:
        raise ValidationError(
            {"signer": _("The secretary, a deputy or a Standing Committee member of the committee signs.")}
        )
    number = allocate(issuer, term, REPORT_CODE)
    report.term = term
    report.number = number
    report.number_display = display(number, REPORT_CODE, issuer.issuer_code)
    report.issued_on = on
    report.signed_by = signer
    report.status = ReportStatus.ISSUED
    report.save()
    archive_report(report, by=by)
    return report
