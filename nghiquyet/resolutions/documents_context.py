"""Resolutions as official documents: the resolution, its implementation plan and inspection plan in the
Party's layout, the archive entry made when a resolution is issued (R21, R38), and the search entries
of resolutions and their items.

documents renders, archives and searches whatever it is given and imports nothing of resolutions; this
adapter builds what it is given. The canonical text of a resolution is `texts.render_text`: the same
text its versions keep, so the archived SHA-256 can be recomputed from the record at any time.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import archive as archive_services
from nghiquyet.documents import search
from nghiquyet.documents.archive import RecipientSpec
from nghiquyet.documents.models import ArchivedDocument, DocType, SearchKind, Urgency
from nghiquyet.documents.party import collective, collective_body, issuer_name
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature
from nghiquyet.lib.dates import long_vn
from nghiquyet.meetings.documents_context import collective_signature, header_for, text_blocks
from nghiquyet.meetings.models import MeetingKind
from nghiquyet.meetings.queries import committee_on
from nghiquyet.meetings.signing import ask_to_sign
from nghiquyet.orgs.models import Organization
from nghiquyet.orgs.queries import secretary_on

from .models import Item, Plan, PlanKind, Resolution, ResolutionStatus
from .texts import render_text

RESOLUTION_SOURCE = "resolution"
PLAN_TYPES = {
    PlanKind.IMPLEMENTATION: DocType.IMPLEMENTATION_PLAN,
    PlanKind.INSPECTION: DocType.INSPECTION_PLAN,
}
PREFIX = "nghị quyết"


def subject_of(resolution: Resolution) -> str:
    """The subject line: the title without a leading "Nghị quyết" (the document name says it)."""
    title = resolution.title.strip()
    if title.lower().startswith(PREFIX) and len(title) > len(PREFIX) + 1:
        return title[len(PREFIX) :].strip()
    return title


def opening_lines(resolution: Resolution) -> list[str]:
    """The opening of the resolution, before its sections: what it rests on ("Căn cứ …": the Party's
    Statute, the committee's working rules, the upper-level documents it implements, the meeting that
    adopted it, with its date), ending in "<body> QUYẾT NGHỊ:" — as Party resolutions open (the
    resolution's layout in Hướng dẫn 36-HD/VPTW 2018, annex 2)."""
    org = resolution.org
    lines = ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam;", f"Căn cứ Quy chế làm việc của {issuer_name(org)};"]
    for document in resolution.upper_documents.order_by("id"):
        number = f" số {document.number}" if document.number else ""
        lines.append(f"Căn cứ {_lower_first(document.title.strip())}{number};")
    meeting = resolution.meeting
    if meeting is not None:
        lines.append(f"Căn cứ kết quả {_lower_first(meeting.title.strip())} {long_vn(meeting.date)},")
    standing = meeting is not None and meeting.kind == MeetingKind.STANDING
    body = "BAN THƯỜNG VỤ" if standing else collective_body(org)
    lines.append(f"{body} QUYẾT NGHỊ:")
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def canonical_text(resolution: Resolution) -> str:
    """What the archive seals: the resolution's text as its versions keep it. The opening ("Căn cứ …",
    "QUYẾT NGHỊ:") is printed from the record like the header, so the seal stays recomputable."""
    return render_text(resolution)


def _org(resolution: Resolution) -> Organization:
    org = resolution.org
    if org.parent_id and "parent" not in org._state.fields_cache:
        org = Organization.objects.select_related("parent").get(pk=org.pk)
        resolution.org = org
    return org


def resolution_document(
    resolution: Resolution, *, recipients: Sequence[str] | None = None
) -> OfficialDocument:
    """The resolution in the Party's layout; a draft carries "DỰ THẢO" and no number until issued."""
    org = _org(resolution)
    # render_text opens with the title in capitals and a blank line: the template prints the subject.
    opening = [Block(line, heading=line.endswith("QUYẾT NGHỊ:")) for line in opening_lines(resolution)]
    blocks = opening + text_blocks(canonical_text(resolution), skip=2)
    signer = resolution.signed_by
    day = resolution.issued_on or timezone.localdate()
    if signer is None and resolution.is_draft:
        signer = secretary_on(org, day)
    return OfficialDocument(
        doc_type=DocType.RESOLUTION,
        **header_for(org, day),
        number_display=resolution.number_display,
        date=resolution.issued_on,
        subject=subject_of(resolution),
        blocks=blocks,
        signatures=[collective_signature(org, signer, day)],
        recipients=list(recipients)
        if recipients is not None
        else [s.name for s in default_recipients(resolution)],
        draft=resolution.is_draft,
    )


def default_recipients(resolution: Resolution) -> list[RecipientSpec]:
    """ "Nơi nhận" of a resolution: the level above (to report), the committee members, the organizations
    under it; the office copy ("Lưu VP") is added by the archive."""
    org = _org(resolution)
    specs = []
    if org.parent_id:
        parent = org.parent
        upper = issuer_name(parent)
        name = f"Ban Thường vụ {upper}" if parent.kind == "bloc" else upper
        specs.append(RecipientSpec(f"{name} (để báo cáo)", org_ids=(parent.pk,)))
    members = committee_on(org, resolution.issued_on or timezone.localdate())
    if members:
        specs.append(
            RecipientSpec(
                "Các đồng chí cấp ủy viên" if not org.is_cell else "Các đồng chí trong chi ủy",
                person_ids=tuple(p.pk for p in members),
                person_names={p.pk: p.full_name for p in members},
            )
        )
    children = list(Organization.objects.filter(parent=org).active().values_list("pk", flat=True))
    if children:
        specs.append(RecipientSpec("Các chi bộ, đảng bộ bộ phận trực thuộc", org_ids=tuple(children)))
    return specs


def archive_resolution(
    resolution: Resolution,
    *,
    by=None,
    recipients: Sequence[RecipientSpec] | None = None,
    urgency: str = Urgency.NONE,
) -> ArchivedDocument:
    """Archive an issued resolution: canonical text, DOCX, recipients and dissemination records, the next
    place in its organization's chain (R21, R38), classified as the resolution is (#17.1). Call it inside
    `services.issue`, after the save."""
    if resolution.status == ResolutionStatus.DRAFT:
        raise ValueError("only an issued resolution is archived")
    specs = list(recipients) if recipients is not None else default_recipients(resolution)
    document = resolution_document(resolution, recipients=[s.name for s in specs])
    confidentiality = resolution.confidentiality
    document.confidentiality, document.urgency = confidentiality, urgency
    org = resolution.org
    archived = archive_services.archive_rendered(
        document,
        org=org,
        title=resolution.title,
        issued_on=resolution.issued_on,
        canonical_text=canonical_text(resolution),
        source_kind=RESOLUTION_SOURCE,
        source_id=resolution.pk,
        source_url=resolution.get_absolute_url(),
        recipients=specs,
        confidentiality=confidentiality,
        urgency=urgency,
        roles=resolution.role_list(),
        by=by,
    )
    reindex_resolution(resolution)
    # Its signer is asked to sign the archived PDF digitally (R42, R44).
    ask_to_sign(archived)
    return archived


def archived_resolution(resolution: Resolution) -> ArchivedDocument | None:
    """The archived copy of an issued resolution, if any."""
    return (
        ArchivedDocument.objects.select_related("docx", "pdf")
        .filter(source_kind=RESOLUTION_SOURCE, source_id=resolution.pk, doc_type=DocType.RESOLUTION)
        .first()
    )


# ---------------------------------------------------------------- plans (R22, R24)


def _name(resolution: Resolution) -> str:
    if resolution.number_display:
        return f"Nghị quyết số {resolution.number_display}"
    return f"Nghị quyết “{resolution.title}”"


def plan_document(plan: Plan) -> OfficialDocument:
    """The implementation plan or the inspection plan of a resolution, with its table of rows. A plan has
    no issuing step here, so it prints no number line (never a blank one)."""
    resolution = plan.resolution
    org = _org(resolution)
    if plan.kind == PlanKind.IMPLEMENTATION:
        subject = f"Thực hiện {_name(resolution)}"
        headings = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NHIỆM VỤ VÀ GIẢI PHÁP", "III. TỔ CHỨC THỰC HIỆN")
    else:
        subject = f"Kiểm tra việc thực hiện {_name(resolution)}"
        headings = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG, PHƯƠNG PHÁP KIỂM TRA", "III. TỔ CHỨC THỰC HIỆN")
    blocks = [
        Block(headings[0], heading=True),
        *text_blocks(plan.objectives),
        Block(headings[1], heading=True),
    ]
    after = [Block(headings[2], heading=True), *text_blocks(plan.notes)] if plan.notes.strip() else []
    rows = [
        {
            "content": r.content,
            "method": r.method,
            "who": r.who,
            "when": r.when,
            "coordination": r.coordination,
        }
        for r in plan.rows.order_by("order", "id")
    ]
    day = timezone.localdate()
    secretary = secretary_on(org, day)
    return OfficialDocument(
        doc_type=PLAN_TYPES[plan.kind],
        **header_for(org, day),
        date=day,
        subject=subject,
        blocks=blocks,
        after_blocks=after,
        rows=rows,
        signatures=[Signature(collective(org), "BÍ THƯ", secretary.full_name if secretary else "")],
        recipients=[s.name for s in default_recipients(resolution)],
    )


# ---------------------------------------------------------------- search


def _item_text(item: Item) -> str:
    people = [p.full_name for p in (item.assignee, item.supervisor) if p is not None]
    return "\n".join(x for x in (item.content, item.requirement, item.measures, *people) if x)


def _docs(resolution: Resolution, items: list[Item]) -> list[search.Doc]:
    org = resolution.org
    # Search shows a classified resolution to those who may read it (#17.1).
    secrecy = {"confidentiality": resolution.confidentiality, "roles": resolution.role_list()}
    group = f"resolution:{resolution.pk}"
    title = f"{resolution.number_display} {resolution.title}".strip()
    text = "\n".join(
        x
        for x in (
            resolution.theme_reason,
            resolution.assessment,
            resolution.objectives,
            *(i.content for i in items),
            resolution.implementation,
        )
        if x
    )
    common = {
        "org_id": org.pk,
        "org_code": org.code,
        "org_name": org.name,
        "org_path": org.path,
        "group": group,
        # Its items belong to its day too: a former upper level finds them as it opens them (R40).
        "period_day": resolution.record_day,
    }
    docs = [
        search.Doc(
            kind=SearchKind.RESOLUTION,
            object_id=resolution.pk,
            title=title,
            text=text,
            date=resolution.issued_on or timezone.localdate(resolution.created_at),
            url=reverse("resolutions:resolution", args=[resolution.pk]),
            **common,
            **secrecy,
        )
    ]
    docs += [
        search.Doc(
            kind=SearchKind.ITEM,
            object_id=item.pk,
            title=item.content.splitlines()[0][:300] if item.content else title,
            text=_item_text(item),
            date=item.deadline or resolution.issued_on,
            url=reverse("resolutions:item", args=[item.pk]),
            **common,
            **secrecy,
        )
        for item in items
    ]
    return docs


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items", queryset=Item.objects.select_related("assignee", "supervisor").order_by("order", "id")
    )


def reindex_resolution(resolution: Resolution) -> None:
    """Replace the search entries of a resolution and its items (classified ones keep their roles)."""
    resolution = (
        Resolution.objects.select_related("org", "meeting")
        .prefetch_related(_items_prefetch())
        .get(pk=resolution.pk)
    )
    search.unindex_group(f"resolution:{resolution.pk}")
    search.index(_docs(resolution, list(resolution.items.all())), replace=False)


def _batch_docs(rows: list[Resolution]) -> list[search.Doc]:
    return [d for r in rows for d in _docs(r, list(r.items.all()))]


# Resolutions and their items in search (the `reindex` command rebuilds and checks them).
SEARCH_SOURCE = search.Source(
    "resolutions and items",
    owned=lambda: Q(kind__in=(SearchKind.RESOLUTION, SearchKind.ITEM)),
    batches=search.batched(
        lambda: Resolution.objects.select_related("org", "meeting").prefetch_related(_items_prefetch()),
        _batch_docs,
    ),
)


def reindex_all(batch: int = 200) -> int:
    """Rebuild the search entries of every resolution and item."""
    return search.rebuild(SEARCH_SOURCE, batch)
