"""The standard vocabulary of Vietnamese administrative writing, for the near-copy detector (R17, R18).

`SYNONYMS` maps a phrase (words without diacritics, as `similarity.tokens` gives them) to the one phrase
that stands for it: a resolution reworded from last month's with "chú trọng chỉ đạo" for "tập trung lãnh
đạo" or "thực hiện xong" for "hoàn thành" then reads the same. The table is curated from the verbs and
phrases that grassroots resolutions use for the same act (directing, completing, checking, urging,
proposing, supporting, deadlines...); it does not join words of different meaning, so that two texts on
one topic written afresh stay apart. `STOPWORDS` are the function words a comparison skips.
"""

from __future__ import annotations

# Each line: the canonical phrase, then the phrases read as it. Longer phrases are matched first. Words
# that fold to several meanings (đủ/dự "du", cấp "cap", cũng/cùng "cung"...) are left out
# where the other meaning is common.
_GROUPS: dict[str, tuple[str, ...]] = {
    # directing, leading
    "lanh dao": ("chi dao", "lanh chi dao", "lanh dao chi dao", "dieu hanh"),
    "tap trung": ("chu trong", "quan tam", "uu tien", "tap trung vao"),
    # completing, carrying out
    "hoan thanh": ("thuc hien xong", "lam xong", "hoan tat", "xong", "ket thuc", "giai quyet dut diem"),
    "thuc hien": ("trien khai", "to chuc thuc hien", "tien hanh", "thuc thi"),
    "phan dau": ("co gang", "no luc", "quyet tam"),
    "duy tri": ("tiep tuc", "giu vung", "thuong xuyen"),
    # deadlines
    "truoc ngay": (
        "cham nhat ngay",
        "cham nhat la ngay",
        "khong muon hon ngay",
        "truoc thoi han ngay",
        "han cuoi ngay",
        "trong han ngay",
    ),
    "kip thoi": ("khan truong", "nhanh chong", "som"),
    # checking, urging
    "kiem tra": ("ra soat", "soat xet", "xem xet", "tham tra", "kiem soat"),
    "don doc": ("nhac nho", "doc thuc", "thuc giuc"),
    "giam sat": ("theo doi",),
    # planning, drafting
    "xay dung": ("lap", "soan", "soan thao"),
    "ke hoach": ("phuong an", "chuong trinh"),
    "van ban": ("cong van", "to trinh"),
    # proposing
    "de xuat": ("de nghi", "kien nghi", "tham muu", "bao cao de nghi"),
    # ensuring, strengthening
    "dam bao": ("bao dam",),
    "nang cao": ("tang cuong", "day manh"),
    # informing, persuading
    "tuyen truyen": ("pho bien", "van dong", "thong tin", "quan triet"),
    "huong dan": ("chi dan", "cam tay chi viec"),
    # working together, supporting
    "phoi hop": ("ket hop", "phoi hop voi", "cung voi"),
    "ho tro": ("ung ho", "giup do", "tai tro", "giup"),
    "cung cap": ("cung ung", "cap phat", "phan phat"),
    "phan cong": ("giao", "bo tri", "giao cho"),
    "tham du": ("tham gia", "co mat"),
    # shortcomings, repairs
    "han che": ("ton tai", "yeu kem", "khuyet diem", "bat cap"),
    "sua chua": ("sua", "khac phuc"),
    "hong": ("hu hong", "hu"),
    # people
    "nguoi benh": ("benh nhan",),
    "gia dinh": ("bo me", "cha me", "phu huynh", "ho gia dinh"),
    "nguoi dan": ("nhan dan", "ba con", "cu dan"),
    "kinh doanh": ("buon ban",),
    # quantities, starting, choosing
    "tat ca": ("toan bo", "toan the", "day du"),
    "bat dau": ("khoi dong", "khoi cong"),
    "chon": ("lua chon", "tuyen chon"),
    "them": ("bo sung", "tang them"),
    "xu ly": ("giai quyet",),
    "dat": ("thu duoc", "dat duoc"),
    "mo": ("to chuc mo",),
    "hoc tap": ("nghien cuu",),
}

SYNONYMS: dict[tuple[str, ...], tuple[str, ...]] = {}
for canonical, variants in _GROUPS.items():
    target = tuple(canonical.split())
    SYNONYMS[target] = target
    for variant in variants:
        SYNONYMS[tuple(variant.split())] = target

LONGEST = max(len(k) for k in SYNONYMS)
# First word -> the longest phrase it starts: most words start none and are passed over at once.
_STARTS: dict[str, int] = {}
for _phrase in SYNONYMS:
    _STARTS[_phrase[0]] = max(_STARTS.get(_phrase[0], 0), len(_phrase))

_STOPWORDS = """
    va cac cua cho voi de da duoc trong nhung co la theo tai ve tu den nay do mot moi khi thi ma cung
    nhu hon so tren duoi sau con nao ay hay hoac bi se dang rat lai ra vao len xuong nhat
    viec ngay thang nam tuan # @ dong chi the nguoi
"""
STOPWORDS = frozenset(_STOPWORDS.split())


def canonical(words: list[str]) -> list[str]:
    """The words with each known phrase replaced by its canonical phrase (longest match first)."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        longest = _STARTS.get(words[i])
        if longest is None:
            out.append(words[i])
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            target = SYNONYMS.get(tuple(words[i : i + size]))
            if target is not None:
                out.extend(target)
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return out
