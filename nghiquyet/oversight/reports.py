"""Periodic reports of the scheme (R31, R35): the Organization Board compiles a monthly, quarterly or
annual report for the bloc's Standing Committee.

The figures come from the records only and are kept as a snapshot (`PeriodicReport.figures`): the bloc
dashboard's totals over the grassroots organizations, the committees with the most overdue items, and
the upper level's own work in the period (one grouped query per kind). The narrative sections are written
by people. Issuing numbers the report from the issuer's BC series, renders the DOCX from the snapshot and
archives it; from then on the report is immutable (the model refuses changes).

The document's words are Vietnamese whatever the interface language: they are the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nghiquyet.documents import archive as archive_services
from nghiquyet.documents.archive import RecipientSpec
from nghiquyet.documents.models import ArchivedDocument, DocType
from nghiquyet.documents.party import collective, issuer_name
from nghiquyet.documents.rendering import Block, OfficialDocument, Signature, render_docx
from nghiquyet.lib.dates import document_vn
from nghiquyet.meetings.documents_context import header_for, signer_title, text_blocks
from nghiquyet.orgs.access import MANAGING_POSITIONS
from nghiquyet.orgs.models import GRASSROOTS_KINDS, CommitteeMembership, Organization, OrgKind, Person
from nghiquyet.orgs.numbering import allocate, display
from nghiquyet.resolutions.queries import term_on

from .dashboard import COLUMNS, Window, compute, grassroots_in
from .models import (
    Course,
    Decision,
    Guidance,
    InspectionRecord,
    Nomination,
    PeriodicReport,
    Recommendation,
    RecommendationStatus,
    RecordStatus,
    ReportStatus,
    UpperDifficulty,
)
from .periods import ROMAN_QUARTERS, PeriodKind, bounds, describe

REPORT_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR)
MIN_YEAR, MAX_YEAR = 2000, 2100
DOC_CODE = "BC"
SOURCE_KIND = "periodic_report"
TOP_OVERDUE = 5
SCHEME = "đổi mới, nâng cao chất lượng ban hành và thực hiện nghị quyết của cấp ủy cơ sở"
NARRATIVE_FIELDS = ("results", "shortcomings", "causes", "lessons", "next_tasks")
# Sections that must be written before the report is issued.
REQUIRED_SECTIONS = ("results", "next_tasks")
SECTION_LABELS = {
    "results": gettext_lazy("Results achieved"),
    "shortcomings": gettext_lazy("Shortcomings and limitations"),
    "causes": gettext_lazy("Causes"),
    "lessons": gettext_lazy("Lessons learned"),
    "next_tasks": gettext_lazy("Tasks for the next period"),
}
# The narrative's headings in the document; "results" follows the compiled figures in section I.
SECTION_HEADINGS = {
    "results": "KẾT QUẢ ĐẠT ĐƯỢC",
    "shortcomings": "HẠN CHẾ, TỒN TẠI",
    "causes": "NGUYÊN NHÂN",
    "lessons": "BÀI HỌC KINH NGHIỆM",
    "next_tasks": "NHIỆM VỤ TRỌNG TÂM KỲ TỚI",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI")


# ---------------------------------------------------------------- periods


def period_vn(kind: str, start: dt.date) -> str:
    """ "tháng 3 năm 2026", "quý II năm 2026", "năm 2026": the period in the document's words."""
    if kind == PeriodKind.MONTH:
        return f"tháng {start.month} năm {start.year}"
    if kind == PeriodKind.QUARTER:
        return f"quý {ROMAN_QUARTERS[(start.month - 1) // 3 + 1]} năm {start.year}"
    return f"năm {start.year}"


def default_title(kind: str, start: dt.date) -> str:
    return f"Kết quả thực hiện Đề án {SCHEME} {period_vn(kind, start)}"


def report_period(kind: str, year: int | None, number: int | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The bounds of a month, quarter or year, refused (naming the field) when malformed or not begun."""
    if kind not in REPORT_KINDS:
        raise ValidationError({"kind": _("Choose a month, a quarter or a year.")})
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Give a year from %(min)s to %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )
    if kind == PeriodKind.MONTH and (number is None or not 1 <= number <= 12):
        raise ValidationError({"number": _("Give the month, from 1 to 12.")})
    if kind == PeriodKind.QUARTER and (number is None or not 1 <= number <= 4):
        raise ValidationError({"number": _("Give the quarter, from 1 to 4.")})
    start, end = bounds(kind, year, number if kind != PeriodKind.YEAR else None)
    if start > today:
        field = "year" if year > today.year else "number"
        raise ValidationError(
            {
                field: _("%(period)s has not begun yet: a report covers a past or running period.")
                % {"period": describe(kind, start, end)}
            }
        )
    return start, end


# ---------------------------------------------------------------- figures


def _plain(value):
    """JSON-friendly: Decimal sums become floats."""
    return float(value) if isinstance(value, Decimal) else value


def _day_bounds(start: dt.date, as_of: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes from the first moment of `start` to the first moment after `as_of` (local time)."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz),
        timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min), tz),
    )


def _upper_work(issuer: Organization, start: dt.date, as_of: dt.date) -> dict:
    """The upper level's own work in [start, as_of]: one query per kind (six)."""
    path = issuer.path
    since, until = _day_bounds(start, as_of)

    def within(field: str) -> Q:
        return Q(**{f"{field}__gte": since, f"{field}__lt": until})

    guidance = Guidance.objects.filter(within("published_at"), issuer__path__startswith=path).count()
    concluded = InspectionRecord.objects.filter(
        within("concluded_at"), plan__body__org__path__startswith=path, status=RecordStatus.CONCLUDED
    ).count()
    # Recommendations of inspections concluded by the end of the period, still open on its last day.
    open_then = Q(status=RecommendationStatus.OPEN) | Q(done_at__gte=until)
    recommendations = Recommendation.objects.filter(
        record__plan__body__org__path__startswith=path,
        record__status=RecordStatus.CONCLUDED,
        record__concluded_at__lt=until,
    ).aggregate(
        open=Count("pk", filter=open_then),
        overdue=Count("pk", filter=open_then & Q(deadline__lt=as_of)),
    )
    difficulties = (
        UpperDifficulty.objects.filter(org__path__startswith=path)
        .filter(within("created_at") | within("answered_at"))
        .aggregate(
            reported=Count("pk", filter=within("created_at")),
            answered=Count("pk", filter=within("answered_at")),
        )
    )
    training = Course.objects.filter(
        org__path__startswith=path, start_date__gte=start, start_date__lte=as_of
    ).aggregate(
        courses=Count("pk", distinct=True),
        people=Count("attendance__person", filter=Q(attendance__completed=True), distinct=True),
    )
    recognized = Nomination.objects.filter(
        within("decided_at"), org__path__startswith=path, decision=Decision.APPROVED
    ).count()
    return {
        "guidance_published": guidance,
        "inspections_concluded": concluded,
        "recommendations_open": recommendations["open"],
        "recommendations_overdue": recommendations["overdue"],
        "difficulties_reported": difficulties["reported"],
        "difficulties_answered": difficulties["answered"],
        "courses_held": training["courses"],
        "people_trained": training["people"],
        "nominations_recognized": recognized,
    }


def compile_figures(issuer: Organization, start: dt.date, end: dt.date, today: dt.date | None = None) -> dict:
    """The report's figures from the records, as JSON-serializable data (a fixed number of queries).

    The grassroots figures are the bloc dashboard's totals over the issuer's grassroots organizations,
    taken on the period's last day or today while it runs (`as_of`).
    """
    window = Window.of(start, end, today)
    as_of = window.as_of
    orgs = grassroots_in([issuer])
    board = compute(orgs, window, trend=False)
    totals = board.totals
    figures: dict = {
        "as_of": as_of.isoformat(),
        "grassroots": orgs.filter(Q(active_from__isnull=True) | Q(active_from__lte=as_of))
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=start))
        .count(),
    }
    for column in COLUMNS:
        figures[column.key] = _plain(getattr(totals, column.key))
    figures.update(
        resolutions=totals.resolutions,
        items=totals.items,
        items_due=totals.items_due,
        items_on_time=totals.items_on_time,
    )
    worst = sorted((r for r in board.rows if r.overdue), key=lambda r: (-r.overdue, r.code))[:TOP_OVERDUE]
    figures["most_overdue"] = [
        {
            "code": r.code,
            "name": r.name,
            "overdue": r.overdue,
            "items_due": r.items_due,
            "items_on_time": r.items_on_time,
            "on_time_pct": _plain(r.on_time_pct),
            "held": r.held,
            "due": r.due,
        }
        for r in worst
    ]
    figures.update(_upper_work(issuer, start, as_of))
    return figures


# The figures as shown on the page: (key, label, unit), in two groups.
GRASSROOTS_FIGURES = (
    ("grassroots", gettext_lazy("Grassroots organizations"), ""),
    *((c.key, c.label, c.unit) for c in COLUMNS),
)
RESOLUTION_FIGURES = (
    ("resolutions", gettext_lazy("Resolutions issued"), ""),
    ("items", gettext_lazy("Items of those resolutions"), ""),
    ("items_due", gettext_lazy("Items falling due"), ""),
    ("items_on_time", gettext_lazy("of which done on time"), ""),
)
UPPER_FIGURES = (
    ("guidance_published", gettext_lazy("Guidance published"), ""),
    ("inspections_concluded", gettext_lazy("Inspections concluded"), ""),
    ("recommendations_open", gettext_lazy("Recommendations still open"), ""),
    ("recommendations_overdue", gettext_lazy("of which overdue"), ""),
    ("difficulties_reported", gettext_lazy("Difficulties reported up"), ""),
    ("difficulties_answered", gettext_lazy("Difficulties answered"), ""),
    ("courses_held", gettext_lazy("Training courses held"), ""),
    ("people_trained", gettext_lazy("People trained"), ""),
    ("nominations_recognized", gettext_lazy("Secretaries recognized"), ""),
)


def figure_groups(figures: dict) -> list[tuple[str, list[tuple[str, str, object, str]]]]:
    """The snapshot as labelled rows for the page: (group title, [(key, label, value, unit)])."""
    groups = (
        (_("Grassroots organizations: meetings and resolutions"), GRASSROOTS_FIGURES + RESOLUTION_FIGURES),
        (_("The upper level's work"), UPPER_FIGURES),
    )
    return [
        (title, [(key, label, figures.get(key), unit) for key, label, unit in rows]) for title, rows in groups
    ]


# ---------------------------------------------------------------- use cases


def _ensure_draft(report: PeriodicReport) -> None:
    if not report.is_draft:
        raise ValidationError(_("This report is issued: it can no longer be changed."))


def _locked(report: PeriodicReport) -> PeriodicReport:
    return PeriodicReport.objects.select_for_update(of=("self",)).select_related("issuer").get(pk=report.pk)


@transaction.atomic
def create(
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
def refresh(report: PeriodicReport, *, today: dt.date | None = None) -> PeriodicReport:
    """Compile the figures of a draft again from the records as they are now."""
    report = _locked(report)
    _ensure_draft(report)
    report.figures = compile_figures(report.issuer, report.start, report.end, today)
    report.figures_at = timezone.now()
    report.save(update_fields=["figures", "figures_at"])
    return report


@transaction.atomic
def update_narrative(report: PeriodicReport, *, title: str, **sections: str) -> PeriodicReport:
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


def signers(issuer: Organization, day: dt.date) -> list[Person]:
    """Who signs on behalf of the Standing Committee: the secretary, deputies and Standing Committee
    members of the issuer's committee in office on `day` (one query)."""
    seats = (
        CommitteeMembership.objects.current(day)
        .filter(term__org=issuer, position__in=MANAGING_POSITIONS)
        .select_related("person")
        .order_by("person__sort_key", "person_id")
    )
    return [s.person for s in seats]


@transaction.atomic
def issue(report: PeriodicReport, *, signer: Person, by=None, on: dt.date | None = None) -> PeriodicReport:
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
    number = allocate(issuer, term, DOC_CODE)
    report.term = term
    report.number = number
    report.number_display = display(number, DOC_CODE, issuer.issuer_code)
    report.issued_on = on
    report.signed_by = signer
    report.status = ReportStatus.ISSUED
    report.save()
    archive_report(report, by=by)
    return report


# ---------------------------------------------------------------- the official document


def _vn(value, digits: int = 1) -> str:
    """A number the Vietnamese way: "83,3", "12"; no figure yet: "chưa có số liệu"."""
    if value is None:
        return "chưa có số liệu"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    text = f"{float(value):.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _pct(value) -> str:
    return "chưa có số liệu" if value is None else f"{_vn(value)}%"


def _in_brackets(value, prefix: str = "") -> str:
    """ " (đạt 83,3%)", or nothing when there is no figure."""
    return "" if value is None else f" ({prefix}{_vn(value)}%)"


def _overdue_line(row: dict) -> str:
    line = f"- {row['name']}: {_vn(row['overdue'])} nhiệm vụ quá hạn"
    if row.get("items_due"):
        line += (
            f"; hoàn thành đúng hạn {_vn(row['items_on_time'])}/{_vn(row['items_due'])} nhiệm vụ đến hạn"
            f"{_in_brackets(row.get('on_time_pct'))}"
        )
    return line + "."


def _figure_blocks(figures: dict) -> list[Block]:
    f = figures.get
    as_of = dt.date.fromisoformat(f("as_of")) if f("as_of") else None
    lines = [
        f"- Số tổ chức cơ sở đảng: {_vn(f('grassroots'))}.",
        f"- Số cuộc họp cấp ủy thường kỳ đã tổ chức: {_vn(f('held'))}/{_vn(f('due'))} cuộc phải tổ chức"
        f"{_in_brackets(f('held_pct'), 'đạt ')}.",
        f"- Tỷ lệ cuộc họp đúng ngày quy định: {_pct(f('on_day_pct'))}.",
        "- Thời gian gửi thông báo, tài liệu trước cuộc họp bình quân: "
        + ("chưa có số liệu." if f("notice_lead") is None else f"{_vn(f('notice_lead'))} ngày."),
        f"- Tỷ lệ cấp ủy viên dự họp bình quân: {_pct(f('attendance_pct'))}.",
        f"- Số người phát biểu bình quân trên số người dự: {_vn(f('speakers_per_attendee'), 2)}.",
        f"- Số cuộc họp có kiểm điểm việc thực hiện nghị quyết tháng trước: {_vn(f('reviews'))}.",
        f"- Số nghị quyết đã ban hành: {_vn(f('resolutions'))} (thường kỳ {_vn(f('regular'))}, "
        f"chuyên đề {_vn(f('thematic'))}).",
        f"- Tỷ lệ nhiệm vụ ghi đủ nội dung, biện pháp, thời hạn, người thực hiện và người kiểm tra: "
        f"{_pct(f('complete_pct'))}.",
        f"- Nhiệm vụ đến hạn hoàn thành đúng hạn: {_vn(f('items_on_time'))}/{_vn(f('items_due'))}"
        f"{_in_brackets(f('on_time_pct'))}.",
        f"- Số nhiệm vụ quá hạn chưa hoàn thành: {_vn(f('overdue'))}.",
        f"- Số khó khăn, vướng mắc chưa được giải đáp: {_vn(f('difficulties'))}.",
        f"- Điểm chất lượng nghị quyết bình quân: {_vn(f('quality'), 0)}.",
    ]
    heading = "1. Số liệu tổng hợp từ dữ liệu"
    if as_of is not None:
        heading += f" (tính đến {document_vn(as_of)})"
    blocks = [Block(heading, heading=True), *(Block(line) for line in lines)]
    worst = f("most_overdue") or []
    if worst:
        blocks.append(Block("Các tổ chức cơ sở đảng có nhiều nhiệm vụ quá hạn nhất:"))
        blocks += [Block(_overdue_line(row)) for row in worst]
    blocks.append(Block("Công tác lãnh đạo, chỉ đạo, kiểm tra của cấp trên:"))
    blocks += [
        Block(f"- Số văn bản hướng dẫn, định hướng sinh hoạt đã ban hành: {_vn(f('guidance_published'))}."),
        Block(
            f"- Số cuộc kiểm tra đã kết luận: {_vn(f('inspections_concluded'))}; kiến nghị sau kiểm tra chưa "
            f"thực hiện xong: {_vn(f('recommendations_open'))} (quá hạn {_vn(f('recommendations_overdue'))})."
        ),
        Block(
            f"- Số khó khăn, vướng mắc cơ sở báo cáo lên: {_vn(f('difficulties_reported'))}; đã trả lời: "
            f"{_vn(f('difficulties_answered'))}."
        ),
        Block(
            f"- Số lớp bồi dưỡng đã tổ chức: {_vn(f('courses_held'))}, với {_vn(f('people_trained'))} "
            f"đồng chí hoàn thành."
        ),
        Block(f"- Số bí thư cấp ủy tiêu biểu được biểu dương: {_vn(f('nominations_recognized'))}."),
    ]
    return blocks


def report_blocks(report: PeriodicReport) -> list[Block]:
    """The body: an opening line, section I with the figures then the results, then the other written
    sections numbered in order (empty ones left out)."""
    org = report.issuer
    reporter = f"Ban Thường vụ {issuer_name(org)}" if org.kind == OrgKind.BLOC else issuer_name(org)
    blocks = [
        Block(
            f"Thực hiện Đề án {SCHEME}, {reporter} báo cáo kết quả thực hiện "
            f"{period_vn(report.kind, report.start)} như sau:"
        ),
        Block(f"I. {SECTION_HEADINGS['results']}", heading=True),
        *_figure_blocks(report.figures or {}),
        Block("2. Đánh giá kết quả", heading=True),
        *(text_blocks(report.results) or [Block("…")]),
    ]
    numerals = iter(ROMAN[1:])
    for name in NARRATIVE_FIELDS[1:]:
        text = getattr(report, name)
        if text.strip():
            blocks.append(Block(f"{next(numerals)}. {SECTION_HEADINGS[name]}", heading=True))
            blocks += text_blocks(text)
    return blocks


def canonical_text(report: PeriodicReport) -> str:
    """What the archive seals: the subject and the body, line by line (from the stored snapshot)."""
    return "\n".join([report.title, *(b.text for b in report_blocks(report))])


def default_recipients(report: PeriodicReport) -> list[RecipientSpec]:
    """ "Nơi nhận": the level above (to report), the committee members, the grassroots organizations;
    the office copy ("Lưu VP") is added by the archive."""
    org = report.issuer
    specs = []
    if org.parent_id:
        parent = org.parent
        specs.append(RecipientSpec(f"Ban Thường vụ {issuer_name(parent)} (để báo cáo)", org_ids=(parent.pk,)))
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


def report_document(report: PeriodicReport, *, recipients: Sequence[str] | None = None) -> OfficialDocument:
    """The report in the Party's layout; a draft carries "DỰ THẢO" and a blank number."""
    org = report.issuer
    if org.parent_id and "parent" not in org._state.fields_cache:
        org = Organization.objects.select_related("parent").get(pk=org.pk)
        report.issuer = org
    day = report.issued_on or timezone.localdate()
    signer = report.signed_by
    if signer is None:
        people = signers(org, day)
        signer = people[0] if people else None
    return OfficialDocument(
        doc_type=DocType.PERIODIC_REPORT,
        **header_for(org),
        number_display=report.number_display,
        date=report.issued_on,
        subject=report.title,
        blocks=report_blocks(report),
        signatures=[
            Signature(
                collective(org),
                signer_title(org, signer, day) or "BÍ THƯ",
                signer.full_name if signer else "",
            )
        ],
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
    return archive_services.archive(
        org_id=org.pk,
        org_code=org.code,
        org_path=org.path,
        doc_type=DocType.PERIODIC_REPORT,
        number_display=report.number_display,
        title=report.title,
        issued_on=report.issued_on,
        canonical_text=canonical_text(report),
        docx=render_docx(document, org_id=org.pk),
        filename=document.filename("docx"),
        source_kind=SOURCE_KIND,
        source_id=report.pk,
        source_url=report.get_absolute_url(),
        recipients=specs,
        by=by,
    )


def archived_report(report: PeriodicReport) -> ArchivedDocument | None:
    """The archived copy of an issued report, if any."""
    return (
        ArchivedDocument.objects.select_related("docx")
        .filter(source_kind=SOURCE_KIND, source_id=report.pk, doc_type=DocType.PERIODIC_REPORT)
        .first()
    )
