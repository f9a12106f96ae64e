"""Official texts of the meeting cycle, assembled from the record: the agenda of a notice, the title of a
regular meeting, and the minutes.

The minutes (biên bản) as text, assembled from the meeting record in the order the rules list:
time and place; chair and recorder; members present of the total; absentees with reasons; agenda;
each speaker's opinion in order; the conclusion; the vote; signatures. The minutes are an official
Party document, so their text is Vietnamese whatever the interface language."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nghiquyet.lib.dates import long_vn
from nghiquyet.lib.vietnamese import nfc

from .models import (
    AttendanceStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    Phase,
    Section,
    Stance,
)
from .queries import applied_rule, draft_among, quorum, resolutions_of

STANCE_VI = {
    Stance.AGREE: "nhất trí",
    Stance.DISAGREE: "không nhất trí",
    Stance.SUGGESTION: "đề nghị bổ sung, sửa đổi",
}
SECTION_VI = {
    Section.REVIEW: "Kiểm điểm việc thực hiện nghị quyết tháng trước",
    Section.IDEOLOGY: "Tình hình tư tưởng của cán bộ, đảng viên",
    Section.ACTIVITY: "Tình hình hoạt động của đảng viên",
    Section.FEEDBACK: "Ý kiến phản ánh của đảng viên về sự lãnh đạo của cấp ủy và vai trò gương mẫu của cấp ủy viên",
    Section.SUPPORT: "Giúp đỡ đảng viên có khó khăn",
    Section.LEADERSHIP: "Phân tích sự lãnh đạo, trách nhiệm của tập thể, Thường trực và đồng chí Bí thư",
    Section.FOCUS: "Thảo luận nội dung trọng tâm",
    Section.CRITICISM: "Tự phê bình và phê bình",
    Section.CONCLUSION: "Kết luận của đồng chí Bí thư",
}
# How an opinion may open that says its stance already: the minutes then do not say it a second time.
STANCE_OPENINGS_VI = {
    Stance.AGREE: ("nhất trí", "đồng ý", "tán thành"),
    Stance.DISAGREE: ("không nhất trí", "không đồng ý", "không tán thành"),
    Stance.SUGGESTION: ("đề nghị", "kiến nghị", "đề xuất"),
}
ABSENCE_VI = {
    AttendanceStatus.ABSENT_EXCUSED: "vắng có lý do",
    AttendanceStatus.ABSENT: "vắng không lý do",
    # The reasons that change the count (R41): listed, and left out of the total as the rule applied says.
    AttendanceStatus.WORKING_ELSEWHERE: "chuyển sinh hoạt tạm thời, công tác nơi khác",
    AttendanceStatus.EXEMPT: "được miễn công tác và sinh hoạt đảng",
    AttendanceStatus.SUSPENDED: "bị đình chỉ sinh hoạt, khởi tố, tạm giam",
}


def members_vi(meeting) -> str:
    """Who the meeting's members are, as the documents name them: a Standing Committee meeting counts only
    its own members (queries.body_of)."""
    return "ủy viên Ban Thường vụ" if meeting.kind == MeetingKind.STANDING else "cấp ủy viên"


def render_minutes(meeting, read_back: bool | None = None) -> str:
    """The minutes from the record; `read_back` (else the stored minutes' tick) prints that they were read
    back to the meeting."""
    if read_back is None:
        read_back = Minutes.objects.filter(meeting=meeting, read_back=True).exists()
    attendance = list(meeting.attendance.select_related("person").order_by("person__sort_key"))
    return compose_minutes(
        meeting,
        quorum(meeting),
        attendance,
        topics=[t.title for t in meeting.focus_topics.all()],
        entries={e.section: e.text for e in meeting.agenda.all()},
        spoken=[o for o in meeting.opinions.select_related("author") if o.phase == Phase.DURING],
        vote=getattr(meeting, "vote", None),
        read_back=read_back,
    )


def compose_minutes(meeting, q, attendance, *, topics, entries, spoken, vote, read_back=False) -> str:
    """The minutes from a record already in memory (no query): the demo's bulk writer composes the
    minutes of thousands of meetings it has just drawn, without reading them back.

    "Read back" is printed only once it is true: the signer ticks it when signing (R14)."""
    lines = [
        "BIÊN BẢN",
        meeting.title.upper(),
        "",
        f"Thời gian: {meeting.start_time:%H giờ %M} " if meeting.start_time else "Thời gian: ",
    ]
    lines[-1] += long_vn(meeting.date)
    lines.append(f"Địa điểm: {meeting.place or '…'}")
    lines.append(f"Chủ trì: {meeting.chair.full_name if meeting.chair else '…'}")
    lines.append(f"Thư ký: {meeting.recorder.full_name if meeting.recorder else '…'}")
    members = members_vi(meeting)
    lines.append(f"Có mặt: {q.present}/{q.members} đồng chí {members}.")
    late = [a.person.full_name for a in attendance if a.status == AttendanceStatus.LATE]
    if late:
        lines.append("Đến muộn: " + ", ".join(late) + ".")
    absent = [a for a in attendance if a.status in ABSENCE_VI]
    if absent:
        lines.append("Vắng mặt:")
        lines += [
            f"- Đồng chí {a.person.full_name}: {ABSENCE_VI[a.status]}"
            + (f" ({a.reason})" if a.reason else "")
            for a in absent
        ]
    if topics:
        lines += ["", "NỘI DUNG TRỌNG TÂM"]
        lines += [f"{i}. {t}" for i, t in enumerate(topics, start=1)]
    lines += ["", "DIỄN BIẾN HỘI NGHỊ"]
    number = 0
    for section in Section:
        if section == Section.CONCLUSION or section not in entries:
            continue
        number += 1
        lines += [f"{number}. {SECTION_VI[section]}", entries[section]]
    if spoken:
        number += 1
        lines.append(f"{number}. Ý kiến phát biểu")
        lines += [opinion_line(o) for o in spoken]
    if Section.CONCLUSION in entries:
        lines += ["", "KẾT LUẬN", entries[Section.CONCLUSION]]
    if vote is not None:
        lines += [
            "",
            "BIỂU QUYẾT",
            f"{vote.subject}: tán thành {vote.votes_for}, không tán thành {vote.votes_against}, "
            f"không biểu quyết {vote.votes_abstain}, trên tổng số {vote.members_total} {members}. "
            + ("Nghị quyết được thông qua." if vote.adopted else "Nghị quyết chưa được thông qua."),
            f"Tổng số {members} được tính theo {applied_rule(vote, meeting).citation}"
            + (f" (không tính {vote.members_excluded} đồng chí)." if vote.members_excluded else "."),
        ]
    if read_back:
        lines += ["", "Biên bản đã được đọc lại trước hội nghị và được hội nghị nhất trí."]
    if meeting.ended_at:
        lines.append(closing_line(meeting))
    if meeting.status == MeetingStatus.SIGNED:
        lines.append("Đã ký.")
    return "\n".join(lines)


def closing_line(meeting) -> str:
    """ "Hội nghị kết thúc vào hồi 11 giờ 30 cùng ngày." — the minutes close with the meeting's closing
    time (DOMAIN.md, minutes record: time and place), the moment they were read back and first signed."""
    ended = timezone.localtime(meeting.ended_at)
    day = "cùng ngày" if ended.date() == meeting.date else long_vn(ended.date())
    return f"Hội nghị kết thúc vào hồi {ended:%H} giờ {ended:%M} {day}."


def opinion_line(opinion) -> str:
    """One spoken opinion as the minutes write it, its stance said once (R11): "- Đồng chí A không nhất trí
    về mục 2: …", or "- Đồng chí A phát biểu về mục 2: Nhất trí …" when the opinion opens with it."""
    text = opinion.text.strip()
    on = f" về {opinion.section}" if opinion.section else ""
    name = opinion.author.full_name
    if nfc(text).lower().startswith(STANCE_OPENINGS_VI.get(opinion.stance, ())):
        return f"- Đồng chí {name} phát biểu{on}: {text}"
    return f"- Đồng chí {name} {STANCE_VI[opinion.stance]}{on}: {text}"


def regular_title(day: dt.date) -> str:
    return f"Hội nghị cấp ủy thường kỳ tháng {day.month}/{day.year}"


def draft_titles(meeting: Meeting) -> list[str]:
    """The draft resolution drafted in the app for `meeting`, as the notice lists it (R07): it goes with
    the notice as it stands, no upload needed (one query)."""
    draft = draft_among(resolutions_of(meeting))
    return [f"Dự thảo nghị quyết: {draft.title}"] if draft is not None else []


def agenda_text(meeting: Meeting, topics: list[str] | None = None, documents: list[str] | None = None) -> str:
    """The notice's agenda; `topics` and `documents` (titles) may be given by a caller that holds them."""
    lines = [f"{meeting.title} — {long_vn(meeting.date)}"]
    if meeting.start_time:
        lines[0] += f", {meeting.start_time:%H:%M}"
    if meeting.place:
        lines.append(f"Địa điểm: {meeting.place}")
    if topics is None:
        topics = list(meeting.focus_topics.values_list("title", flat=True))
    if topics:
        lines.append("Nội dung trọng tâm:")
        lines += [f"{i}. {t}" for i, t in enumerate(topics, start=1)]
    if documents is None:
        documents = [*draft_titles(meeting), *meeting.documents.values_list("title", flat=True)]
    if documents:
        lines.append("Tài liệu gửi kèm:")
        lines += [f"- {d}" for d in documents]
    return "\n".join(lines)


def minutes_text(meeting: Meeting, read_back: bool | None = None) -> str:
    """The minutes assembled from the record, in the order DOMAIN.md lists (Vietnamese: it is the document)."""
    return render_minutes(meeting, read_back)
