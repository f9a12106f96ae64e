"""One search over resolutions, items, minutes, documents and guidance (SearchEntry).

Matching ignores diacritics and case (đ → d included) the same way on SQLite and PostgreSQL: the entry
stores its folded text, the query is folded the same way, and each word must occur in it (LIKE). Ranking
is computed in SQL: the whole phrase in the title, then in the text, then the number of words found in
the title, then the most recent; among the MAX_CANDIDATES most recent matches, and counted up to
MAX_COUNT, so a common word costs bounded work. A search is two queries (count, page) whatever the data;
snippets are cut from the original text of the page's entries at the positions found in the folded text.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nghiquyet.lib.vietnamese import fold

from .confidentiality import Viewer, visible_filter
from .models import Confidentiality, SearchEntry, roles_text

MAX_WORDS = 8
MAX_COUNT = 1000
MAX_CANDIDATES = 2000
SNIPPET_CHARS = 220
_D = {"đ": "d", "Đ": "d"}


def fold_chars(text: str) -> str:
    """The fold of `text` with one character out for each character in, so positions carry over:
    diacritics dropped, đ → d, lower case, every white-space character a space."""
    out = []
    for ch in text:
        if ch in _D:
            out.append("d")
            continue
        if ch.isspace():
            out.append(" ")
            continue
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
        # A character whose fold is not one character (rare ligatures) keeps its place with itself.
        out.append(base if len(base) == 1 else ch.lower()[:1] or " ")
    return "".join(out)


def query_words(query: str) -> list[str]:
    """The folded words of a query, without repeats, at most MAX_WORDS."""
    words: list[str] = []
    for word in fold(query).split():
        word = word.strip(".,;:!?\"'()[]“”")
        if word and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


# ---------------------------------------------------------------- indexing


@dataclass(frozen=True)
class Doc:
    """What an indexer gives for one searchable thing."""

    kind: str
    object_id: int
    org_id: int
    org_code: str
    org_name: str
    org_path: str
    title: str
    text: str = ""
    date: dt.date | None = None
    url: str = ""
    confidentiality: str = Confidentiality.NONE
    roles: Sequence[str] = ()
    group: str = ""


def _entry(doc: Doc) -> SearchEntry:
    # NFC first: a decomposed accent would otherwise take a position of its own in the fold.
    title = unicodedata.normalize("NFC", " ".join(doc.title.split()))[:500]
    text = unicodedata.normalize("NFC", doc.text or "")
    classified = doc.confidentiality != Confidentiality.NONE
    return SearchEntry(
        kind=doc.kind,
        object_id=doc.object_id,
        group=doc.group,
        org_id=doc.org_id,
        org_code=doc.org_code,
        org_name=doc.org_name[:255],
        org_path=doc.org_path,
        title=title,
        text=text,
        folded_title=fold_chars(title),
        folded=fold_chars(f"{title}\n{text}"),
        date=doc.date,
        url=doc.url,
        confidentiality=doc.confidentiality,
        roles=roles_text(doc.roles) if classified else "",
    )


def index(docs: Iterable[Doc], *, batch: int = 500, replace: bool = True) -> int:
    """Add the entries of these things, replacing their earlier ones (two queries per batch; with
    `replace=False`, after `unindex_kind`, one)."""
    entries = [_entry(d) for d in docs]
    for start in range(0, len(entries), batch):
        chunk = entries[start : start + batch]
        if replace:
            keys = Q(pk__in=[])
            for kind in {e.kind for e in chunk}:
                keys |= Q(kind=kind, object_id__in=[e.object_id for e in chunk if e.kind == kind])
            SearchEntry.objects.filter(keys).delete()
        SearchEntry.objects.bulk_create(chunk)
    return len(entries)


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def unindex_group(group: str) -> None:
    """Take out every entry indexed under `group` (a resolution and its items)."""
    SearchEntry.objects.filter(group=group).delete()


def unindex_kind(kind: str) -> None:
    SearchEntry.objects.filter(kind=kind).delete()


# ---------------------------------------------------------------- searching


@dataclass
class Result:
    entry: SearchEntry
    title_html: SafeString
    snippet_html: SafeString


@dataclass
class Page:
    results: list[Result]
    total: int  # at most MAX_COUNT
    words: list[str]
    more: bool = False  # more matches than MAX_COUNT


def search(
    query: str,
    visible_paths: Sequence[str] | None,
    *,
    viewer: Viewer | None = None,
    kinds: Sequence[str] | None = None,
    org_path: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page:
    """Ranked entries matching every word of `query`, among those the caller may see.

    `visible_paths` are the materialized paths of the subtrees the caller sees (None for everything);
    classified entries are kept only for a `viewer` holding one of their roles.
    """
    words = query_words(query)
    if not words:
        return Page([], 0, [])
    qs = SearchEntry.objects.filter(visible_filter(visible_paths, viewer))
    for word in words:
        qs = qs.filter(folded__contains=word)
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    if org_path:
        qs = qs.filter(org_path__startswith=org_path)
    if date_from:
        qs = qs.filter(date__gte=date_from)
    if date_to:
        qs = qs.filter(date__lte=date_to)
    # Counted up to a cap and ranked among the most recent matches: a common word over a city's
    # records costs a bounded amount of work, and nobody pages past the first hundred.
    total = qs.order_by().values("pk")[: MAX_COUNT + 1].count()
    if total == 0 or offset >= min(total, MAX_CANDIDATES):
        return Page([], min(total, MAX_COUNT), words, more=total > MAX_COUNT)
    phrase = " ".join(words)
    score = Case(When(folded_title__contains=phrase, then=Value(100)), default=Value(0)) + Case(
        When(folded__contains=phrase, then=Value(20)), default=Value(0)
    )
    for word in words:
        score = score + Case(When(folded_title__contains=word, then=Value(5)), default=Value(0))
    candidates = qs.order_by("-date", "-id").values("pk")[:MAX_CANDIDATES]
    entries = list(
        SearchEntry.objects.filter(pk__in=candidates)
        .defer("folded", "folded_title")
        .annotate(score=Coalesce(score, Value(0), output_field=IntegerField()))
        .order_by("-score", "-date", "-id")[offset : offset + limit]
    )
    results = [Result(e, highlight(e.title, words), snippet(e.text, words)) for e in entries]
    return Page(results, min(total, MAX_COUNT), words, more=total > MAX_COUNT)


def _spans(text: str, words: Sequence[str]) -> list[tuple[int, int]]:
    """Where the words occur in `text`, found on its fold: (start, end) positions in the original, runs of
    matched words merged into one."""
    folded = fold_chars(text)
    spans = []
    for word in words:
        found = []
        start = folded.find(word)
        while start != -1:
            found.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
        # Marks at the start of words ("de" in "đề", not in "model"), unless it only occurs inside one.
        starts = [(s, e) for s, e in found if s == 0 or not folded[s - 1].isalnum()]
        spans += starts or found
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # Overlapping, touching or only white space apart: one mark ("<mark>nghị quyết</mark>").
        if merged and (start <= merged[-1][1] or not folded[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: Sequence[str], *, spans=None) -> SafeString:
    """`text` escaped, with the matched words in <mark>."""
    spans = _spans(text, words) if spans is None else spans
    out, at = [], 0
    for start, end in spans:
        out.append(escape(text[at:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))


def snippet(text: str, words: Sequence[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of the original text around the first matched word, matches highlighted."""
    text = " ".join(text.split())
    if not text:
        return mark_safe("")
    spans = _spans(text, words)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space != -1 and start - space < 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    body = highlight(text[start:end], words, spans=inside)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
