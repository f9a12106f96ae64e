"""Meetings as official documents: the notice (thông báo triệu tập) and the minutes (biên bản), their
archive entry when the minutes are signed (R21), and their search entries.

documents renders, archives and searches whatever it is given and imports nothing of meetings; this
adapter builds what it is given; the files given with a meeting (MeetingDocument) are found in search too,
by those who see the meeting. The header helpers (`header_for`, `signer_title`) serve the resolutions
adapter too; the conventions themselves are documents.party's. The texts are Vietnamese whatever the interface language: they are the documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from nghiquyet.documents import archive as archive_services
from nghiquyet.documents import party, search
from nghiquyet.documents.models import ArchivedDocument, DocType, SearchKind
from nghiquyet.documents.party import collective, issuer_name
from nghiquyet.documents.rendering import DOC_NAMES, Block, OfficialDocument, Signature, is_numbered
from nghiquyet.lib.dates import long_vn
from nghiquyet.orgs import history as org_history
from nghiquyet.orgs.models import Organization, Person, Term
from nghiquyet.orgs.numbering import allocate, display
from nghiquyet.orgs.queries import position_on, secretary_on

from . import texts
from .models import DocumentKind, Meeting, MeetingDocument, Minutes, MinutesStatus
from .signing import ask_to_sign
from .texts import members_vi

MINUTES_SOURCE = "minutes"


def header_for(org: Organization, day: dt.date | None = None) -> dict:
    """The issuer block of a document of `org` dated `day`: the organization and the body above it as they
    were named and placed that day (R39: a 2024 resolution of an organization moved in 2025 keeps the bloc
    over it). Today's tree (the parent read off `org.parent`, select it first) for a document of today or
    later; a past day costs two queries (the organization's versions, then its superior's)."""
    if day is None or day >= timezone.localdate():
        return party.header(org, org.parent if org.parent_id else None)
    return party.header(*org_history.with_superior_on(org, day))


def signer_title(org: Organization, person: Person | None, day: dt.date) -> str:
    """The signer's title by their position on the committee that day ("" when not a member)."""
    return party.signer_title(position_on(org, person.pk if person else None, day))


def collective_signature(org: Organization, signer: Person | None, day: dt.date) -> Signature:
    """ "T/M <collective>", the signer's title that day (the secretary's when none is known yet) and name:
    the signature block of what a committee issues as a collective (resolutions, reports)."""
    return Signature(
        party.collective(org),
        signer_title(org, signer, day) or "BÍ THƯ",
        signer.full_name if signer else "",
    )


def text_blocks(text: str, skip: int = 0) -> list[Block]:
    """Paragraphs of a document text; lines in capitals ("I. ĐÁNH GIÁ TÌNH HÌNH", "KẾT LUẬN") are headings."""
    blocks = []
    for line in text.splitlines()[skip:]:
        line = line.strip()
        if not line:
            continue
        letters = [c for c in line if c.isalpha()]
        heading = bool(letters) and all(c.isupper() for c in letters) and len(line) < 120
        blocks.append(Block(line, heading=heading))
    return blocks


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# ---------------------------------------------------------------- the notice


def notice_document(meeting: Meeting) -> OfficialDocument:
    """The meeting notice (thông báo triệu tập) to the members of the meeting's body (R07): the committee, or
    the Standing Committee at its own meetings."""
    org = meeting.org
    when = f"{meeting.start_time:%H} giờ {meeting.start_time:%M}, " if meeting.start_time else ""
    blocks = [
        Block(f"Thường trực {issuer_name(org)} thông báo triệu tập {_lower_first(meeting.title)} như sau:"),
        Block(f"1. Thời gian: {when}{long_vn(meeting.date)}."),
        Block(f"2. Địa điểm: {meeting.place or '…'}."),
        Block("3. Nội dung:"),
    ]
    topics = list(meeting.focus_topics.values_list("title", flat=True))
    blocks += [Block(f"- {t}") for t in topics] or [Block("- Theo chương trình hội nghị.")]
    addressees = f"Các đồng chí {members_vi(meeting)}"
    blocks.append(Block(f"4. Thành phần: {addressees}."))
    documents = [*texts.draft_titles(meeting), *meeting.documents.values_list("title", flat=True)]
    if documents:
        blocks.append(Block("5. Tài liệu gửi kèm:"))
        blocks += [Block(f"- {d}") for d in documents]
    blocks.append(
        Block(
            "Đề nghị các đồng chí nghiên cứu tài liệu, chuẩn bị ý kiến đóng góp và dự hội nghị đầy đủ, "
            "đúng giờ."
        )
    )
    sent = meeting.notices.order_by("sent_at").values_list("sent_at", flat=True).first()
    day = timezone.localdate(sent) if sent else timezone.localdate()
    secretary = secretary_on(org, day)
    return OfficialDocument(
        doc_type=DocType.MEETING_NOTICE,
        **header_for(org, day),
        date=day,
        subject=f"Về việc triệu tập {_lower_first(meeting.title)}",
        blocks=blocks,
        signatures=[
            Signature(collective(org), "BÍ THƯ", secretary.full_name if secretary else ""),
        ],
        recipients=[addressees],
    )


# ---------------------------------------------------------------- the minutes (R14, R21)


def minutes_text(meeting: Meeting) -> str:
    """The canonical text: the signed minutes as stored, else the draft assembled from the record."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and (minutes.status == MinutesStatus.SIGNED or minutes.text):
        return minutes.text
    return texts.minutes_text(meeting)


def minutes_document(meeting: Meeting) -> OfficialDocument:
    """The minutes in the Party's layout; a draft (DỰ THẢO) until both signatures are on it."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    signed = minutes is not None and minutes.status == MinutesStatus.SIGNED
    text = minutes.text if minutes is not None and minutes.text else minutes_text(meeting)
    org = meeting.org
    archived = numbered_minutes(meeting) if signed else None
    return OfficialDocument(
        doc_type=DocType.MINUTES,
        **header_for(org, meeting.date),
        number_display=archived.number_display if archived is not None else "",
        date=meeting.date,
        subject=meeting.title,
        # The text opens with "BIÊN BẢN" and the title: the template prints those itself.
        blocks=text_blocks(text, skip=2),
        signatures=[
            Signature("", "THƯ KÝ", meeting.recorder.full_name if meeting.recorder else ""),
            Signature("", "CHỦ TRÌ", meeting.chair.full_name if meeting.chair else ""),
        ],
        draft=not signed,
    )


def archive_minutes(meeting: Meeting, *, by=None) -> ArchivedDocument:
    """Archive signed minutes: their text, the DOCX, the next place in the organization's chain (R21).

    Call it inside the transaction that signs them (meetings.services.sign_minutes), after the second
    signature; archiving the same minutes again returns the first entry.
    """
    meeting = Meeting.objects.select_related("org__parent", "chair", "recorder").get(pk=meeting.pk)
    minutes = Minutes.objects.get(meeting=meeting, status=MinutesStatus.SIGNED)
    document = minutes_document(meeting)
    signed_at = max(t for t in (minutes.chair_signed_at, minutes.recorder_signed_at) if t)
    if is_numbered(DocType.MINUTES) and archived_minutes(meeting) is None:
        # Minutes the office numbers (setting DOCUMENTS_NUMBERED_TYPES) get theirs when signed.
        document.number_display = _minutes_number(meeting.org, timezone.localdate(signed_at))
    doc = archive_services.archive_rendered(
        document,
        org=meeting.org,
        title=f"Biên bản {_lower_first(meeting.title)}",
        issued_on=timezone.localdate(signed_at),
        canonical_text=minutes.text,
        filename=f"Biên bản {meeting.date:%Y-%m-%d}.docx",
        source_kind=MINUTES_SOURCE,
        source_id=minutes.pk,
        source_url=reverse("meetings:minutes", args=[meeting.pk]),
        by=by,
    )
    # The chair and the recorder are asked to sign the archived PDF digitally (R42, R44).
    ask_to_sign(doc)
    return doc


def _minutes_number(org: Organization, day: dt.date) -> str:
    """The next minutes number in the organization's term on `day` ("03-BB/ĐU"), inside the signing
    transaction; none without a term (the minutes then print no number line)."""
    term = Term.objects.current(day).filter(org=org).order_by("-start_date").first()
    if term is None:
        return ""
    code = DOC_NAMES[DocType.MINUTES][1]
    return display(allocate(org, term, code), code, org.issuer_code)


def numbered_minutes(meeting: Meeting) -> ArchivedDocument | None:
    """The archived minutes when the office numbers minutes (setting DOCUMENTS_NUMBERED_TYPES), where their
    number is kept; None without a query otherwise."""
    return archived_minutes(meeting) if is_numbered(DocType.MINUTES) else None


def archived_minutes(meeting: Meeting) -> ArchivedDocument | None:
    minutes_id = Minutes.objects.filter(meeting=meeting).values_list("pk", flat=True).first()
    if minutes_id is None:
        return None
    return (
        ArchivedDocument.objects.select_related("docx", "pdf")
        .filter(source_kind=MINUTES_SOURCE, source_id=minutes_id, doc_type=DocType.MINUTES)
        .first()
    )


# ---------------------------------------------------------------- search


def _minutes_docs(rows: Iterable[Minutes]) -> list[search.Doc]:
    return [
        search.Doc(
            kind=SearchKind.MINUTES,
            object_id=m.meeting_id,
            org_id=m.meeting.org_id,
            org_code=m.meeting.org.code,
            org_name=m.meeting.org.name,
            org_path=m.meeting.org.path,
            title=f"Biên bản {_lower_first(m.meeting.title)}",
            text=m.text,
            date=m.meeting.date,
            period_day=m.meeting.date,
            url=reverse("meetings:minutes", args=[m.meeting_id]),
        )
        for m in rows
        if m.text
    ]


def reindex_minutes(meeting: Meeting) -> None:
    """Put the meeting's minutes in the search index (or take them out when there are none)."""
    rows = list(Minutes.objects.select_related("meeting__org").filter(meeting=meeting))
    search.unindex(SearchKind.MINUTES, [meeting.pk])
    search.index(_minutes_docs(rows))


# The minutes in search (the `reindex` command rebuilds and checks them).
MINUTES_SEARCH = search.Source(
    "minutes",
    owned=lambda: Q(kind=SearchKind.MINUTES),
    batches=search.batched(lambda: Minutes.objects.select_related("meeting__org"), _minutes_docs),
)


def reindex_all(batch: int = 500) -> int:
    """Rebuild the minutes' search entries."""
    return search.rebuild(MINUTES_SEARCH, batch)


# ---------------------------------------------------------------- the meeting's documents in search

# The kind of each file as the search result says it (Vietnamese: it describes the document).
DOCUMENT_KIND_NAMES = {
    DocumentKind.DRAFT: "Dự thảo nghị quyết",
    DocumentKind.DOCUMENT: "Tài liệu hội nghị",
    DocumentKind.UPPER: "Văn bản cấp trên",
}


def _documents_group(meeting_id: int) -> str:
    return f"meeting-documents:{meeting_id}"


def _document_docs(rows: Iterable[MeetingDocument]) -> list[search.Doc]:
    docs = []
    for d in rows:
        meeting = d.meeting
        kind = DOCUMENT_KIND_NAMES.get(d.kind, "")
        parts = [kind, f"Số {d.number}" if d.number else "", f"{meeting.title} ({long_vn(meeting.date)})"]
        docs.append(
            search.Doc(
                kind=SearchKind.DOCUMENT,
                object_id=d.pk,
                org_id=meeting.org_id,
                org_code=meeting.org.code,
                org_name=meeting.org.name,
                org_path=meeting.org.path,
                title=f"{d.number} {d.title}".strip(),
                text="\n".join(p for p in parts if p),
                date=meeting.date,
                period_day=meeting.date,
                url=reverse("meetings:meeting", args=[meeting.pk]) + "#documents",
                group=_documents_group(meeting.pk),
            )
        )
    return docs


def reindex_documents(meeting: Meeting) -> None:
    """Replace the search entries of the files given with a meeting (after one is added or removed):
    found by title and number by those who see the meeting."""
    rows = list(MeetingDocument.objects.select_related("meeting__org").filter(meeting_id=meeting.pk))
    search.unindex_group(_documents_group(meeting.pk))
    search.index(_document_docs(rows), replace=False)


# The files given with meetings in search (the `reindex` command rebuilds and checks them).
DOCUMENTS_SEARCH = search.Source(
    "meeting documents",
    owned=lambda: Q(kind=SearchKind.DOCUMENT),
    batches=search.batched(lambda: MeetingDocument.objects.select_related("meeting__org"), _document_docs),
)


def reindex_all_documents(batch: int = 500) -> int:
    """Rebuild the entries of every meeting's documents."""
    return search.rebuild(DOCUMENTS_SEARCH, batch)
