"""Who signs the oversight's archived documents digitally (R42): an inspection conclusion, the head of
the inspecting Inspection Committee on the day it was concluded ("T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM"); a
periodic report, the Standing Committee member recorded on it. The same person whose name is printed in
the signature block. documents asks through `register_signer`, since it imports none of us."""

from __future__ import annotations

from django.utils import timezone

from nghiquyet.documents.signing import NamedSigner

from .documents_context import chair_person, report_signer_person, upper_org
from .models import InspectionRecord, PeriodicReport


def conclusion_signer(record_id: int) -> NamedSigner | None:
    record = (
        InspectionRecord.objects.select_related("plan__body__org")
        .filter(pk=record_id, concluded_at__isnull=False)
        .first()
    )
    if record is None:
        return None
    upper = upper_org(record)
    person = chair_person(upper, timezone.localdate(record.concluded_at))
    return NamedSigner(person.pk, person.full_name, upper.name) if person else None


def report_signer(report_id: int) -> NamedSigner | None:
    report = PeriodicReport.objects.select_related("issuer", "signed_by").filter(pk=report_id).first()
    if report is None or report.is_draft:
        return None
    person = report_signer_person(report, report.issuer, report.issued_on or timezone.localdate())
    return NamedSigner(person.pk, person.full_name, report.issuer.name) if person else None
