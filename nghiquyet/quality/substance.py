"""Near copies judged on substance (R17, R18, #21): what a committee writes in every resolution weighs
nothing, the tasks and the assessment weigh most, and rewording does not hide a copy.

The method (measurements in docs/quality.md):

1. **Sections and units.** A text is cut at its headings ("I. ĐÁNH GIÁ…", "2. Nhiệm vụ tháng 9…") into
   the assessment, the tasks (tasks, objectives, measures) and the rest (preamble, organization,
   signature); each section into units: sentences, each remembering its item number ("2.1", "3") so that
   a copied task can be shown with the item it copies. A text without headings is one "body" section.
2. **Words.** Lower case, diacritics folded, numbers and dates one sign, names (a run of two or more
   capitalized words inside a sentence: people, units, places) one sign; then each administrative phrase
   is replaced by its canonical synonym (`phrasing.SYNONYMS`: "chú trọng chỉ đạo" reads "tập trung lãnh
   đạo", "thực hiện xong" reads "hoàn thành") and function words are dropped.
3. **Features** of a unit are its pairs of words next to each other or one apart, unordered ("kiểm tra,
   giám sát" = "giám sát, kiểm tra"): a pair of syllables is about one Vietnamese word, the pair keeps its
   meaning where a sentence is reordered, and a word put in breaks one pair, not the sentence.
4. **Standard phrasing weighs nothing.** A feature's weight is the product of (a) the bloc's: 0 if the
   feature is used by three or more committees of the labelled corpus, ½ if by two
   (`standard_phrases.json`, learned by `learn_standard_phrases`), and (b) the committee's: the share of
   its other documents (its history, the upper level's texts) using the feature, from 1 (none) down to 0
   when two fifths or more do. The template lines, the assignment lines, "Hội nghị thống nhất quyết
   nghị" and the closing weigh nothing; the tasks of a month weigh fully.
5. **Section by section.** The *coverage* of a text is the weight of its section's features found in
   the other text's same section (assessment with assessment, tasks with tasks; a "body" with anything)
   over the section's weight (preamble and organization at a fifth; at least `MIN_MASS`), for the whole
   text and for its tasks alone; the score is the largest of the four (both texts, both measures): a
   short draft pasted from a long upper-level text is covered by it, a new assessment over copied tasks
   is caught by the tasks.
6. **Say why.** Each sentence holding at least `UNIT_MATCH` of its weight in one sentence of the other
   text (of a compatible section) is shown beside it, with both item numbers (`unit_matches`).

No model or download: the synonym table and the bloc's standard phrases ship with the code; the
committee's history is what the caller passes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from . import similarity  # the same folding as the shingles (imported both ways: used at call time)
from .phrasing import STOPWORDS, canonical

UNIT_MATCH = 0.5  # a unit is copied when the other text contains this share of its weight
MIN_MASS = 8.0  # coverage of a tiny text is counted over at least this weight (about eight words)
MIN_UNIT_MASS = 1.0  # units lighter than this (a heading, "Đồng chí X thực hiện.") are not shown
STANDARD_FILE = Path(__file__).with_name("standard_phrases.json")
SECTION_WEIGHT = {"assessment": 1.0, "tasks": 1.0, "body": 1.0, "other": 0.2, "heading": 0.0}
# Which sections of the other text a unit may be matched with.
COMPATIBLE = {
    "assessment": {"assessment", "body"},
    "tasks": {"tasks", "body"},
    "body": {"assessment", "tasks", "body", "other"},
    "other": {"other", "body"},
    "heading": set(),
}

_HEADING_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)/]?\s+")
_ITEM_NUMBER = re.compile(r"^\s*(?:(\d+(?:\.\d+)*)[.)]|([-–+•*]))\s*")
_SENTENCE_END = re.compile(r"(?<=[.;!?:])\s+(?=\S)|;\s*")
_WORD = re.compile(r"\d\w*(?:[.,/:%-]+\d\w*)*%?|[^\W\d_]+")
_ASSESSMENT = ("danh gia", "ket qua", "tinh hinh", "thuc trang", "kiem diem")
_TASKS = (
    "nhiem vu",
    "giai phap",
    "chi tieu",
    "muc tieu",
    "muc dich",
    "phuong huong",
    "bien phap",
    "noi dung",
)
_OTHER = ("to chuc thuc hien", "thoi gian thuc hien", "noi nhan", "tham gia y kien")


def _fold(text: str) -> str:
    return similarity._fold_fast(text)


def _section_of_heading(line: str) -> str | None:
    """The section a heading line opens, or None when the line is not a heading."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > 14 or (len(words) > 10 and not stripped.isupper()):
        return None
    numbered = bool(_HEADING_NUMBER.match(stripped))
    letters = [c for c in stripped if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8
    if not (numbered or upper) or (numbered and not upper and stripped.rstrip().endswith((".", ";"))):
        return None
    folded = " ".join(_WORD.findall(_fold(stripped)))
    if any(k in folded for k in _OTHER):
        return "other"
    # "Đánh giá kết quả thực hiện nhiệm vụ tháng 3" is the assessment: its words are looked for first.
    if any(k in folded for k in _ASSESSMENT):
        return "assessment"
    if any(k in folded for k in _TASKS):
        return "tasks"
    return "heading" if upper else None


def words_of(text: str) -> list[str]:
    """The comparable words of a sentence: folded, numbers '#', names '@', synonyms canonical, no stopwords."""
    raw = _WORD.findall(unicodedata.normalize("NFC", text))
    # Folded in one pass; folding keeps the words apart, so the two lists align (else word by word).
    folded = _WORD.findall(_fold(" ".join(raw)))
    if len(folded) != len(raw):
        folded = [_fold(word) for word in raw]
    out: list[str] = []
    run = 0
    for i, word in enumerate(raw):
        if word[0].isdigit():
            out.append("#")
            run = 0
            continue
        capital = word[0].isupper() and i > 0 and not word.isupper()
        if capital:
            run += 1
            if run >= 2:
                if run == 2:
                    out[-1] = "@"
                continue
        else:
            run = 0
        out.append(folded[i])
    return [w for w in canonical(out) if w not in STOPWORDS]


def features_of(words: Sequence[str]) -> frozenset[str]:
    """Unordered pairs of words next to each other or one apart (a lone word when the unit has one)."""
    if len(words) == 1:
        return frozenset(words)
    skips = zip(words, words[2:], strict=False)
    return frozenset([f"{x} {y}" if x <= y else f"{y} {x}" for x, y in (*pairwise(words), *skips)])


@lru_cache(maxsize=8192)
def _sentence_features(sentence: str) -> frozenset[str]:
    # Template lines ("Căn cứ Điều lệ Đảng…", assignment lines) recur in every text of a committee.
    return features_of(words_of(sentence))


@dataclass(frozen=True)
class Unit:
    start: int  # character span in the document's text
    end: int
    section: str
    item: str  # the item number the unit belongs to ("2.1"), or ""
    features: frozenset[str]


@dataclass(frozen=True)
class Document:
    text: str
    units: tuple[Unit, ...]
    features: frozenset[str] = field(default=frozenset())
    # Section -> its features (weighing sections only); section -> the features a unit of that section
    # may be matched with in this document (its compatible sections').
    sections: dict[str, frozenset[str]] = field(default_factory=dict)
    compatible: dict[str, frozenset[str]] = field(default_factory=dict)

    def unit_text(self, unit: Unit) -> str:
        return self.text[unit.start : unit.end]


def _units(text: str) -> list[Unit]:
    units: list[Unit] = []
    section = "body"
    has_headings = False
    item = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        heading = _section_of_heading(line)
        if heading is not None:
            has_headings = True
            section = heading if heading != "heading" else section
            item = ""
            units.append(Unit(start, start + len(line.rstrip()), "heading", "", frozenset()))
            continue
        numbered = _ITEM_NUMBER.match(line)
        if numbered and numbered.group(1):
            item = numbered.group(1)
        elif numbered and section in ("tasks", "body"):
            item = ""
        # The item number is not a sentence of its own ("2.2. Đề nghị…" is split after the number).
        body = line[numbered.end() :] if numbered else line
        offset = start + (numbered.end() if numbered else 0)
        for piece in _SENTENCE_END.split(body):
            at = text.find(piece, offset) if piece else offset
            if at < 0:
                at = offset
            offset = at + len(piece)
            feats = _sentence_features(piece)
            if feats:
                units.append(Unit(at, at + len(piece.rstrip()), section, item, feats))
    if not has_headings:
        return units
    # Text before the first section (titles, "Căn cứ…") is preamble: weighs as "other".
    first = next((i for i, u in enumerate(units) if u.section in ("assessment", "tasks")), 0)
    return [
        Unit(u.start, u.end, "other", u.item, u.features) if i < first and u.section == "body" else u
        for i, u in enumerate(units)
    ]


@lru_cache(maxsize=256)  # about 135 kB each: a committee's ten years and its upper texts
def document(text: str) -> Document:
    """A text cut into sections and units (cached: a committee's history is compared with every draft)."""
    units = tuple(_units(text or ""))
    sections: dict[str, set[str]] = {}
    for unit in units:
        if SECTION_WEIGHT[unit.section]:
            sections.setdefault(unit.section, set()).update(unit.features)
    frozen = {s: frozenset(f) for s, f in sections.items()}
    compatible = {
        s: frozenset().union(*(frozen.get(o, ()) for o in allowed)) for s, allowed in COMPATIBLE.items()
    }
    return Document(text or "", units, frozenset().union(*(u.features for u in units)), frozen, compatible)


def clear_caches() -> None:
    """Forget the parsed texts and sentences (a benchmark's cold run)."""
    document.cache_clear()
    _sentence_features.cache_clear()


# ---------------------------------------------------------------- the weights of standard phrasing


@lru_cache(maxsize=1)
def bloc_standard() -> dict[str, int]:
    """Feature -> number of committees of the bloc using it (only those used by two or more)."""
    try:
        return json.loads(STANDARD_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def learn_standard_phrases(groups: Iterable[Iterable[str]]) -> dict[str, int]:
    """Feature -> number of groups (committees) whose texts use it, for features of two groups or more."""
    counts: Counter = Counter()
    for texts in groups:
        seen: set[str] = set()
        for text in texts:
            seen |= document(text).features
        counts.update(seen)
    return {f: n for f, n in sorted(counts.items()) if n >= 2}


class Background:
    """What recurs across a committee's documents (its history, its upper level's texts).

    Weights and section masses are kept once computed: one background serves a draft's comparisons with
    all of them.
    """

    def __init__(self, texts: Iterable[str] = ()):
        self.counts: Counter = Counter()
        self.members: set[frozenset] = set()
        self.size = 0
        self._weights: dict[tuple[str, int, int], float] = {}
        self._masses: dict[tuple[frozenset, int, int], dict[str, float]] = {}
        for text in texts:
            self.add(document(text))

    def add(self, doc: Document) -> None:
        self.counts.update(doc.features)
        self.members.add(doc.features)
        self.size += 1
        self._weights.clear()
        self._masses.clear()

    def weight(self, feature: str, size: int, excluded: int) -> float:
        """A feature's weight: the bloc's (0 if three committees use it, ½ if two) times the committee's
        (1 less the share of its other documents using it, over two fifths of them), the compared
        documents (`excluded` of which use it) left out of a background of `size` other documents."""
        key = (feature, size, excluded)
        w = self._weights.get(key)
        if w is None:
            bloc = bloc_standard().get(feature, 0)
            w = 0.0 if bloc >= 3 else 0.5 if bloc == 2 else 1.0
            if w and size > 0:
                # Never below 0: two identical texts count as one member of the background.
                others = max(0, self.counts.get(feature, 0) - excluded)
                w *= max(0.0, 1.0 - others / max(2.0, 0.4 * size))
            self._weights[key] = w
        return w

    def masses(self, doc: Document, size: int, excluded: int) -> dict[str, float]:
        """The weight of each of a document's sections (its features used by `excluded` compared ones)."""
        key = (doc.features, size, excluded)
        found = self._masses.get(key)
        if found is None:
            weight = self.weight
            found = {s: sum(weight(f, size, excluded) for f in fs) for s, fs in doc.sections.items()}
            self._masses[key] = found
        return found

    def weigher(self, *compared: Document):
        """The weight of a feature with the compared documents left out of the counts."""
        inside = [d for d in compared if d.features in self.members]
        size = self.size - len(inside)

        def weight(feature: str) -> float:
            return self.weight(feature, size, sum(feature in d.features for d in inside))

        return weight


EMPTY = Background()


# ---------------------------------------------------------------- comparing


@dataclass(frozen=True)
class UnitMatch:
    """A unit of text A found in text B: spans in each text, the section, B's item, the similarity."""

    a_span: tuple[int, int]
    b_span: tuple[int, int]
    section: str
    item: str  # the item of B the unit copies ("" outside the tasks)
    a_item: str
    similarity: float


@dataclass(frozen=True)
class Result:
    score: float
    coverage_a: float  # share of A's substance found in B
    coverage_b: float
    tasks_a: float  # the same, tasks only
    tasks_b: float
    matches: list[UnitMatch]  # A's units found in B, in A's order


def _coverage(x: Document, y: Document, background: Background, size: int, x_in: int, y_in: int):
    """(coverage, coverage of the tasks) of X's sections' features in Y's compatible sections.

    Only the features the two share are weighed here; the section masses come from the background's
    cache and are corrected for the shared features when Y is one of the background's documents.
    """
    weight = background.weight
    masses = background.masses(x, size, x_in)
    total = covered = tasks_total = tasks_covered = 0.0
    for section, features in x.sections.items():
        mass = masses[section]
        shared = features & y.features
        if y_in and shared:
            mass += sum(weight(f, size, x_in + 1) - weight(f, size, x_in) for f in shared)
        found_in = features & y.compatible[section]
        found = sum(weight(f, size, x_in + y_in) for f in found_in) if found_in else 0.0
        factor = SECTION_WEIGHT[section]
        total += factor * mass
        covered += factor * found
        if section in ("tasks", "body"):
            tasks_total += mass
            tasks_covered += found
    coverage = covered / max(total, MIN_MASS)
    tasks = tasks_covered / max(tasks_total, MIN_MASS) if tasks_total >= MIN_MASS else 0.0
    return coverage, tasks


def unit_matches(a: Document, b: Document, weight, *, at_least: float = UNIT_MATCH) -> list[UnitMatch]:
    """A's units found in B: each matched with B's unit (of a compatible section) holding the most of its
    weight, kept when that is `at_least` of it; in A's order; the preamble and the organization section
    are left out (their lines are the committee's form). This is what the warning shows."""
    index: dict[str, list[int]] = {}
    for j, unit in enumerate(b.units):
        for f in unit.features:
            index.setdefault(f, []).append(j)
    matches: list[UnitMatch] = []
    for unit in a.units:
        if unit.section in ("heading", "other") or unit.features.isdisjoint(b.features):
            continue
        weights = {f: weight(f) for f in unit.features}
        mass = sum(weights.values())
        if mass < MIN_UNIT_MASS:
            continue
        allowed = COMPATIBLE[unit.section]
        found: dict[int, float] = {}
        for f, w in weights.items():
            if w:
                for j in index.get(f, ()):
                    if b.units[j].section in allowed:
                        found[j] = found.get(j, 0.0) + w
        best_j, best = max(found.items(), key=lambda kv: kv[1], default=(-1, 0.0))
        if best / mass >= at_least:
            other = b.units[best_j]
            matches.append(
                UnitMatch(
                    (unit.start, unit.end),
                    (other.start, other.end),
                    unit.section,
                    other.item,
                    unit.item,
                    round(best / mass, 3),
                )
            )
    return matches


def compare_documents(
    a: Document, b: Document, background: Background = EMPTY, *, with_matches: bool = True
) -> Result:
    """How much of A's substance is in B and of B's in A, section by section; the score is the larger."""
    a_in, b_in = int(a.features in background.members), int(b.features in background.members)
    size = background.size - a_in - b_in
    if a.features.isdisjoint(b.features):
        return Result(0.0, 0.0, 0.0, 0.0, 0.0, [])
    cov_a, tasks_a = _coverage(a, b, background, size, a_in, b_in)
    cov_b, tasks_b = _coverage(b, a, background, size, b_in, a_in)
    score = min(1.0, max(cov_a, tasks_a, cov_b, tasks_b))
    matches = unit_matches(a, b, background.weigher(a, b)) if with_matches else []
    return Result(score, cov_a, cov_b, tasks_a, tasks_b, matches)


def compare_texts(text_a: str, text_b: str, background: Background = EMPTY) -> Result:
    return compare_documents(document(text_a), document(text_b), background)
