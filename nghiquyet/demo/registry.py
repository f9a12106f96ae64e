"""Deterministic demo data: the 2016 bloc (or a city, or the nation) with members, committees and logins.

Everything is drawn from one `random.Random(seed)`, so the same sizes and seed give the same names, codes,
dates and levels on any database. Rows go in with `bulk_create` (no history records: generated data has
no author) in chunks of whole grassroots organizations, so memory stays flat at the nation's scale.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from itertools import accumulate

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, reset_queries, transaction
from django.utils import translation

from nghiquyet.orgs.models import (
    Body,
    BodyKind,
    BodyStaff,
    CommitteeMembership,
    Education,
    Gender,
    Organization,
    OrgKind,
    Person,
    Position,
    StaffRole,
    Term,
    Theory,
)

DEMO_PASSWORD = "nghiquyet"
# The logins `generate` makes with the registry; the 2025 transfer (demo.reorganization) adds the Organization
# Board officers of the two committees it founds. All of them are printed, listed and deleted together.
REGISTRY_USERNAMES = ("admin", "bantochuc", "ubkt", "bithu", "capuy", "dangvien")
SUCCESSOR_USERNAME = "bantochuc2"  # the Đảng bộ các cơ quan Đảng thành phố's officer
GOVERNMENT_SUCCESSOR_USERNAME = "bantochuc3"  # the Đảng bộ Ủy ban nhân dân thành phố's officer
DEMO_USERNAMES = (*REGISTRY_USERNAMES, SUCCESSOR_USERNAME, GOVERNMENT_SUCCESSOR_USERNAME)
BATCH_SIZE = 5000
# Grassroots organizations are generated and inserted together until this many members are pending.
CHUNK_MEMBERS = 20_000
TERM_LABEL = "2025–2030"
TERM_START = dt.date(2025, 6, 1)
TERM_END = dt.date(2030, 6, 1)
# The term before (R39: the demo carries 2024 as it was): the grassroots congresses of 2020 elected the
# committees that sat until those of 2025. Its seats go to the same people where they were full members by
# then (re-elected), so a 2024 meeting has its committee and a 2024 resolution its term and signer.
PREVIOUS_TERM_LABEL = "2020–2025"
PREVIOUS_TERM_START = dt.date(2020, 6, 1)
PREVIOUS_TERM_END = TERM_START - dt.timedelta(days=1)
# The bloc's staff (its officers read the bloc's 2024) served through both terms.
STAFF_START = PREVIOUS_TERM_START
# Full membership comes a year after admission and must lie before the term's congresses.
LAST_ADMISSION = dt.date(2024, 6, 1)

BLOC_CODE = "DUK"
BLOC_NAME = "Đảng bộ Khối các cơ quan thành phố Hà Nội"
OFFICE_CELL_CODE = "CQDUK"
OFFICE_CELL_NAME = "Chi bộ Cơ quan Đảng ủy Khối"
OFFICE_WORKPLACE = "Cơ quan Đảng ủy Khối các cơ quan thành phố Hà Nội"
# The office cell holds the bloc's staff and its own chi ủy, so it is never smaller than this.
OFFICE_CELL_MIN_MEMBERS = 30
MIN_CELL_MEMBERS = 3  # a chi bộ has at least three full members (Party Charter)
COMMITTEE_SEATS = (7, 15)  # đảng ủy cơ sở
CELL_SEATS = (3, 5)  # chi ủy of a chi bộ cơ sở

EDUCATION_LEVELS = (Education.DOCTORATE, Education.MASTER, Education.UNIVERSITY)
THEORY_LEVELS = (Theory.BACHELOR, Theory.ADVANCED, Theory.INTERMEDIATE, Theory.ELEMENTARY)


@dataclass(frozen=True)
class Sizes:
    """How much to generate. Grassroots cells include the bloc's office cell (CQDUK)."""

    grassroots_committees: int
    grassroots_cells: int
    partial_committees: int
    subordinate_cells: int
    members: int
    committee_members: int
    # Grassroots committee members' levels, in the order of EDUCATION_LEVELS and THEORY_LEVELS; when
    # left out they follow the seed's proportions.
    education: tuple[int, ...] | None = None
    theory: tuple[int, ...] | None = None

    def __post_init__(self):
        for name, levels in (("education", self.education), ("theory", self.theory)):
            if levels is not None and sum(levels) != self.committee_members:
                raise ValueError(f"{name} levels must add up to committee_members")

    def scaled(self, factor: int) -> Sizes:
        """These sizes multiplied by a whole factor."""
        changes = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int):
                changes[f.name] = value * factor
            elif value is not None:
                changes[f.name] = tuple(v * factor for v in value)
        return replace(self, **changes)

    def education_counts(self) -> dict[str, int]:
        counts = self.education or _split(self.committee_members, BLOC.education)
        return dict(zip(EDUCATION_LEVELS, counts, strict=True))

    def theory_counts(self) -> dict[str, int]:
        counts = self.theory or _split(self.committee_members, BLOC.theory)
        return dict(zip(THEORY_LEVELS, counts, strict=True))

    @property
    def grassroots(self) -> int:
        return self.grassroots_committees + self.grassroots_cells


# The seed's figures [p2–3]: 160 doctorate or master, 386 university; 463 advanced or bachelor, 56
# intermediate, 27 elementary. The split inside the first groups is ours.
BLOC = Sizes(
    grassroots_committees=46,
    grassroots_cells=18,
    partial_committees=2,
    subordinate_cells=543,
    members=6306,
    committee_members=546,
    education=(22, 138, 386),
    theory=(38, 425, 56, 27),
)
TINY = Sizes(
    grassroots_committees=3,
    grassroots_cells=2,
    partial_committees=1,
    subordinate_cells=9,
    members=240,
    committee_members=36,
)
CITY = Sizes(
    grassroots_committees=1_700,
    grassroots_cells=800,
    partial_committees=150,
    subordinate_cells=19_200,
    members=500_000,
    committee_members=20_200,
)
NATION = Sizes(
    grassroots_committees=30_000,
    grassroots_cells=22_105,
    partial_committees=3_000,
    subordinate_cells=228_000,
    members=5_600_000,
    committee_members=388_400,
)
SCALES = {"tiny": TINY, "bloc": BLOC, "city": CITY, "nation": NATION}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    who: str
    org_code: str = ""


@dataclass
class DemoResult:
    sizes: Sizes
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------------
# Names. Frequencies of family names are rounded from published surveys; the rest are common choices.

FAMILY_NAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 4),
    ("Huỳnh", 1),
    ("Phan", 4.5),
    ("Vũ", 3.5),
    ("Võ", 0.5),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đào", 0.8),
    ("Đinh", 0.8),
    ("Trịnh", 0.7),
    ("Lương", 0.5),
    ("Mai", 0.5),
    ("Tạ", 0.4),
    ("Chu", 0.3),
    ("Kiều", 0.3),
)
MALE_MIDDLE = (
    ("Văn", 35),
    ("Hữu", 6),
    ("Đức", 8),
    ("Minh", 8),
    ("Quang", 6),
    ("Xuân", 4),
    ("Thanh", 5),
    ("Mạnh", 4),
    ("Ngọc", 3),
    ("Công", 4),
    ("Tiến", 3),
    ("Duy", 3),
    ("Trung", 3),
    ("Hoàng", 3),
    ("Việt", 3),
    ("Anh", 2),
)
FEMALE_MIDDLE = (
    ("Thị", 45),
    ("Thu", 7),
    ("Thanh", 6),
    ("Ngọc", 6),
    ("Minh", 4),
    ("Thúy", 3),
    ("Hồng", 5),
    ("Phương", 3),
    ("Kim", 3),
    ("Bích", 2),
    ("Hoài", 2),
    ("Diệu", 2),
    ("Khánh", 2),
    ("Mai", 2),
    ("Lan", 2),
)
# A second middle name after "Thị" ("Nguyễn Thị Thu Hà").
FEMALE_SECOND_MIDDLE = ("Thu", "Thanh", "Ngọc", "Minh", "Hồng", "Kim", "Bích", "Mai")
MALE_GIVEN = (
    "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Sơn", "Long", "Thắng", "Cường", "Quân", "Trung",
    "Hiếu", "Đức", "Phong", "Tùng", "Bình", "Huy", "Khánh", "Thành", "Vinh", "Hòa", "Toàn", "Kiên",
    "Lâm", "Quang", "Việt", "Hưng", "Tâm", "Thịnh", "Thái", "Hoàng", "Phúc", "Đạt", "Tú", "An", "Chiến",
    "Giang", "Hậu", "Nghĩa",
)  # fmt: skip
FEMALE_GIVEN = (
    "Lan", "Hương", "Hoa", "Mai", "Hạnh", "Hà", "Linh", "Trang", "Thủy", "Ngọc", "Phương", "Anh", "Hằng",
    "Nga", "Yến", "Huyền", "Thảo", "Dung", "Loan", "Nhung", "Oanh", "Vân", "Giang", "Quyên", "Liên",
    "Thu", "Hiền", "Lệ", "Nguyệt", "Châu", "Tâm", "Ly", "Hòa", "Duyên", "Thơ", "Vy", "Chi", "Nhàn",
)  # fmt: skip

# Grassroots organizations of the bloc: the larger agencies are đảng bộ cơ sở, the smaller chi bộ cơ sở.
COMMITTEE_AGENCIES = (
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa và Thể thao",
    "Sở Du lịch",
    "Sở Quy hoạch – Kiến trúc",
    "Sở Giao thông vận tải",
    "Sở Kế hoạch và Đầu tư",
    "Sở Lao động – Thương binh và Xã hội",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Thanh tra Thành phố",
    "Văn phòng UBND Thành phố",
    "Văn phòng Đoàn ĐBQH và HĐND Thành phố",
    "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng Thành phố",
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông Thành phố",
    "Ban Quản lý dự án đầu tư xây dựng công trình cấp nước, thoát nước và môi trường",
    "Ban Quản lý dự án đầu tư xây dựng công trình văn hóa – xã hội Thành phố",
    "Ban Quản lý đường sắt đô thị Hà Nội",
    "Đài Phát thanh và Truyền hình Hà Nội",
    "Báo Hànộimới",
    "Báo Kinh tế và Đô thị",
    "Cục Thuế Thành phố Hà Nội",
    "Cục Hải quan Thành phố Hà Nội",
    "Kho bạc Nhà nước Hà Nội",
    "Bảo hiểm xã hội Thành phố Hà Nội",
    "Cục Thống kê Thành phố Hà Nội",
    "Ngân hàng Nhà nước Chi nhánh Thành phố Hà Nội",
    "Quỹ Đầu tư phát triển Thành phố",
    "Trường Đại học Thủ đô Hà Nội",
    "Trường Cao đẳng Y tế Hà Nội",
    "Trường Cao đẳng Thương mại và Du lịch Hà Nội",
    "Trường Cao đẳng nghề Công nghiệp Hà Nội",
    "Trường Đào tạo cán bộ Lê Hồng Phong",
    "Viện Nghiên cứu phát triển kinh tế – xã hội Hà Nội",
    "Liên minh Hợp tác xã Thành phố",
    "Cục Quản lý thị trường Thành phố Hà Nội",
    "Thành đoàn Hà Nội",
    "Hội Liên hiệp Phụ nữ Thành phố",
    "Liên đoàn Lao động Thành phố",
    "Hội Nông dân Thành phố",
    "Cơ quan Ủy ban MTTQ Việt Nam Thành phố",
    "Trung tâm Xúc tiến Đầu tư, Thương mại, Du lịch Thành phố",
)
CELL_AGENCIES = (
    "Ban Dân tộc",
    "Ban Tôn giáo Thành phố",
    "Hội Chữ thập đỏ Thành phố",
    "Hội Văn học Nghệ thuật Hà Nội",
    "Liên hiệp các Hội Khoa học và Kỹ thuật Thành phố",
    "Hội Luật gia Thành phố",
    "Hội Nhà báo Thành phố",
    "Liên hiệp các tổ chức hữu nghị Thành phố",
    "Hội Khuyến học Thành phố",
    "Hội Cựu chiến binh Thành phố",
    "Hội Người mù Thành phố",
    "Hội Cựu thanh niên xung phong Thành phố",
    "Hội Nạn nhân chất độc da cam/dioxin Thành phố",
    "Ban Quản lý Phố cổ Hà Nội",
    "Trung tâm Bảo tồn Di sản Thăng Long – Hà Nội",
    "Hội Đông y Thành phố",
    "Đoàn Luật sư Thành phố Hà Nội",
    "Hội Bảo trợ người khuyết tật và trẻ mồ côi Thành phố",
    "Hội Sinh vật cảnh Thành phố",
)
# Beyond the bloc (city and nation scales) names are made of a unit and a place.
EXTRA_COMMITTEE_UNITS = (
    "Ủy ban nhân dân",
    "Trung tâm Y tế",
    "Bệnh viện Đa khoa",
    "Ban Quản lý dự án đầu tư xây dựng",
    "Trung tâm Văn hóa – Thông tin và Thể thao",
    "Công ty Cổ phần Môi trường Đô thị",
    "Trường Trung học phổ thông",
    "Trung tâm Phát triển quỹ đất",
    "Công an",
    "Ban Chỉ huy Quân sự",
)
EXTRA_CELL_UNITS = (
    "Trường Mầm non",
    "Trường Tiểu học",
    "Trường Trung học cơ sở",
    "Phòng Tư pháp",
    "Phòng Nội vụ",
    "Phòng Tài chính – Kế hoạch",
    "Hội Chữ thập đỏ",
    "Hội Cựu chiến binh",
    "Chi cục Thuế",
    "Kho bạc Nhà nước",
)
PLACES = (
    "quận Ba Đình", "quận Hoàn Kiếm", "quận Tây Hồ", "quận Long Biên", "quận Cầu Giấy", "quận Đống Đa",
    "quận Hai Bà Trưng", "quận Hoàng Mai", "quận Thanh Xuân", "quận Nam Từ Liêm", "quận Bắc Từ Liêm",
    "quận Hà Đông", "thị xã Sơn Tây", "huyện Ba Vì", "huyện Phúc Thọ", "huyện Đan Phượng",
    "huyện Hoài Đức", "huyện Quốc Oai", "huyện Thạch Thất", "huyện Chương Mỹ", "huyện Thanh Oai",
    "huyện Thường Tín", "huyện Phú Xuyên", "huyện Ứng Hòa", "huyện Mỹ Đức", "huyện Thanh Trì",
    "huyện Gia Lâm", "huyện Đông Anh", "huyện Sóc Sơn", "huyện Mê Linh",
)  # fmt: skip
# Units inside an agency, each holding a subordinate cell ("Chi bộ Phòng Tổ chức cán bộ").
SUBUNITS = (
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Phòng Kế hoạch – Tài chính",
    "Thanh tra",
    "Phòng Pháp chế",
    "Phòng Hành chính – Tổng hợp",
    "Phòng Quản lý đầu tư",
    "Phòng Kiểm tra",
    "Phòng Tuyên truyền",
    "Phòng Công nghệ thông tin",
    "Phòng Hợp tác quốc tế",
    "Phòng Quản lý chất lượng",
    "Phòng Thi đua – Khen thưởng",
    "Phòng Kế toán",
    "Phòng Quản trị",
    "Phòng Thẩm định",
    "Phòng Chính sách",
    "Phòng Đào tạo",
    "Phòng Quản lý khoa học",
    "Phòng Nghiệp vụ",
    "Phòng Quy hoạch",
    "Phòng Kỹ thuật",
    "Phòng Thống kê tổng hợp",
    "Phòng Cải cách hành chính",
    "Phòng Quản lý dự án 1",
    "Phòng Quản lý dự án 2",
    "Phòng Dịch vụ công",
    "Phòng Hành chính – Quản trị",
    "Trung tâm Thông tin",
    "Trung tâm Dữ liệu",
    "Trung tâm Dịch vụ",
    "Trung tâm Tư vấn",
    "Trung tâm Đào tạo",
    "Ban Biên tập",
    "Phòng Thời sự",
    "Đội Kiểm tra liên ngành",
    "Đội Quản lý thị trường số 1",
    "Đội Quản lý thị trường số 2",
    "Phòng Thanh tra – Pháp chế",
    "Phòng Công tác Đảng – Đoàn thể",
)
PARTIAL_UNITS = (
    "Khối Văn phòng",
    "Khối Nghiệp vụ",
    "Trung tâm Kỹ thuật",
    "Khối Sản xuất chương trình",
    "Khối Đơn vị sự nghiệp",
    "Trung tâm Dịch vụ tổng hợp",
    "Khối Quản lý nhà nước",
    "Khối Trường học",
)
# (head, deputy) job titles by the first word(s) of an agency's name.
HEAD_TITLES = (
    ("Sở", ("Giám đốc Sở", "Phó Giám đốc Sở")),
    ("Thanh tra", ("Chánh Thanh tra", "Phó Chánh Thanh tra")),
    ("Văn phòng", ("Chánh Văn phòng", "Phó Chánh Văn phòng")),
    ("Ban", ("Trưởng ban", "Phó Trưởng ban")),
    ("Báo", ("Tổng Biên tập", "Phó Tổng Biên tập")),
    ("Cục", ("Cục trưởng", "Phó Cục trưởng")),
    ("Trường", ("Hiệu trưởng", "Phó Hiệu trưởng")),
    ("Viện", ("Viện trưởng", "Phó Viện trưởng")),
    ("Thành đoàn", ("Bí thư Thành đoàn", "Phó Bí thư Thành đoàn")),
    ("Đoàn Luật sư", ("Chủ nhiệm", "Phó Chủ nhiệm")),
    ("Hội", ("Chủ tịch", "Phó Chủ tịch")),
    ("Liên", ("Chủ tịch", "Phó Chủ tịch")),
    ("Cơ quan Đảng ủy", ("Phó Chánh Văn phòng Đảng ủy Khối", "Phó Trưởng Ban Tuyên giáo Đảng ủy Khối")),
    ("Cơ quan", ("Chủ tịch", "Phó Chủ tịch")),
    ("Ủy ban", ("Chủ tịch", "Phó Chủ tịch")),
    ("Công an", ("Trưởng Công an", "Phó Trưởng Công an")),
    ("Phòng", ("Trưởng phòng", "Phó Trưởng phòng")),
)
DEFAULT_HEAD_TITLES = ("Giám đốc", "Phó Giám đốc")
COMMITTEE_MEMBER_JOBS = (
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chánh Văn phòng",
    "Trưởng phòng Tổ chức cán bộ",
    "Chủ tịch Công đoàn cơ sở",
    "Bí thư Đoàn Thanh niên",
    "Giám đốc Trung tâm",
)
ORDINARY_JOBS = (
    ("Chuyên viên", 40),
    ("Chuyên viên chính", 15),
    ("Phó Trưởng phòng", 8),
    ("Trưởng phòng", 5),
    ("Kế toán viên", 5),
    ("Thanh tra viên", 4),
    ("Văn thư", 3),
    ("Nhân viên", 10),
    ("Cán sự", 5),
    ("Kỹ sư", 5),
)
ORDINARY_EDUCATION = (
    (Education.DOCTORATE, 2),
    (Education.MASTER, 20),
    (Education.UNIVERSITY, 63),
    (Education.COLLEGE, 7),
    (Education.VOCATIONAL, 5),
    (Education.NONE, 3),
)
ORDINARY_THEORY = (
    (Theory.BACHELOR, 1),
    (Theory.ADVANCED, 5),
    (Theory.INTERMEDIATE, 25),
    (Theory.ELEMENTARY, 55),
    (Theory.NONE, 14),
)
# Leaders draw their levels with these weights on top of what is left of the exact counts, so the
# secretary is seldom the one with only elementary political theory.
LEADER_BIAS = {
    Education.DOCTORATE: 2,
    Education.MASTER: 2,
    Theory.BACHELOR: 3,
    Theory.ADVANCED: 3,
    Theory.ELEMENTARY: 0,
}
POSITION_WORDS = {
    Position.SECRETARY: "Bí thư",
    Position.DEPUTY_SECRETARY: "Phó Bí thư",
    Position.STANDING_MEMBER: "Ủy viên Ban Thường vụ",
    Position.MEMBER: "Cấp ủy viên",
}
ROLE_WORDS = {StaffRole.HEAD: "Trưởng", StaffRole.DEPUTY: "Phó Trưởng", StaffRole.OFFICER: "Cán bộ"}
# The bloc's upper-level bodies: (kind, name).
BODIES = (
    (BodyKind.STANDING_COMMITTEE, "Ban Thường vụ Đảng ủy Khối"),
    (BodyKind.ORGANIZATION_BOARD, "Ban Tổ chức Đảng ủy Khối"),
    (BodyKind.INSPECTION_COMMITTEE, "Ủy ban Kiểm tra Đảng ủy Khối"),
    (BodyKind.OFFICE, "Văn phòng Đảng ủy Khối"),
)


def _weighted(pairs) -> tuple[tuple, list[float]]:
    values = tuple(unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v, _ in pairs)
    return values, list(accumulate(w for _, w in pairs))


_FAMILY = _weighted(FAMILY_NAMES)
_MIDDLE = {Gender.MALE: _weighted(MALE_MIDDLE), Gender.FEMALE: _weighted(FEMALE_MIDDLE)}
_GIVEN = {Gender.MALE: MALE_GIVEN, Gender.FEMALE: FEMALE_GIVEN}
_JOBS = _weighted(ORDINARY_JOBS)
_EDUCATION = _weighted(ORDINARY_EDUCATION)
_THEORY = _weighted(ORDINARY_THEORY)


def _pick(rng: random.Random, table: tuple[tuple, list[float]]):
    values, cum = table
    return rng.choices(values, cum_weights=cum)[0]


def person_name(rng: random.Random, gender: str) -> str:
    """A Vietnamese full name, family name first."""
    family = _pick(rng, _FAMILY)
    middle = _pick(rng, _MIDDLE[gender])
    if middle == "Thị" and rng.random() < 0.12:
        middle = f"Thị {rng.choice(FEMALE_SECOND_MIDDLE)}"
    given = rng.choice(_GIVEN[gender])
    while given in middle.split():
        given = rng.choice(_GIVEN[gender])
    return unicodedata.normalize("NFC", f"{family} {middle} {given}")


def _dates(rng: random.Random, born_from: int, born_to: int, join_within_years: int):
    """(birth, admission, full membership): admission at 18 or later, full membership a year on."""
    birth = dt.date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
    adult = birth.replace(year=birth.year + 18)
    # Most people join in their twenties: a triangular spread peaking four years after coming of age.
    admitted = adult + dt.timedelta(days=int(rng.triangular(0, join_within_years * 365, 4 * 365)))
    if admitted > LAST_ADMISSION:
        admitted = LAST_ADMISSION - dt.timedelta(days=rng.randint(0, 365))
    day = min(admitted.day, 28) if admitted.month == 2 else admitted.day
    full = admitted.replace(year=admitted.year + 1, day=day)
    return birth, admitted, full


def _head_titles(agency: str) -> tuple[str, str]:
    for prefix, titles in HEAD_TITLES:
        if agency.startswith(prefix):
            return titles
    return DEFAULT_HEAD_TITLES


def _split(total: int, shares) -> tuple[int, ...]:
    """`total` split in proportion to `shares`, largest remainders rounded up."""
    whole = sum(shares)
    raw = [total * s / whole for s in shares]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return tuple(out)


def _apportion(total: int, weights: list[float], minimums: list[int], what: str) -> list[int]:
    """`total` split by weight, each part at least its minimum."""
    spare = total - sum(minimums)
    if spare < 0:
        raise ValueError(f"{total} {what} are too few: at least {sum(minimums)} are needed")
    extra = _split(spare, weights) if weights else ()
    return [m + e for m, e in zip(minimums, extra, strict=True)]


def _fit(values: list[int], bounds: list[tuple[int, int]], target: int, rng: random.Random) -> None:
    """Nudge `values` one step at a time, within bounds, until they add up to `target`."""
    low, high = sum(b[0] for b in bounds), sum(b[1] for b in bounds)
    if not low <= target <= high:
        raise ValueError(f"{target} committee members cannot fill committees of sizes {low}–{high}")
    order = list(range(len(values)))
    rng.shuffle(order)
    diff = target - sum(values)
    while diff:
        step = 1 if diff > 0 else -1
        for i in order:
            if diff and bounds[i][0] <= values[i] + step <= bounds[i][1]:
                values[i] += step
                diff -= step


def _positions(size: int) -> list[str]:
    """Seats of a committee: one secretary, deputies, a standing committee from nine members up."""
    deputies = 1 if size < 11 else 2
    standing = max(1, size // 3 - 1 - deputies) if size >= 9 else 0
    rest = size - 1 - deputies - standing
    return [
        Position.SECRETARY,
        *[Position.DEPUTY_SECRETARY] * deputies,
        *[Position.STANDING_MEMBER] * standing,
        *[Position.MEMBER] * rest,
    ]


def _unique_names(base: tuple[str, ...], extra_units: tuple[str, ...], count: int) -> list[str]:
    """`count` distinct agency names: the base list first, then unit + place, then numbered rounds."""
    names = list(base[:count])
    n = 0
    while len(names) < count:
        rounds, k = divmod(n, len(extra_units) * len(PLACES))
        unit, place = extra_units[k % len(extra_units)], PLACES[k // len(extra_units)]
        names.append(f"{unit} {place}" if rounds == 0 else f"{unit} số {rounds + 1} {place}")
        n += 1
    return names


def _subunit_names(rng: random.Random, count: int, units: tuple[str, ...] = SUBUNITS) -> list[str]:
    """`count` unit names distinct within one parent, numbered once the list runs out."""
    names = rng.sample(units, min(count, len(units)))
    for i in range(len(names), count):
        names.append(f"{units[i % len(units)]} {i // len(units) + 1}")
    return names


class _LevelPool:
    """Exact numbers of levels to hand out, drawn without replacement."""

    def __init__(self, counts: dict[str, int]):
        self.left = dict(counts)

    def draw(self, rng: random.Random, bias: dict[str, float] | None = None) -> str:
        levels = [lv for lv, n in self.left.items() if n]
        weights = [self.left[lv] * (bias or {}).get(lv, 1) for lv in levels]
        if not any(weights):
            weights = [self.left[lv] for lv in levels]
        level = rng.choices(levels, weights=weights)[0]
        self.left[level] -= 1
        return level


# ---------------------------------------------------------------------------------------------------
# The plan: numbers only, small even for the nation.


@dataclass
class _Grassroots:
    code: str
    agency: str
    kind: str
    weight: float
    seats: int = 0
    cells: int = 0  # subordinate cells, those of its partial committees included
    partials: int = 0
    members: int = 0

    @property
    def name(self) -> str:
        if self.code == OFFICE_CELL_CODE:
            return OFFICE_CELL_NAME
        prefix = "Đảng bộ" if self.kind == OrgKind.GRASSROOTS_COMMITTEE else "Chi bộ"
        return f"{prefix} {self.agency}"


def _plan(sizes: Sizes, rng: random.Random) -> list[_Grassroots]:
    if sizes.grassroots_committees < 1 or sizes.grassroots_cells < 1:
        raise ValueError("at least one đảng bộ cơ sở and one chi bộ cơ sở (the office cell) are needed")
    width = max(3, len(str(sizes.grassroots)))
    committee_names = _unique_names(COMMITTEE_AGENCIES, EXTRA_COMMITTEE_UNITS, sizes.grassroots_committees)
    cell_names = _unique_names(CELL_AGENCIES, EXTRA_CELL_UNITS, sizes.grassroots_cells - 1)
    plan = [
        _Grassroots(f"CS{i + 1:0{width}d}", agency, kind, rng.lognormvariate(0, 0.5))
        for i, (agency, kind) in enumerate(
            [(a, OrgKind.GRASSROOTS_COMMITTEE) for a in committee_names]
            + [(a, OrgKind.GRASSROOTS_CELL) for a in cell_names]
        )
    ]
    plan.append(_Grassroots(OFFICE_CELL_CODE, OFFICE_WORKPLACE, OrgKind.GRASSROOTS_CELL, 1.0))
    committees = [g for g in plan if g.kind == OrgKind.GRASSROOTS_COMMITTEE]

    # Committee sizes grow with the organization's weight, then are nudged to the exact total.
    by_weight = sorted(committees, key=lambda g: g.weight)
    for rank, g in enumerate(by_weight):
        share = rank / max(1, len(by_weight) - 1)
        g.seats = min(COMMITTEE_SEATS[1], max(COMMITTEE_SEATS[0], round(7 + 8 * share) + rng.randint(-1, 1)))
    for g in plan:
        if g.kind == OrgKind.GRASSROOTS_CELL:
            g.seats = rng.randint(*CELL_SEATS)
    seats = [g.seats for g in plan]
    bounds = [COMMITTEE_SEATS if g.kind == OrgKind.GRASSROOTS_COMMITTEE else CELL_SEATS for g in plan]
    _fit(seats, bounds, sizes.committee_members, rng)
    for g, n in zip(plan, seats, strict=True):
        g.seats = n

    # Partial committees go to the largest đảng bộ, one each in turn.
    for i in range(sizes.partial_committees):
        by_weight[-1 - i % len(by_weight)].partials += 1
    cells = _apportion(
        sizes.subordinate_cells,
        [g.weight for g in committees],
        [2 + 2 * g.partials for g in committees],
        "subordinate cells",
    )
    for g, n in zip(committees, cells, strict=True):
        g.cells = n

    minimums = []
    for g in plan:
        if g.kind == OrgKind.GRASSROOTS_COMMITTEE:
            minimums.append(max(MIN_CELL_MEMBERS * g.cells, g.seats + 3))
        elif g.code == OFFICE_CELL_CODE:
            minimums.append(OFFICE_CELL_MIN_MEMBERS)
        else:
            minimums.append(max(MIN_CELL_MEMBERS, g.seats + 2))
    # A đảng bộ's share follows its number of cells (already drawn by weight), so cells stay alike in size.
    weights = [g.cells + 1 if g.kind == OrgKind.GRASSROOTS_COMMITTEE else g.weight for g in plan]
    for g, n in zip(plan, _apportion(sizes.members, weights, minimums, "members"), strict=True):
        g.members = n
    return plan


def _chunks(plan: list[_Grassroots]) -> Iterator[list[_Grassroots]]:
    chunk, pending = [], 0
    for g in plan:
        chunk.append(g)
        pending += g.members
        if pending >= CHUNK_MEMBERS:
            yield chunk
            chunk, pending = [], 0
    if chunk:
        yield chunk


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


def _n(number: int) -> str:
    """A count the Vietnamese way: 6.306."""
    return f"{number:,}".replace(",", ".")


# ---------------------------------------------------------------------------------------------------
# The builder: turns the plan into rows, one chunk of grassroots organizations at a time.


class _Builder:
    def __init__(self, sizes: Sizes, rng: random.Random, stdout):
        self.sizes = sizes
        self.rng = rng
        self.stdout = stdout
        self.education = _LevelPool(sizes.education_counts())
        self.theory = _LevelPool(sizes.theory_counts())
        self.counts = {kind.value: 0 for kind in OrgKind}
        self.counts.update(members=0, committee_seats=0, bloc_committee=0, body_staff=0)
        self.personas: dict[str, Person] = {}
        self.office_staff: dict[str, list[Person]] = {}
        self.bloc: Organization | None = None
        self.persona_code = ""

    # One person ----------------------------------------------------------------------------------

    def _person(self, home: Organization, workplace: str) -> Person:
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.48 else Gender.MALE
        birth, admitted, full = _dates(rng, 1962, 2000, 14)
        return Person(
            full_name=person_name(rng, gender),
            gender=gender,
            birth_date=birth,
            party_entry_date=admitted,
            full_membership_date=full,
            workplace=workplace,
            job_title=_pick(rng, _JOBS),
            education=_pick(rng, _EDUCATION),
            theory=_pick(rng, _THEORY),
            home_org=home,
        )

    def _make_leader(self, person: Person, position: str, agency: str) -> None:
        """Committee members are older, and take their levels from the exact pools."""
        rng = self.rng
        leader = position in (Position.SECRETARY, Position.DEPUTY_SECRETARY)
        person.birth_date, person.party_entry_date, person.full_membership_date = _dates(
            rng, 1966 if leader else 1965, 1983 if leader else 1992, 10
        )
        bias = LEADER_BIAS if leader else None
        person.education = self.education.draw(rng, bias)
        person.theory = self.theory.draw(rng, bias)
        head, deputy = _head_titles(agency)
        person.job_title = {
            Position.SECRETARY: head,
            Position.DEPUTY_SECRETARY: deputy,
            Position.STANDING_MEMBER: deputy,
        }.get(position) or rng.choice(COMMITTEE_MEMBER_JOBS)

    # One grassroots organization ------------------------------------------------------------------

    def _grassroots(self, g: _Grassroots, out: dict[str, list]) -> None:
        rng = self.rng
        first = len(out["persons"])
        org = Organization(
            code=g.code,
            name=g.name,
            kind=g.kind,
            issuer_code="ĐU" if g.kind == OrgKind.GRASSROOTS_COMMITTEE else "CB",
            parent=self.bloc,
        )
        out["grassroots"].append(org)
        homes: list[Organization] = [org]
        direct_cells: list[Organization] = []
        if g.kind == OrgKind.GRASSROOTS_COMMITTEE:
            homes = []
            partial_sizes = [max(2, (g.cells - 2) // (g.partials + 1))] * g.partials
            direct = g.cells - sum(partial_sizes)
            width = max(2, len(str(g.cells)))
            for k, (unit, n) in enumerate(
                zip(_subunit_names(rng, g.partials, PARTIAL_UNITS), partial_sizes, strict=True), start=1
            ):
                partial = Organization(
                    code=f"{g.code}.P{k}",
                    name=f"Đảng bộ bộ phận {unit}",
                    kind=OrgKind.PARTIAL_COMMITTEE,
                    issuer_code="ĐU",
                    parent=org,
                )
                out["partials"].append(partial)
                homes += self._cells(partial, n, width, out)
            direct_cells = self._cells(org, direct, width, out)
            homes = direct_cells + homes
        per_home = _apportion(
            g.members,
            [rng.uniform(0.5, 1.5) for _ in homes],
            [MIN_CELL_MEMBERS] * len(homes),
            "members",
        )
        # Committee seats go to people anywhere in the subtree; the rest keep ordinary levels.
        positions = _positions(g.seats)
        seat_of = dict(zip(rng.sample(range(g.members), g.seats), positions, strict=True))
        staff_slots = self._office_slots(g, seat_of) if g.code == OFFICE_CELL_CODE else {}
        i = 0
        for home, n in zip(homes, per_home, strict=True):
            for _ in range(n):
                person = self._person(home, g.agency)
                position = seat_of.get(i)
                if position:
                    self._make_leader(person, position, g.agency)
                    out["seats"].append((org, person, position))
                elif i in staff_slots:
                    self._make_staff(person, staff_slots[i])
                out["persons"].append(person)
                i += 1
        if g.code == self.persona_code:
            self._pick_personas(org, out["seats"], out["persons"][first:], direct_cells)

    def _cells(
        self, parent: Organization, count: int, width: int, out: dict[str, list]
    ) -> list[Organization]:
        made = []
        for j, unit in enumerate(_subunit_names(self.rng, count), start=1):
            made.append(
                Organization(
                    code=f"{parent.code}.C{j:0{width}d}",
                    name=f"Chi bộ {unit}",
                    kind=OrgKind.SUBORDINATE_CELL,
                    issuer_code="CB",
                    parent=parent,
                )
            )
        out["cells"] += made
        return made

    def _pick_personas(self, org, seats, people, direct_cells) -> None:
        """bithu, capuy and dangvien, all of one đảng bộ cơ sở."""
        mine = [(p, pos) for o, p, pos in seats if o is org]
        self.personas["bithu"] = next(p for p, pos in mine if pos == Position.SECRETARY)
        self.personas["capuy"] = next(p for p, pos in mine if pos == Position.MEMBER)
        seated = {id(p) for p, _ in mine}
        direct = {id(c) for c in direct_cells}
        ordinary = [p for p in people if id(p) not in seated]
        # Preferably in a cell directly under the đảng bộ; any of its cells will do.
        self.personas["dangvien"] = next((p for p in ordinary if id(p.home_org) in direct), ordinary[0])

    # The office cell and the bloc's own staff -----------------------------------------------------

    def _office_roles(self) -> list[tuple[str, str]]:
        """(role key, job title) of everyone working for the bloc's committee, drawn once."""
        rng = self.rng
        roles = [
            ("bloc_secretary", "Bí thư Đảng ủy Khối"),
            ("bloc_deputy", "Phó Bí thư Thường trực Đảng ủy Khối"),
            ("bloc_deputy", "Phó Bí thư Đảng ủy Khối"),
            ("btc_head", "Trưởng Ban Tổ chức Đảng ủy Khối"),
            ("ubkt_head", "Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối"),
        ]
        if rng.random() < 0.7:
            roles.append(("btc_deputy", "Phó Trưởng Ban Tổ chức Đảng ủy Khối"))
        roles += [("btc_officer", "Chuyên viên Ban Tổ chức Đảng ủy Khối")] * rng.randint(1, 2)
        if rng.random() < 0.5:
            roles.append(("ubkt_deputy", "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối"))
        roles += [("ubkt_officer", "Kiểm tra viên Ủy ban Kiểm tra Đảng ủy Khối")] * rng.randint(1, 2)
        roles.append(("office_head", "Chánh Văn phòng Đảng ủy Khối"))
        roles += [("office_officer", "Chuyên viên Văn phòng Đảng ủy Khối")] * rng.randint(1, 2)
        return roles

    def _office_slots(self, g: _Grassroots, seat_of: dict[int, str]) -> dict[int, tuple[str, str]]:
        roles = self._office_roles()
        free = [i for i in range(g.members) if i not in seat_of]
        return dict(zip(self.rng.sample(free, len(roles)), roles, strict=True))

    def _make_staff(self, person: Person, role: tuple[str, str]) -> None:
        rng = self.rng
        key, title = role
        person.birth_date, person.party_entry_date, person.full_membership_date = _dates(rng, 1966, 1988, 8)
        person.education = rng.choice((Education.MASTER, Education.MASTER, Education.DOCTORATE))
        person.theory = rng.choice((Theory.ADVANCED, Theory.ADVANCED, Theory.BACHELOR))
        person.job_title = title
        person.workplace = OFFICE_WORKPLACE
        self.office_staff.setdefault(key, []).append(person)

    def _bloc_bodies(self) -> None:
        staff = self.office_staff
        committee = [
            (staff["bloc_secretary"][0], Position.SECRETARY),
            *[(p, Position.DEPUTY_SECRETARY) for p in staff["bloc_deputy"]],
            (staff["btc_head"][0], Position.MEMBER),
            (staff["ubkt_head"][0], Position.MEMBER),
        ]
        _terms_and_seats([(self.bloc, p, pos) for p, pos in committee], [self.bloc])
        self.counts["bloc_committee"] = len(committee)
        members_of = {
            BodyKind.STANDING_COMMITTEE: [
                (staff["bloc_secretary"], StaffRole.HEAD),
                (staff["bloc_deputy"], StaffRole.DEPUTY),
            ],
            BodyKind.ORGANIZATION_BOARD: [
                (staff["btc_head"], StaffRole.HEAD),
                (staff.get("btc_deputy", []), StaffRole.DEPUTY),
                (staff["btc_officer"], StaffRole.OFFICER),
            ],
            BodyKind.INSPECTION_COMMITTEE: [
                (staff["ubkt_head"], StaffRole.HEAD),
                (staff.get("ubkt_deputy", []), StaffRole.DEPUTY),
                (staff["ubkt_officer"], StaffRole.OFFICER),
            ],
            BodyKind.OFFICE: [
                (staff["office_head"], StaffRole.HEAD),
                (staff["office_officer"], StaffRole.OFFICER),
            ],
        }
        bodies = Body.objects.bulk_create(Body(org=self.bloc, kind=kind, name=name) for kind, name in BODIES)
        rows = [
            BodyStaff(body=body, person=person, role=role, start_date=STAFF_START)
            for body in bodies
            for people, role in members_of[body.kind]
            for person in people
        ]
        BodyStaff.objects.bulk_create(rows)
        self.counts["body_staff"] = len(rows)
        self.personas["bantochuc"] = staff["btc_officer"][0]
        self.personas["ubkt"] = staff["ubkt_officer"][0]

    # Writing ----------------------------------------------------------------------------------------

    def _insert_orgs(self, orgs: list[Organization]) -> None:
        for org in orgs:
            org.parent = org.parent  # the parent has been saved since: copy its id before prepare()
            org.prepare()
        Organization.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
        for org in orgs:
            self.counts[org.kind] += 1

    def build(self, plan: list[_Grassroots]) -> None:
        self.bloc = Organization(code=BLOC_CODE, name=BLOC_NAME, kind=OrgKind.BLOC, issuer_code="ĐUK")
        self._insert_orgs([self.bloc])
        # The demo personas belong to the first đảng bộ cơ sở with a partial committee, if any.
        committees = [g for g in plan if g.kind == OrgKind.GRASSROOTS_COMMITTEE]
        self.persona_code = next((g.code for g in committees if g.partials), committees[0].code)
        done = 0
        for chunk in _chunks(plan):
            out = {"grassroots": [], "partials": [], "cells": [], "persons": [], "seats": []}
            for g in chunk:
                self._grassroots(g, out)
            for level in ("grassroots", "partials", "cells"):
                self._insert_orgs(out[level])
            for person in out["persons"]:
                person.prepare()
            Person.objects.bulk_create(out["persons"], batch_size=BATCH_SIZE)
            _terms_and_seats(out["seats"], out["grassroots"])
            # With DEBUG on, Django keeps the SQL of recent queries: thousands of rows' worth per insert.
            reset_queries()
            self.counts["members"] += len(out["persons"])
            self.counts["committee_seats"] += len(out["seats"])
            done += len(out["persons"])
            if done < self.sizes.members:
                _say(self.stdout, f"  … {_n(done)}/{_n(self.sizes.members)} đảng viên")
        _say(self.stdout, "Đang tạo Ban Thường vụ, Ban Tổ chức, Ủy ban Kiểm tra, Văn phòng Đảng ủy Khối…")
        self._bloc_bodies()


def _terms_and_seats(seats: list[tuple[Organization, Person, str]], orgs: list[Organization]) -> None:
    """Each organization's two committee terms (2020–2025, 2025–2030) and their seats: every seat in the
    current term, and the same seat in the previous one for whoever was a full member when it began."""
    terms = {
        (org.pk, label): Term(org=org, label=label, start_date=start, end_date=end)
        for org in orgs
        for label, start, end in (
            (PREVIOUS_TERM_LABEL, PREVIOUS_TERM_START, PREVIOUS_TERM_END),
            (TERM_LABEL, TERM_START, TERM_END),
        )
    }
    Term.objects.bulk_create(terms.values(), batch_size=BATCH_SIZE)
    rows = [
        CommitteeMembership(term=terms[org.pk, TERM_LABEL], person=p, position=pos, start_date=TERM_START)
        for org, p, pos in seats
    ]
    rows += [
        CommitteeMembership(
            term=terms[org.pk, PREVIOUS_TERM_LABEL], person=p, position=pos, start_date=PREVIOUS_TERM_START
        )
        for org, p, pos in seats
        if p.full_membership_date and p.full_membership_date <= PREVIOUS_TERM_START
    ]
    CommitteeMembership.objects.bulk_create(rows, batch_size=BATCH_SIZE)


# ---------------------------------------------------------------------------------------------------
# Logins


def _create_logins(personas: dict[str, Person]) -> None:
    """The demo users, all with the demo password; existing ones get it back."""
    User = get_user_model()
    # One hash for all: the password is shared and printed anyway, and each hash costs half a second.
    password = make_password(DEMO_PASSWORD)
    for username in REGISTRY_USERNAMES:
        admin = username == "admin"
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"password": password, "is_superuser": admin, "is_staff": admin, "is_active": True},
        )
        if username in personas:
            Person.objects.filter(pk=personas[username].pk).update(user=user)


def _committee_name(org: Organization) -> str:
    """ "Đảng bộ Sở Tư pháp" -> "Đảng ủy Sở Tư pháp": the committee, not the organization."""
    prefix = "Đảng bộ "
    return "Đảng ủy " + org.name[len(prefix) :] if org.name.startswith(prefix) else org.name


def demo_logins() -> list[DemoLogin]:
    """The demo users present in the database, each described by what they hold."""
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    people = {
        p.user_id: p
        for p in Person.objects.filter(user__in=users.values()).select_related("home_org__parent")
    }
    staff = {
        s.person_id: s
        for s in BodyStaff.objects.current().filter(person__in=people.values()).select_related("body__org")
    }
    seats = {
        s.person_id: s
        for s in CommitteeMembership.objects.current()
        .filter(person__in=people.values())
        .select_related("term__org")
    }
    logins = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        person = people.get(user.pk)
        if user.is_superuser:
            who, code = "Quản trị hệ thống", ""
        elif person is None:
            who, code = "Chưa gắn với đảng viên nào", ""
        elif person.pk in staff:
            s = staff[person.pk]
            who, code = f"{ROLE_WORDS[s.role]} {s.body.name}: {person.full_name}", s.body.org.code
        elif person.pk in seats:
            s = seats[person.pk]
            org = s.term.org
            who, code = f"{POSITION_WORDS[s.position]} {_committee_name(org)}: {person.full_name}", org.code
        else:
            home = person.home_org
            above = f" ({home.parent.name})" if home.parent and home.parent.kind != OrgKind.BLOC else ""
            who, code = f"Đảng viên {home.name}{above}: {person.full_name}", home.code
        logins.append(DemoLogin(username, DEMO_PASSWORD, who, code))
    return logins


# ---------------------------------------------------------------------------------------------------
# Entry points


# The demo speaks Vietnamese whatever language the caller has active: notes and messages written
# into the data must not depend on who ran it (and the generators promise the same rows every time).
@translation.override("vi")
def generate(sizes: Sizes = BLOC, seed: int = 2016, stdout=None) -> DemoResult:
    """Generate the registry for `sizes` into an empty database; deterministic for a given seed."""
    started = time.monotonic()
    rng = random.Random(seed)
    plan = _plan(sizes, rng)
    _say(
        stdout,
        f"Đang tạo {_n(sizes.grassroots)} tổ chức cơ sở đảng ({_n(sizes.grassroots_committees)} đảng bộ cơ sở, "
        f"{_n(sizes.grassroots_cells)} chi bộ cơ sở), {_n(sizes.partial_committees)} đảng bộ bộ phận, "
        f"{_n(sizes.subordinate_cells)} chi bộ trực thuộc…",
    )
    _say(stdout, f"Đang tạo {_n(sizes.members)} đảng viên, {_n(sizes.committee_members)} cấp ủy viên cơ sở…")
    builder = _Builder(sizes, rng, stdout)
    with transaction.atomic():
        builder.build(plan)
        _say(stdout, "Đang tạo tài khoản dùng thử…")
        _create_logins(builder.personas)
    analyze(Organization, Person, Term, CommitteeMembership, Body, BodyStaff, get_user_model())
    result = DemoResult(sizes=sizes, seed=seed, counts=builder.counts, logins=demo_logins())
    result.seconds = time.monotonic() - started
    _say(stdout, f"Xong sau {result.seconds:.1f} giây.".replace(".", ",", 1))
    return result


def analyze(*models) -> None:
    """Refresh PostgreSQL's statistics of tables just filled in bulk (the rows of a running transaction
    included), so that the queries reading them back are planned for their real size, not an empty table's
    (autovacuum would do it some time later, if it runs at all)."""
    if connection.vendor == "postgresql" and models:
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            )


def _referring(models: list) -> list:
    """Every model that refers to one of `models`, directly or through others, most distant first."""
    found = list(models)
    while True:
        more = [
            m
            for m in apps.get_models(include_auto_created=True)
            if m not in found
            and any(f.related_model in found for f in m._meta.concrete_fields if f.is_relation)
        ]
        if not more:
            return [m for m in reversed(found) if m not in models]
        found += more


def flush() -> None:
    """Delete the registry, everything that refers to it (meetings, history…) and the demo users.

    Plain DELETEs: the ORM would load every row to send signals and write a history record for each.
    Foreign keys are checked at commit on SQLite and PostgreSQL alike, so the order of tables is free.
    Tables that do not refer to the registry (reference data, say) are kept, except the archive and the
    search index: they keep organizations' codes and paths rather than keys (so the archive outlives a
    reorganization), yet hold nothing but what the registry's records produced. Their files stay on disk.
    """
    registry = [CommitteeMembership, BodyStaff, Body, Term, Person, Organization]
    # By name: orgs sits below documents and does not import it.
    produced = [
        apps.get_model("documents", name)
        for name in ("DisseminationRecord", "Recipient", "ArchivedDocument", "SearchEntry")
        if apps.is_installed("nghiquyet.documents")
    ]
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for model in [*_referring(registry), *registry, *produced]:
            if model._meta.managed and not model._meta.proxy:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        if produced:
            # The archive's files, now unreferenced (templates uploaded by an administrator are kept).
            attachment = apps.get_model("documents", "Attachment")._meta
            override = apps.get_model("documents", "TemplateOverride")._meta
            cursor.execute(
                f"DELETE FROM {quote(attachment.db_table)} WHERE id NOT IN "
                f"(SELECT {quote(override.get_field('attachment').column)} FROM {quote(override.db_table)})"
            )
        get_user_model().objects.filter(username__in=DEMO_USERNAMES).delete()
