"""One search over resolutions, items, minutes, documents, guidance and archived documents (SearchEntry).

Matching ignores diacritics and case (đ → d included) the same way on SQLite and PostgreSQL: the entry
stores its folded text, the query is folded the same way, and each word must occur in it (LIKE). Ranking
is computed in SQL: the whole phrase in the title, then in the text, then the number of words found in
the title, then the most recent — among the most recent matches (`CANDIDATES`), and counted up to
MAX_COUNT, so a common word costs bounded work. Snippets are cut from the original text of the page's
entries at the positions found in the folded text.

Finding the most recent matches (`_candidates`) is where a city's data would hurt, so it goes the cheap
way for each query, the same on both engines: a narrow scope (a committee, a unit) is read whole; a wide
one newest first, stopping at enough matches (common words); a wider window when the first one shows the
matches are thinly spread; the trigram index on PostgreSQL (documents migration 0003) only for rare
words, where it is fast — over a common word its posting lists cost more than reading recent rows, and
PostgreSQL, misjudging how often several common words meet, would choose it. Three queries for most
searches, five at most; docs/performance.md ("Search") has the measurements behind the numbers.

Who finds what (`visible_entries`): entries of the subtrees the caller sees, classified ones only for their
roles, and entries addressed from above (an `audience`, e.g. guidance) only for those they reach; for a
former upper level, the entries of an organization since moved out of its subtree whose record is dated
in its period there (R40: `SearchEntry.period_day`). Every
branch of that filter starts from `org_path`, so PostgreSQL can combine its indexes instead of scanning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from nghiquyet.lib.paths import compact, under_q
from nghiquyet.lib.vietnamese import fold

from .confidentiality import NOBODY, PastReach, Viewer, classified_filter, past_filter
from .models import AUDIENCE_ALL, AUDIENCE_ONLY, Confidentiality, SearchEntry, audience_text, roles_text

MAX_WORDS = 8
# Counted up to MAX_COUNT ("more than 200 results: narrow the search"), ranked among the CANDIDATES most
# recent matches: ten pages of 20, more than anyone reads. The cost of a thinly spread word grows with it.
MAX_COUNT = 200
CANDIDATES = MAX_COUNT + 1
# Up to NARROW entries under the organizations searched (a committee, a bloc's unit) are all read; over
# more, entries are read newest first: FIRST_WINDOW before judging how thinly the matches are spread,
# MAX_WINDOW at most after it.
NARROW = 30_000
FIRST_WINDOW = 10_000
MAX_WINDOW = 100_000
SNIPPET_CHARS = 220
_D = {"đ": "d", "Đ": "d"}


def _fold_char(ch: str) -> str:
    if ch in _D:
        return "d"
    if ch.isspace():
        return " "
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
    # A character whose fold is not one character (rare ligatures) keeps its place with itself.
    return base if len(base) == 1 else ch.lower()[:1] or " "


class _FoldTable(dict):
    """code point → its fold, computed the first time a character is met: `str.translate` then folds a
    text at C speed (snippets fold every result's text on each search)."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """The fold of `text` with one character out for each character in, so positions carry over:
    diacritics dropped, đ → d, lower case, every white-space character a space."""
    return text.translate(_FOLD_TABLE)


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
    # The day of its record for a former upper level's period (R40; SearchEntry.period_day): None, never.
    period_day: dt.date | None = None
    url: str = ""
    confidentiality: str = Confidentiality.NONE
    roles: Sequence[str] = ()
    group: str = ""
    # Addressed from above: the paths of the organizations reached (AUDIENCE_ALL: all under org_path).
    audience: Sequence[str] = ()


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
        period_day=doc.period_day,
        url=doc.url,
        confidentiality=doc.confidentiality,
        roles=roles_text(doc.roles) if classified else "",
        audience=audience_text(doc.audience),
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


# ---------------------------------------------------------------- keeping the index current

# The fields of an entry that a search reads: an entry whose fields differ from what its record gives now
# is stale.
ENTRY_FIELDS = (
    "kind",
    "object_id",
    "group",
    "org_id",
    "org_code",
    "org_name",
    "org_path",
    "title",
    "text",
    "date",
    "period_day",
    "url",
    "confidentiality",
    "roles",
    "audience",
)


@dataclass(frozen=True)
class Source:
    """One kind of record in the index, as the app that owns it describes it: which entries are its own
    (`owned`, a filter on SearchEntry) and the Docs its records give now, batch after batch (`batches`).
    `rebuild` and `check` need nothing else; the `reindex` command lists the sources of every app."""

    name: str
    owned: Callable[[], Q]
    batches: Callable[[int], Iterator[list[Doc]]]


def batched(
    rows: Callable[[], QuerySet], docs_of: Callable[[list], list[Doc]]
) -> Callable[[int], Iterator[list[Doc]]]:
    """`Source.batches` over the records of `rows()` in primary-key order (one query a batch, plus what
    the queryset prefetches), each batch turned into Docs by `docs_of`."""

    def batches(size: int) -> Iterator[list[Doc]]:
        last = 0
        while True:
            chunk = list(rows().filter(pk__gt=last).order_by("pk")[:size])
            if not chunk:
                return
            yield docs_of(chunk)
            last = chunk[-1].pk

    return batches


def rebuild(source: Source, batch: int = 500) -> int:
    """Replace the source's entries by those its records give now."""
    SearchEntry.objects.filter(source.owned()).delete()
    return sum(index(docs, replace=False) for docs in source.batches(batch))


def _fingerprint(values: Sequence) -> bytes:
    text = "\x1f".join(
        "" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v) for v in values
    )
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


@dataclass
class Drift:
    """How far the index is from the records of one source: entries missing, different from what their
    record gives now (stale), or left over (their record gone); a few keys of each."""

    name: str
    expected: int = 0
    missing: int = 0
    stale: int = 0
    extra: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    def _note(self, what: str, key: tuple) -> None:
        if len(self.examples) < 5:
            self.examples.append(f"{what} {key[0]}:{key[1]}")


def check(source: Source, batch: int = 500) -> Drift:
    """Compare the source's entries with what its records give now, without writing (the records are read
    in batches; the entries as fingerprints, 16 bytes each)."""
    drift = Drift(source.name)
    stored: dict[tuple, bytes] = {}
    # One entry a (kind, object_id): the table's unique constraint.
    for values in SearchEntry.objects.filter(source.owned()).values_list(*ENTRY_FIELDS).iterator(2000):
        stored[(values[0], values[1])] = _fingerprint(values)
    for docs in source.batches(batch):
        for doc in docs:
            entry = _entry(doc)
            key = (entry.kind, entry.object_id)
            drift.expected += 1
            have = stored.pop(key, None)
            if have is None:
                drift.missing += 1
                drift._note("missing", key)
            elif have != _fingerprint([getattr(entry, name) for name in ENTRY_FIELDS]):
                drift.stale += 1
                drift._note("stale", key)
    drift.extra += len(stored)
    for key in list(stored)[:5]:
        drift._note("extra", key)
    return drift


# ---------------------------------------------------------------- who finds what


def ancestors(path: str) -> list[str]:
    """The paths of the organizations above the one at `path`: "A/B/C/" → ["A/", "A/B/"]."""
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[:i]) for i in range(1, len(codes))]


def path_bound(
    visible_paths: Sequence[str] | None,
    viewer: Viewer | None,
    past: Mapping[int, PastReach] | None = None,
) -> Q | None:
    """The organizations whose entries `visible_entries` may keep, on `org_path` alone (None: all): a
    bound of what the caller sees that the org_path index answers by itself."""
    if visible_paths is None:
        return None
    viewer = viewer or NOBODY
    past_paths = (reach.path for reach in (past or {}).values())
    q = under_q(compact([*visible_paths, *(path for _kind, path in viewer.bodies), *past_paths]), "org_path")
    above = sorted({a for path in viewer.seat_paths for a in ancestors(path)})
    if above:
        q |= Q(org_path__in=above)
    return q


def visible_entries(
    visible_paths: Sequence[str] | None,
    viewer: Viewer | None,
    past: Mapping[int, PastReach] | None = None,
) -> Q:
    """The entries a caller finds: under the subtrees they see (`visible_paths`, None for everything),
    classified ones only for their roles; an entry with an audience only for upper-level staff over its
    organization and for committee members of an organization it reaches, or names alone (SearchEntry's
    docstring); for a former upper level (`past`, R40), the entries of the organizations since moved out
    of its subtree whose record is dated up to their last day there."""
    viewer = viewer or NOBODY
    q = classified_filter(viewer)
    if visible_paths is None:
        return q
    if past:
        return (q & _seen(visible_paths, viewer)) | (Q(audience="") & past_filter(past, _period_until))
    return q & _seen(visible_paths, viewer)


def _period_until(day: dt.date) -> Q:
    return Q(period_day__lte=day)


def _seen(visible_paths: Sequence[str], viewer: Viewer) -> Q:
    seen = Q(pk__in=[])
    for path in visible_paths:
        seen |= Q(org_path__startswith=path, audience="")
    addressed = ~Q(audience="")
    for _kind, path in viewer.bodies:
        seen |= Q(org_path__startswith=path) & addressed
    for path in viewer.seat_paths:
        above = ancestors(path)
        if not above:
            continue
        reach = Q(audience__contains=f",{AUDIENCE_ALL},") | Q(audience__contains=f",{AUDIENCE_ONLY}{path},")
        for reached in [*above, path]:
            reach |= Q(audience__contains=f",{reached},")
        # What is addressed to an organization comes from above it: its issuer is one of `above`.
        seen |= Q(org_path__in=above) & addressed & reach
    return seen


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
    past: Mapping[int, PastReach] | None = None,
    kinds: Sequence[str] | None = None,
    org_path: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page:
    """Ranked entries matching every word of `query`, among those the caller may see.

    `visible_paths` are the materialized paths of the subtrees the caller sees (None for everything);
    classified entries are kept only for a `viewer` holding one of their roles, addressed ones only for
    those they reach; `past` adds a former upper level's period of the organizations since moved out of
    its subtrees (R40) (`visible_entries`).
    """
    words = query_words(query)
    if not words:
        return Page([], 0, [])
    scope = SearchEntry.objects.filter(visible_entries(visible_paths, viewer, past))
    if kinds:
        scope = scope.filter(kind__in=list(kinds))
    if org_path:
        scope = scope.filter(org_path__startswith=org_path)
    if date_from:
        scope = scope.filter(date__gte=date_from)
    if date_to:
        scope = scope.filter(date__lte=date_to)
    # Which way to find the matches depends on how many entries could hold them (`_candidates`).
    bound = path_bound(visible_paths, viewer, past)
    if org_path:
        bound = Q(org_path__startswith=org_path) & (bound or Q())
    if kinds:
        bound = Q(kind__in=list(kinds)) & (bound or Q())
    ids = _candidates(scope, words, narrow=bound is not None and _at_most(bound, NARROW))
    total, more = min(len(ids), MAX_COUNT), len(ids) > MAX_COUNT
    if offset >= total:
        return Page([], total, words, more=more)
    phrase = " ".join(words)
    score = Case(When(folded_title__contains=phrase, then=Value(100)), default=Value(0)) + Case(
        When(folded__contains=phrase, then=Value(20)), default=Value(0)
    )
    for word in words:
        score = score + Case(When(folded_title__contains=word, then=Value(5)), default=Value(0))
    entries = list(
        SearchEntry.objects.filter(pk__in=ids)
        .defer("folded", "folded_title")
        .annotate(score=Coalesce(score, Value(0), output_field=IntegerField()))
        .order_by("-score", "-date", "-id")[offset : offset + limit]
    )
    results = [Result(e, highlight(e.title, words), snippet(e.text, words)) for e in entries]
    return Page(results, total, words, more=more)


def _at_most(bound: Q, count: int) -> bool:
    """Whether at most `count` entries lie under the organizations (and are of the types) of `bound`:
    counted on the org_path and (kind, org_path) indexes alone and only up to `count`, so cheaply
    however many there are."""
    return SearchEntry.objects.filter(bound).order_by().values("org_path")[: count + 1].count() <= count


def _candidates(scope: QuerySet, words: Sequence[str], *, narrow: bool) -> list[int]:
    """The ids of the CANDIDATES most recent entries of `scope` holding every word, newest first.

    - A narrow scope (at most NARROW entries: a committee's records, a unit of the city) is read whole.
    - Otherwise read the FIRST_WINDOW most recent entries, newest first, stopping at CANDIDATES
      matches: enough for a common word.
    - Otherwise the matches are thinly spread; when the share found says a wider window (up to
      MAX_WINDOW) holds enough of them, read that.
    - Otherwise they are rare: let the database find them all through its indexes (trigram on
      PostgreSQL) and keep the most recent.
    """
    if narrow:
        return _scope_matches(scope, words)
    ids, whole = _recent_matches(scope, words, FIRST_WINDOW)
    if len(ids) >= CANDIDATES or whole:
        return ids
    if ids:
        needed = CANDIDATES * FIRST_WINDOW // len(ids)
        if needed <= MAX_WINDOW:
            ids, whole = _recent_matches(scope, words, min(2 * needed, MAX_WINDOW))
            if len(ids) >= CANDIDATES or whole:
                return ids
    matching = scope
    for word in words:
        matching = matching.filter(folded__contains=word)
    return list(matching.order_by("-date", "-id").values_list("pk", flat=True)[:CANDIDATES])


def _likes(words: Sequence[str], connection) -> tuple[str, list[str]]:
    """ "w.folded LIKE %s ESCAPE '\\' AND …" and its patterns, the words taken literally; the longest
    word first, as the likeliest to be rare: a row is dropped at its first missing word."""
    words = sorted(words, key=len, reverse=True)
    sql = " AND ".join(["w.folded LIKE %s ESCAPE '\\'"] * len(words))
    return sql, [f"%{connection.ops.prep_for_like_query(word)}%" for word in words]


def _scope_matches(scope: QuerySet, words: Sequence[str]) -> list[int]:
    """The CANDIDATES most recent matches of a narrow scope, read whole: its rows come through the
    org_path index (the LIMIT keeps the database from walking the date index for them instead), the words
    are tested on each, and only the matches are sorted."""
    try:
        inner, params = scope.order_by().values("id", "date", "folded")[: NARROW + 1].query.sql_with_params()
    except EmptyResultSet:
        return []
    connection = connections[scope.db]
    likes, patterns = _likes(words, connection)
    sql = f"SELECT w.id FROM ({inner}) w WHERE {likes} ORDER BY w.date DESC, w.id DESC LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *patterns, CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def _recent_matches(scope: QuerySet, words: Sequence[str], window: int) -> tuple[list[int], bool]:
    """Up to CANDIDATES matches among the `window` most recent entries of `scope`, newest first, and
    whether that window held the whole scope. One query that reads newest first and stops as soon as
    it has enough: the words are tested on the window's rows (a derived table), never through an index.
    """
    recent = scope.annotate(rn=Window(RowNumber(), order_by=[F("date").desc(), F("id").desc()])).order_by(
        "-date", "-id"
    )
    try:
        inner, params = recent.values("id", "date", "folded", "rn")[: window + 1].query.sql_with_params()
    except EmptyResultSet:
        return [], True
    connection = connections[scope.db]
    likes, patterns = _likes(words, connection)
    # The row just past the window comes back whatever it holds: it says the scope goes on.
    sql = (
        f"SELECT w.id, w.rn, CASE WHEN {likes} THEN 1 ELSE 0 END FROM ({inner}) w "
        f"WHERE ({likes}) OR w.rn = %s ORDER BY w.date DESC, w.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*patterns, *params, *patterns, window + 1, CANDIDATES + 1])
        rows = cursor.fetchall()
    ids = [pk for pk, rn, hit in rows if hit and rn <= window]
    whole = not any(rn > window for _pk, rn, _hit in rows)
    return ids[:CANDIDATES], whole and len(ids) < CANDIDATES


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
