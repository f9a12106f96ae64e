"""Deterministic meeting history for the demo (R04–R14): a regulation per committee, then months of
prepared, notified, held, recorded and signed meetings, with the defects the scheme warns about.

Quality varies: each organization draws how careful it is, and its meetings then have late notices,
drafts adopted with no discussion, absences or too many focus topics more or less often. Meetings before
the current month are signed and locked; those of the current month and later stay planned or notified,
so the demo users have something to do.

Each past meeting is drawn whole first (`_Record`), then written. Committees on which a demo user sits
go through the services step by step (history rows and notifications included), like every meeting of
the current month and later. The rest is written with bulk inserts, a thousand meetings at a time: the
services cost about a tenth of a second per meeting, too slow for the bloc's eight hundred and far too
slow for a city's forty thousand. The bulk writer writes what the services would write — a test writes
the same history both ways and compares — and the minutes, the agenda and the indicators still come from
the services' own functions, fed with the record in memory instead of reading it back.

The services and the models read `timezone.now()` (notices, opinions, signatures, history, notifications);
the generator sets that clock to the simulated moment of each step, so the timestamps fall on the days
the history describes. Everything is drawn from `random.Random` seeded per organization: the same
registry, seed, months and day give the same history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import reset_queries, transaction
from django.db.models import F, Min
from django.utils import timezone, translation

from nghiquyet.demo.registry import BLOC_CODE
from nghiquyet.demo.registry import analyze as _analyze
from nghiquyet.meetings import queries, services, texts
from nghiquyet.meetings.calendar import is_working_day, next_working_day
from nghiquyet.meetings.charter import adoption_rule_on
from nghiquyet.meetings.models import (
    PRESENT_STATUSES,
    AgendaEntry,
    Attendance,
    AttendanceStatus,
    DayRule,
    FocusTopic,
    Indicators,
    Meeting,
    MeetingKind,
    MeetingRegulation,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Notice,
    Opinion,
    Phase,
    Section,
    Stance,
    Vote,
    is_adopted,
)
from nghiquyet.meetings.signals import indicators_computed
from nghiquyet.meetings.texts import compose_minutes
from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import mark_read
from nghiquyet.orgs.models import (
    CommitteeMembership,
    Organization,
    OrganizationVersion,
    OrgKind,
    Person,
    Position,
    Term,
)

PERSONA_SECRETARY = "bithu"
# `seed_demo` records the history from here (R39): the bloc's 2024 under the 2016 tree, its reorganization
# of February 2025 (demo.reorganization), and what followed up to today.
HISTORY_FROM = dt.date(2024, 1, 1)
QUARTERS_VI = ("I", "II", "III", "IV")

# (weight, regulation fields): most committees meet on a fixed day, some on a weekday of the month.
DAY_RULES = (
    (5, {"day_rule": DayRule.DAY_OF_MONTH, "day": 5}),
    (3, {"day_rule": DayRule.DAY_OF_MONTH, "day": 10}),
    (2, {"day_rule": DayRule.DAY_OF_MONTH, "day": 3}),
    (2, {"day_rule": DayRule.DAY_OF_MONTH, "day": 15}),
    (1, {"day_rule": DayRule.DAY_OF_MONTH, "day": 20}),
    (1, {"day_rule": DayRule.DAY_OF_MONTH, "day": 25}),
    (2, {"day_rule": DayRule.NTH_WEEKDAY, "weekday": 0, "week": 1}),
    (1, {"day_rule": DayRule.NTH_WEEKDAY, "weekday": 2, "week": 2}),
    (1, {"day_rule": DayRule.NTH_WEEKDAY, "weekday": 4, "week": -1}),
)
START_TIMES = (dt.time(8, 0), dt.time(8, 0), dt.time(7, 30), dt.time(14, 0), dt.time(14, 30), dt.time(16, 0))
ROOMS = ("Phòng họp tầng 2", "Phòng họp tầng 3", "Phòng họp số 1", "Phòng họp giao ban", "Hội trường tầng 5")

# ---------------------------------------------------------------------------------------------------
# What a grassroots committee talks about. "{quarter}" is the meeting's quarter ("quý IV/2026"), "{year}"
# its year, "{next_year}" the year after.

TOPICS = (
    "Lãnh đạo thực hiện nhiệm vụ chuyên môn {quarter}",
    "Công tác phát triển đảng viên",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "Công tác kiểm tra, giám sát",
    "Cải cách hành chính, chuyển đổi số",
    "Phòng, chống tham nhũng, lãng phí, tiêu cực",
    "Thực hiện quy chế dân chủ ở cơ sở",
    "Nâng cao chất lượng sinh hoạt chi bộ",
    "Công tác bảo vệ chính trị nội bộ",
    "Lãnh đạo Công đoàn, Đoàn Thanh niên và Hội Cựu chiến binh cơ quan",
    "Thực hành tiết kiệm, chống lãng phí trong chi tiêu công",
    "Công tác cán bộ, rà soát quy hoạch cán bộ",
    "Xây dựng cơ quan, đơn vị văn hóa, an toàn",
    "Công tác dân vận của cơ quan",
    "Đẩy mạnh giải ngân vốn đầu tư công",
    "Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
    "Sắp xếp tổ chức bộ máy tinh gọn, hoạt động hiệu lực, hiệu quả",
    "Cập nhật, quản lý hồ sơ đảng viên trên phần mềm",
    "Chuẩn bị đại hội chi bộ",
    "Thu, nộp, quản lý và sử dụng đảng phí",
    "Học tập, quán triệt và triển khai nghị quyết của Đảng ủy Khối",
)
SEASONAL_TOPICS = {
    1: ("Tổ chức cho cán bộ, đảng viên đón Tết Nguyên đán vui tươi, an toàn, tiết kiệm",),
    2: (
        "Tuyên truyền kỷ niệm Ngày thành lập Đảng Cộng sản Việt Nam (03/02)",
        "Triển khai nhiệm vụ chính trị năm {year}",
    ),
    3: ("Học tập, quán triệt nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",),
    4: ("Sơ kết nhiệm vụ quý I, triển khai nhiệm vụ quý II/{year}",),
    5: ("Tuyên truyền kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh (19/5)",),
    6: ("Chuẩn bị sơ kết công tác xây dựng Đảng 6 tháng đầu năm {year}",),
    7: (
        "Sơ kết 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm {year}",
        "Tri ân thương binh, liệt sĩ nhân Ngày Thương binh – Liệt sĩ (27/7)",
    ),
    8: ("Tuyên truyền kỷ niệm Cách mạng Tháng Tám và Quốc khánh 2/9",),
    9: ("Lãnh đạo hoàn thành chỉ tiêu kế hoạch năm {year}",),
    10: ("Tuyên truyền kỷ niệm Ngày Giải phóng Thủ đô (10/10)",),
    11: ("Chuẩn bị kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {year}",),
    12: (
        "Đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm {year}",
        "Tổng kết công tác năm {year}, phương hướng nhiệm vụ năm {next_year}",
    ),
}
# Thematic meetings (R19): the topic, and why it was chosen.
THEMES = (
    (
        "Nâng cao vai trò tiên phong, gương mẫu của đảng viên trong thực hiện nhiệm vụ chuyên môn",
        "Một số đảng viên chưa phát huy vai trò gương mẫu; kết quả đánh giá công chức quý trước có "
        "đồng chí chỉ hoàn thành nhiệm vụ.",
    ),
    (
        "Đẩy mạnh chuyển đổi số trong cơ quan",
        "Thực hiện chủ trương của Thành phố về chuyển đổi số; tỷ lệ hồ sơ xử lý trên môi trường mạng "
        "của cơ quan còn thấp.",
    ),
    (
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý thức trách nhiệm nêu gương",
        "Theo hướng dẫn của Ban Tuyên giáo Đảng ủy Khối về chuyên đề học tập năm.",
    ),
    (
        "Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống trong cán bộ, đảng viên",
        "Thực hiện kết luận của Trung ương về tăng cường xây dựng, chỉnh đốn Đảng.",
    ),
    (
        "Nâng cao chất lượng công tác phát triển đảng viên trong đoàn viên thanh niên",
        "Số quần chúng ưu tú được giới thiệu kết nạp giảm so với cùng kỳ năm trước.",
    ),
    (
        "Tăng cường kỷ luật, kỷ cương hành chính, nâng cao sự hài lòng của người dân",
        "Chỉ số hài lòng của người dân đối với cơ quan năm trước thấp hơn bình quân Thành phố.",
    ),
    (
        "Thực hành tiết kiệm, chống lãng phí trong cơ quan",
        "Qua kiểm tra phát hiện chi hội nghị và văn phòng phẩm vượt định mức.",
    ),
    (
        "Vai trò của chi bộ trong xây dựng văn hóa công sở",
        "Còn tình trạng đi muộn, về sớm, chưa thực hiện nghiêm quy tắc ứng xử của cán bộ, công chức.",
    ),
)
UPPER_DOCUMENTS = (
    "Chương trình công tác tháng {month} của Ban Thường vụ Đảng ủy Khối",
    "Kết luận của Ban Thường vụ Đảng ủy Khối về công tác xây dựng Đảng {quarter}",
    "Kế hoạch kiểm tra, giám sát năm {year} của Ủy ban Kiểm tra Đảng ủy Khối",
    "Hướng dẫn của Ban Tổ chức Đảng ủy Khối về nâng cao chất lượng sinh hoạt chi bộ",
    "Chỉ thị của Ban Thường vụ Thành ủy về tăng cường kỷ luật, kỷ cương hành chính",
    "Nghị quyết của Đảng ủy Khối về đổi mới, nâng cao chất lượng ban hành và thực hiện nghị quyết",
)
SITUATIONS = (
    "khối lượng công việc chuyên môn cuối quý lớn",
    "cơ quan đang sắp xếp lại các phòng, đơn vị trực thuộc",
    "một số chỉ tiêu chuyên môn đạt thấp so với kế hoạch",
    "đội ngũ cán bộ trẻ tăng, cần bồi dưỡng, rèn luyện",
    "kết quả kiểm tra của cấp trên chỉ ra một số hạn chế cần khắc phục",
    "tư tưởng cán bộ, đảng viên ổn định, đồng thuận cao",
)
STRENGTHS = (
    "cấp ủy bám sát chương trình công tác, phân công rõ người, rõ việc",
    "hoàn thành đúng hạn các báo cáo gửi Đảng ủy Khối",
    "đảng viên chấp hành nghiêm quy định, gương mẫu trong công tác",
    "tỷ lệ hồ sơ giải quyết đúng hạn tăng so với tháng trước",
    "phối hợp tốt với chính quyền và các đoàn thể",
    "tổ chức học tập, quán triệt nghị quyết kịp thời, đầy đủ",
)
WEAKNESSES = (
    "một số nhiệm vụ còn chậm tiến độ",
    "việc cập nhật thông tin đảng viên trên phần mềm còn chậm",
    "công tác kiểm tra, đôn đốc chưa thường xuyên",
    "chất lượng sinh hoạt của một số chi bộ trực thuộc chưa cao",
    "tỷ lệ giải ngân vốn đầu tư công đạt thấp",
    "một số báo cáo gửi cấp trên còn chậm",
)
CAUSES = (
    "khối lượng công việc chuyên môn lớn",
    "một số cấp ủy viên chưa quyết liệt trong chỉ đạo",
    "thiếu cán bộ có chuyên môn sâu",
    "văn bản hướng dẫn của cấp trên ban hành chậm",
    "phối hợp giữa các phòng chưa chặt chẽ",
    "nhân sự thay đổi do sắp xếp bộ máy",
)
IDEOLOGY_STATES = (
    "ổn định, tin tưởng vào sự lãnh đạo của Đảng",
    "ổn định, đồng thuận với chủ trương sắp xếp tổ chức bộ máy",
    "cơ bản ổn định, yên tâm công tác",
)
IDEOLOGY_CONCERNS = (
    "Một số đồng chí còn băn khoăn về chế độ, chính sách khi sắp xếp bộ máy.",
    "Cán bộ trẻ mong muốn được tạo điều kiện học tập nâng cao trình độ.",
    "Dư luận quan tâm đến giá cả thị trường và an toàn giao thông.",
    "Không có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống.",
    "Một bộ phận cán bộ chịu áp lực do khối lượng công việc cuối năm.",
)
ACTIVITIES = (
    "Các chi bộ sinh hoạt định kỳ đúng quy định, có nội dung chuyên đề.",
    "Đảng viên đóng đảng phí đầy đủ, đúng hạn; tham gia đầy đủ các hoạt động của cơ quan.",
    "Đảng viên tham gia hiến máu tình nguyện và ủng hộ Quỹ Vì người nghèo.",
    "Đảng viên hoàn thành nhiệm vụ được giao; không có đảng viên vi phạm kỷ luật.",
    "Các đảng viên dự bị được phân công đảng viên chính thức giúp đỡ.",
)
FEEDBACK = (
    "Đảng viên đề nghị cấp ủy quan tâm hơn đến điều kiện làm việc của các phòng.",
    "Đảng viên đánh giá cao sự gương mẫu của các đồng chí cấp ủy viên trong thực hiện nhiệm vụ.",
    "Có ý kiến đề nghị cấp ủy viên phụ trách chi bộ dự sinh hoạt chi bộ thường xuyên hơn.",
    "Đảng viên phản ánh hội họp còn nhiều, đề nghị tăng cường họp trực tuyến.",
)
SUPPORT = (
    "Thăm hỏi, hỗ trợ {n} đảng viên ốm đau dài ngày.",
    "Động viên gia đình {n} đảng viên có người thân qua đời.",
    "Hỗ trợ {n} đảng viên có hoàn cảnh khó khăn về nhà ở.",
)
LEADERSHIP = (
    "Tập thể cấp ủy lãnh đạo đúng hướng; Thường trực cấp ủy chỉ đạo sát sao; đồng chí Bí thư chịu "
    "trách nhiệm chung về kết quả thực hiện nghị quyết.",
    "Việc {weakness} thuộc trách nhiệm của đồng chí cấp ủy viên phụ trách; Thường trực cấp ủy nhận "
    "trách nhiệm vì đôn đốc chưa kịp thời.",
    "Cấp ủy chưa phân công cụ thể người kiểm tra, đôn đốc đối với một số nhiệm vụ; cần khắc phục "
    "ngay trong tháng.",
)
SELF_CRITICISM = (
    "tự phê bình việc chậm hoàn thành báo cáo được giao",
    "nhận khuyết điểm chưa dự đầy đủ sinh hoạt của chi bộ được phân công phụ trách",
    "tự phê bình việc chưa kiểm tra, đôn đốc thường xuyên nhiệm vụ được giao",
)
CRITICISM = (
    "cần sâu sát hơn với chi bộ được phân công phụ trách",
    "cần chủ động hơn trong tham mưu cho cấp ủy",
    "cần gương mẫu hơn trong việc chấp hành giờ giấc hội họp",
)
ABSENCE_REASONS = (
    "Đi công tác",
    "Đi công tác",
    "Ốm",
    "Nghỉ phép",
    "Đi học lớp Trung cấp lý luận chính trị",
    "Dự hội nghị của Thành phố",
    "Có việc gia đình",
)
AGREE = (
    "Nhất trí với dự thảo nghị quyết; đề nghị giao rõ thời hạn hoàn thành từng nhiệm vụ.",
    "Nhất trí với đánh giá kết quả tháng qua và các nhiệm vụ đề ra.",
    "Nhất trí; đề nghị cấp ủy viên phụ trách từng lĩnh vực báo cáo tiến độ tại hội nghị tháng sau.",
    "Nhất trí cao với dự thảo, các nhiệm vụ sát với tình hình thực tế của cơ quan.",
)
SUGGEST = (
    "Đề nghị bổ sung vào nội dung “{topic}” chỉ tiêu cụ thể và người chịu trách nhiệm.",
    "Đề nghị làm rõ nguyên nhân của hạn chế: {weakness}.",
    "Đề nghị rút bớt nội dung, tập trung vào hai, ba việc trọng tâm.",
    "Đề nghị điều chỉnh thời hạn hoàn thành nội dung “{topic}” cho khả thi.",
)
DISAGREE = (
    "Không nhất trí đưa nội dung “{topic}” vào nghị quyết tháng này vì trùng với nghị quyết tháng trước.",
    "Không nhất trí với đánh giá hoàn thành tốt nhiệm vụ khi còn nhiều việc chậm tiến độ.",
    "Không nhất trí với thời hạn hoàn thành trong tháng đối với nội dung “{topic}”: khối lượng công "
    "việc lớn, không khả thi.",
    "Không nhất trí giao nhiệm vụ cho tập thể chung chung; đề nghị giao cho cá nhân cụ thể chịu trách nhiệm.",
)


@dataclass
class HistoryResult:
    """What `generate_history` made: counts by kind of row, and how long it took."""

    today: dt.date
    months: int
    seed: int
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _n(number: int) -> str:
    """A count the Vietnamese way: 1.234."""
    return f"{number:,}".replace(",", ".")


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def months_since(first: dt.date, today: dt.date) -> int:
    """The months of history from `first`'s month to the one before `today`'s (at least one)."""
    return max(1, (today.year - first.year) * 12 + today.month - first.month)


def _quarter(day: dt.date) -> str:
    return f"quý {QUARTERS_VI[(day.month - 1) // 3]}/{day.year}"


def _previous_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _at(day: dt.date, at: dt.time, minutes: int = 0) -> dt.datetime:
    """An aware moment in the project's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, at) + dt.timedelta(minutes=minutes))


class _Clock:
    """Sets `timezone.now()` to the simulated moment while the history is written (see the module)."""

    def __init__(self):
        self.moment: dt.datetime | None = None
        self._real = timezone.now

    def __enter__(self) -> _Clock:
        timezone.now = self._now
        return self

    def __exit__(self, *exc) -> None:
        timezone.now = self._real

    def _now(self) -> dt.datetime:
        return self.cap(self.moment) if self.moment else self._real()

    def cap(self, moment: dt.datetime) -> dt.datetime:
        """Never later than the real time: what happens "today" has happened by now."""
        return min(moment, self._real())


@dataclass
class _Opinion:
    author: Person
    stance: str
    text: str
    section: str
    at: dt.datetime


@dataclass
class _Record:
    """Everything that happens to one past meeting, drawn before anything is written."""

    committee: list[Person]
    topics: list[str]
    drafter: Person
    notes: str
    prepared_in: Meeting | None
    prepared_at: dt.datetime
    sent_at: dt.datetime
    written: list[_Opinion]
    attendance: dict[int, tuple[str, str]]
    chair: Person
    recorder: Person
    opened_at: dt.datetime
    sections: list[tuple[str, str, dt.datetime]]  # the standing sections in the order said
    spoken: list[_Opinion]
    conclusion: str
    concluded_at: dt.datetime
    vote: dict[str, str | int]
    voted_at: dt.datetime
    chair_signs: dt.datetime
    recorder_signs: dt.datetime


def _write_through_services(meeting: Meeting, r: _Record, clock: _Clock) -> None:
    """The meeting as its secretary and recorder would keep it, one service call per step."""
    clock.moment = r.prepared_at
    services.prepare(
        meeting, topics=r.topics, drafter=r.drafter, preparation_notes=r.notes, prepared_in=r.prepared_in
    )
    clock.moment = r.sent_at
    services.send_notice(meeting, now=r.sent_at)
    for o in r.written:
        clock.moment = o.at
        services.add_opinion(
            meeting, author=o.author, stance=o.stance, text=o.text, section=o.section, by=o.author.user
        )
    clock.moment = r.opened_at
    services.record_attendance(meeting, r.attendance, chair=r.chair, recorder=r.recorder)
    for section, text, at in r.sections:
        clock.moment = at
        services.record_section(meeting, section, text)
    for o in r.spoken:
        clock.moment = o.at
        services.add_opinion(
            meeting,
            author=o.author,
            stance=o.stance,
            text=o.text,
            section=o.section,
            phase=Phase.DURING,
            by=r.recorder.user,
        )
    clock.moment = r.concluded_at
    services.record_section(meeting, Section.CONCLUSION, r.conclusion)
    clock.moment = r.voted_at
    services.record_vote(meeting, **r.vote)
    clock.moment = r.chair_signs
    services.sign_minutes(meeting, r.chair)
    clock.moment = r.recorder_signs
    services.sign_minutes(meeting, r.recorder)


@contextmanager
def _stamped(*models) -> Iterator[None]:
    """Let bulk inserts keep the simulated moments set on their rows: `auto_now_add` and `auto_now` would
    put the clock's single current moment on all of them."""
    saved = [
        (f, f.auto_now, f.auto_now_add)
        for model in models
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    for f, _now, _add in saved:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


class _BulkWriter:
    """The past meetings of the committees written in bulk, with the rows `_write_through_services`
    leaves (history rows aside), a thousand meetings at a time.

    `add` draws a past meeting whole in memory, signed — the minutes' text, the agenda and the indicators
    from the services' own functions, fed with the record instead of reading it back — and `flush`
    inserts the meetings and their rows with one INSERT per table. Nothing reads a past meeting while its
    committee's history is written, so it can wait for the flush: it is inserted once, already signed,
    and gets its primary key after the meetings still open of its committee.
    """

    # Meetings held in memory before they are written.
    FLUSH_AT = 1000
    BATCH_SIZE = 2000
    CHILDREN = (FocusTopic, Notice, Opinion, Attendance, AgendaEntry, Vote, Minutes, Indicators)

    def __init__(self):
        self.standing: list[Meeting] = []
        self.meetings: list[Meeting] = []
        self.rows: dict[type, list] = {model: [] for model in self.CHILDREN}

    def __len__(self) -> int:
        return len(self.meetings)

    def hold(self, meeting: Meeting) -> None:
        """A past Standing Committee meeting, inserted before the meetings it prepared."""
        self.standing.append(meeting)

    def add(self, meeting: Meeting, r: _Record, clock: _Clock) -> None:
        rows = self.rows
        # The meeting as it stands after the vote, which the minutes are drafted from; signed at the flush.
        meeting.drafter, meeting.preparation_notes, meeting.prepared_in = r.drafter, r.notes, r.prepared_in
        meeting.chair, meeting.recorder = r.chair, r.recorder
        meeting.status = MeetingStatus.HELD
        rows[FocusTopic] += [
            FocusTopic(meeting=meeting, order=i, title=title) for i, title in enumerate(r.topics, start=1)
        ]
        lead = (meeting.date - timezone.localdate(r.sent_at)).days
        late = lead < queries.notice_days_required(meeting)  # the same rule as services.send_notice
        agenda = texts.agenda_text(meeting, topics=r.topics, documents=[])
        rows[Notice] += [
            Notice(meeting=meeting, recipient=p, sent_at=r.sent_at, lead_days=lead, late=late, agenda=agenda)
            for p in r.committee
        ]
        # Each opinion is stamped with the moment it was given. Written opinions are entered by their
        # authors, spoken ones by the recorder.
        opinions = [
            Opinion(
                meeting=meeting,
                author=o.author,
                phase=phase,
                section=o.section,
                stance=o.stance,
                text=o.text,
                order=order,
                recorded_by=o.author.user if phase == Phase.BEFORE else r.recorder.user,
                created_at=clock.cap(o.at),
            )
            for phase, said in ((Phase.BEFORE, r.written), (Phase.DURING, r.spoken))
            for order, o in enumerate(said, start=1)
        ]
        rows[Opinion] += opinions
        people = {p.pk: p for p in r.committee}
        attendance = [
            Attendance(meeting=meeting, person=people[pk], status=status, reason=reason)
            for pk, (status, reason) in r.attendance.items()
        ]
        rows[Attendance] += attendance
        entries = {section: text for section, text, _at in r.sections}
        entries[Section.CONCLUSION] = r.conclusion
        rows[AgendaEntry] += [
            AgendaEntry(meeting=meeting, section=section, text=text) for section, text in entries.items()
        ]
        rule = adoption_rule_on(meeting.date)  # the version in force on the meeting's date (R41)
        vote = Vote(
            meeting=meeting,
            members_total=len(r.committee),
            rule_key=rule.key,
            recorded_at=clock.cap(r.voted_at),
            **r.vote,
        )
        vote.adopted = is_adopted(vote.votes_for, vote.members_total)
        rows[Vote].append(vote)
        members = len(r.committee)
        present = sum(1 for a in attendance if a.status in PRESENT_STATUSES)
        quorum = queries.Quorum(members, present, meeting.regulation.quorum_needed(members), rule=rule)
        # The meeting closes at the first signature (the chair's), as sign_minutes records it.
        meeting.ended_at = r.chair_signs
        text = compose_minutes(
            meeting,
            quorum,
            sorted(attendance, key=lambda a: a.person.sort_key),
            topics=r.topics,
            entries=entries,
            spoken=[o for o in opinions if o.phase == Phase.DURING],
            vote=vote,
            read_back=True,
        )
        rows[Minutes].append(
            Minutes(
                meeting=meeting,
                text=text,
                status=MinutesStatus.SIGNED,
                read_back=True,
                chair_signed_at=r.chair_signs,
                recorder_signed_at=r.recorder_signs,
                sha256=hashlib.sha256(text.encode()).hexdigest(),
                updated_at=clock.cap(r.recorder_signs),
            )
        )
        values = services.indicator_values(
            meeting,
            quorum,
            notices=[(lead, r.sent_at)] * len(r.committee),
            documents=[],
            opinions=[(o.phase, o.author.pk, o.stance) for o in opinions],
            last_month_reviewed=Section.REVIEW in entries,
            focus_topics=len(r.topics),
        )
        rows[Indicators].append(
            Indicators(meeting=meeting, computed_at=clock.cap(r.recorder_signs), **values)
        )
        meeting.status = MeetingStatus.SIGNED
        self.meetings.append(meeting)

    def flush(self) -> None:
        """Insert the meetings `add` drew, signed, and their rows; then report their indicators as the
        services do."""
        if not self.meetings and not self.standing:
            return
        with _stamped(Meeting, *self.CHILDREN):
            for rows in (self.standing, self.meetings):
                Meeting.objects.bulk_create(rows, batch_size=self.BATCH_SIZE)
            for model, rows in self.rows.items():
                model.objects.bulk_create(rows, batch_size=self.BATCH_SIZE)
        for indicators in self.rows[Indicators]:
            indicators_computed.send(sender=Meeting, meeting=indicators.meeting, indicators=indicators)
        self.standing, self.meetings = [], []
        self.rows = {model: [] for model in self.CHILDREN}


@dataclass
class _Seat:
    person: Person
    position: str
    start: dt.date
    end: dt.date | None
    term_start: dt.date
    term_end: dt.date | None

    def on(self, day: dt.date) -> bool:
        """In office on `day`: the rule of `CommitteeMembership.objects.current`."""
        return (
            self.start <= day
            and (self.end is None or day <= self.end)
            and self.term_start <= day
            and (self.term_end is None or day <= self.term_end)
        )


# ---------------------------------------------------------------------------------------------------
# One organization's history


BLOC_COMMITTEE = "Đảng ủy Khối"  # as the bloc's organizations name its committee


def upper_names_of(org: Organization) -> list[tuple[dt.date | None, str]]:
    """How the organization's papers name its upper committee, from each day it lay under one (R39): the
    bloc's committee ("Đảng ủy Khối") until the 2025 reorganization, then its new committee's. One query
    (two for an organization without versions, which has always lain where it is)."""
    rows = list(
        OrganizationVersion.objects.filter(org=org)
        .order_by(F("valid_from").asc(nulls_first=True), "id")
        .values_list("valid_from", "parent__code", "parent__name")
    )
    if not rows:
        parent = org.parent
        rows = [(None, parent.code, parent.name)] if parent is not None else []
    return [(start, _committee_short(code, name)) for start, code, name in rows]


def _committee_short(code: str | None, name: str | None) -> str:
    """ "Đảng bộ Ủy ban nhân dân thành phố Hà Nội" -> "Đảng ủy Ủy ban nhân dân thành phố"; the bloc's
    committee as its organizations call it; a district's "Quận ủy"."""
    if code is None or name is None:
        return "cấp ủy cấp trên"
    if code == BLOC_CODE:
        return BLOC_COMMITTEE
    short = name.removeprefix("Đảng bộ ").removesuffix(" Hà Nội")
    for level, committee in (("quận ", "Quận ủy "), ("huyện ", "Huyện ủy ")):
        if short.startswith(level):
            return committee + short.removeprefix(level)
    return "Đảng ủy " + short


def upper_on(uppers: list[tuple[dt.date | None, str]], day: dt.date) -> str:
    """The name of `upper_names_of` in force on `day`."""
    name = uppers[0][1] if uppers else "cấp ủy cấp trên"
    for start, then in uppers:
        if start is None or start <= day:
            name = then
    return name


def retarget(text: str, uppers: list[tuple[dt.date | None, str]], day: dt.date) -> str:
    """A text of the demo's pools, which name the bloc's committee, naming the upper committee of `day`."""
    name = upper_on(uppers, day)
    return text if name == BLOC_COMMITTEE else text.replace(BLOC_COMMITTEE, name)


class _OrgHistory:
    def __init__(self, org, seats, term_start, rng, clock, today, months, counts, *, persona, writer):
        self.org = org
        self.seats = seats
        self.position = {s.person.pk: s.position for s in seats}
        self.rng = rng
        self.clock = clock
        self.today = today
        self.counts = counts
        self.persona = persona
        self.is_committee = org.kind == OrgKind.GRASSROOTS_COMMITTEE
        self.notice_days = 3 if self.is_committee else rng.choice((1, 2))
        # How careful this committee is: the frequency of every defect follows it.
        self.care = rng.uniform(0.35, 0.7) if persona else rng.betavariate(3, 1.6)
        self.agency = org.name.removeprefix("Đảng bộ ").removeprefix("Chi bộ ")
        # The upper committee its papers name, by date: the bloc's until 2025, then its new committee's.
        self.uppers = upper_names_of(org)
        self.place = f"{rng.choice(ROOMS)}, {self.agency}"
        self.start_time = rng.choice(START_TIMES)
        # Demo users get notifications and history rows: their committee goes through the services.
        self.writer: _BulkWriter | None = writer
        self.adopted: list[MeetingRegulation] = []
        self.through_services = writer is None or any(s.person.user_id for s in seats)
        self.with_standing = any(s.position == Position.STANDING_MEMBER and s.on(today) for s in seats) and (
            persona or rng.random() < 0.5
        )
        self.with_themes = not self.is_committee or rng.random() < 0.4
        self.this_month = today.replace(day=1)
        first = _add_months(self.this_month, -months)
        # No meeting before the committee's term began.
        self.first = max(first, term_start if term_start.day == 1 else _add_months(term_start, 1))
        self.previous_topics: list[str] = []
        self.previous_date: dt.date | None = None

    def chance(self, best: float, worst: float) -> bool:
        """True with a probability between `best` (a careful committee) and `worst` (a careless one)."""
        return self.rng.random() < best + (worst - best) * (1 - self.care)

    # Regulations and meetings -------------------------------------------------------------------

    def regulations(self) -> list[MeetingRegulation]:
        rng = self.rng
        weights = [w for w, _ in DAY_RULES]
        rules = [r for _, r in DAY_RULES]
        first_rule = rng.choices(rules, weights)[0]
        self.clock.moment = _at(self.first - dt.timedelta(days=5), dt.time(9, 0))
        adopted = [services.set_regulation(self.org, self.first, notice_days=self.notice_days, **first_rule)]
        # Some committees changed their meeting day during the year: a new regulation, the old one kept.
        change = _add_months(self.first, rng.randint(4, 8))
        if rng.random() < 0.12 and change < self.this_month:
            second = rng.choice([r for r in rules if r != first_rule])
            self.clock.moment = _at(change - dt.timedelta(days=10), dt.time(9, 0))
            adopted.append(services.set_regulation(self.org, change, notice_days=self.notice_days, **second))
        self.counts["regulations"] += len(adopted)
        self.adopted = adopted
        return adopted

    def regular_meetings(self, regulations: list[MeetingRegulation]) -> list[Meeting]:
        """The regular meetings from the first month to the end of the year (and next month), as
        `services.generate_year` makes them, with this committee's usual time and room."""
        last = max(_add_months(self.this_month, 1), dt.date(self.today.year, 12, 1))
        meetings = []
        month = self.first
        # A careless committee sometimes puts its meeting off by a few days (R04, "on the regulation
        # day" on the dashboard). Drawn apart from `rng`, so that the rest of the history stays as it was.
        postpone = random.Random(f"{self.org.code}:postpone")
        while month <= last:
            regulation = [r for r in regulations if r.effective_from <= month][-1]
            nominal = regulation.nominal_date(month.year, month.month)
            day = next_working_day(nominal)
            if month < self.this_month and postpone.random() < 0.4 * (1 - self.care):
                day = next_working_day(day + dt.timedelta(days=postpone.randint(2, 6)))
            meetings.append(
                Meeting(
                    org=self.org,
                    kind=MeetingKind.REGULAR,
                    title=texts.regular_title(nominal),
                    date=day,
                    nominal_date=nominal,
                    regulation=regulation,
                    start_time=self.start_time,
                    place=self.place,
                )
            )
            month = _add_months(month, 1)
        self.clock.moment = _at(self.first - dt.timedelta(days=4), dt.time(9, 0))
        if self.through_services:
            Meeting.objects.bulk_create(meetings)
        else:
            # The past meetings are inserted by the writer once signed, the others now.
            for meeting in meetings:
                meeting.created_at = timezone.now()
            Meeting.objects.bulk_create([m for m in meetings if m.date >= self.this_month])
        self.counts["regular"] += len(meetings)
        return meetings

    def thematic_meetings(self, regular: list[Meeting]) -> list[Meeting]:
        """One thematic meeting a quarter (R19), a week or two after that quarter's second regular meeting."""
        if not self.with_themes:
            return []
        made = []
        taken = {m.date for m in regular}
        for meeting in regular:
            if meeting.nominal_date.month % 3 != 2:
                continue
            day = next_working_day(meeting.date + dt.timedelta(days=self.rng.randint(7, 14)))
            if day >= self.this_month or day in taken:
                continue
            made.append(self.add_thematic(day, day - dt.timedelta(days=10), past=True))
        return made

    def add_thematic(self, day: dt.date, planned_on: dt.date, past: bool = False) -> Meeting:
        theme, reason = self.rng.choice(THEMES)
        reason = self.fill(reason, day)
        self.clock.moment = _at(planned_on, dt.time(9, 0))
        self.counts["thematic"] += 1
        return self.add_meeting(
            MeetingKind.THEMATIC,
            day,
            f"Sinh hoạt chuyên đề {_quarter(day)}: {theme}"[:255],
            past=past,
            theme_reason=reason,
            start_time=self.start_time,
            place=self.place,
        )

    def add_meeting(self, kind: str, day: dt.date, title: str, *, past: bool, **fields) -> Meeting:
        """`services.add_meeting`; a past meeting of a committee written in bulk is only drawn here, with
        the regulation and the moment the service would give it, and inserted by the writer."""
        if self.through_services or not past:
            return services.add_meeting(self.org, kind, day, title, **fields)
        regulation = next((r for r in reversed(self.adopted) if r.effective_from <= day), None)
        meeting = Meeting(
            org=self.org,
            kind=kind,
            date=day,
            title=title,
            regulation=regulation,
            created_at=timezone.now(),
            **fields,
        )
        if kind == MeetingKind.STANDING:
            self.writer.hold(meeting)
        return meeting

    def standing_meeting(self, meeting: Meeting, latest: dt.date, past: bool = False) -> Meeting | None:
        """The Standing Committee meeting that agreed the content of `meeting` (R06), some days before."""
        day = _previous_working_day(min(meeting.date - dt.timedelta(days=self.rng.randint(4, 7)), latest))
        if self.previous_date is not None and day <= self.previous_date:
            return None
        self.clock.moment = _at(day - dt.timedelta(days=2), dt.time(9, 0))
        self.counts["standing"] += 1
        return self.add_meeting(
            MeetingKind.STANDING,
            day,
            f"Hội nghị Ban Thường vụ chuẩn bị nội dung hội nghị Ban Chấp hành tháng "
            f"{meeting.date.month}/{meeting.date.year}",
            past=past,
            start_time=dt.time(14, 0),
            place=f"Phòng họp giao ban, {self.agency}",
            preparation_notes=self.preparation_notes(meeting.date),
        )

    # Content ------------------------------------------------------------------------------------

    def fill(self, template: str, day: dt.date, **more) -> str:
        text = template.format(
            quarter=_quarter(day), year=day.year, next_year=day.year + 1, month=day.month, **more
        )
        return retarget(text, self.uppers, day)

    def topics(self, day: dt.date) -> list[str]:
        rng = self.rng
        many = self.chance(0.03, 0.2)  # a meeting with too many topics and no focus (R08)
        count = rng.randint(5, 6) if many else rng.choices((1, 2, 3, 4), weights=(2, 5, 4, 1))[0]
        seasonal = [self.fill(t, day) for t in SEASONAL_TOPICS[day.month]]
        pool = [self.fill(t, day) for t in TOPICS]
        # Mostly fresh content; a careless committee repeats last month's (R17).
        if not self.chance(0.05, 0.3):
            pool = [t for t in pool if t not in self.previous_topics]
        chosen = rng.sample(seasonal, rng.randint(0, 1))
        chosen += rng.sample([t for t in pool if t not in chosen], count - len(chosen))
        return chosen

    def preparation_notes(self, day: dt.date) -> str:
        document = self.fill(self.rng.choice(UPPER_DOCUMENTS), day)
        return f"Nghiên cứu {document}. Tình hình đơn vị: {self.rng.choice(SITUATIONS)}."

    def sections(self, day: dt.date, topics: list[str], present: list[Person]) -> dict[str, str]:
        """The standing sections said in the meeting (R09, R10, R12); the conclusion comes later."""
        rng = self.rng
        texts: dict[str, str] = {}
        if not self.chance(0.03, 0.3):  # else last month's resolution goes unreviewed (R09)
            last = self.previous_date or _add_months(day, -1)
            tasks = len(self.previous_topics) + rng.randint(1, 4)
            done = tasks - rng.choices((0, 1, 2), weights=(5, 3, 1))[0]
            rest = "đạt 100%" if done == tasks else f"{tasks - done} nhiệm vụ chuyển sang tháng {day.month}"
            texts[Section.REVIEW] = (
                f"Nghị quyết tháng {last.month}/{last.year} đề ra {tasks} nhiệm vụ; đã hoàn thành {done}, "
                f"{rest}. Ưu điểm: {self.fill(rng.choice(STRENGTHS), day)}. Hạn chế: {rng.choice(WEAKNESSES)}; "
                f"nguyên nhân: {rng.choice(CAUSES)}."
            )
        if rng.random() < 0.85:
            texts[Section.IDEOLOGY] = (
                f"Tư tưởng cán bộ, đảng viên {rng.choice(IDEOLOGY_STATES)}. {rng.choice(IDEOLOGY_CONCERNS)}"
            )
        if rng.random() < 0.5:
            texts[Section.ACTIVITY] = " ".join(rng.sample(ACTIVITIES, 2))
        if rng.random() < 0.35:
            texts[Section.FEEDBACK] = rng.choice(FEEDBACK)
        if rng.random() < 0.15:
            texts[Section.SUPPORT] = rng.choice(SUPPORT).format(n=f"{rng.randint(1, 2):02d}")
        if rng.random() < 0.4:
            texts[Section.LEADERSHIP] = rng.choice(LEADERSHIP).format(weakness=rng.choice(WEAKNESSES))
        if rng.random() < 0.8:
            texts[Section.FOCUS] = (
                f"Hội nghị thảo luận {len(topics)} nội dung trọng tâm: {'; '.join(topics)}. "
                "Các ý kiến tập trung vào giải pháp và người chịu trách nhiệm thực hiện."
            )
        if len(present) >= 2 and (day.month % 3 == 0 or rng.random() < 0.35):
            first, second = rng.sample(present, 2)
            texts[Section.CRITICISM] = (
                f"Đồng chí {first.full_name} {rng.choice(SELF_CRITICISM)}. Đồng chí {second.full_name} "
                f"được góp ý {rng.choice(CRITICISM)}."
            )
        return texts

    def conclusion(self, meeting: Meeting, chair: Person, drafter: Person, topics: list[str]) -> str:
        deadline = next_working_day(meeting.date + dt.timedelta(days=self.rng.randint(2, 5)))
        if meeting.kind == MeetingKind.THEMATIC:
            return (
                f"Đồng chí {chair.full_name} kết luận: hội nghị thống nhất nhận thức, đánh giá đúng thực "
                f"trạng và đề ra giải pháp về chuyên đề “{topics[0]}”. Giao đồng chí {drafter.full_name} "
                f"hoàn chỉnh nghị quyết chuyên đề, trình ký ban hành trước ngày {deadline:%d/%m/%Y}."
            )
        following = _add_months(meeting.date, 1)
        return (
            f"Đồng chí {chair.full_name} kết luận: hội nghị nhất trí đánh giá kết quả thực hiện nhiệm vụ "
            f"tháng {meeting.date.month}; tập trung lãnh đạo {len(topics)} nội dung trọng tâm, thực hiện "
            f"trong tháng {following.month}/{following.year}. Giao đồng chí {drafter.full_name} tiếp thu ý "
            f"kiến, hoàn chỉnh nghị quyết, trình ký ban hành trước ngày {deadline:%d/%m/%Y}."
        )

    def opinion(self, author: Person, stance: str, topics: list[str], at: dt.datetime) -> _Opinion:
        topic = self.rng.choice(topics)
        templates = {Stance.AGREE: AGREE, Stance.SUGGESTION: SUGGEST, Stance.DISAGREE: DISAGREE}[stance]
        text = self.rng.choice(templates).format(topic=topic, weakness=self.rng.choice(WEAKNESSES))
        on = topic if len(topic) <= 120 and self.rng.random() < 0.5 else ""
        return _Opinion(author, stance, text, on, at)

    def written(self, meeting: Meeting, committee, topics, after: dt.datetime, count: int) -> list[_Opinion]:
        """Opinions written on the draft between the notice and the meeting (R07, R11)."""
        start = _at(meeting.date, meeting.start_time or dt.time(8, 0))
        # From half an hour after the notice to an hour before the meeting.
        window = (start - after).total_seconds() - 3600
        if window < 1800:
            return []
        authors = self.rng.sample(committee, min(count, len(committee)))
        moments = sorted(after + dt.timedelta(seconds=self.rng.uniform(1800, window)) for _ in authors)
        stances = (Stance.AGREE, Stance.SUGGESTION, Stance.DISAGREE)
        return [
            self.opinion(author, self.rng.choices(stances, (6, 5, 1))[0], topics, moment)
            for author, moment in zip(authors, moments, strict=True)
        ]

    # People and times ---------------------------------------------------------------------------

    def committee(self, day: dt.date) -> list[Person]:
        """`queries.committee_on`, from the seats loaded once: it is asked for every meeting."""
        return [s.person for s in self.seats if s.on(day)]

    def with_position(self, committee: list[Person], *positions: str) -> list[Person]:
        return [p for p in committee if self.position.get(p.pk) in positions]

    def drafter(self, committee: list[Person]) -> Person:
        if self.is_committee:
            candidates = self.with_position(committee, Position.DEPUTY_SECRETARY, Position.STANDING_MEMBER)
        else:
            candidates = self.with_position(committee, Position.SECRETARY, Position.DEPUTY_SECRETARY)
        return self.rng.choice(candidates or committee)

    def usual_recorder(self, committee: list[Person]) -> Person:
        """The member who usually records the meetings: an ordinary member where there is one."""
        ordinary = self.with_position(committee, Position.MEMBER, Position.STANDING_MEMBER)
        return random.Random(self.org.code).choice(ordinary or committee[1:] or committee)

    def lead(self) -> int:
        """Days between the notice and the meeting: in time mostly, late for a careless committee (R07)."""
        if self.chance(0.05, 0.35):
            return self.rng.randint(0, self.notice_days - 1)
        return self.notice_days + self.rng.choices((0, 1, 2, 3, 4), weights=(4, 3, 2, 1, 1))[0]

    def notice_time(self, day: dt.date, lead: int) -> dt.datetime:
        # In the afternoon, after the morning's preparation; on the meeting day itself, before it starts.
        at = dt.time(self.rng.randint(13, 16), self.rng.choice((0, 20, 40)))
        return _at(day, dt.time(7, 0)) if lead == 0 else _at(day - dt.timedelta(days=lead), at)

    def prepare_time(self, day: dt.date) -> dt.datetime:
        return _at(day, dt.time(self.rng.randint(7, 11), self.rng.choice((0, 15, 30, 45))))

    def attendance(self, meeting: Meeting, committee: list[Person]):
        """Rows for the attendance service, the chair and the recorder; the quorum is always reached (R13)."""
        rng = self.rng
        rows = {}
        for person in committee:
            if self.chance(0.03, 0.1):
                rows[person.pk] = (AttendanceStatus.ABSENT_EXCUSED, rng.choice(ABSENCE_REASONS))
            elif self.chance(0.0, 0.015):
                rows[person.pk] = (AttendanceStatus.ABSENT, "")
            elif self.chance(0.01, 0.06):
                rows[person.pk] = (AttendanceStatus.LATE, "")
            else:
                rows[person.pk] = (AttendanceStatus.PRESENT, "")

        def present(person: Person) -> bool:
            return rows[person.pk][0] in PRESENT_STATUSES

        secretaries = self.with_position(committee, Position.SECRETARY)
        chair = secretaries[0] if secretaries else committee[0]
        if not present(chair):
            # The secretary away: a deputy chairs, else the secretary came after all.
            deputies = [p for p in self.with_position(committee, Position.DEPUTY_SECRETARY) if present(p)]
            if deputies:
                chair = deputies[0]
            else:
                rows[chair.pk] = (AttendanceStatus.PRESENT, "")
        recorder = self.usual_recorder(committee)
        if recorder.pk == chair.pk or not present(recorder):
            others = [p for p in committee if p.pk != chair.pk]
            recorder = next((p for p in others if present(p)), others[0])
            if not present(recorder):
                rows[recorder.pk] = (AttendanceStatus.PRESENT, "")
        needed = meeting.regulation.quorum_needed(len(committee))
        absent = [p.pk for p in committee if not present(p)]
        rng.shuffle(absent)
        while len(committee) - len(absent) < needed:
            rows[absent.pop()] = (AttendanceStatus.PRESENT, "")
        return rows, chair, recorder

    def vote(self, meeting: Meeting, members: int, present: int, dissent: int) -> dict[str, str | int]:
        rng = self.rng
        if rng.random() < 0.015 and present > members // 2:
            # Rarely the draft falls: too few approve to make more than half of the committee.
            votes_for, votes_against, votes_abstain = members // 2, present - members // 2, 0
        else:
            votes_against = min(dissent, 1) if rng.random() < 0.5 else 0
            votes_abstain = 1 if rng.random() < 0.05 else 0
            votes_for = present - votes_against - votes_abstain
            if 2 * votes_for <= members:
                votes_for, votes_against, votes_abstain = present, 0, 0
        if meeting.kind == MeetingKind.THEMATIC:
            subject = f"Nghị quyết chuyên đề {_quarter(meeting.date)}"
        else:
            subject = f"Nghị quyết Hội nghị cấp ủy tháng {meeting.date.month}/{meeting.date.year}"
        return {
            "subject": subject,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "votes_abstain": votes_abstain,
        }

    # One past meeting ---------------------------------------------------------------------------

    def plan(self, meeting: Meeting) -> _Record:
        """Draw the whole record of a past meeting. The Standing Committee meeting that prepared it, if
        any, is created here."""
        rng = self.rng
        day = meeting.date
        committee = self.committee(day)
        topics = self.topics(day)
        if meeting.kind == MeetingKind.THEMATIC:
            topics = [meeting.title.split(": ", 1)[-1], *topics[: rng.randint(0, 1)]]
        drafter = self.drafter(committee)
        notes = self.preparation_notes(day)
        lead = self.lead()
        notice_day = day - dt.timedelta(days=lead)
        standing = None
        if meeting.kind == MeetingKind.REGULAR and self.with_standing and rng.random() < 0.6:
            standing = self.standing_meeting(meeting, latest=notice_day - dt.timedelta(days=1), past=True)
        prepared_on = standing.date if standing else notice_day - dt.timedelta(days=rng.randint(1, 3))
        sent_at = self.notice_time(day, lead)
        written = (
            self.written(meeting, committee, topics, sent_at, rng.randint(1, 3))
            if rng.random() < 0.55
            else []
        )

        start = meeting.start_time or dt.time(8, 0)
        attendance, chair, recorder = self.attendance(meeting, committee)
        present = [p for p in committee if attendance[p.pk][0] in PRESENT_STATUSES]
        minute = 10
        sections = []
        for section, text in self.sections(day, topics, present).items():
            minute += rng.randint(5, 15)
            sections.append((section, text, _at(day, start, minute)))
        spoken = []
        if not self.chance(0.05, 0.3):  # else the draft passes with no discussion: R11's defect
            speakers = rng.sample(present, rng.randint(min(2, len(present)), min(6, len(present))))
            disagree = 0.03 + 0.07 * self.care  # careful committees debate more openly
            for speaker in speakers:
                roll = rng.random()
                stance = (
                    Stance.DISAGREE
                    if roll < disagree
                    else Stance.SUGGESTION
                    if roll < disagree + 0.35
                    else Stance.AGREE
                )
                minute += rng.randint(3, 8)
                spoken.append(self.opinion(speaker, stance, topics, _at(day, start, minute)))
        dissent = sum(o.stance == Stance.DISAGREE for o in spoken)
        concluded = minute + rng.randint(5, 10)
        vote = self.vote(meeting, len(committee), len(present), dissent)
        signed = concluded + 5 + rng.randint(10, 20)
        # The recorder signs at the close, or the next morning after tidying the minutes.
        if rng.random() < 0.3:
            recorder_signs = _at(next_working_day(day + dt.timedelta(days=1)), dt.time(8, rng.randint(0, 50)))
        else:
            recorder_signs = _at(day, start, signed + rng.randint(1, 5))
        return _Record(
            committee=committee,
            topics=topics,
            drafter=drafter,
            notes=notes,
            prepared_in=standing,
            prepared_at=self.prepare_time(prepared_on),
            sent_at=sent_at,
            written=written,
            attendance=attendance,
            chair=chair,
            recorder=recorder,
            opened_at=_at(day, start, 5),
            sections=sections,
            spoken=spoken,
            conclusion=self.conclusion(meeting, chair, drafter, topics),
            concluded_at=_at(day, start, concluded),
            vote=vote,
            voted_at=_at(day, start, concluded + 5),
            chair_signs=_at(day, start, signed),
            recorder_signs=recorder_signs,
        )

    def past(self, meeting: Meeting) -> None:
        record = self.plan(meeting)
        if self.through_services:
            _write_through_services(meeting, record, self.clock)
        else:
            self.writer.add(meeting, record, self.clock)
        self.counts["signed"] += 1
        self.counts["notices"] += len(record.committee)
        self.counts["opinions_before"] += len(record.written)
        self.counts["opinions_spoken"] += len(record.spoken)
        if meeting.kind == MeetingKind.REGULAR:
            self.previous_topics = record.topics
            self.previous_date = meeting.date

    # Meetings still open: always through the services ---------------------------------------------

    def prepare(self, meeting: Meeting, day: dt.date, topics: list[str], prepared_in=None) -> None:
        committee = self.committee(meeting.date)
        drafter, notes = self.drafter(committee), self.preparation_notes(meeting.date)
        self.clock.moment = self.prepare_time(day)
        services.prepare(
            meeting, topics=topics, drafter=drafter, preparation_notes=notes, prepared_in=prepared_in
        )

    def notify(self, meeting: Meeting, lead: int) -> dt.datetime:
        sent = self.clock.moment = self.clock.cap(self.notice_time(meeting.date, lead))
        self.counts["notices"] += len(services.send_notice(meeting, now=sent))
        return sent

    def add_written(self, opinions: list[_Opinion], meeting: Meeting) -> None:
        for o in opinions:
            self.clock.moment = o.at
            services.add_opinion(
                meeting, author=o.author, stance=o.stance, text=o.text, section=o.section, by=o.author.user
            )
        self.counts["opinions_before"] += len(opinions)

    def pending(self, meeting: Meeting) -> None:
        """A meeting of this month already due: prepared and notified, its record still to be written."""
        topics = self.topics(meeting.date)
        lead = self.lead()
        self.prepare(meeting, meeting.date - dt.timedelta(days=lead + self.rng.randint(1, 3)), topics)
        sent = self.notify(meeting, lead)
        if self.rng.random() < 0.5:
            committee = self.committee(meeting.date)
            self.add_written(self.written(meeting, committee, topics, sent, self.rng.randint(1, 2)), meeting)
        if meeting.kind == MeetingKind.REGULAR:
            self.previous_date = meeting.date

    def upcoming(self, meeting: Meeting) -> None:
        """The next regular meeting: prepared when it is near (always for the demo secretary), and
        notified once its notice day has come."""
        days_left = (meeting.date - self.today).days
        if not self.persona and (days_left > 10 or self.rng.random() < 0.4):
            return
        topics = self.topics(meeting.date)[:3]
        notified = days_left <= self.notice_days
        latest = meeting.date - dt.timedelta(days=self.notice_days + 1) if notified else self.today
        standing = None
        if self.with_standing and self.rng.random() < 0.6:
            standing = self.standing_meeting(meeting, latest=latest)
        self.prepare(meeting, standing.date if standing else latest, topics, prepared_in=standing)
        if notified:
            self.notify(meeting, self.notice_days)

    def ready_meeting(self, upcoming: Meeting | None) -> Meeting:
        """The demo secretary's meeting within the next days, prepared and notified: ready to hold."""
        soon = (
            Meeting.objects.filter(
                org=self.org,
                date__range=(self.today, self.today + dt.timedelta(days=7)),
                status=MeetingStatus.NOTIFIED,
            )
            .order_by("date", "id")
            .first()
        )
        if soon is not None:
            return soon
        if upcoming is not None and (upcoming.date - self.today).days <= 7:
            self.notify(upcoming, (upcoming.date - self.today).days)  # today
            return upcoming
        day = next_working_day(self.today + dt.timedelta(days=self.notice_days))
        meeting = self.add_thematic(day, self.today)
        theme = meeting.title.split(": ", 1)[-1]
        self.prepare(meeting, self.today, [theme, self.fill(self.rng.choice(TOPICS), day)])
        sent = self.notify(meeting, (day - self.today).days)
        # One member has written already; the demo users' own opinions are left for them to write.
        committee = self.committee(day)
        others = [p for p in committee if p.user_id is None] or committee
        self.add_written([self.opinion(self.rng.choice(others), Stance.SUGGESTION, [theme], sent)], meeting)
        return meeting

    # The whole history --------------------------------------------------------------------------

    def run(self) -> None:
        regulations = self.regulations()
        regular = self.regular_meetings(regulations)
        thematic = self.thematic_meetings(regular)
        meetings = sorted([*regular, *thematic], key=lambda m: (m.date, m.kind != MeetingKind.REGULAR))
        signed = [m for m in meetings if m.date < self.this_month]
        for meeting in signed:
            self.past(meeting)
        for meeting in meetings:
            if self.this_month <= meeting.date <= self.today:
                self.pending(meeting)
        upcoming = next((m for m in regular if m.date > self.today), None)
        if upcoming is not None:
            self.upcoming(upcoming)
        if self.persona:
            self.ready_meeting(upcoming)
        self.read_old_notifications(signed)

    def read_old_notifications(self, signed: list[Meeting]) -> None:
        """The demo users have read the notices of the meetings long held; the open ones stay unread."""
        if not self.through_services:
            return
        dates = {m.get_absolute_url(): m.date for m in signed}
        unread = Notification.objects.filter(url__in=dates, read_at__isnull=True).select_related("recipient")
        for notification in unread:
            self.clock.moment = _at(dates[notification.url], dt.time(7, 30))
            mark_read(notification.recipient, notification.pk)


# ---------------------------------------------------------------------------------------------------
# Entry point


def _seats_by_org(orgs: list[Organization]) -> dict[int, list[_Seat]]:
    """Every committee seat of each organization, in the order of `queries.committee_on` (one query)."""
    seats: dict[int, list[_Seat]] = {}
    rows = (
        CommitteeMembership.objects.filter(term__org__in=orgs)
        .select_related("person__user", "term")
        .order_by("person__sort_key", "person_id")
    )
    for row in rows:
        seats.setdefault(row.term.org_id, []).append(
            _Seat(
                row.person, row.position, row.start_date, row.end_date, row.term.start_date, row.term.end_date
            )
        )
    return seats


def _persona_org_id() -> int | None:
    """The organization whose committee the demo secretary leads."""
    seat = (
        CommitteeMembership.objects.filter(
            person__user__username=PERSONA_SECRETARY, position=Position.SECRETARY
        )
        .select_related("term")
        .first()
    )
    return seat.term.org_id if seat else None


# The demo speaks Vietnamese whatever language the caller has active: notes and messages written
# into the data must not depend on who ran it (and the generators promise the same rows every time).
@translation.override("vi")
def generate_history(
    months: int = 12, today: dt.date | None = None, seed: int = 2016, stdout=None, *, bulk: bool = True
) -> HistoryResult:
    """Meeting history of every grassroots committee for the `months` months before the current one,
    and the meetings still to come this year; deterministic for a given registry, seed and day.

    `bulk=False` writes every past meeting through the services (slower; the tests compare both ways).
    """
    if months < 1:
        raise ValueError("months must be at least 1")
    started = time.monotonic()
    today = today or timezone.localdate()
    result = HistoryResult(today=today, months=months, seed=seed)
    orgs = list(Organization.objects.grassroots().order_by("code"))
    seats = _seats_by_org(orgs)
    orgs = [o for o in orgs if any(s.on(today) for s in seats.get(o.pk, ()))]
    # No meeting before the first recorded term began (the 2020 congresses, in the demo).
    term_start = dict(
        Term.objects.filter(org__in=orgs, start_date__lte=today)
        .values("org_id")
        .annotate(first=Min("start_date"))
        .values_list("org_id", "first")
    )
    persona_org = _persona_org_id()
    _say(stdout, f"Đang tạo lịch sử hội nghị {months} tháng của {_n(len(orgs))} tổ chức cơ sở đảng…")
    writer = _BulkWriter() if bulk else None
    with _Clock() as clock, transaction.atomic():
        for done, org in enumerate(orgs, start=1):
            history = _OrgHistory(
                org,
                seats[org.pk],
                term_start.get(org.pk, today),
                random.Random(f"{seed}:{org.code}"),
                clock,
                today,
                months,
                result.counts,
                persona=org.pk == persona_org,
                writer=writer,
            )
            history.run()
            if writer is not None and len(writer) >= writer.FLUSH_AT:
                writer.flush()
            # With DEBUG on, Django keeps the SQL of recent queries.
            reset_queries()
            if done % 10 == 0 and done < len(orgs):
                _say(stdout, f"  … {done}/{len(orgs)} tổ chức")
        if writer is not None:
            writer.flush()
        _analyze(MeetingRegulation, Meeting, *_BulkWriter.CHILDREN)
    counts = result.counts
    counts["meetings"] = counts["regular"] + counts["thematic"] + counts["standing"]
    result.seconds = time.monotonic() - started
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    _say(
        stdout,
        f"Đã tạo {_n(counts['meetings'])} hội nghị, trong đó {_n(counts['signed'])} hội nghị đã ký biên bản, "
        f"sau {seconds} giây.",
    )
    return result
