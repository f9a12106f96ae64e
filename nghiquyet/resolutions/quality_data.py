"""The plain data the quality checks work on (nghiquyet.quality), built from resolutions and meetings.

`quality` imports no upper app; this module is the bridge, reading each kind of row once for any number
of resolutions or meetings (the query counts are fixed, see the tests in nghiquyet/quality/tests/).

- `resolution_quality(resolution)` / `resolution_quality_many(resolutions)`: findings, near copies of the
  committee's earlier resolutions (R17) and of the upper-level texts (R18), the passages to highlight in
  the draft, and the score.
- `meeting_quality(meeting)`: participation findings (R11, R13) with names, and the meeting's score.
- `bloc_documents()`: (Source, text) of every issued resolution, for the bloc-wide scan
  (`nghiquyet.quality.similarity.find_near_duplicates`).
- Stored scores (#7): `score_at_issue` (what `services.issue` stores in `Resolution.quality_score`),
  `meeting_scores` and the `refresh_*` batches behind the `refresh_quality` command; the meeting's score is
  stored in `Indicators.quality_score` by `receivers.py` when its indicators are computed. The bloc
  dashboard averages the stored values in the database.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.db.models import Case, Count, PositiveSmallIntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from nghiquyet.documents.models import Confidentiality
from nghiquyet.meetings.models import (
    EXCUSED_STATUSES,
    PRESENT_STATUSES,
    AgendaEntry,
    Attendance,
    DocumentKind,
    FocusTopic,
    Indicators,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingStatus,
    Opinion,
    Section,
    Stance,
)
from nghiquyet.orgs.models import Person
from nghiquyet.quality import checks, participation, similarity, substance
from nghiquyet.quality.score import QualityScore, meeting_score, resolution_score

from .models import Item, Resolution, ResolutionStatus
from .queries import sections

# Ten years of monthly resolutions: what a draft is compared with.
PREVIOUS_LIMIT = 120
# Passages are highlighted, and the copied sentences listed, from every text whose substance the draft
# repeats at least this much (half the default near-copy threshold, 0.3).
HIGHLIGHT_FROM = 0.15
HISTORY_MEETINGS = 12
ISSUED = (ResolutionStatus.ISSUED, ResolutionStatus.CLOSED)
TEXT_FIELDS = ("theme_reason", "assessment", "objectives", "implementation")
ITEM_TEXT_FIELDS = ("content", "requirement", "measures")


@dataclass(frozen=True)
class Source:
    """What a draft was compared with: an earlier resolution or an upper-level document."""

    kind: str  # "resolution" or "upper"
    pk: int
    label: str

    def __str__(self) -> str:
        return self.label

    @property
    def url(self) -> str:
        """The resolution's page; "" for an upper-level document (its meeting's page lists it)."""
        if self.kind != "resolution":
            return ""
        from django.urls import reverse

        return reverse("resolutions:resolution", args=[self.pk])


@dataclass
class ResolutionQuality:
    data: checks.ResolutionData
    findings: list[checks.Finding]
    previous: list[similarity.Match]  # best first; only texts sharing something with the draft
    upper: list[similarity.Match]
    score: QualityScore
    # Field key -> character spans repeating another text: "assessment", "objectives", "implementation",
    # "theme_reason", or "item-<pk>-content" / "-requirement" / "-measures".
    highlights: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    unreadable_upper: list[Source] = field(default_factory=list)  # upper documents not read (PDF…)
    meeting: participation.MeetingData | None = None

    @property
    def near_copies(self) -> list[similarity.Match]:
        return [m for m in (*self.previous, *self.upper) if m.near_copy]


def comparable_text(resolution, items: Sequence[Item] | None = None, item_texts: Sequence[str] = ()) -> str:
    """The words a resolution says: its sections and items, without headings, labels, names or dates.

    Headings and the "Người thực hiện: …" lines repeat in every resolution of a committee; left in, they
    would make two honest resolutions look alike. Items are given as models or as their texts in order.
    """
    parts = [getattr(resolution, name) for name in TEXT_FIELDS[:3]]
    for item in items or ():
        parts += [getattr(item, name) for name in ITEM_TEXT_FIELDS]
    parts += item_texts
    parts.append(resolution.implementation)
    return "\n".join(p.strip() for p in parts if p and p.strip())


# Headings the substance detector reads (nghiquyet.quality.substance): the assessment is compared with
# the assessment, the numbered items with the items.
_ASSESSMENT_HEADING = "I. ĐÁNH GIÁ TÌNH HÌNH"
_TASKS_HEADING = "II. NHIỆM VỤ VÀ GIẢI PHÁP"
_ORGANIZATION_HEADING = "III. TỔ CHỨC THỰC HIỆN"


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def sectioned_text(resolution, items: Sequence[Item] | None = None, item_texts: Sequence[str] = ()) -> str:
    """The resolution's words under the headings of its sections, each item one numbered line: what the
    near-copy check compares, section by section and item by item. Items as models or as their texts
    (content, requirement, measures of each in order)."""
    size = len(ITEM_TEXT_FIELDS)
    rows = [[getattr(item, name) for name in ITEM_TEXT_FIELDS] for item in items or ()]
    rows += [list(item_texts[i : i + size]) for i in range(0, len(item_texts), size)]
    lines = [_ASSESSMENT_HEADING, resolution.theme_reason or "", resolution.assessment or ""]
    lines += [_TASKS_HEADING, resolution.objectives or ""]
    for number, parts in enumerate(rows, start=1):
        said = [_one_line(p).rstrip(".") for p in parts if p and p.strip()]
        if said:
            lines.append(f"{number}. " + ". ".join(said) + ".")
    lines += [_ORGANIZATION_HEADING, resolution.implementation or ""]
    return "\n".join(line.strip() for line in lines if line and line.strip())


def item_data(item: Item, number: int) -> checks.ItemData:
    return checks.ItemData(
        number=number,
        content=item.content,
        requirement=item.requirement,
        measures=item.measures,
        deadline=item.deadline,
        deadline_kind=item.deadline_kind,
        assignee_id=item.assignee_id,
        supervisor_id=item.supervisor_id,
    )


def _items_by_resolution(ids: Iterable[int]) -> dict[int, list[Item]]:
    items: dict[int, list[Item]] = defaultdict(list)
    rows = Item.objects.filter(resolution_id__in=list(ids)).order_by("resolution_id", "order", "id")
    for item in rows.only(
        "id",
        "resolution_id",
        "order",
        *ITEM_TEXT_FIELDS,
        "deadline",
        "deadline_kind",
        "assignee_id",
        "supervisor_id",
    ):
        items[item.resolution_id].append(item)
    return items


def _label(resolution) -> str:
    return f"{resolution.number_display} {resolution.title}".strip()


@dataclass(frozen=True)
class _Earlier:
    """An issued resolution as compared with a draft: read with values_list, no model instance."""

    pk: int
    org_id: int
    title: str
    number_display: str
    issued_on: dt.date | None
    corrects_id: int | None
    theme_reason: str
    assessment: str
    objectives: str
    implementation: str


def _previous_candidates(resolutions: Sequence[Resolution]) -> dict[int, list[_Earlier]]:
    """Each organization's issued resolutions, newest first (one query). Classified ones are left out: the
    panels quote what they match, and a panel is read by the whole committee (#17.1)."""
    orgs = {r.org_id for r in resolutions}
    rows = Resolution.objects.filter(
        org_id__in=orgs, status__in=ISSUED, confidentiality=Confidentiality.NONE
    ).order_by("org_id", "-issued_on", "-id")
    if len(resolutions) == 1:
        # One resolution (the draft page): only what it is compared with, newest first.
        (one,) = resolutions
        if one.issued_on:
            rows = rows.filter(issued_on__lte=one.issued_on)
        rows = rows[: PREVIOUS_LIMIT + 2]
    found: dict[int, list[_Earlier]] = defaultdict(list)
    for values in rows.values_list(
        "id", "org_id", "title", "number_display", "issued_on", "corrects_id", *TEXT_FIELDS
    ):
        earlier = _Earlier(*values)
        found[earlier.org_id].append(earlier)
    return found


def _item_texts(ids: Iterable[int]) -> dict[int, list[str]]:
    """The item texts (content, requirement, measures) of resolutions, in order (one query)."""
    texts: dict[int, list[str]] = defaultdict(list)
    rows = Item.objects.filter(resolution_id__in=list(ids)).order_by("resolution_id", "order", "id")
    for resolution_id, *parts in rows.values_list("resolution_id", *ITEM_TEXT_FIELDS):
        texts[resolution_id].extend(parts)
    return texts


def _previous_for(resolution: Resolution, candidates: list[_Earlier]) -> list[_Earlier]:
    """The committee's issued resolutions before this one, newest first, without its own corrections."""
    related = {resolution.pk, resolution.corrects_id}
    out = []
    for other in candidates:
        if other.pk in related or other.corrects_id == resolution.pk:
            continue
        if (
            resolution.issued_on
            and other.issued_on
            and (other.issued_on, other.pk)
            >= (
                resolution.issued_on,
                resolution.pk,
            )
        ):
            continue
        out.append(other)
        if len(out) == PREVIOUS_LIMIT:
            break
    return out


def _document_text(document: MeetingDocument) -> str:
    """The text read from the file when it was uploaded (documents.uploads.store): never the file (#17.3)."""
    return document.attachment.text


def _upper_documents(resolutions: Sequence[Resolution]) -> dict[int, list[MeetingDocument]]:
    """The upper-level documents each resolution implements: linked to it, or given to its meeting (2 queries)."""
    found: dict[int, dict[int, MeetingDocument]] = defaultdict(dict)
    through = Resolution.upper_documents.through.objects.filter(
        resolution_id__in=[r.pk for r in resolutions]
    ).select_related("meetingdocument__attachment")
    for link in through:
        found[link.resolution_id][link.meetingdocument_id] = link.meetingdocument
    by_meeting = defaultdict(list)
    for r in resolutions:
        if r.meeting_id:
            by_meeting[r.meeting_id].append(r.pk)
    if by_meeting:
        documents = MeetingDocument.objects.filter(
            meeting_id__in=list(by_meeting), kind=DocumentKind.UPPER
        ).select_related("attachment")
        for document in documents:
            for pk in by_meeting[document.meeting_id]:
                found[pk][document.pk] = document
    return {pk: list(docs.values()) for pk, docs in found.items()}


def _highlights(
    resolution: Resolution, items: Sequence[Item], sources: Sequence[set]
) -> dict[str, list[tuple[int, int]]]:
    if not sources:
        return {}
    repeated = set().union(*sources)
    fields = [(name, getattr(resolution, name)) for name in TEXT_FIELDS]
    fields += [(f"item-{item.pk}-{name}", getattr(item, name)) for item in items for name in ITEM_TEXT_FIELDS]
    out = {}
    for key, text in fields:
        if text and text.strip():
            spans = similarity.passages(similarity.prepare(text), repeated)
            if spans:
                out[key] = spans
    return out


def resolution_quality_many(
    resolutions: Iterable[Resolution],
    *,
    extra_upper: Sequence[tuple[Source, str]] = (),
    highlights: bool = True,
    items: dict[int, Sequence[Item]] | None = None,
) -> dict[int, ResolutionQuality]:
    """The quality of several resolutions, in a fixed number of queries whatever their number.

    `extra_upper` adds upper-level texts to compare every resolution with (e.g. the bloc's guidance for the
    period, kept by the oversight app). `highlights=False` leaves out the passages to mark, which only the
    draft page shows: a third of the work, and nothing the score depends on (used to store scores).

    The resolutions are read afresh, unless `items` gives each one's items (in order): then the instances
    given are taken as they are, just read by the caller (the resolution's page), and neither is read again.
    """
    if items is None:
        resolutions = list(Resolution.objects.filter(pk__in=[r.pk for r in resolutions]))
        own_items = _items_by_resolution(r.pk for r in resolutions)
    else:
        resolutions, own_items = list(resolutions), items
    if not resolutions:
        return {}
    candidates = _previous_candidates(resolutions)
    previous_items = _item_texts(p.pk for ps in candidates.values() for p in ps)
    uppers = _upper_documents(resolutions)
    meeting_ids = {r.meeting_id for r in resolutions if r.meeting_id}
    meetings = {m.id: m for m in meetings_data(Meeting(pk=pk) for pk in meeting_ids)} if meeting_ids else {}
    # Read once, however many of the resolutions are compared with it.
    texts_of_previous = {
        p.pk: sectioned_text(p, item_texts=previous_items.get(p.pk, ()))
        for ps in candidates.values()
        for p in ps
    }
    upper_texts: dict[int, str] = {}  # each document read once
    out = {}
    for resolution in resolutions:
        items = own_items.get(resolution.pk, [])
        meeting = meetings.get(resolution.meeting_id)
        data = checks.ResolutionData(
            title=resolution.title,
            kind=resolution.kind,
            theme_reason=resolution.theme_reason,
            items=tuple(item_data(item, n) for n, item in enumerate(items, start=1)),
            focus_topics_count=meeting.focus_topics_count if meeting else None,
            max_focus_topics=meeting.max_focus_topics if meeting else checks.MAX_FOCUS_TOPICS,
            text=comparable_text(resolution, items),
            sections=sections(resolution),
        )
        previous_sources = [
            (Source("resolution", p.pk, _label(p)), texts_of_previous[p.pk])
            for p in _previous_for(resolution, candidates.get(resolution.org_id, []))
        ]
        upper_sources, unreadable = [], []
        for document in uppers.get(resolution.pk, []):
            if document.pk not in upper_texts:
                upper_texts[document.pk] = _document_text(document)
            source = Source("upper", document.pk, f"{document.number} {document.title}".strip())
            if upper_texts[document.pk].strip():
                upper_sources.append((source, upper_texts[document.pk]))
            else:
                unreadable.append(source)
        upper_sources += list(extra_upper)
        # What recurs across the committee's history and its upper level's texts weighs nothing.
        background = substance.Background(text for _s, text in (*previous_sources, *upper_sources))
        draft_text = sectioned_text(resolution, items)
        passages_from = HIGHLIGHT_FROM if highlights else None
        previous = (
            similarity.check_draft(
                draft_text, previous_sources, passages_from=passages_from, background=background
            )
            if previous_sources
            else []
        )
        upper = (
            similarity.check_draft(
                draft_text, upper_sources, passages_from=passages_from, background=background
            )
            if upper_sources
            else []
        )
        repeating = {m.key for m in (*previous, *upper) if m.score >= HIGHLIGHT_FROM}
        repeated = [
            similarity.text_shingles(text)
            for source, text in (*previous_sources, *upper_sources)
            if source in repeating
        ]
        findings = checks.check_resolution(data)
        out[resolution.pk] = ResolutionQuality(
            data=data,
            findings=findings,
            previous=previous,
            upper=upper,
            score=resolution_score(data, findings=findings, previous=previous, upper=upper, meeting=meeting),
            highlights=_highlights(resolution, items, repeated) if highlights else {},
            unreadable_upper=unreadable,
            meeting=meeting,
        )
    return out


def resolution_quality(
    resolution: Resolution,
    *,
    extra_upper: Sequence[tuple[Source, str]] = (),
    highlights: bool = True,
    items: Sequence[Item] | None = None,
) -> ResolutionQuality:
    """Findings, near copies, passages to highlight (unless `highlights=False`) and the score of one
    resolution or draft; `items`: the resolution and its items as just read by the caller (not read again)."""
    return resolution_quality_many(
        [resolution],
        extra_upper=extra_upper,
        highlights=highlights,
        items=None if items is None else {resolution.pk: items},
    )[resolution.pk]


# ---------------------------------------------------------------- meetings


def meetings_data(meetings: Iterable[Meeting]) -> list[participation.MeetingData]:
    """`MeetingData` for meetings, in six queries whatever their number (five when the meetings come with
    their vote read, as `meeting_history` gives them)."""
    meetings = list(meetings)
    if not all(m.date and Meeting.vote.is_cached(m) for m in meetings):
        meetings = list(Meeting.objects.filter(pk__in=[m.pk for m in meetings]).select_related("vote"))
    ids = [m.pk for m in meetings]
    present: dict[int, set[int]] = defaultdict(set)
    excused: dict[int, set[int]] = defaultdict(set)
    unexcused: dict[int, set[int]] = defaultdict(set)
    for meeting_id, person_id, status in Attendance.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "person_id", "status"
    ):
        if status in PRESENT_STATUSES:
            present[meeting_id].add(person_id)
        elif status in EXCUSED_STATUSES:  # a reason given, or one that takes the member out of the count
            excused[meeting_id].add(person_id)
        else:
            unexcused[meeting_id].add(person_id)
    speakers: dict[int, set[int]] = defaultdict(set)
    opinions: dict[int, int] = defaultdict(int)
    dissent: set[int] = set()
    for meeting_id, author_id, stance in Opinion.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "author_id", "stance"
    ):
        speakers[meeting_id].add(author_id)
        opinions[meeting_id] += 1
        if stance == Stance.DISAGREE:
            dissent.add(meeting_id)
    topics = dict(
        FocusTopic.objects.filter(meeting_id__in=ids)
        .values("meeting_id")
        .annotate(n=Count("id"))
        .values_list("meeting_id", "n")
    )
    reviewed = set(
        AgendaEntry.objects.filter(meeting_id__in=ids, section=Section.REVIEW).values_list(
            "meeting_id", flat=True
        )
    )
    max_topics = dict(
        Meeting.objects.filter(pk__in=ids, regulation__isnull=False).values_list(
            "pk", "regulation__max_focus_topics"
        )
    )
    out = []
    for m in meetings:
        vote = getattr(m, "vote", None)
        out.append(
            participation.MeetingData(
                id=m.pk,
                date=m.date,
                attendees=frozenset(present[m.pk]),
                absent_with_reason=frozenset(excused[m.pk]),
                absent_without_reason=frozenset(unexcused[m.pk]),
                speakers=frozenset(speakers[m.pk]),
                vote_recorded=vote is not None,
                adopted=vote.adopted if vote is not None else None,
                opinions_count=opinions[m.pk],
                members_total=vote.members_total if vote is not None else None,
                dissent_recorded=m.pk in dissent,
                focus_topics_count=topics.get(m.pk, 0),
                max_focus_topics=max_topics.get(m.pk, checks.MAX_FOCUS_TOPICS),
                last_month_reviewed=(m.pk in reviewed) if m.kind == MeetingKind.REGULAR else None,
            )
        )
    out.sort(key=lambda d: (d.date, d.id))
    return out


def meeting_history(meeting: Meeting, limit: int = HISTORY_MEETINGS) -> list[Meeting]:
    """The committee's held meetings up to this one (this one included), newest `limit`, with their votes
    (one query).

    Standing Committee meetings have other members: they are compared only among themselves.
    """
    standing = Q(kind=MeetingKind.STANDING)
    rows = Meeting.objects.filter(
        Q(org_id=meeting.org_id, date__lte=meeting.date)
        & Q(status__in=(MeetingStatus.HELD, MeetingStatus.SIGNED))
        & (standing if meeting.kind == MeetingKind.STANDING else ~standing)
    ).order_by("-date", "-id")
    history = list(rows.select_related("vote")[:limit])
    if meeting.pk not in {m.pk for m in history}:
        history = [meeting, *history[: limit - 1]]
    return history


@dataclass
class MeetingQuality:
    data: participation.MeetingData
    findings: list[participation.ParticipationFinding]
    silent: list[participation.SilentMember]
    absences: list[participation.RepeatedAbsence]
    score: QualityScore
    names: dict[int, str]


def meeting_quality(meeting: Meeting, history: Sequence[Meeting] | None = None) -> MeetingQuality:
    """Participation findings with names, silent members, repeated absences and the score (7 queries, 6
    when the caller gives the `meeting_history`)."""
    history = meetings_data(meeting_history(meeting) if history is None else history)
    current = next(d for d in history if d.id == meeting.pk)
    silent = participation.silent_members(history)
    absences = participation.repeated_absences(history)
    people = {p for d in history for p in d.expected}
    names = dict(Person.objects.filter(pk__in=people).values_list("pk", "full_name"))
    findings = participation.check_meeting(current, history, names)
    return MeetingQuality(
        data=current,
        findings=findings,
        silent=silent,
        absences=absences,
        score=meeting_score(current, history=history, findings=findings),
        names=names,
    )


# ---------------------------------------------------------------- cached panels

# The quality panels of settled records are served from the cache (Django's: Redis when REDIS_URL is set,
# otherwise each server process's memory), rendered, per language. The key carries a fingerprint of
# everything a panel is made from, so that no panel rendered by earlier code is served after a release.
PANEL_TTL = 24 * 3600  # also bounds how long a renamed person's old name can show in a cached panel
_APP = Path(__file__).resolve().parent
PANEL_SOURCES = (
    *sorted((_APP.parent / "quality").glob("*.py")),  # the checks and the score
    Path(__file__).resolve(),  # what they are fed
    *sorted((_APP / "templates" / "resolutions").glob("_*quality*.html")),  # the panels
    *sorted((_APP / "templatetags").glob("*.py")),
    *sorted((_APP.parent / "locale").glob("*/LC_MESSAGES/django.mo")),  # their words
)


@functools.cache
def panel_version() -> str:
    """A fingerprint of the panels' sources (computed once per process, never bumped by hand)."""
    digest = hashlib.sha256()
    for path in PANEL_SOURCES:
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def resolution_settled(resolution: Resolution) -> bool:
    """Nothing the quality panel of `resolution` reads can change any more: it is issued (its text and
    items are fixed, and it is compared only with resolutions issued before it) and the record of its
    meeting, if any, is signed (attendance, opinions, vote and the meeting's documents are locked)."""
    return resolution.status in ISSUED and (
        resolution.meeting_id is None or resolution.meeting.status == MeetingStatus.SIGNED
    )


def meeting_settled(history: Sequence[Meeting]) -> bool:
    """The panel of a meeting reads its `meeting_history`: settled once every one of those records is
    signed (an earlier meeting still open could gain attendance or opinions)."""
    return all(m.status == MeetingStatus.SIGNED for m in history)


def cached_panel(kind: str, pk: int, settled: bool, render: Callable[[], str]) -> str:
    """The panel `render()` gives, from the cache when the record is `settled` (then its inputs never
    change: the entry is never stale), rendered afresh otherwise. Per language: the panels are text."""
    if not settled:
        return render()
    key = f"nq:quality-panel:{panel_version()}:{kind}:{pk}:{get_language() or ''}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), PANEL_TTL)
    return mark_safe(html)  # the HTML our own template rendered


# ---------------------------------------------------------------- the bloc-wide scan


def bloc_documents(
    since: dt.date | None = None, org_ids: Iterable[int] | None = None, chunk_size: int = 2000
) -> Iterator[tuple[Source, str]]:
    """(Source, comparable text) of every issued resolution, streamed in chunks of `chunk_size`.

    Two queries per chunk: the resolutions and their items.
    """
    rows = Resolution.objects.filter(status__in=ISSUED).order_by("pk")
    if since is not None:
        rows = rows.filter(issued_on__gte=since)
    if org_ids is not None:
        rows = rows.filter(org_id__in=list(org_ids))
    rows = rows.only("id", "title", "number_display", *TEXT_FIELDS).prefetch_related(
        Prefetch(
            "items",
            queryset=Item.objects.order_by("order", "id").only("id", "resolution_id", *ITEM_TEXT_FIELDS),
        )
    )
    for resolution in rows.iterator(chunk_size=chunk_size):
        yield (
            Source("resolution", resolution.pk, _label(resolution)),
            comparable_text(resolution, list(resolution.items.all())),
        )


# ---------------------------------------------------------------- stored scores (#7)

HELD = (MeetingStatus.HELD, MeetingStatus.SIGNED)
BATCH_SIZE = 500
_deferred: ContextVar[bool] = ContextVar("nghiquyet_quality_deferred", default=False)


@contextmanager
def deferred() -> Iterator[None]:
    """Store no score while many records are generated at once (the demo): the `refresh_*` batches below
    fill them afterwards far more cheaply than one comparison per record."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def scoring_deferred() -> bool:
    return _deferred.get()


def score_at_issue(resolution: Resolution) -> int | None:
    """The score the draft page shows for `resolution` now, stored when it is issued; None while deferred.

    Called on the draft before it gets its number and date, so that it is compared with exactly what the
    draft page compared it with.
    """
    if _deferred.get():
        return None
    return resolution_quality(resolution, highlights=False).score.score


def meeting_scores(meetings: Iterable[Meeting]) -> dict[int, QualityScore]:
    """`meeting_quality(m).score` of each meeting, in 8 queries whatever their number.

    The same history as `meeting_history` (the committee's twelve latest held meetings up to each one,
    Standing Committee meetings apart), read for the whole batch at once; names are not needed for a score.
    """
    targets = list(
        Meeting.objects.filter(pk__in=[m.pk for m in meetings]).values_list("pk", "org_id", "date", "kind")
    )
    if not targets:
        return {}
    held: dict[tuple[int, bool], list[tuple[dt.date, int]]] = defaultdict(list)
    rows = (
        Meeting.objects.filter(
            org_id__in={t[1] for t in targets}, status__in=HELD, date__lte=max(t[2] for t in targets)
        )
        .order_by("-date", "-id")
        .values_list("pk", "org_id", "date", "kind")
    )
    for pk, org_id, date, kind in rows:
        held[(org_id, kind == MeetingKind.STANDING)].append((date, pk))
    histories: dict[int, list[int]] = {}
    for pk, org_id, date, kind in targets:
        ids = [p for d, p in held[(org_id, kind == MeetingKind.STANDING)] if d <= date][:HISTORY_MEETINGS]
        if pk not in ids:
            ids = [pk, *ids[: HISTORY_MEETINGS - 1]]
        histories[pk] = ids
    wanted = {p for ids in histories.values() for p in ids}
    data = {d.id: d for d in meetings_data(Meeting(pk=p) for p in wanted)}
    out = {}
    for pk, ids in histories.items():
        history = sorted((data[p] for p in ids), key=lambda d: (d.date, d.id))
        current = data[pk]
        findings = participation.check_meeting(current, history)
        out[pk] = meeting_score(current, history=history, findings=findings)
    return out


def _scores_case(scores: dict[int, int], key: str) -> Case:
    return Case(
        *(When(**{key: pk}, then=Value(score)) for pk, score in scores.items()),
        output_field=PositiveSmallIntegerField(),
    )


def store_meeting_score(meeting: Meeting) -> int:
    """Compute `meeting_quality(meeting)` and store its score in the meeting's indicators (9 queries)."""
    score = meeting_quality(meeting).score.score
    Indicators.objects.filter(meeting_id=meeting.pk).update(quality_score=score)
    return score


Progress = Callable[[int, int], None]  # (done, total)


def _batches(ids: list[int], batch_size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), batch_size):
        yield ids[start : start + batch_size]


def refresh_resolution_scores(
    resolutions: QuerySet[Resolution], *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> int:
    """Compute and store the score of the issued resolutions among `resolutions`; returns their number.

    In batches of `batch_size` (`resolution_quality_many`: a fixed number of queries each, plus one
    UPDATE), ordered by organization so that a committee's earlier resolutions are read in few batches.
    A stored score is derived data, not the issued text: it is written with an UPDATE, past the model's
    immutability guard.
    """
    ids = list(
        resolutions.filter(status__in=ISSUED)
        .order_by("org_id", "issued_on", "pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for batch in _batches(ids, batch_size):
        quality = resolution_quality_many((Resolution(pk=pk) for pk in batch), highlights=False)
        scores = {pk: q.score.score for pk, q in quality.items()}
        Resolution.objects.filter(pk__in=list(scores)).update(quality_score=_scores_case(scores, "pk"))
        done += len(batch)
        if progress:
            progress(done, len(ids))
    return len(ids)


def refresh_meeting_scores(
    meetings: QuerySet[Meeting], *, batch_size: int = BATCH_SIZE, progress: Progress | None = None
) -> int:
    """Compute and store the score of the held meetings among `meetings` that have their indicators
    (computed when the record is closed); returns their number. 9 queries a batch."""
    ids = list(
        meetings.filter(status__in=HELD, indicators__isnull=False)
        .order_by("org_id", "date", "pk")
        .values_list("pk", flat=True)
    )
    done = 0
    for batch in _batches(ids, batch_size):
        scores = {pk: s.score for pk, s in meeting_scores(Meeting(pk=pk) for pk in batch).items()}
        Indicators.objects.filter(meeting_id__in=list(scores)).update(
            quality_score=_scores_case(scores, "meeting_id")
        )
        done += len(batch)
        if progress:
            progress(done, len(ids))
    return len(ids)
