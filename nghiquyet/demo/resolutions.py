"""Deterministic resolutions for the demo (R15–R27, R35), written over the meeting history (meetings.demo).

Every signed regular or thematic meeting whose vote adopted gets its resolution: drafted by the meeting's
drafter, with three to seven items drawn from the meeting's focus topics (content, requirement, measures,
a deadline of every kind, the committee member in charge and the one who inspects and urges it), signed
by the secretary a few days after the meeting and numbered in order in the organization's series of the
term. Then what happened to each item up to yesterday — progress updates with notes, difficulties and
their answers, reports of completion and the supervisor's confirmation — so that on the demo's today
items are done on time or late, reported done and waiting, in progress, blocked, or not started and
overdue. Each committee draws how careful it is, and its items are late or forgotten accordingly. A few
resolutions whose items are all done are closed with their lessons (R27); signed meetings carry the
evaluation of last month's items and some commendations and criticisms (R25).

The demo users' committee goes through the services step by step (history rows and notifications
included), with a correction that amends an earlier resolution, implementation and inspection plans,
and last year's review (sơ kết, R35); its meetings still to hold get their drafts — the next one with an
item that has no supervisor, so that the issuance panel shows what is missing — and `capuy` has open
items, some overdue and one due this week. The rest of the bloc is written with bulk inserts: the rows
the services would write, numbered as `orgs.numbering` would number them, the series' counter set to
the last number so that the next issuance continues it — for many committees at once, one INSERT per
table for some twenty thousand items, as a city has a million. A test writes the same resolutions both
ways and compares them row for row.

Two kinds of rows never go through the services, in either writer, because the services cannot write
them after the fact: the evaluations and commendations of past meetings (`services.evaluate_items` refuses a
meeting whose minutes are signed, as every past meeting's are) and the reminders of past days (the task
sends those due on the day it runs). They are inserted as the services would have left them: evaluations
only of the items `resolution_queries.previous_resolutions` gives for the meeting, rated from the item's state on the
meeting day; one reminder per item, person, kind and deadline, stamped with the first daily run that
would have sent it (no notification is recreated for those). Today's run then goes through
`services.send_reminders`, and the meetings still open get their review of last month through
`services.prefill_review`.

The meeting history's clock (`timezone.now()` set to the simulated moment) stamps what the services
write; rows inserted in bulk carry their moments themselves. Everything is drawn from `random.Random`
seeded per organization: the same registry, history, seed and day give the same resolutions.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import reset_queries, transaction
from django.db.models import Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nghiquyet.demo.meetings import (
    CAUSES,
    STRENGTHS,
    WEAKNESSES,
    _add_months,
    _at,
    _Clock,
    _n,
    _persona_org_id,
    _say,
    _Seat,
    _seats_by_org,
    _stamped,
    retarget,
    upper_names_of,
)
from nghiquyet.demo.registry import analyze as _analyze
from nghiquyet.lib.vietnamese import fold
from nghiquyet.meetings.calendar import is_working_day, next_working_day
from nghiquyet.meetings.models import Meeting, MeetingKind, MeetingStatus, Notice
from nghiquyet.notify.models import Notification
from nghiquyet.notify.services import mark_read
from nghiquyet.orgs.models import DocumentCounter, Organization, OrgKind, Person, Position, Term
from nghiquyet.orgs.numbering import display
from nghiquyet.resolutions import deadlines, services

# The meeting history's clock and helpers: both generators share one simulated time.
from nghiquyet.resolutions import queries as resolution_queries
from nghiquyet.resolutions import texts as resolution_texts
from nghiquyet.resolutions.models import (
    DOC_TYPE,
    ClosingReview,
    Commendation,
    Correction,
    DeadlineKind,
    Difficulty,
    DifficultyStatus,
    Item,
    ItemEvaluation,
    ItemStatus,
    PlanKind,
    ProgressUpdate,
    Rating,
    Recognition,
    Reminder,
    ReminderKind,
    Resolution,
    ResolutionKind,
    ResolutionStatus,
    ResolutionVersion,
)
from nghiquyet.resolutions.services.reminders import REMINDED_STATUSES

PERSONA_SECRETARY = "bithu"
PERSONA_MEMBER = "capuy"
# The daily reminder task runs early in the morning, before anyone reports anything.
REMINDER_RUN = dt.time(6, 0)

# What happens to an item, drawn when it is planned; its events follow from it.
ON_TIME = "on_time"  # reported done by the deadline, confirmed
LATE = "late"  # reported done after the deadline, confirmed
REPORTED = "reported"  # reported done in the last days, awaiting the supervisor
IN_PROGRESS = "in_progress"
BLOCKED = "blocked"  # a difficulty still unanswered
ANSWERED = "answered"  # a difficulty answered, work going on
NOT_STARTED = "not_started"
SCRIPTED = "scripted"  # events written by the persona's script
OUTCOMES = (ON_TIME, LATE, REPORTED, IN_PROGRESS, BLOCKED, ANSWERED, NOT_STARTED)

# ---------------------------------------------------------------------------------------------------
# Tasks by topic: (keywords found in the folded topic, [(content, requirement, measures, related units)]).

TASKS = (
    (
        ("phat trien dang vien",),
        [
            (
                "Tạo nguồn, bồi dưỡng quần chúng ưu tú để xem xét kết nạp vào Đảng",
                "Mỗi chi bộ trực thuộc giới thiệu ít nhất 01 quần chúng ưu tú đi học lớp nhận thức về Đảng",
                "Chi bộ rà soát đoàn viên, quần chúng ưu tú; phân công đảng viên chính thức giúp đỡ; phối hợp "
                "Đoàn Thanh niên giới thiệu",
                "Đoàn Thanh niên cơ quan; các chi bộ trực thuộc",
            ),
            (
                "Hoàn thiện hồ sơ kết nạp đảng viên cho quần chúng đã học lớp nhận thức về Đảng",
                "Hồ sơ đầy đủ, đúng quy định, trình cấp trên đúng thời hạn",
                "Văn phòng Đảng ủy hướng dẫn chi bộ thẩm tra lý lịch, lấy ý kiến nhận xét của đoàn thể và chi "
                "ủy nơi cư trú",
                "Ban Tổ chức Đảng ủy Khối",
            ),
        ],
    ),
    (
        ("chuyen doi so", "cai cach hanh chinh"),
        [
            (
                "Đẩy mạnh giải quyết thủ tục hành chính trên môi trường mạng",
                "Tỷ lệ hồ sơ trực tuyến toàn trình đạt trên 80%; không có hồ sơ quá hạn",
                "Rà soát quy trình nội bộ; tập huấn cho cán bộ bộ phận một cửa; công khai tiến độ giải quyết "
                "hồ sơ hằng tuần",
                "Văn phòng cơ quan; Bộ phận một cửa",
            ),
            (
                "Xử lý văn bản và hồ sơ công việc trên phần mềm quản lý văn bản",
                "100% văn bản đi, đến (trừ văn bản mật) được xử lý trên phần mềm",
                "Văn phòng hướng dẫn sử dụng, kiểm tra việc cập nhật hằng tháng, báo cáo tại giao ban",
                "Văn phòng cơ quan; các phòng chuyên môn",
            ),
        ],
    ),
    (
        ("kiem tra, giam sat",),
        [
            (
                "Kiểm tra việc thực hiện nhiệm vụ của đảng viên theo chương trình kiểm tra, giám sát năm",
                "Đúng kế hoạch, khách quan; kết luận rõ ưu điểm, khuyết điểm",
                "Ủy ban Kiểm tra Đảng ủy thành lập đoàn kiểm tra, xây dựng đề cương, thông báo kế hoạch cho "
                "chi bộ được kiểm tra",
                "Ủy ban Kiểm tra Đảng ủy",
            ),
            (
                "Giám sát việc thực hiện quy định về những điều đảng viên không được làm",
                "Phát hiện sớm, nhắc nhở kịp thời, không để vi phạm kéo dài",
                "Nghe báo cáo của chi bộ, nghiên cứu hồ sơ, gặp gỡ đảng viên",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("tham nhung",),
        [
            (
                "Kê khai, công khai bản kê khai tài sản, thu nhập năm",
                "Đúng đối tượng, đúng thời hạn, đúng quy định",
                "Bộ phận tổ chức cán bộ hướng dẫn, tổng hợp; niêm yết công khai tại cơ quan",
                "Phòng Tổ chức cán bộ",
            ),
            (
                "Rà soát, hoàn thiện các quy chế nội bộ có nguy cơ phát sinh tiêu cực",
                "Quy chế chi tiêu nội bộ, quy chế quản lý tài sản công được cập nhật theo quy định mới",
                "Văn phòng rà soát, lấy ý kiến các phòng, trình thủ trưởng cơ quan ban hành",
                "Văn phòng; Phòng Kế hoạch – Tài chính",
            ),
        ],
    ),
    (
        ("dan chu",),
        [
            (
                "Tổ chức Hội nghị cán bộ, công chức, viên chức năm theo quy chế dân chủ",
                "Đúng quy trình, phát huy quyền làm chủ của cán bộ, công chức",
                "Công đoàn phối hợp thủ trưởng cơ quan xây dựng kế hoạch; tổ chức hội nghị ở các phòng trước",
                "Công đoàn cơ quan",
            ),
            (
                "Công khai tài chính, tài sản và kết quả thi đua, khen thưởng theo quy định",
                "Đầy đủ nội dung, đúng hình thức và thời điểm công khai",
                "Niêm yết tại trụ sở và đăng trên cổng thông tin nội bộ",
                "Văn phòng cơ quan",
            ),
        ],
    ),
    (
        ("sinh hoat chi bo",),
        [
            (
                "Nâng cao chất lượng sinh hoạt chi bộ định kỳ và chuyên đề",
                "100% chi bộ trực thuộc sinh hoạt đúng quy định; mỗi quý ít nhất 01 buổi sinh hoạt chuyên đề",
                "Cấp ủy viên phụ trách dự sinh hoạt chi bộ; hướng dẫn nội dung chuyên đề; kiểm tra sổ biên bản",
                "Các chi bộ trực thuộc",
            ),
            (
                "Kiểm tra sổ sách, biên bản sinh hoạt của các chi bộ trực thuộc",
                "Phát hiện và khắc phục ngay thiếu sót trong ghi biên bản",
                "Văn phòng Đảng ủy kiểm tra chéo, tổng hợp báo cáo Thường trực cấp ủy",
                "Văn phòng Đảng ủy",
            ),
        ],
    ),
    (
        ("bao ve chinh tri noi bo",),
        [
            (
                "Rà soát, thẩm tra, xác minh lý lịch cán bộ theo quy định về bảo vệ chính trị nội bộ",
                "Đúng đối tượng, bảo đảm bí mật, kết luận rõ ràng",
                "Bộ phận tổ chức phối hợp chi bộ rà soát hồ sơ, đề xuất nội dung cần thẩm tra",
                "Phòng Tổ chức cán bộ",
            ),
        ],
    ),
    (
        ("cong doan", "doan thanh nien", "cuu chien binh"),
        [
            (
                "Lãnh đạo Công đoàn, Đoàn Thanh niên tổ chức phong trào thi đua chào mừng các ngày lễ lớn",
                "Phong trào thiết thực, có sản phẩm cụ thể, thu hút đông đảo đoàn viên tham gia",
                "Cấp ủy viên phụ trách đoàn thể chỉ đạo xây dựng kế hoạch, định kỳ nghe báo cáo kết quả",
                "Công đoàn cơ quan; Đoàn Thanh niên; Hội Cựu chiến binh",
            ),
        ],
    ),
    (
        ("tiet kiem", "lang phi"),
        [
            (
                "Thực hành tiết kiệm trong sử dụng điện, nước, văn phòng phẩm và chi hội nghị",
                "Giảm ít nhất 5% chi thường xuyên so với cùng kỳ năm trước",
                "Ban hành định mức, theo dõi chi tiêu hằng tháng, công khai kết quả tại giao ban",
                "Văn phòng; Phòng Kế hoạch – Tài chính",
            ),
        ],
    ),
    (
        ("cong tac can bo", "quy hoach"),
        [
            (
                "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý nhiệm kỳ tới",
                "Đúng quy trình, bảo đảm cơ cấu độ tuổi, cán bộ nữ, cán bộ trẻ",
                "Bộ phận tổ chức tổng hợp danh sách, lấy phiếu tín nhiệm, trình cấp ủy cho ý kiến",
                "Phòng Tổ chức cán bộ",
            ),
        ],
    ),
    (
        ("van hoa",),
        [
            (
                "Xây dựng cơ quan đạt chuẩn văn hóa, an toàn về an ninh trật tự",
                "Không có cán bộ vi phạm quy tắc ứng xử; không để xảy ra mất an toàn tại cơ quan",
                "Ký cam kết thi đua; kiểm tra việc chấp hành giờ giấc hằng tháng; diễn tập phòng cháy chữa cháy",
                "Văn phòng; Công đoàn cơ quan",
            ),
            (
                "Thực hiện nghiêm quy tắc ứng xử của cán bộ, công chức tại công sở",
                "Không còn tình trạng đi muộn, về sớm, làm việc riêng trong giờ hành chính",
                "Thủ trưởng các phòng kiểm tra hằng ngày; chi bộ nhắc nhở, phê bình đảng viên vi phạm",
                "Các phòng chuyên môn",
            ),
        ],
    ),
    (
        ("dan van",),
        [
            (
                "Tiếp nhận và xử lý phản ánh, kiến nghị của người dân, doanh nghiệp",
                "100% phản ánh, kiến nghị được trả lời đúng hạn",
                "Phân công đầu mối tiếp nhận; theo dõi, đôn đốc trên phần mềm; báo cáo hằng tháng",
                "Văn phòng; Bộ phận một cửa",
            ),
        ],
    ),
    (
        ("giai ngan",),
        [
            (
                "Đẩy nhanh tiến độ giải ngân vốn đầu tư công được giao",
                "Tỷ lệ giải ngân đến cuối quý đạt kế hoạch Thành phố giao",
                "Lập danh mục dự án chậm giải ngân, giao từng lãnh đạo phụ trách; giao ban tiến độ hằng tuần",
                "Phòng Kế hoạch – Tài chính; các ban quản lý dự án",
            ),
        ],
    ),
    (
        ("nen tang tu tuong",),
        [
            (
                "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch trên không gian mạng",
                "Mỗi đảng viên có tài khoản mạng xã hội chia sẻ ít nhất 02 tin, bài tích cực mỗi tháng",
                "Tổ công tác tổng hợp, hướng dẫn nội dung; các chi bộ báo cáo kết quả hằng tháng",
                "Đoàn Thanh niên; các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("sap xep to chuc bo may",),
        [
            (
                "Kiện toàn tổ chức đảng và các chi bộ trực thuộc sau sắp xếp bộ máy",
                "Không để gián đoạn hoạt động; tư tưởng cán bộ ổn định",
                "Xây dựng phương án, nắm tình hình tư tưởng, giải quyết chế độ chính sách đúng quy định",
                "Phòng Tổ chức cán bộ; các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("ho so dang vien",),
        [
            (
                "Cập nhật, chuẩn hóa dữ liệu đảng viên trên phần mềm quản lý cơ sở dữ liệu đảng viên",
                "100% hồ sơ được cập nhật đầy đủ, chính xác",
                "Văn phòng Đảng ủy phân công cán bộ rà soát từng chi bộ, đối chiếu với hồ sơ gốc",
                "Văn phòng Đảng ủy; các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("dai hoi",),
        [
            (
                "Chuẩn bị văn kiện và nhân sự đại hội chi bộ nhiệm kỳ mới",
                "Đúng hướng dẫn của cấp trên, bảo đảm dân chủ, đúng tiến độ",
                "Thành lập tổ giúp việc, xây dựng dự thảo báo cáo chính trị, lấy ý kiến đóng góp",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("dang phi",),
        [
            (
                "Thu, nộp và quản lý đảng phí đúng quy định",
                "Không có đảng viên chậm nộp; sổ sách đúng mẫu",
                "Chi bộ thu hằng tháng; Văn phòng Đảng ủy tổng hợp, nộp cấp trên; Ủy ban Kiểm tra kiểm tra "
                "6 tháng một lần",
                "Ủy ban Kiểm tra Đảng ủy; Văn phòng Đảng ủy",
            ),
        ],
    ),
    (
        ("quan triet",),
        [
            (
                "Tổ chức học tập, quán triệt nghị quyết của cấp trên cho cán bộ, đảng viên",
                "100% đảng viên được học tập; mỗi đảng viên viết bài thu hoạch, có kế hoạch làm theo",
                "Tổ chức hội nghị trực tuyến; các chi bộ thảo luận và xây dựng chương trình hành động",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("chuyen mon", "nhiem vu chinh tri", "chi tieu ke hoach"),
        [
            (
                "Lãnh đạo hoàn thành các chỉ tiêu nhiệm vụ chuyên môn theo kế hoạch",
                "Hoàn thành 100% nhiệm vụ theo kế hoạch; không để tồn đọng hồ sơ",
                "Thủ trưởng cơ quan giao chỉ tiêu cho từng phòng; giao ban tiến độ hằng tuần",
                "Các phòng chuyên môn",
            ),
        ],
    ),
    (
        ("tet",),
        [
            (
                "Thăm hỏi, tặng quà cán bộ, đảng viên có hoàn cảnh khó khăn dịp Tết",
                "Đúng đối tượng, kịp thời, công khai",
                "Công đoàn lập danh sách; cấp ủy viên phụ trách trực tiếp thăm hỏi",
                "Công đoàn cơ quan",
            ),
            (
                "Bảo đảm trực cơ quan, an ninh, an toàn trong dịp nghỉ Tết",
                "Không để xảy ra cháy nổ, mất an toàn",
                "Lập lịch trực, kiểm tra phòng cháy chữa cháy trước Tết",
                "Văn phòng cơ quan",
            ),
        ],
    ),
    (
        ("ky niem", "thuong binh"),
        [
            (
                "Tuyên truyền kỷ niệm ngày lễ lớn của đất nước và của Thủ đô",
                "Nội dung phong phú, hình thức đa dạng, thu hút cán bộ, đảng viên tham gia",
                "Treo khẩu hiệu, đăng tin bài trên cổng thông tin; tổ chức hành trình về nguồn",
                "Đoàn Thanh niên; Công đoàn cơ quan",
            ),
            (
                "Thăm hỏi, tặng quà gia đình chính sách, người có công",
                "Thiết thực, ý nghĩa, đúng đối tượng",
                "Công đoàn lập danh sách; tổ chức dâng hương tại nghĩa trang liệt sĩ",
                "Công đoàn; Hội Cựu chiến binh",
            ),
        ],
    ),
    (
        ("so ket", "tong ket"),
        [
            (
                "Xây dựng báo cáo sơ kết, tổng kết công tác xây dựng Đảng",
                "Đánh giá đúng kết quả, chỉ rõ hạn chế, nguyên nhân và bài học kinh nghiệm",
                "Các chi bộ gửi báo cáo; Văn phòng Đảng ủy tổng hợp, dự thảo, trình Thường trực cấp ủy",
                "Văn phòng Đảng ủy; các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("xep loai",),
        [
            (
                "Kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên",
                "Đúng hướng dẫn, thực chất, không nể nang, né tránh",
                "Hướng dẫn các chi bộ; cấp ủy viên dự kiểm điểm ở chi bộ được phân công phụ trách",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("ho chi minh", "guong mau", "tien phong"),
        [
            (
                "Đăng ký và thực hiện nội dung làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                "100% đảng viên đăng ký nội dung làm theo gắn với nhiệm vụ được giao",
                "Chi bộ đưa việc kiểm điểm làm theo vào sinh hoạt định kỳ hằng tháng",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("suy thoai",),
        [
            (
                "Tổ chức cho đảng viên tự soi, tự sửa theo các biểu hiện suy thoái",
                "Mỗi đảng viên có bản tự kiểm điểm, chỉ rõ biểu hiện và biện pháp khắc phục",
                "Chi bộ thảo luận, góp ý; cấp ủy theo dõi việc khắc phục",
                "Các chi bộ trực thuộc",
            ),
        ],
    ),
    (
        ("ky cuong", "hai long"),
        [
            (
                "Tăng cường kỷ luật, kỷ cương hành chính, nâng cao sự hài lòng của người dân",
                "Không có phản ánh về thái độ phục vụ; chỉ số hài lòng tăng so với năm trước",
                "Kiểm tra đột xuất việc chấp hành giờ giấc; khảo sát ý kiến người dân hằng quý",
                "Văn phòng; Bộ phận một cửa",
            ),
        ],
    ),
)
# Tasks every committee sets itself now and then, whatever the month's topics.
GENERIC_TASKS = (
    (
        "Hoàn thành báo cáo công tác xây dựng Đảng hằng tháng gửi Đảng ủy Khối",
        "Đúng thời hạn, số liệu chính xác",
        "Văn phòng Đảng ủy tổng hợp từ báo cáo của các chi bộ trực thuộc",
        "Văn phòng Đảng ủy",
    ),
    (
        "Nắm bắt, định hướng tình hình tư tưởng của cán bộ, đảng viên",
        "Kịp thời phát hiện, giải quyết những vấn đề nảy sinh",
        "Cấp ủy viên phụ trách chi bộ nắm tình hình, báo cáo tại hội nghị cấp ủy hằng tháng",
        "Các chi bộ trực thuộc",
    ),
    (
        "Kiểm tra, đôn đốc các nhiệm vụ của nghị quyết tháng trước còn chậm tiến độ",
        "Hoàn thành dứt điểm các nhiệm vụ còn chậm",
        "Thường trực cấp ủy nghe báo cáo từng việc, giao lại thời hạn cụ thể",
        "",
    ),
    (
        "Chỉ đạo các chi bộ trực thuộc thực hiện nghiêm chế độ sinh hoạt định kỳ",
        "Sinh hoạt đúng ngày quy định, nội dung thiết thực",
        "Cấp ủy viên phụ trách dự sinh hoạt ít nhất một lần mỗi quý",
        "Các chi bộ trực thuộc",
    ),
    (
        "Cập nhật chương trình công tác của cấp ủy tháng tới",
        "Bám sát chương trình của Đảng ủy Khối và nhiệm vụ chính trị của cơ quan",
        "Văn phòng Đảng ủy dự thảo, lấy ý kiến Thường trực, trình hội nghị cấp ủy",
        "Văn phòng Đảng ủy",
    ),
)
PROGRESS_NOTES = (
    "Đã xây dựng kế hoạch, phân công cán bộ thực hiện.",
    "Đã triển khai đến các chi bộ trực thuộc; đang tổng hợp kết quả.",
    "Đang phối hợp với các phòng chuyên môn hoàn thiện hồ sơ.",
    "Đã tổ chức họp triển khai; một số đơn vị chưa gửi báo cáo.",
    "Đã hoàn thành phần lớn khối lượng công việc, đang hoàn thiện báo cáo.",
)
DELAY_NOTES = (
    "Chậm do khối lượng công việc chuyên môn cuối quý lớn.",
    "Chậm do chờ văn bản hướng dẫn của cấp trên.",
    "Một số chi bộ gửi báo cáo muộn nên chưa tổng hợp kịp.",
    "Nhân sự phụ trách thay đổi do sắp xếp bộ máy, đang bàn giao công việc.",
)
DONE_NOTES = (
    "Đã hoàn thành, gửi kèm báo cáo kết quả.",
    "Hoàn thành nhiệm vụ; kết quả đã báo cáo Thường trực cấp ủy.",
    "Đã tổ chức thực hiện xong, đạt yêu cầu đề ra.",
)
DIFFICULTIES = (
    (
        "Chưa nhận được văn bản hướng dẫn của cấp trên về nội dung này.",
        "Đề nghị Thường trực cấp ủy liên hệ Ban Tổ chức Đảng ủy Khối để được hướng dẫn.",
    ),
    ("Kinh phí thực hiện chưa được bố trí trong dự toán.", "Đề nghị thủ trưởng cơ quan bổ sung kinh phí."),
    (
        "Một số chi bộ trực thuộc chậm cung cấp số liệu.",
        "Đề nghị cấp ủy chỉ đạo các chi bộ gửi số liệu trước ngày 20.",
    ),
    (
        "Thời hạn hoàn thành quá ngắn so với khối lượng công việc.",
        "Đề nghị cấp ủy xem xét điều chỉnh thời hạn.",
    ),
    (
        "Phần mềm quản lý thường xuyên lỗi, chưa cập nhật được dữ liệu.",
        "Đề nghị Văn phòng liên hệ đơn vị cung cấp phần mềm khắc phục.",
    ),
)
ANSWERS = (
    "Thường trực đã làm việc với Ban Tổ chức Đảng ủy Khối; văn bản hướng dẫn sẽ được gửi trong tuần. Đồng "
    "chí tiếp tục triển khai các phần việc khác.",
    "Đồng ý bổ sung kinh phí; giao Văn phòng phối hợp Phòng Kế hoạch – Tài chính thực hiện.",
    "Thường trực đã nhắc các chi bộ; đề nghị đồng chí tổng hợp số liệu đã có, báo cáo bổ sung sau.",
    "Giữ nguyên thời hạn; phân công thêm một đồng chí cán bộ Văn phòng hỗ trợ.",
)
LESSONS = (
    "Nghị quyết cần ít nội dung, tập trung vào việc trọng tâm; mỗi việc giao một đồng chí chịu trách nhiệm "
    "chính và một đồng chí kiểm tra, đôn đốc.",
    "Thời hạn phải sát với khối lượng công việc; việc cần phối hợp nhiều đơn vị thì giao thời hạn trong quý.",
    "Cấp ủy viên phụ trách báo cáo tiến độ tại hội nghị hằng tháng; việc chậm phải nêu rõ nguyên nhân và "
    "giao lại thời hạn.",
    "Nắm chắc văn bản hướng dẫn của cấp trên trước khi đề ra nhiệm vụ, tránh giao việc phụ thuộc vào hướng "
    "dẫn chưa ban hành.",
    "Phát huy vai trò của Văn phòng Đảng ủy trong theo dõi, tổng hợp tiến độ thực hiện hằng tuần.",
)
EVALUATION_COMMENTS = {
    Rating.GOOD: ("Hoàn thành đúng tiến độ, chất lượng tốt.", "Chủ động, có sản phẩm cụ thể."),
    Rating.DONE: ("Hoàn thành nhưng còn chậm so với yêu cầu.", "Đạt yêu cầu đề ra."),
    Rating.NOT_DONE: (
        "Chưa hoàn thành; đề nghị khắc phục trong tháng.",
        "Chậm triển khai, cần nêu rõ nguyên nhân.",
    ),
}
AMEND_NOTE = (
    "Thời hạn hoàn thành không khả thi do phải chờ số liệu của các chi bộ; đề nghị hội nghị cấp ủy điều "
    "chỉnh thời hạn."
)
AMEND_MEASURES = (
    "Bổ sung: Văn phòng Đảng ủy hỗ trợ tổng hợp số liệu; báo cáo tiến độ hằng tuần với Thường trực."
)


@dataclass
class ResolutionsResult:
    """What `generate_resolutions` made: counts by kind of row, and how long it took."""

    today: dt.date
    seed: int
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------------------------------
# Plans of what is written


@dataclass
class _Event:
    """One thing that happens to an item: a progress update, a difficulty, its answer, the confirmation."""

    at: dt.datetime
    kind: str  # "update" | "difficulty" | "answer" | "confirm"
    status: str = ""
    percent: int = 0
    note: str = ""
    support: str = ""
    by: Person | None = None  # who answers or confirms


@dataclass
class _State:
    """An item's implementation state after some of its events, as the progress services leave it."""

    status: str = ItemStatus.NOT_STARTED
    percent: int = 0
    reported_at: dt.datetime | None = None
    completed_on: dt.date | None = None
    confirmed_by: Person | None = None
    confirmed_at: dt.datetime | None = None
    open_difficulties: int = 0


def _replay(events: list[_Event], until: dt.datetime | None = None) -> _State:
    """The state `services.post_update`, `report_difficulty`, `answer_difficulty` and `confirm` leave
    after the events before `until` (all of them by default)."""
    state = _State()
    for e in events:
        if until is not None and e.at >= until:
            break
        if e.kind == "update":
            state.status = e.status
            state.percent = 100 if e.status == ItemStatus.REPORTED_DONE else e.percent
            if e.status == ItemStatus.REPORTED_DONE:
                state.reported_at = e.at
        elif e.kind == "difficulty":
            state.open_difficulties += 1
            state.status = ItemStatus.BLOCKED
        elif e.kind == "answer":
            state.open_difficulties -= 1
            if state.status == ItemStatus.BLOCKED and not state.open_difficulties:
                state.status = ItemStatus.IN_PROGRESS
        elif e.kind == "confirm":
            state.status = ItemStatus.DONE
            state.percent = 100
            state.completed_on = timezone.localdate(state.reported_at or e.at)
            state.confirmed_by = e.by
            state.confirmed_at = e.at
    return state


@dataclass
class _ItemPlan:
    content: str
    requirement: str
    measures: str
    related_units: str
    deadline_kind: str
    date: dt.date | None  # the date of a DATE deadline
    deadline: dt.date | None  # resolved
    assignee: Person
    supervisor: Person | None
    outcome: str | None = None  # drawn once the deadline is final
    events: list[_Event] = field(default_factory=list)
    order: int = 0  # kept from the original when a correction copies the item
    row: Item | None = None


@dataclass
class _ResolutionPlan:
    meeting: Meeting
    kind: str
    title: str
    theme_reason: str
    assessment: str
    objectives: str
    implementation: str
    drafter: Person
    created_at: dt.datetime
    items: list[_ItemPlan]
    issued_on: dt.date | None = None
    issued_at: dt.datetime | None = None
    signer: Person | None = None
    term: Term | None = None
    corrects: _ResolutionPlan | None = None
    must_close: bool = False  # the demo users' committee closes its oldest resolutions
    closed_at: dt.datetime | None = None
    lessons: str = ""
    row: Resolution | None = None

    def write_key(self) -> tuple:
        """Issued resolutions in the order of issuance, which is the order of their numbers."""
        return (self.issued_at or self.created_at, self.created_at)


# ---------------------------------------------------------------------------------------------------
# Writing in bulk


class _BulkWriter:
    """The rows of the committees written in bulk, inserted for many committees at once (one INSERT per
    table), then what reads them back: the closing reviews' results and the reviews prefilled into the
    meetings still open. Nothing reads a committee's rows before that, so they can wait for the flush."""

    # Items held in memory before they are written.
    FLUSH_AT = 20_000
    BATCH_SIZE = 2000
    MODELS = (
        Resolution,
        Item,
        ResolutionVersion,
        ProgressUpdate,
        Difficulty,
        DocumentCounter,
        ItemEvaluation,
        Commendation,
        Reminder,
    )

    def __init__(self):
        self.rows: dict[type, list] = {model: [] for model in self.MODELS}
        self.closings: list[_ResolutionPlan] = []
        self.then: list[Callable[[], None]] = []
        self.flushes = 0

    def pending(self) -> int:
        return len(self.rows[Item])

    def add(self, model, rows: list) -> None:
        self.rows[model] += rows

    def flush(self) -> None:
        with _stamped(*self.MODELS):
            for model, rows in self.rows.items():
                model.objects.bulk_create(rows, batch_size=self.BATCH_SIZE)
        closings = [
            ClosingReview(
                resolution=plan.row,
                results=resolution_texts.results_text(
                    resolution_queries.resolution_review(plan.row, timezone.localdate(plan.closed_at))
                ),
                lessons=plan.lessons,
                created_by_id=plan.signer.user_id,
                created_at=plan.closed_at,
            )
            for plan in self.closings
        ]
        with _stamped(ClosingReview):
            ClosingReview.objects.bulk_create(closings)
        self.flushes += 1
        if self.flushes & (self.flushes - 1) == 0:
            # After the 1st, 2nd, 4th, 8th… flush: the statistics stay within twice the tables' size, and
            # the reads below and of the committees to come keep their index plans.
            _analyze(*self.MODELS, ClosingReview)
        for then in self.then:
            then()
        self.rows = {model: [] for model in self.MODELS}
        self.closings, self.then = [], []


# ---------------------------------------------------------------------------------------------------
# One organization's resolutions


class _OrgResolutions:
    def __init__(self, org, seats, terms, rng, clock, today, counts, *, persona, writer):
        self.org = org
        self.uppers = upper_names_of(org)
        # Namesakes share a sort key, and the database may return them in any order: the primary key
        # (the order people were inserted in) settles it, so every run draws from the same list.
        self.seats: list[_Seat] = sorted(seats, key=lambda s: (s.person.sort_key, s.person.pk))
        self.terms: list[Term] = sorted(terms, key=lambda t: t.start_date, reverse=True)
        self.rng: random.Random = rng
        self.clock: _Clock = clock
        self.today = today
        self.yesterday = today - dt.timedelta(days=1)
        self.this_month = today.replace(day=1)
        self.counts = counts
        self.persona = persona
        self.position = {s.person.pk: s.position for s in seats}
        self.care = rng.uniform(0.45, 0.7) if persona else rng.betavariate(3, 1.6)
        self.writer: _BulkWriter | None = writer
        self.through_services = writer is None or any(s.person.user_id for s in seats)
        self.is_committee = org.kind == OrgKind.GRASSROOTS_COMMITTEE
        self.meetings = list(
            Meeting.objects.filter(org=org)
            .exclude(kind=MeetingKind.STANDING)
            .select_related("vote", "drafter", "chair")
            .prefetch_related("focus_topics")
            .order_by("date", "id")
        )
        self.first_notice = dict(
            Notice.objects.filter(meeting__org=org)
            .values("meeting_id")
            .annotate(first=Min("sent_at"))
            .values_list("meeting_id", "first")
        )

    # People ------------------------------------------------------------------------------------

    def committee(self, day: dt.date) -> list[Person]:
        """`resolution_queries.committee_members`, from the seats loaded once."""
        return [s.person for s in self.seats if s.on(day)]

    def leaders(self, day: dt.date) -> list[Person]:
        """Those who supervise first: the secretary, deputies and Standing Committee members."""
        leading = (Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.STANDING_MEMBER)
        return [p for p in self.committee(day) if self.position.get(p.pk) in leading]

    def secretary(self, day: dt.date) -> Person | None:
        """The secretary in office on `day`, as `services.send_reminders` finds them."""
        seats = [s for s in self.seats if s.on(day) and s.position == Position.SECRETARY]
        seats.sort(key=lambda s: s.start, reverse=True)
        return seats[0].person if seats else None

    def answerer(self, day: dt.date, reporter: Person) -> Person:
        """A leader who answers a difficulty: the secretary, or a deputy when the secretary reported it."""
        for position in (Position.SECRETARY, Position.DEPUTY_SECRETARY, Position.STANDING_MEMBER):
            for p in self.committee(day):
                if self.position.get(p.pk) == position and p.pk != reporter.pk:
                    return p
        return next(p for p in self.committee(day) if p.pk != reporter.pk)

    def persona_person(self, username: str) -> Person | None:
        return next(
            (s.person for s in self.seats if s.person.user and s.person.user.username == username), None
        )

    def term_on(self, day: dt.date) -> Term | None:
        """`resolution_queries.term_on`, from the terms loaded once."""
        return next(
            (t for t in self.terms if t.start_date <= day and (t.end_date is None or day <= t.end_date)), None
        )

    # Days and moments ----------------------------------------------------------------------------

    def day(self, lo: dt.date, hi: dt.date) -> dt.date:
        """A day in [lo, hi], a working day when there is one."""
        if hi <= lo:
            return lo
        day = lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))
        if is_working_day(day):
            return day
        later = next_working_day(day)
        if later <= hi:
            return later
        while day > lo and not is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def moments(self, days: list[dt.date]) -> list[dt.datetime]:
        """Strictly increasing moments in office hours on the (non-decreasing) days given."""
        out: list[dt.datetime] = []
        for day in days:
            if out and timezone.localdate(out[-1]) == day:
                out.append(out[-1] + dt.timedelta(minutes=self.rng.randint(20, 90)))
            else:
                out.append(
                    _at(day, dt.time(self.rng.randint(8, 10), self.rng.choice((0, 10, 20, 30, 40, 50))))
                )
        return out

    # Content -------------------------------------------------------------------------------------

    def tasks_for(self, topic: str) -> list[tuple[str, str, str, str]]:
        folded = fold(topic)
        found = [t for keywords, tasks in TASKS if any(k in folded for k in keywords) for t in tasks]
        if found:
            return found
        # A topic no task speaks of: the committee leads it as the topic says.
        return [
            (
                f"Lãnh đạo thực hiện nội dung: {topic}",
                "Có kế hoạch cụ thể, rõ người, rõ việc, rõ thời hạn",
                "Cấp ủy viên phụ trách xây dựng kế hoạch, tổ chức triển khai, báo cáo kết quả tại hội nghị "
                "cấp ủy",
                "",
            )
        ]

    def deadline_kind(self) -> str:
        kinds = (DeadlineKind.DATE, DeadlineKind.MONTH, DeadlineKind.QUARTER, DeadlineKind.IMMEDIATELY)
        return self.rng.choices(kinds, (45, 25, 15, 15))[0]

    def set_deadline(self, item: _ItemPlan, kind: str, base: dt.date, date: dt.date | None = None) -> None:
        """The deadline of `kind` for a resolution issued (or, a draft, adopted) on `base`."""
        item.deadline_kind = kind
        if kind == DeadlineKind.DATE:
            item.date = date or next_working_day(base + dt.timedelta(days=self.rng.randint(10, 60)))
        else:
            item.date = None
        item.deadline = deadlines.resolve(kind, base, item.date)

    def draw_items(self, topics: list[str], count: int, day: dt.date, base: dt.date) -> list[_ItemPlan]:
        """`count` items from the topics in turn, then from the usual tasks; people from `day`'s committee."""
        rng = self.rng
        pools = [self.tasks_for(t) for t in topics] or [list(GENERIC_TASKS)]
        for pool in pools:
            rng.shuffle(pool)
        generic = list(GENERIC_TASKS)
        rng.shuffle(generic)
        chosen, seen = [], set()
        turn = 0
        while len(chosen) < count and turn < 4 * count:
            pool = pools[turn % len(pools)]
            turn += 1
            task = next((t for t in pool if t[0] not in seen), None)
            if task is not None:
                chosen.append(task)
                seen.add(task[0])
        chosen += [t for t in generic if t[0] not in seen][: count - len(chosen)]

        committee = self.committee(day)
        leaders = self.leaders(day)
        items = []
        for task in chosen:
            content, requirement, measures, units = (retarget(text, self.uppers, day) for text in task)
            assignee = rng.choice(committee)
            supervisors = [p for p in leaders if p.pk != assignee.pk] or [
                p for p in committee if p.pk != assignee.pk
            ]
            item = _ItemPlan(
                content=content,
                requirement=requirement,
                measures=measures,
                related_units=units,
                deadline_kind=DeadlineKind.DATE,
                date=None,
                deadline=None,
                assignee=assignee,
                supervisor=rng.choice(supervisors) if supervisors else assignee,
            )
            self.set_deadline(item, self.deadline_kind(), base)
            items.append(item)
        return items

    def strength(self, rng: random.Random, day: dt.date) -> str:
        """One of the strengths an assessment names, its upper committee as on `day`."""
        return retarget(rng.choice(STRENGTHS), self.uppers, day)

    def texts(self, meeting: Meeting, topics: list[str]) -> tuple[str, str, str]:
        """The resolution's assessment, objectives and organization of implementation (Vietnamese)."""
        rng = self.rng
        body = "Đảng ủy" if self.is_committee else "Chi bộ"
        last = _add_months(meeting.date, -1)
        following = _add_months(meeting.date, 1)
        assessment = (
            f"Tháng {last.month}/{last.year}, {body} đã lãnh đạo thực hiện cơ bản các nhiệm vụ đề ra. Ưu điểm: "
            f"{self.strength(rng, meeting.date)}. Hạn chế: {rng.choice(WEAKNESSES)}; nguyên nhân: "
            f"{rng.choice(CAUSES)}."
        )
        objectives = (
            f"Tập trung lãnh đạo {len(topics)} nội dung trọng tâm: {'; '.join(topics)}. Mỗi nhiệm vụ có người "
            "chịu trách nhiệm, người kiểm tra, đôn đốc và thời hạn hoàn thành cụ thể."
        )
        implementation = (
            "Các đồng chí cấp ủy viên được phân công chủ động xây dựng kế hoạch, tổ chức thực hiện và báo cáo "
            "tiến độ với Thường trực Đảng ủy. Văn phòng theo dõi, tổng hợp, báo cáo kết quả tại hội nghị cấp ủy tháng "
            f"{following.month}/{following.year}."
        )
        return assessment, objectives, implementation

    def plan(self, meeting: Meeting, count: int | None = None) -> _ResolutionPlan:
        """The resolution adopted at a signed meeting, issued some days later if that day has passed."""
        rng = self.rng
        topics = [t.title for t in sorted(meeting.focus_topics.all(), key=lambda t: (t.order, t.pk))]
        if meeting.kind == MeetingKind.THEMATIC:
            theme = meeting.title.split(": ", 1)[-1]
            kind, title = ResolutionKind.THEMATIC, f"Nghị quyết chuyên đề về {_lower_first(theme)}"
            reason = meeting.theme_reason or f"Chủ đề được hội nghị lựa chọn: {theme}."
        else:
            # The subject the meeting voted on (meetings.demo), also before the vote.
            vote = getattr(meeting, "vote", None)
            kind, reason = ResolutionKind.REGULAR, ""
            title = (
                vote.subject
                if vote
                else f"Nghị quyết Hội nghị cấp ủy tháng {meeting.date.month}/{meeting.date.year}"
            )
        notice = self.first_notice.get(meeting.pk)
        created = (
            notice - dt.timedelta(hours=rng.randint(20, 44))
            if notice
            else _at(meeting.date - dt.timedelta(days=3), dt.time(9, 0))
        )
        day = next_working_day(meeting.date + dt.timedelta(days=rng.randint(1, 4)))
        plan = _ResolutionPlan(
            meeting=meeting,
            kind=kind,
            title=title,
            theme_reason=reason,
            drafter=meeting.drafter or self.committee(meeting.date)[0],
            created_at=created,
            items=[],
            **dict(
                zip(("assessment", "objectives", "implementation"), self.texts(meeting, topics), strict=True)
            ),
        )
        signer = self.secretary(day) or (self.leaders(day) or self.committee(day) or [None])[0]
        term = self.term_on(day)
        if day < self.today and signer is not None and term is not None:
            plan.issued_on, plan.signer, plan.term = day, signer, term
            plan.issued_at = _at(day, dt.time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))))
        count = count or (rng.randint(5, 7) if self.persona else rng.randint(3, 7))
        plan.items = self.draw_items(topics, count, meeting.date, plan.issued_on or meeting.date)
        return plan

    # What happens to the items ------------------------------------------------------------------------

    def outcome(self, deadline: dt.date) -> str:
        """What became of an item by today: careful committees finish more, and on time."""
        rng, care = self.rng, self.care
        if deadline < self.today:
            stale = (self.today - deadline).days > 45
            open_share = (0.06 + 0.3 * (1 - care)) * (0.5 if stale else 1.0)
            if rng.random() >= open_share:
                return LATE if rng.random() < 0.06 + 0.25 * (1 - care) else ON_TIME
            return rng.choices((IN_PROGRESS, NOT_STARTED, BLOCKED, ANSWERED, REPORTED), (4, 3, 2, 2, 1))[0]
        return rng.choices(
            (ON_TIME, REPORTED, IN_PROGRESS, BLOCKED, ANSWERED, NOT_STARTED), (2, 1, 5, 1, 1, 3)
        )[0]

    def progress_steps(self, lo: dt.date, hi: dt.date, count: int, deadline: dt.date) -> list[tuple]:
        """`count` updates "in progress" between lo and hi; notes past the deadline give the cause."""
        days = sorted(self.day(lo, hi) for _ in range(count))
        return [
            (
                d,
                0,
                "update",
                {"note": self.rng.choice(DELAY_NOTES if d > deadline else PROGRESS_NOTES)},
            )
            for d in days
        ]

    def difficulty_steps(self, lo: dt.date, hi: dt.date, answered: bool) -> list[tuple]:
        text, support = self.rng.choice(DIFFICULTIES)
        first = self.day(lo, hi)
        text, support = retarget(text, self.uppers, first), retarget(support, self.uppers, first)
        steps = [(first, 1, "difficulty", {"note": text, "support": support})]
        if answered:
            day = self.day(first, min(first + dt.timedelta(days=6), hi))
            steps.append((day, 2, "answer", {"note": retarget(self.rng.choice(ANSWERS), self.uppers, day)}))
        return steps

    def events(self, item: _ItemPlan, issued_on: dt.date) -> list[_Event]:
        """The item's events from the day after issuance to yesterday, following its outcome; an outcome
        the calendar does not allow (done late before the deadline has passed…) gives way."""
        rng = self.rng
        first, last = issued_on + dt.timedelta(days=1), self.yesterday
        if first > last:
            item.outcome = NOT_STARTED
            return []
        deadline = item.deadline
        if item.outcome == LATE and deadline + dt.timedelta(days=1) > last:
            item.outcome = IN_PROGRESS
        if item.outcome == ON_TIME and deadline < first:
            item.outcome = LATE
        o = item.outcome
        steps: list[tuple] = []
        if o in (ON_TIME, LATE, REPORTED):
            if o == ON_TIME:
                reported = self.day(first, min(deadline, last))
            elif o == LATE:
                reported = self.day(
                    deadline + dt.timedelta(days=1), min(last, deadline + dt.timedelta(days=40))
                )
            else:
                reported = self.day(max(first, last - dt.timedelta(days=6)), last)
            steps += self.progress_steps(first, reported, rng.randint(0, 2), deadline)
            if rng.random() < (0.5 if o == LATE else 0.15):
                steps += self.difficulty_steps(first, reported, answered=True)
            steps.append(
                (reported, 4, "update", {"status": ItemStatus.REPORTED_DONE, "note": rng.choice(DONE_NOTES)})
            )
            if o != REPORTED:
                confirmed = self.day(
                    reported, min(reported + dt.timedelta(days=rng.choice((0, 1, 1, 2, 3, 5))), last)
                )
                steps.append((confirmed, 5, "confirm", {}))
        elif o == IN_PROGRESS:
            steps += self.progress_steps(first, last, rng.randint(1, 3), deadline)
        elif o == BLOCKED:
            raised = self.day(max(first, last - dt.timedelta(days=25)), last)
            steps += self.progress_steps(first, raised, rng.randint(0, 1), deadline)
            steps += self.difficulty_steps(raised, raised, answered=False)
        elif o == ANSWERED:
            steps += self.progress_steps(first, last, rng.randint(0, 1), deadline)
            steps += self.difficulty_steps(first, last, answered=True)
            if rng.random() < 0.4:
                answered_on = max(s[0] for s in steps)
                steps.append((self.day(answered_on, last), 3, "update", {"note": rng.choice(PROGRESS_NOTES)}))
        return self.stamp(steps, item)

    def stamp(self, steps: list[tuple], item: _ItemPlan) -> list[_Event]:
        """Events from (day, rank within the day, kind, data) steps: moments in order, rising percents."""
        steps.sort(key=lambda s: (s[0], s[1]))
        moments = self.moments([s[0] for s in steps])
        climbing = [s for s in steps if s[2] == "update" and "status" not in s[3]]
        top = 90 if item.outcome in (IN_PROGRESS, ANSWERED, BLOCKED) else 80
        percents = sorted(self.rng.sample(range(10, top + 1, 10), min(len(climbing), top // 10)))
        events = []
        for (_day, _rank, kind, data), at in zip(steps, moments, strict=True):
            if kind == "update":
                status = data.get("status", ItemStatus.IN_PROGRESS)
                percent = 100 if status == ItemStatus.REPORTED_DONE else percents.pop(0) if percents else 90
                events.append(_Event(at, kind, status=status, percent=percent, note=data["note"]))
            elif kind == "difficulty":
                events.append(_Event(at, kind, note=data["note"], support=data["support"]))
            elif kind == "answer":
                events.append(_Event(at, kind, note=data["note"], by=self.answerer(at.date(), item.assignee)))
            else:
                events.append(_Event(at, kind, by=item.supervisor))
        return events

    def close(self, plan: _ResolutionPlan, forced: bool = False) -> None:
        """Close a resolution whose items are all confirmed done, some days after the last confirmation."""
        if not plan.items or any(_replay(i.events).status != ItemStatus.DONE for i in plan.items):
            return
        if not forced and self.rng.random() >= 0.04 + 0.12 * self.care:
            return
        done = max(timezone.localdate(i.events[-1].at) for i in plan.items)
        lo = done + dt.timedelta(days=3)
        if lo > self.yesterday:
            return
        day = self.day(lo, min(self.yesterday, done + dt.timedelta(days=40)))
        plan.closed_at = _at(day, dt.time(15, self.rng.choice((0, 15, 30))))
        plan.lessons = " ".join(self.rng.sample(LESSONS, 2))

    # The demo users' committee -----------------------------------------------------------------------

    def persona_script(self, plans: list[_ResolutionPlan]) -> list[_ResolutionPlan]:
        """Give the demo users something of every kind: open items for `capuy` (overdue ones, one due this
        week), reports awaiting confirmation, a blocked item, items of every state, two resolutions all
        done (to close), and a correction. Returns the correction's plan, if any."""
        rng = self.rng
        secretary = self.persona_person(PERSONA_SECRETARY)
        member = self.persona_person(PERSONA_MEMBER)
        issued = [p for p in plans if p.issued_on and p.kind == ResolutionKind.REGULAR]
        if secretary is None or member is None or len(issued) < 2:
            return []

        def others(plan, *people):
            taken = {p.pk for p in people}
            return [p for p in self.committee(plan.meeting.date) if p.pk not in taken]

        def assign(plan, index, outcome, assignee=None, supervisor=None, kind=None, date=None):
            if index >= len(plan.items):
                return
            item = plan.items[index]
            item.assignee = assignee or rng.choice(others(plan, secretary, member))
            item.supervisor = supervisor or rng.choice(others(plan, item.assignee))
            if kind is not None:
                self.set_deadline(item, kind, plan.issued_on, date)
            item.outcome = outcome

        last, previous = issued[-1], issued[-2]
        week_end = self.today + dt.timedelta(days=6 - self.today.weekday())
        days = [self.today + dt.timedelta(days=i) for i in range((week_end - self.today).days + 1)]
        due = next((d for d in days if is_working_day(d)), self.today)
        if due > last.issued_on + dt.timedelta(days=1):
            assign(last, 0, IN_PROGRESS, member, secretary, DeadlineKind.DATE, due)
        assign(last, 1, REPORTED, supervisor=member)
        assign(last, 2, REPORTED, supervisor=secretary)
        assign(previous, 0, NOT_STARTED, member, secretary, DeadlineKind.MONTH)
        assign(previous, 1, BLOCKED, member, secretary, DeadlineKind.IMMEDIATELY)
        if len(issued) >= 3:
            older = issued[-3]
            assign(older, 0, LATE, kind=DeadlineKind.IMMEDIATELY)
            assign(older, 1, ANSWERED, kind=DeadlineKind.MONTH)
            assign(older, 2, ON_TIME, kind=DeadlineKind.QUARTER)
        if len(issued) >= 7:
            for plan in issued[:2]:
                for i, item in enumerate(plan.items):
                    item.outcome = LATE if i == 1 else ON_TIME
                plan.must_close = True
            return [self.correction(issued[-5], issued[-4])]
        return []

    def correction(self, original: _ResolutionPlan, following: _ResolutionPlan) -> _ResolutionPlan:
        """The next meeting finds one deadline of `original` unrealistic and amends it (R21, R25): the
        original item is done late, the amended one on time."""
        rng = self.rng
        meeting = following.meeting
        item = original.items[-1]
        self.set_deadline(
            item,
            DeadlineKind.DATE,
            original.issued_on,
            next_working_day(meeting.date + dt.timedelta(days=rng.randint(5, 10))),
        )
        extended = next_working_day(item.deadline + dt.timedelta(days=30))
        amended = _ItemPlan(
            content=item.content,
            requirement=item.requirement,
            measures=f"{item.measures}. {AMEND_MEASURES}",
            related_units=item.related_units,
            deadline_kind=DeadlineKind.DATE,
            date=extended,
            deadline=extended,
            assignee=item.assignee,
            supervisor=item.supervisor,
            outcome=SCRIPTED,
            order=len(original.items),
        )
        plan = _ResolutionPlan(
            meeting=meeting,
            kind=original.kind,
            title="",  # "amends No. …": the original's number is known once it is issued
            theme_reason=original.theme_reason,
            assessment=original.assessment,
            objectives=(
                f"Điều chỉnh thời hạn hoàn thành nhiệm vụ “{item.content}” cho phù hợp với thực tế; các nội "
                "dung khác giữ nguyên."
            ),
            implementation=original.implementation,
            drafter=original.drafter,
            created_at=_at(meeting.date, dt.time(16, 30)),
            items=[amended],
            issued_on=following.issued_on,
            issued_at=following.issued_at + dt.timedelta(minutes=90),
            signer=following.signer,
            term=following.term,
            corrects=original,
        )
        # The original: started, the deadline found unrealistic before the meeting; both done once extended.
        item.outcome = SCRIPTED
        started = self.day(original.issued_on + dt.timedelta(days=1), meeting.date - dt.timedelta(days=1))
        reported = self.day(
            item.deadline + dt.timedelta(days=3), min(extended - dt.timedelta(days=2), self.yesterday)
        )
        confirmed = self.day(reported, min(reported + dt.timedelta(days=2), self.yesterday))
        at_start, at_report, at_confirm = self.moments([started, reported, confirmed])
        done = rng.choice(DONE_NOTES)
        item.events = [
            _Event(at_start, "update", status=ItemStatus.IN_PROGRESS, percent=40, note=AMEND_NOTE),
            _Event(at_report, "update", status=ItemStatus.REPORTED_DONE, percent=100, note=done),
            _Event(at_confirm, "confirm", by=item.supervisor),
        ]
        amended.events = [
            _Event(
                at_report + dt.timedelta(minutes=5),
                "update",
                status=ItemStatus.REPORTED_DONE,
                percent=100,
                note=done,
            ),
            _Event(at_confirm + dt.timedelta(minutes=5), "confirm", by=item.supervisor),
        ]
        return plan

    # Writing through the services ---------------------------------------------------------------------

    def user(self, person: Person | None):
        return person.user if person is not None and person.user_id else None

    def write_through_services(self, plans: list[_ResolutionPlan]) -> None:
        clock = self.clock
        for plan in plans:
            if plan.corrects is not None:
                self.correct_through_services(plan)
                continue
            clock.moment = plan.created_at
            resolution = services.create_draft(
                self.org,
                title=plan.title,
                kind=plan.kind,
                meeting=plan.meeting,
                by=self.user(plan.drafter),
                drafter=plan.drafter,
                theme_reason=plan.theme_reason,
                assessment=plan.assessment,
                objectives=plan.objectives,
                implementation=plan.implementation,
            )
            for item in plan.items:
                item.row = services.save_item(resolution, **self.item_fields(item))
            plan.row = resolution
            if plan.issued_on:
                clock.moment = plan.issued_at
                plan.row = services.issue(
                    resolution, signer=plan.signer, by=self.user(plan.signer), on=plan.issued_on
                )
        for plan in plans:
            for item in plan.items:
                self.carry_out(item)
        for plan in plans:
            if plan.closed_at:
                clock.moment = plan.closed_at
                services.close_resolution(
                    plan.row, results="", lessons=plan.lessons, by=self.user(plan.signer)
                )

    def item_fields(self, item: _ItemPlan) -> dict:
        return {
            "content": item.content,
            "requirement": item.requirement,
            "measures": item.measures,
            "deadline_kind": item.deadline_kind,
            "deadline": item.date,
            "assignee": item.assignee,
            "supervisor": item.supervisor,
            "related_units": item.related_units,
        }

    def correct_through_services(self, plan: _ResolutionPlan) -> None:
        """The amending resolution: started from the original, its other items dropped, one changed."""
        original = plan.corrects.row
        plan.title = f"Nghị quyết sửa đổi, bổ sung Nghị quyết số {original.number_display}"
        self.clock.moment = plan.created_at
        draft = services.start_correction(original, mode=Correction.AMENDS, by=self.user(plan.signer))
        services.update_draft(
            draft,
            title=plan.title,
            meeting=plan.meeting,
            objectives=plan.objectives,
        )
        amended = plan.items[0]
        for copy in list(draft.items.order_by("order", "id")):
            if copy.order == amended.order:
                amended.row = services.save_item(draft, copy, **self.item_fields(amended))
            else:
                services.delete_item(copy)
        self.clock.moment = plan.issued_at
        plan.row = services.issue(draft, signer=plan.signer, by=self.user(plan.signer), on=plan.issued_on)

    def carry_out(self, item: _ItemPlan) -> None:
        open_difficulties = []
        assignee = item.assignee
        for e in item.events:
            self.clock.moment = e.at
            if e.kind == "update":
                services.post_update(item.row, assignee, e.status, e.percent, e.note, by=self.user(assignee))
            elif e.kind == "difficulty":
                open_difficulties.append(services.report_difficulty(item.row, assignee, e.note, e.support))
            elif e.kind == "answer":
                services.answer_difficulty(open_difficulties.pop(0), e.by, e.note)
            else:
                services.confirm(item.row, e.by)

    # Writing in bulk ------------------------------------------------------------------------------

    def write_in_bulk(self, plans: list[_ResolutionPlan]) -> None:
        """The rows `write_through_services` leaves, without history rows, handed to the writer; the
        issued texts rendered by `resolution_texts.render_text` from the items in memory."""
        org = self.org
        last_numbers: dict[int, int] = {}
        rows = []
        for plan in plans:
            if plan.corrects is not None:  # only the demo users' committee amends, through the services
                raise ValueError("a correction is written through the services")
            text = [plan.title, plan.assessment, plan.objectives, plan.implementation]
            row = Resolution(
                org=org,
                kind=plan.kind,
                title=plan.title,
                theme_reason=plan.theme_reason,
                assessment=plan.assessment,
                objectives=plan.objectives,
                implementation=plan.implementation,
                meeting=plan.meeting,
                drafter=plan.drafter,
                created_by_id=plan.drafter.user_id,
                created_at=plan.created_at,
                search_text=fold(" ".join([*text, " ".join(i.content for i in plan.items)])),
            )
            if plan.issued_on:
                number = last_numbers[plan.term.pk] = last_numbers.get(plan.term.pk, 0) + 1
                row.term, row.number = plan.term, number
                row.number_display = display(number, DOC_TYPE, org.issuer_code)
                row.issued_on, row.signed_by = plan.issued_on, plan.signer
                row.status = ResolutionStatus.CLOSED if plan.closed_at else ResolutionStatus.ISSUED
            plan.row = row
            rows.append(row)
        self.writer.add(Resolution, rows)

        items = []
        for plan in plans:
            for order, item in enumerate(plan.items, start=1):
                state = _replay(item.events)
                item.row = Item(
                    resolution=plan.row,
                    order=order,
                    status=state.status,
                    percent=state.percent,
                    completed_on=state.completed_on,
                    confirmed_by=state.confirmed_by,
                    confirmed_at=state.confirmed_at,
                    **{**self.item_fields(item), "deadline": item.deadline},
                )
                items.append(item.row)
        self.writer.add(Item, items)

        versions = [
            ResolutionVersion(
                resolution=plan.row,
                number=1,
                text=resolution_texts.render_text(plan.row, [item.row for item in plan.items]),
                note=_("Issued text"),
                author_id=plan.signer.user_id,
                created_at=plan.issued_at,
            )
            for plan in plans
            if plan.issued_on
        ]
        updates, difficulties = [], []
        for plan in plans:
            for item in plan.items:
                answers = [e for e in item.events if e.kind == "answer"]
                for e in item.events:
                    if e.kind == "update":
                        updates.append(
                            ProgressUpdate(
                                item=item.row,
                                author=item.assignee,
                                status=e.status,
                                percent=e.percent,
                                note=e.note,
                                created_at=e.at,
                            )
                        )
                    elif e.kind == "difficulty":
                        answer = answers.pop(0) if answers else None
                        difficulties.append(
                            Difficulty(
                                item=item.row,
                                reporter=item.assignee,
                                text=e.note,
                                support_needed=e.support,
                                status=DifficultyStatus.ANSWERED if answer else DifficultyStatus.OPEN,
                                answer=answer.note if answer else "",
                                answered_by=answer.by if answer else None,
                                answered_at=answer.at if answer else None,
                                created_at=e.at,
                            )
                        )
        self.writer.add(ResolutionVersion, versions)
        self.writer.add(ProgressUpdate, updates)
        self.writer.add(Difficulty, difficulties)
        # The series continue where the demo left them (orgs.numbering.allocate reads this counter).
        self.writer.add(
            DocumentCounter,
            [
                DocumentCounter(org=org, term_id=term, doc_type=DOC_TYPE, last_number=n)
                for term, n in last_numbers.items()
            ],
        )
        # Their results are read back from the items once written.
        self.writer.closings += [plan for plan in plans if plan.closed_at]

    def insert(self, model, rows: list) -> None:
        """Rows written now through the services' committee, else by the writer with the rest."""
        if self.through_services:
            with _stamped(model):
                model.objects.bulk_create(rows)
        else:
            self.writer.add(model, rows)

    # Rows no service can write after the fact -----------------------------------------------------------

    def previous_plans(self, meeting: Meeting, plans: list[_ResolutionPlan]) -> list[_ResolutionPlan]:
        """`resolution_queries.previous_resolutions(meeting)`, from the plans."""
        issued = [
            p
            for p in plans
            if p.issued_on and p.kind == ResolutionKind.REGULAR and p.meeting.pk != meeting.pk
        ]
        earlier = [
            m
            for m in self.meetings
            if m.kind == MeetingKind.REGULAR and m.status != MeetingStatus.CANCELLED and m.date < meeting.date
        ]
        if not earlier:
            before = [p for p in issued if p.issued_on < meeting.date]
            return before[-1:]
        previous = max(earlier, key=lambda m: (m.date, m.pk))
        return [
            p for p in issued if p.meeting.pk == previous.pk or previous.date <= p.issued_on < meeting.date
        ]

    def evaluations(self, plans: list[_ResolutionPlan]) -> None:
        """Each signed regular meeting's evaluation of last month's items, rated from their state when it
        met, and a commendation or criticism now and then (R25)."""
        rng = self.rng
        evaluations, recognitions = [], []
        for meeting in self.meetings:
            if meeting.kind != MeetingKind.REGULAR or meeting.status != MeetingStatus.SIGNED:
                continue
            previous = self.previous_plans(meeting, plans)
            if not previous or (not self.persona and rng.random() >= 0.45 + 0.5 * self.care):
                continue
            start = _at(meeting.date, meeting.start_time or dt.time(8, 0))
            rated = []
            for plan in previous:
                for item in plan.items:
                    state = _replay(item.events, until=start)
                    if state.status == ItemStatus.DONE:
                        on_time = state.completed_on <= item.deadline
                        rating = Rating.GOOD if on_time and rng.random() < 0.7 else Rating.DONE
                    elif state.status == ItemStatus.REPORTED_DONE:
                        rating = Rating.DONE
                    elif item.deadline < meeting.date:
                        rating = Rating.NOT_DONE
                    else:
                        continue  # not due yet: the meeting leaves it for next month
                    rated.append((item, rating))
                    evaluations.append(
                        ItemEvaluation(
                            meeting=meeting,
                            item=item.row,
                            rating=rating,
                            comment=rng.choice(EVALUATION_COMMENTS[rating]),
                        )
                    )
            good = [i for i, r in rated if r == Rating.GOOD]
            late = [i for i, r in rated if r == Rating.NOT_DONE]
            if good and rng.random() < 0.35:
                item = rng.choice(good)
                recognitions.append(
                    Commendation(
                        meeting=meeting,
                        kind=Recognition.COMMEND,
                        person=item.assignee,
                        text=f"Hoàn thành tốt, đúng thời hạn nhiệm vụ “{item.content}”.",
                    )
                )
            if late and rng.random() < 0.35:
                item = rng.choice(late)
                recognitions.append(
                    Commendation(
                        meeting=meeting,
                        kind=Recognition.CRITICIZE,
                        person=item.assignee,
                        text=f"Chậm thực hiện nhiệm vụ “{item.content}”, chưa báo cáo kịp thời nguyên nhân.",
                    )
                )
        self.insert(ItemEvaluation, evaluations)
        self.insert(Commendation, recognitions)
        self.counts["evaluations"] += len(evaluations)
        self.counts["commendations"] += len(recognitions)

    def past_reminders(self, plans: list[_ResolutionPlan]) -> None:
        """The reminders the daily task sent up to yesterday: for each item, each kind on the first day the
        run found it due and the item still open (an item never reopens, so that first day is the only one)."""
        before, escalate = services.days_before(), services.escalate_after()
        rows = []
        for plan in plans:
            if not plan.issued_on:
                continue
            for item in plan.items:
                rows += self.item_reminders(plan.issued_on, item, before, escalate)
        self.insert(Reminder, rows)
        self.counts["reminders"] += len(rows)

    def item_reminders(self, issued_on, item: _ItemPlan, before: int, escalate: int) -> list[Reminder]:
        deadline, rows = item.deadline, []
        # A resolution issued on a day is first seen by the next morning's run.
        first_run = issued_on + dt.timedelta(days=1)

        def open_on(day: dt.date) -> bool:
            return _replay(item.events, until=_at(day, REMINDER_RUN)).status in REMINDED_STATUSES

        def send(day: dt.date, person: Person | None, kind: str) -> None:
            if person is not None:
                rows.append(
                    Reminder(
                        item=item.row,
                        person=person,
                        kind=kind,
                        deadline=deadline,
                        sent_at=_at(day, REMINDER_RUN),
                    )
                )

        day = max(deadline - dt.timedelta(days=before), first_run)
        if day < deadline and day < self.today and open_on(day):
            send(day, item.assignee, ReminderKind.BEFORE)
        day = max(deadline, first_run)
        if day < self.today and open_on(day):
            send(day, item.assignee, ReminderKind.OVERDUE)
            send(day, item.supervisor, ReminderKind.OVERDUE)
        day = max(deadline + dt.timedelta(days=escalate + 1), first_run)
        if day < self.today and open_on(day):
            send(day, self.secretary(day), ReminderKind.ESCALATED)
        return rows

    # Meetings still to hold ---------------------------------------------------------------------------

    def open_meetings(self) -> list[Meeting]:
        return [
            m
            for m in self.meetings
            if m.status in (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED) and m.date >= self.this_month
        ]

    def prefill_reviews(self) -> None:
        """The review of last month written into the next meetings still open (R09)."""
        self.clock.moment = _at(self.yesterday, dt.time(16, 0))
        horizon = self.today + dt.timedelta(days=31)
        for meeting in self.open_meetings():
            if (
                meeting.kind == MeetingKind.REGULAR
                and meeting.date <= horizon
                and resolution_queries.review_summary(meeting).resolutions
            ):
                services.prefill_review(meeting)
                self.counts["reviews_prefilled"] += 1

    def persona_drafts(self) -> None:
        """Drafts for the meetings still to hold: complete for those already due, and for the next one a
        draft in two versions whose third item has no supervisor yet (R15)."""
        prepared = [m for m in self.open_meetings() if list(m.focus_topics.all())]
        upcoming = next((m for m in prepared if m.date >= self.today), None)
        for meeting in prepared:
            if meeting.date < self.today:
                self.draft(meeting, complete=True)
        if upcoming is not None:
            self.draft(upcoming, complete=False)

    def draft(self, meeting: Meeting, complete: bool) -> Resolution:
        notice = self.first_notice.get(meeting.pk)
        start = min(
            notice - dt.timedelta(days=1)
            if notice
            else _at(self.today - dt.timedelta(days=2), dt.time(9, 0)),
            _at(self.today - dt.timedelta(days=2), dt.time(9, 0)),
        )
        plan = self.plan(meeting, count=4)
        plan.issued_on = None
        base = meeting.date
        for item in plan.items:
            self.set_deadline(item, item.deadline_kind, base, item.date)
        if not complete:
            plan.items[2].supervisor = None
        self.clock.moment = start
        resolution = services.create_draft(
            self.org,
            title=plan.title,
            kind=plan.kind,
            meeting=meeting,
            by=self.user(plan.drafter),
            drafter=plan.drafter,
            theme_reason=plan.theme_reason,
            assessment=plan.assessment,
            objectives=plan.objectives,
            implementation=plan.implementation,
        )
        for item in plan.items[:3]:
            services.save_item(resolution, **self.item_fields(item))
        services.save_version(resolution, by=self.user(plan.drafter), note="Dự thảo lần 1")
        self.clock.moment = start + dt.timedelta(hours=5)
        services.update_draft(
            resolution, assessment=f"{plan.assessment} Kết quả cụ thể được đánh giá tại phần kiểm điểm."
        )
        services.save_item(resolution, **self.item_fields(plan.items[3]))
        services.save_version(
            resolution, by=self.user(plan.drafter), note="Dự thảo lần 2, tiếp thu ý kiến Thường trực cấp ủy"
        )
        self.counts["drafts"] += 1
        return resolution

    def persona_extras(self, plans: list[_ResolutionPlan]) -> None:
        """Plans for the latest resolutions (R22, R24) and last year's review (R35)."""
        issued = [p for p in plans if p.issued_on and p.corrects is None]
        for plan, kinds in zip(
            reversed(issued[-2:]),
            ((PlanKind.IMPLEMENTATION, PlanKind.INSPECTION), (PlanKind.IMPLEMENTATION,)),
            strict=False,
        ):
            self.clock.moment = plan.issued_at + dt.timedelta(days=1)
            for kind in kinds:
                services.generate_plan(plan.row, kind)
        year = self.today.year - 1
        self.clock.moment = _at(self.yesterday, dt.time(17, 0))
        annual = services.compile_annual_review(self.org, year, today=self.yesterday)
        items = annual.figures["items"]
        meetings = annual.figures["meetings"]
        pct = items["on_time_pct"]
        services.save_annual_assessment(
            annual,
            f"Năm {year}, cấp ủy tổ chức {meetings['regular_held']} hội nghị thường kỳ, ban hành "
            f"{annual.figures['resolutions']['total']} nghị quyết với {items['total']} nhiệm vụ; hoàn thành đúng "
            f"hạn {items['done_on_time']} nhiệm vụ"
            + (f" ({pct:g}%)".replace(".", ",") if pct is not None else "")
            + f", hoàn thành chậm {items['done_late']}, chưa hoàn thành {items['not_done']}. Ưu điểm: "
            f"{self.strength(self.rng, dt.date(year, 12, 31))}. Hạn chế: {self.rng.choice(WEAKNESSES)}; nguyên nhân: "
            f"{self.rng.choice(CAUSES)}. Bài học: {self.rng.choice(LESSONS)}",
        )

    # The whole organization -----------------------------------------------------------------------------

    def run(self) -> None:
        plans = [
            self.plan(m)
            for m in self.meetings
            if m.status == MeetingStatus.SIGNED and getattr(m, "vote", None) is not None and m.vote.adopted
        ]
        if self.persona:
            plans += self.persona_script(plans)
        for plan in plans:
            if plan.issued_on:
                for item in plan.items:
                    if item.outcome == SCRIPTED:
                        continue
                    if item.outcome is None:
                        item.outcome = self.outcome(item.deadline)
                    item.events = self.events(item, plan.issued_on)
        for plan in plans:
            if plan.issued_on:
                self.close(plan, forced=plan.must_close)
        plans.sort(key=_ResolutionPlan.write_key)
        if self.through_services:
            self.write_through_services(plans)
        else:
            self.write_in_bulk(plans)
        self.evaluations(plans)
        self.past_reminders(plans)
        if self.through_services:
            self.prefill_reviews()
        else:
            self.writer.then.append(self.prefill_reviews)
        if self.persona:
            self.persona_drafts()
            self.persona_extras(plans)
        counts = self.counts
        counts["resolutions"] += len(plans)
        counts["issued"] += sum(1 for p in plans if p.issued_on)
        counts["closed"] += sum(1 for p in plans if p.closed_at)
        counts["corrections"] += sum(1 for p in plans if p.corrects is not None)
        counts["items"] += sum(len(p.items) for p in plans)
        counts["updates"] += sum(1 for p in plans for i in p.items for e in i.events if e.kind == "update")
        counts["difficulties"] += sum(
            1 for p in plans for i in p.items for e in i.events if e.kind == "difficulty"
        )


# ---------------------------------------------------------------------------------------------------
# Entry point


# The demo speaks Vietnamese whatever language the caller has active: notes and messages written
# into the data must not depend on who ran it (and the generators promise the same rows every time).
@translation.override("vi")
def generate_resolutions(
    today: dt.date | None = None, seed: int = 2016, stdout=None, *, bulk: bool = True
) -> ResolutionsResult:
    """Resolutions of every signed meeting of the demo's history and what became of their items up to
    `today`; deterministic for a given registry, history, seed and day.

    `bulk=False` writes every committee through the services (slower; the tests compare both ways).
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    result = ResolutionsResult(today=today, seed=seed)
    with_meetings = set(Meeting.objects.values_list("org_id", flat=True).distinct())
    orgs = [o for o in Organization.objects.grassroots().order_by("code") if o.pk in with_meetings]
    seats = _seats_by_org(orgs)
    terms: dict[int, list[Term]] = {}
    for term in Term.objects.filter(org__in=orgs):
        terms.setdefault(term.org_id, []).append(term)
    persona_org = _persona_org_id()
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _say(stdout, f"Đang tạo nghị quyết và việc thực hiện nghị quyết của {_n(len(orgs))} tổ chức cơ sở đảng…")
    writer = _BulkWriter() if bulk else None
    with _Clock() as clock, transaction.atomic():
        for done, org in enumerate(orgs, start=1):
            _OrgResolutions(
                org,
                seats.get(org.pk, []),
                terms.get(org.pk, []),
                random.Random(f"{seed}:resolutions:{org.code}"),
                clock,
                today,
                result.counts,
                persona=org.pk == persona_org,
                writer=writer,
            ).run()
            if writer is not None and writer.pending() >= writer.FLUSH_AT:
                writer.flush()
            # With DEBUG on, Django keeps the SQL of recent queries.
            reset_queries()
            if done % 10 == 0 and done < len(orgs):
                _say(stdout, f"  … {done}/{len(orgs)} tổ chức")
        if writer is not None:
            writer.flush()
            _analyze(*_BulkWriter.MODELS, ClosingReview)
        # Today's run of the reminder task, as its schedule would start it.
        clock.moment = _at(today, REMINDER_RUN)
        sent = services.send_reminders(today)
        result.counts["reminders"] += sum(sent.values())
        _read_old_notifications(clock, first_notification, today)
    result.seconds = time.monotonic() - started
    counts = result.counts
    seconds = f"{result.seconds:.1f}".replace(".", ",")
    _say(
        stdout,
        f"Đã tạo {_n(counts['resolutions'] + counts['drafts'])} nghị quyết ({_n(counts['issued'])} đã ban hành, "
        f"{_n(counts['closed'])} đã tổng kết), {_n(counts['items'])} nhiệm vụ, {_n(counts['updates'])} báo cáo "
        f"tiến độ, {_n(counts['reminders'])} lần nhắc hạn, sau {seconds} giây.",
    )
    return result


def _read_old_notifications(clock: _Clock, after_pk: int, today: dt.date) -> None:
    """The demo users have read what the resolutions told them more than three days ago."""
    cutoff = _at(today - dt.timedelta(days=3), dt.time(0, 0))
    old = (
        Notification.objects.filter(pk__gt=after_pk, read_at__isnull=True, created_at__lt=cutoff)
        .select_related("recipient")
        .order_by("pk")
    )
    for notification in old:
        clock.moment = notification.created_at + dt.timedelta(hours=3)
        mark_read(notification.recipient, notification.pk)
