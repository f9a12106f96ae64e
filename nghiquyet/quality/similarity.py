"""How much of one text repeats another (R16-R18): a draft against last month's resolution, against the
upper-level text it implements, and the whole bloc against itself.

The method, and why (details and measurements in docs/quality.md):

- **Normalization.** Unicode NFC, lower case, Vietnamese diacritics removed (đ → d) so that a copy retyped
  without accents still matches; punctuation dropped; every number, date or percentage becomes the one
  token ``#`` (a run of them, as in "20/12/2026", becomes one), so that changing "tháng 11" into
  "tháng 12" or "85%" into "90%" does not hide a copy.
- **Shingles** are runs of ``SHINGLE_SIZE`` (3) consecutive words (Vietnamese words are written as
  syllables; three syllables are about one and a half words). Shorter shingles match the stock phrases
  that every Party text shares ("cán bộ, đảng viên", "tổ chức thực hiện"), so two texts written afresh on
  one topic look alike; longer ones break on every small edit, so a copy with a word changed every line
  looks new. Three separates the labelled corpus best (docs/quality.md).
- **Score** = shared shingles / shingles of the smaller text (the overlap coefficient, i.e. the
  containment of the shorter text in the longer). A short draft copying part of a long upper-level text
  scores high although the two texts' Jaccard index is low (R18); reordered paragraphs only break the
  shingles at their edges. The smaller side counts for at least ``MIN_SHINGLES`` so that a two-line draft
  does not score 1.0 against everything that contains its title.

The near-copy decision itself (`compare`, `check_draft`) is made on substance by
`nghiquyet.quality.substance` (#21): the shingles above stay for the passages to highlight, the duplicate
items and the bloc-wide scan. A score at or above the threshold (``NEAR_COPY_THRESHOLD``, overridable by
the setting ``QUALITY_NEAR_COPY_THRESHOLD`` read at call time) is a near copy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import substance

SHINGLE_SIZE = 3
# The substance score (`substance.compare_documents`): on the labelled corpus every copy scores >= 0.48
# and every other pair <= 0.16 (docs/quality.md).
NEAR_COPY_THRESHOLD = 0.3
# The copied sentences are listed for texts whose score reaches this (half the threshold) by default.
PASSAGES_FROM = 0.15
# The bloc-wide scan still compares shingles (MinHash): its own level, separated on the corpus at 0.5.
SHINGLE_THRESHOLD = 0.5
MIN_SHINGLES = 30
# A repeated passage shorter than this many words is a stock phrase, not worth highlighting.
MIN_PASSAGE_WORDS = 6
NUMBER = "#"

# Combining marks (the Vietnamese tones and vowel marks are in the first range).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# On normalized text (marks removed, numbers replaced): a word is a run of letters, or the number sign.
_TOKEN = re.compile(r"#|[^\W\d_]+")
# A number starts with a digit and runs on over letters glued to it ("05-NQ" is a number then "nq") and
# over further numbers separated by punctuation or space only: "20/12/2026", "1.500", "85%" are each one.
_NUMBER_RUN = re.compile(r"\d\w*(?:[\W_]+\d\w*)*")
# The same on original text, where combining marks may sit inside words (text typed in NFD).
_ORIGINAL_TOKEN = re.compile(rf"(\d[\w{_MARKS}]*)|[^\W\d_](?:[^\W\d_]|[{_MARKS}])*")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_STRIP_MARKS = re.compile(rf"[{_MARKS}]+")


def near_copy_threshold() -> float:
    """The score from which two texts are near copies: the setting if given, else the module default."""
    return float(getattr(settings, "QUALITY_NEAR_COPY_THRESHOLD", NEAR_COPY_THRESHOLD))


def _fold_fast(text: str) -> str:
    # The same result as lib.vietnamese.fold on words (a test proves it), without a Python loop per
    # character: a committee's ten years of resolutions are folded for every draft check.
    text = text.replace("đ", "d").replace("Đ", "d").lower()
    return _STRIP_MARKS.sub("", unicodedata.normalize("NFD", text))


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


def tokens(text: str, *, fold_diacritics: bool = True) -> list[str]:
    """The normalized words of a text: lower case, without diacritics by default, numbers as ``#``."""
    prepared = _fold_fast(text or "") if fold_diacritics else _plain(text or "")
    return _TOKEN.findall(_NUMBER_RUN.sub(" # ", prepared.replace("#", " ")))


def normalize(text: str, *, fold_diacritics: bool = True) -> str:
    """The normalized text as one string of words separated by single spaces."""
    return " ".join(tokens(text, fold_diacritics=fold_diacritics))


def shingles(words: Sequence[str], n: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The set of runs of `n` consecutive words; a text shorter than `n` words is one shingle."""
    if len(words) < n:
        return {tuple(words)} if words else set()
    return set(zip(*(words[i:] for i in range(n)), strict=False))


def text_shingles(text: str) -> set[tuple[str, ...]]:
    """The shingle set of a text (normalized the default way)."""
    return shingles(tokens(text))


def overlap(a: set, b: set, *, min_size: int = MIN_SHINGLES) -> float:
    """Shared shingles over the smaller set's size (counted as at least `min_size`), in [0, 1]."""
    if not a or not b:
        return 0.0
    shared = len(a & b) if len(a) <= len(b) else len(b & a)
    return min(1.0, shared / max(min(len(a), len(b)), min_size, 1))


@dataclass(frozen=True)
class Prepared:
    """A text tokenized once, keeping where each word sits, for comparing it with many others."""

    text: str
    words: list[str]
    spans: list[tuple[int, int]]  # character span of each word in `text`
    shingle_list: list[tuple[str, ...]]  # in order: shingle i starts at word i
    shingle_set: set[tuple[str, ...]]


def prepare(text: str, *, fold_diacritics: bool = True) -> Prepared:
    """Tokenize a text keeping each word's character span (numbers collapsed like `tokens`)."""
    text = text or ""
    norm = _fold_fast if fold_diacritics else _plain
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for match in _ORIGINAL_TOKEN.finditer(text):
        if match.group(1):
            between = text[spans[-1][1] : match.start()] if words else ""
            if words and words[-1] == NUMBER and not _LETTER_OR_DIGIT.search(between):
                spans[-1] = (spans[-1][0], match.end())
                continue
            word = NUMBER
        else:
            word = "".join(_TOKEN.findall(norm(match.group()).replace("#", " ")))
            if not word:
                continue
        words.append(word)
        spans.append((match.start(), match.end()))
    n = SHINGLE_SIZE
    shingle_list = list(zip(*(words[i:] for i in range(n)), strict=False)) if len(words) >= n else []
    if words and not shingle_list:
        shingle_list = [tuple(words)]
    return Prepared(text, words, spans, shingle_list, set(shingle_list))


def passages(draft: Prepared, other: set, *, min_words: int = MIN_PASSAGE_WORDS) -> list[tuple[int, int]]:
    """Character spans of the draft copied from `other`: chains of shared shingles, at least `min_words`.

    A chain is a stretch of overlapping shingles found in `other` — one copied passage. Chains shorter
    than `min_words` are stock phrases and dropped; the rest are merged where they touch.
    """
    if not draft.shingle_list:
        return []
    n = len(draft.shingle_list[0])
    runs: list[list[int]] = []  # [first word, last word]
    previous = -2
    for i, shingle in enumerate(draft.shingle_list):
        if shingle not in other:
            continue
        last = i + n - 1
        if i == previous + 1:
            runs[-1][1] = last
        else:
            runs.append([i, last])
        previous = i
    needed = min(min_words, len(draft.words))
    return merge_spans(
        (draft.spans[first][0], draft.spans[last][1]) for first, last in runs if last - first + 1 >= needed
    )


def repeated_passages(draft_text: str, other_text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of `draft_text` that repeat `other_text`, merged into maximal spans."""
    return passages(prepare(draft_text), text_shingles(other_text))


@dataclass(frozen=True)
class CopiedPassage:
    """A sentence of text A found in text B, for showing side by side (the source's item when known)."""

    text: str
    source_text: str
    section: str  # "assessment", "tasks", "body" or "other"
    item: str  # A's item number ("2.1"), or ""
    source_item: str  # B's item number, or ""
    similarity: float


@dataclass(frozen=True)
class Comparison:
    score: float  # substance found in the other text, 0..1 (substance.compare_documents)
    near_copy: bool
    passages: list[tuple[int, int]] = field(default_factory=list)  # spans of text A repeating text B
    a_in_b: float = 0.0  # share of A's substance found in B
    b_in_a: float = 0.0
    copied: list[CopiedPassage] = field(default_factory=list)  # A's sentences found in B, in A's order


def _substance_comparison(
    a: substance.Document, b: substance.Document, background, threshold: float, with_passages: bool
) -> Comparison:
    result = substance.compare_documents(a, b, background, with_matches=with_passages)
    copied = [
        CopiedPassage(
            a.text[m.a_span[0] : m.a_span[1]],
            b.text[m.b_span[0] : m.b_span[1]],
            m.section,
            m.a_item,
            m.item,
            m.similarity,
        )
        for m in result.matches
    ]
    return Comparison(
        score=result.score,
        near_copy=result.score >= threshold,
        passages=merge_spans(m.a_span for m in result.matches),
        a_in_b=result.coverage_a,
        b_in_a=result.coverage_b,
        copied=copied,
    )


def compare(
    text_a: str, text_b: str, *, threshold: float | None = None, background: Iterable[str] = ()
) -> Comparison:
    """Score two texts on substance; `passages` are the spans of text A found in text B and `copied`
    its sentences with their source. `background`: other texts of the committee (its history), whose
    recurring phrasing then weighs nothing."""
    threshold = near_copy_threshold() if threshold is None else threshold
    a, b = substance.document(text_a), substance.document(text_b)
    return _substance_comparison(a, b, substance.Background(background), threshold, with_passages=True)


def is_near_copy(text_a: str, text_b: str, *, threshold: float | None = None) -> bool:
    """Whether two texts are near copies at the threshold (by default the configured one)."""
    return compare(text_a, text_b, threshold=threshold).near_copy


@dataclass(frozen=True)
class Match:
    key: Hashable
    comparison: Comparison

    @property
    def score(self) -> float:
        return self.comparison.score

    @property
    def near_copy(self) -> bool:
        return self.comparison.near_copy


def check_draft(
    draft_text: str,
    others: Iterable[tuple[Hashable, str]],
    *,
    threshold: float | None = None,
    passages_from: float | None = PASSAGES_FROM,
    background: substance.Background | None = None,
) -> list[Match]:
    """Compare a draft with each (key, text) on substance, best score first, leaving out texts that
    share no word pair with it.

    The copied sentences (`Comparison.copied`, `passages`) are computed for scores >= `passages_from`
    (never when it is None). `background` is what recurs across the committee's documents; by default
    the texts compared with (the committee's history and its upper level's texts).
    """
    threshold = near_copy_threshold() if threshold is None else threshold
    others = [(key, substance.document(text)) for key, text in others]
    if background is None:
        background = substance.Background()
        for _key, doc in others:
            background.add(doc)
    draft = substance.document(draft_text)
    matches = []
    for key, other in others:
        if draft.features.isdisjoint(other.features):
            continue
        comparison = _substance_comparison(draft, other, background, threshold, with_passages=False)
        if passages_from is not None and comparison.score >= passages_from:
            comparison = _substance_comparison(draft, other, background, threshold, with_passages=True)
        matches.append(Match(key, comparison))
    matches.sort(key=lambda m: -m.score)
    return matches


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans merged (e.g. the passages repeating several texts)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def mark_passages(text: str, spans: Iterable[tuple[int, int]], css_class: str = "nq-repeated") -> SafeString:
    """The text HTML-escaped, with each span wrapped in <mark> for the draft view."""
    out, pos = [], 0
    for start, end in merge_spans(spans):
        out.append(escape(text[pos:start]))
        out.append(f'<mark class="{escape(css_class)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


# ---------------------------------------------------------------- the bloc-wide scan (MinHash + LSH)

NUM_PERM = 128


@dataclass(frozen=True)
class DuplicatePair:
    a: Hashable
    b: Hashable
    score: float


@dataclass
class Cluster:
    """Documents linked by verified near-copy pairs (a text issued by several committees)."""

    keys: list
    pairs: list[DuplicatePair]


def _hash_array(words: list[str]):
    import numpy as np

    sh = shingles(words)
    # Python's hash of a tuple of str is 64-bit and stable within the process: enough to compare texts
    # of one scan exactly (a collision among a few hundred shingles per text is out of reach).
    return np.unique(np.fromiter((hash(s) for s in sh), dtype=np.int64, count=len(sh)))


def lsh_threshold_for(threshold: float) -> float:
    """The Jaccard level of the LSH index that finds pairs of similar size scoring `threshold`.

    Two texts of equal size with overlap s have Jaccard s / (2 - s); the index is set a fifth lower so
    that MinHash's estimation error loses few true pairs (the exact score then rejects the extra ones).
    """
    return max(0.05, 0.8 * threshold / (2 - threshold))


def find_near_duplicates(
    documents: Iterable[tuple[Hashable, str]],
    threshold: float | None = None,
    *,
    num_perm: int = NUM_PERM,
    lsh_threshold: float | None = None,
) -> list[Cluster]:
    """Clusters of near copies among many documents: MinHash LSH proposes, the exact score decides.

    Pairs of very different lengths (a short text inside a long one) have a low Jaccard index and may
    escape the index; the per-draft check (`check_draft`) is the one that finds those. Candidates whose
    MinHash estimate is below half the index level are dropped before the exact check: at city scale
    the stock phrases all resolutions share make many weak candidates.
    """
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    threshold = SHINGLE_THRESHOLD if threshold is None else threshold
    level = lsh_threshold or lsh_threshold_for(threshold)
    lsh = MinHashLSH(threshold=level, num_perm=num_perm)
    keys: list = []
    arrays: list = []
    signatures: list = []
    parent: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    base = MinHash(num_perm=num_perm, hashfunc=_low32)
    pairs: dict[tuple[int, int], float] = {}
    # Each text is looked up before it is added: every pair is proposed once, by its later text.
    for key, text in documents:
        array = _hash_array(tokens(text))
        if not len(array):
            continue
        minhash = base.copy()
        minhash.update_batch(array)
        i = len(keys)
        candidates = np.fromiter(lsh.query(minhash), dtype=np.int64)
        if len(candidates):
            estimate = (np.stack([signatures[j] for j in candidates]) == minhash.hashvalues).mean(axis=1)
            for j in candidates[estimate >= level / 2]:
                score = _exact_overlap(array, arrays[j])
                if score >= threshold:
                    pairs[(int(j), i)] = score
        keys.append(key)
        arrays.append(array)
        signatures.append(minhash.hashvalues)
        parent.append(i)
        lsh.insert(i, minhash, check_duplication=False)
    for j, i in pairs:
        parent[find(j)] = find(i)
    grouped: dict[int, tuple[set[int], list[DuplicatePair]]] = {}
    for (i, j), score in pairs.items():
        indexes, found = grouped.setdefault(find(i), (set(), []))
        indexes.update((i, j))
        found.append(DuplicatePair(keys[i], keys[j], round(score, 4)))
    clusters = [Cluster(keys=[keys[i] for i in sorted(ix)], pairs=found) for ix, found in grouped.values()]
    clusters.sort(key=lambda c: (-len(c.keys), str(c.keys[0])))
    return clusters


def _exact_overlap(a, b) -> float:
    """`overlap` of two sorted arrays of distinct shingle hashes."""
    import numpy as np

    small, large = (a, b) if len(a) <= len(b) else (b, a)
    at = np.searchsorted(large, small).clip(max=len(large) - 1)
    shared = int(np.count_nonzero(large[at] == small))
    return min(1.0, shared / max(len(small), MIN_SHINGLES))


def _low32(value) -> int:
    return int(value) & 0xFFFFFFFF
