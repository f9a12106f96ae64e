"""The upper level's work as official documents and search entries.

- Guidance (R28) is found in search once published, by exactly those who may open it: the upper level
  over its issuer and the committee members of the organizations it addresses (the entry's `audience`;
  documents' `visible_entries` applies it), never by a committee merely sitting above or beside them.
- An inspection record, once concluded, is the Inspection Committee's conclusion (KẾT LUẬN, R25, R33):
  numbered in the committee's own series, rendered in the Party's layout and archived (R21, R38).
- The conclusion is found in search, as an archived document, by exactly those who may open its record:
  the upper level over the inspecting committee and the committee members of the organization inspected,
  who receive it to act on it — not the committees under that organization, nor its plain members. The
  result opens the record (conclusion, recommendations, the archived file); the archive page would be
  404 to the inspected committee.

documents renders, archives and searches whatever it is given and imports nothing of oversight; this
adapter builds what it is given. The texts are Vietnamese whatever the interface language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import archive as archive_services
from nghiquyet.documents import search
from nghiquyet.documents.archive import RecipientSpec
from nghiquyet.documents.models import (
    AUDIENCE_ALL,
    AUDIENCE_NONE,
    AUDIENCE_ONLY,
    ArchivedDocument,
    Attachment,
    DocType,
    SearchKind,
)
from nghiquyet.documents.party import issuer_name, report_recipient
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature
from nghiquyet.lib.dates import long_vn
from nghiquyet.meetings.documents_context import collective_signature, header_for, text_blocks
from nghiquyet.meetings.signing import ask_to_sign
from nghiquyet.orgs.models import (
    GRASSROOTS_KINDS,
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Organization,
    Person,
    StaffRole,
    Term,
)
from nghiquyet.orgs.numbering import allocate, display

from .models import Guidance, InspectionRecord, PeriodicReport
from .queries import signers
from .texts import report_blocks, report_text

# ---------------------------------------------------------------- guidance in search (R28)


def _guidance_doc(guidance: Guidance) -> search.Doc:
    issuer = guidance.issuer
    if guidance.target_all:
        audience = [AUDIENCE_ALL]
    else:
        # No chosen target cannot happen (check_targets), and must never widen to "everyone below".
        audience = [t.path for t in guidance.targets.all()] or [AUDIENCE_NONE]
    files = [f"Tài liệu: {a.original_name}" for a in guidance.documents.all()]
    return search.Doc(
        kind=SearchKind.GUIDANCE,
        object_id=guidance.pk,
        org_id=issuer.pk,
        org_code=issuer.code,
        org_name=issuer.name,
        org_path=issuer.path,
        title=guidance.title,
        text="\n".join(x for x in (guidance.content, guidance.topics, *files) if x),
        date=timezone.localdate(guidance.published_at),
        url=guidance.get_absolute_url(),
        audience=audience,
    )


def _guidance_rows():
    return (
        Guidance.objects.published()
        .select_related("issuer")
        .prefetch_related(
            Prefetch("targets", queryset=Organization.objects.only("id", "path")),
            Prefetch("documents", queryset=Attachment.objects.only("id", "original_name").order_by("id")),
        )
    )


def reindex_guidance(guidance: Guidance) -> None:
    """Index a published guidance (again, after a change), or take it out while it is not published.
    Call it inside the service's transaction, after the save."""
    row = _guidance_rows().filter(pk=guidance.pk).first()
    if row is None:
        unindex_guidance(guidance.pk)
    else:
        search.index([_guidance_doc(row)])


def unindex_guidance(guidance_id: int) -> None:
    """Take a guidance out of search (removed, or withdrawn)."""
    search.unindex(SearchKind.GUIDANCE, [guidance_id])


# Published guidance in search (the `reindex` command rebuilds and checks it).
GUIDANCE_SEARCH = search.Source(
    "guidance",
    owned=lambda: Q(kind=SearchKind.GUIDANCE),
    batches=search.batched(_guidance_rows, lambda rows: [_guidance_doc(g) for g in rows]),
)


def reindex_all(batch: int = 200) -> int:
    """Rebuild the search entries of every published guidance and every archived inspection conclusion."""
    return search.rebuild(GUIDANCE_SEARCH, batch) + reindex_conclusions(batch)


# ---------------------------------------------------------------- inspection conclusions (R25, R33)

CONCLUSION_SOURCE = "inspection_record"
# The Inspection Committee's conclusions are a series of their own ("07-KL/UBKTĐUK"), apart from the
# committee's, in the counter of the committee's term (orgs.numbering).
CONCLUSION_SERIES = "KL-UBKT"
CONCLUSION_CODE = "KL"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def upper_org(record: InspectionRecord) -> Organization:
    """The organization whose Inspection Committee inspected (the bloc), with its parent for the header."""
    org = record.plan.body.org
    if org.parent_id and "parent" not in org._state.fields_cache:
        org = Organization.objects.select_related("parent").get(pk=org.pk)
    return org


def committee_code(org: Organization) -> str:
    """The issuer code of an organization's Inspection Committee: "UBKT" + the committee's ("UBKTĐUK")."""
    return f"UBKT{org.issuer_code}"


def conclusion_subject(record: InspectionRecord) -> str:
    return f"{record.plan.title.strip()} đối với {record.org.name}"


def conclusion_title(record: InspectionRecord) -> str:
    return f"Kết luận {_lower_first(conclusion_subject(record))}"


def chair_person(org: Organization, day: dt.date) -> Person | None:
    """The head (Chủ nhiệm) of the organization's Inspection Committee on `day`, if recorded: who signs
    its conclusions, on paper and digitally (R42)."""
    staff = (
        BodyStaff.objects.current(day)
        .filter(body__org=org, body__kind=BodyKind.INSPECTION_COMMITTEE, role=StaffRole.HEAD)
        .select_related("person")
        .first()
    )
    return staff.person if staff else None


def _chair(org: Organization, day: dt.date) -> str:
    person = chair_person(org, day)
    return person.full_name if person else ""


def conclusion_blocks(record: InspectionRecord, recommendations: list) -> list[Block]:
    """The body: the findings (the three points of R25), the conclusions, the recommendations, each
    with the person in charge and the deadline."""
    upper = upper_org(record)
    blocks = [
        Block(
            f"Thực hiện Kế hoạch kiểm tra “{record.plan.title.strip()}”, {long_vn(record.date)}, "
            f"Ủy ban Kiểm tra {issuer_name(upper)} đã tiến hành kiểm tra đối với {record.org.name}. "
            "Xét báo cáo kết quả kiểm tra, Ủy ban Kiểm tra kết luận như sau:"
        ),
        Block("I. KẾT QUẢ KIỂM TRA", heading=True),
        Block("1. Tinh thần, năng lực tổ chức thực hiện nghị quyết", heading=True),
        *(text_blocks(record.findings_spirit) or [Block("Không có nội dung.")]),
        Block(
            "2. Những chỉ tiêu, biện pháp chưa sát thực tế cần bổ sung, sửa đổi; những vấn đề mới nảy sinh",
            heading=True,
        ),
        *(text_blocks(record.findings_targets) or [Block("Không có nội dung.")]),
        Block("3. Kết quả của từng đơn vị, cá nhân; biểu dương, phê bình", heading=True),
        *(text_blocks(record.findings_results) or [Block("Không có nội dung.")]),
        Block("II. KẾT LUẬN", heading=True),
        *text_blocks(record.conclusions),
        Block("III. KIẾN NGHỊ", heading=True),
    ]
    if recommendations:
        blocks += [
            Block(
                f"{i}. {r.text.strip()} Người chịu trách nhiệm: {r.assignee.full_name}; "
                f"thời hạn: {r.deadline:%d/%m/%Y}."
            )
            for i, r in enumerate(recommendations, start=1)
        ]
    else:
        blocks.append(Block("Không có kiến nghị."))
    blocks.append(
        Block(
            f"Đề nghị {issuer_name(record.org)} nghiêm túc thực hiện các kiến nghị trên và báo cáo kết quả "
            f"về Ủy ban Kiểm tra {issuer_name(upper)} đúng thời hạn."
        )
    )
    return blocks


def conclusion_recipients(record: InspectionRecord, recommendations: list) -> list[RecipientSpec]:
    """ "Nơi nhận" of a conclusion: the Standing Committee above (to report), the organization inspected
    (to carry it out), the people the recommendations are assigned to; "Lưu VP" is added by the archive."""
    upper = upper_org(record)
    specs = [
        RecipientSpec(f"Ban Thường vụ {issuer_name(upper)} (để báo cáo)", org_ids=(upper.pk,)),
        RecipientSpec(f"{issuer_name(record.org)} (để thực hiện)", org_ids=(record.org_id,)),
    ]
    people = {r.assignee_id: r.assignee for r in recommendations}
    if people:
        specs.append(
            RecipientSpec(
                "Các đồng chí được giao thực hiện kiến nghị",
                person_ids=tuple(people),
                person_names={pk: p.full_name for pk, p in people.items()},
            )
        )
    return specs


def conclusion_document(
    record: InspectionRecord, *, number_display: str = "", recommendations: list | None = None
) -> OfficialDocument:
    """The conclusion in the Party's layout, issued by the Inspection Committee; "DỰ THẢO" until the
    record is concluded."""
    upper = upper_org(record)
    if recommendations is None:
        recommendations = list(record.recommendations.select_related("assignee").order_by("deadline", "id"))
    day = timezone.localdate(record.concluded_at) if record.concluded_at else None
    return OfficialDocument(
        doc_type=DocType.INSPECTION_CONCLUSION,
        superior=issuer_name(upper),
        issuer="Ủy ban Kiểm tra",
        issuer_code=committee_code(upper),
        number_display=number_display,
        date=day,
        subject=conclusion_subject(record),
        blocks=conclusion_blocks(record, recommendations),
        signatures=[
            Signature("T/M ỦY BAN KIỂM TRA", "CHỦ NHIỆM", _chair(upper, day or timezone.localdate()))
        ],
        recipients=[s.name for s in conclusion_recipients(record, recommendations)],
        draft=not record.is_concluded,
    )


def canonical_text(document: OfficialDocument) -> str:
    """What the archive seals: the particulars and every paragraph of the conclusion, one per line."""
    lines = [
        document.issuer.upper(),
        document.number_line(),
        document.doc_name,
        document.subject,
        *(b.text for b in document.blocks),
        *(s for s in (document.signatures[0].title, document.signatures[0].name) if s),
    ]
    return "\n".join(lines)


def _number(upper: Organization, day: dt.date) -> str:
    """The next number of the Inspection Committee's series in the committee's term on `day` (inside the
    concluding transaction: no gap, no duplicate); empty, for the office to write in, without a term."""
    term = Term.objects.current(day).filter(org=upper).order_by("-start_date").first()
    if term is None:
        return ""
    return display(allocate(upper, term, CONCLUSION_SERIES), CONCLUSION_CODE, committee_code(upper))


def archive_conclusion(record: InspectionRecord, *, by=None) -> ArchivedDocument:
    """Number, render and archive the conclusion of a concluded record, in the chain of the inspecting
    committee's organization (R21, R38). Call it inside `inspections.conclude_record`, after the save;
    archiving the same record again returns the first entry."""
    if not record.is_concluded:
        raise ValueError("only a concluded inspection is archived")
    existing = archived_conclusion(record)
    if existing is not None:
        return existing
    record = InspectionRecord.objects.select_related("plan__body__org__parent", "org").get(pk=record.pk)
    upper = upper_org(record)
    recommendations = list(record.recommendations.select_related("assignee").order_by("deadline", "id"))
    day = timezone.localdate(record.concluded_at)
    document = conclusion_document(
        record, number_display=_number(upper, day), recommendations=recommendations
    )
    doc = archive_services.archive_rendered(
        document,
        org=upper,
        title=conclusion_title(record),
        issued_on=day,
        canonical_text=canonical_text(document),
        source_kind=CONCLUSION_SOURCE,
        source_id=record.pk,
        source_url=record.get_absolute_url(),
        recipients=conclusion_recipients(record, recommendations),
        by=by,
    )
    index_conclusion(doc, record, upper)
    # The committee's head is asked to sign the archived PDF digitally (R42, R44).
    ask_to_sign(doc)
    return doc


def _conclusion_doc(doc: ArchivedDocument, org_name: str, inspected_path: str | None) -> search.Doc:
    """The search entry of an archived conclusion, reaching the inspected organization's committee alone
    and opening the record. Without its record (removed in the admin), found as in the archive."""
    if inspected_path is None:
        url, audience = reverse("documents:archived", args=[doc.pk]), []
    else:
        url = reverse("oversight:record", args=[doc.source_id])
        audience = [f"{AUDIENCE_ONLY}{inspected_path}"]
    return search.Doc(
        kind=SearchKind.ARCHIVED,
        object_id=doc.pk,
        org_id=doc.org_id,
        org_code=doc.org_code,
        org_name=org_name,
        org_path=doc.org_path,
        title=f"{doc.number_display} {doc.title}".strip(),
        text=doc.canonical_text,
        date=doc.issued_on,
        url=url,
        confidentiality=doc.confidentiality,
        roles=doc.role_list(),
        audience=audience,
    )


def index_conclusion(doc: ArchivedDocument, record: InspectionRecord, upper: Organization) -> None:
    """Put an archived conclusion in search (documents leaves it to us: archive.INDEXED_BY_OWNER)."""
    search.index([_conclusion_doc(doc, upper.name, record.org.path)])


def _conclusions():
    return ArchivedDocument.objects.filter(
        doc_type=DocType.INSPECTION_CONCLUSION, source_kind=CONCLUSION_SOURCE
    )


def _conclusion_docs(docs: list[ArchivedDocument]) -> list[search.Doc]:
    """The entries of a batch of archived conclusions: two queries, whatever it holds."""
    inspected = dict(
        InspectionRecord.objects.filter(pk__in=[d.source_id for d in docs]).values_list("pk", "org__path")
    )
    names = dict(Organization.objects.filter(pk__in={d.org_id for d in docs}).values_list("pk", "name"))
    return [_conclusion_doc(d, names.get(d.org_id, d.org_code), inspected.get(d.source_id)) for d in docs]


# The archived inspection conclusions in search (the `reindex` command rebuilds and checks them).
CONCLUSIONS_SEARCH = search.Source(
    "inspection conclusions",
    owned=lambda: Q(kind=SearchKind.ARCHIVED, object_id__in=_conclusions().values("pk")),
    batches=search.batched(_conclusions, _conclusion_docs),
)


def reindex_conclusions(batch: int = 200) -> int:
    """Rebuild the search entries of the archived conclusions: five queries a batch, whatever it holds."""
    return search.rebuild(CONCLUSIONS_SEARCH, batch)


def archived_conclusion(record: InspectionRecord) -> ArchivedDocument | None:
    """The archived conclusion of a record, if any."""
    return (
        ArchivedDocument.objects.select_related("docx", "pdf")
        .filter(source_kind=CONCLUSION_SOURCE, source_id=record.pk, doc_type=DocType.INSPECTION_CONCLUSION)
        .first()
    )


# ---------------------------------------------------------------- Periodic reports (R31, R35)

REPORT_SOURCE = "periodic_report"
# The report's code in the issuer's numbering series (BC: báo cáo).
REPORT_CODE = "BC"


def default_recipients(report: PeriodicReport) -> list[RecipientSpec]:
    """ "Nơi nhận": the level above (to report), the committee members, the grassroots organizations;
    the office copy ("Lưu VP") is added by the archive."""
    org = report.issuer
    specs = []
    if org.parent_id:
        parent = org.parent
        specs.append(RecipientSpec(report_recipient(parent), org_ids=(parent.pk,)))
    elif upper := report_recipient(None):
        # The highest organization held here reports to the body above it (a setting): named, not sent.
        specs.append(RecipientSpec(upper))
    day = report.issued_on or timezone.localdate()
    seats = (
        CommitteeMembership.objects.current(day)
        .filter(term__org=org)
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    members = [s.person for s in seats]
    if members:
        specs.append(
            RecipientSpec(
                "Các đồng chí ủy viên Ban Chấp hành",
                person_ids=tuple(p.pk for p in members),
                person_names={p.pk: p.full_name for p in members},
            )
        )
    grassroots = tuple(
        Organization.objects.filter(parent=org, kind__in=GRASSROOTS_KINDS)
        .active(day)
        .values_list("pk", flat=True)
    )
    if grassroots:
        specs.append(RecipientSpec("Các tổ chức cơ sở đảng trực thuộc", org_ids=grassroots))
    return specs


def report_signer_person(report: PeriodicReport, org: Organization, day: dt.date) -> Person | None:
    """Who signs the report for the Standing Committee: the one recorded on it, else the first of those
    who may (the secretary first); on paper and digitally (R42)."""
    if report.signed_by_id is not None:
        return report.signed_by
    people = signers(org, day)
    return people[0] if people else None


def report_document(report: PeriodicReport, *, recipients: Sequence[str] | None = None) -> OfficialDocument:
    """The report in the Party's layout, under the upper body's name (the setting's, above the highest
    organization); a draft carries "DỰ THẢO" and no number until issued."""
    org = report.issuer
    if org.parent_id and "parent" not in org._state.fields_cache:
        org = Organization.objects.select_related("parent").get(pk=org.pk)
        report.issuer = org
    day = report.issued_on or timezone.localdate()
    signer = report_signer_person(report, org, day)
    return OfficialDocument(
        doc_type=DocType.PERIODIC_REPORT,
        **header_for(org, day),
        number_display=report.number_display,
        date=report.issued_on,
        subject=report.title,
        blocks=report_blocks(report),
        signatures=[collective_signature(org, signer, day)],
        recipients=list(recipients)
        if recipients is not None
        else [s.name for s in default_recipients(report)],
        draft=report.is_draft,
    )


def archive_report(report: PeriodicReport, *, by=None) -> ArchivedDocument:
    """Archive an issued report: canonical text, DOCX, recipients, the next place in its issuer's chain."""
    if report.is_draft:
        raise ValueError("only an issued report is archived")
    specs = default_recipients(report)
    document = report_document(report, recipients=[s.name for s in specs])
    org = report.issuer
    doc = archive_services.archive_rendered(
        document,
        org=org,
        title=report.title,
        issued_on=report.issued_on,
        canonical_text=report_text(report),
        source_kind=REPORT_SOURCE,
        source_id=report.pk,
        source_url=report.get_absolute_url(),
        recipients=specs,
        by=by,
    )
    # Its signer is asked to sign the archived PDF digitally (R42, R44).
    ask_to_sign(doc)
    return doc


def archived_report(report: PeriodicReport) -> ArchivedDocument | None:
    """The archived copy of an issued report, if any."""
    return (
        ArchivedDocument.objects.select_related("docx")
        .filter(source_kind=REPORT_SOURCE, source_id=report.pk, doc_type=DocType.PERIODIC_REPORT)
        .first()
    )
