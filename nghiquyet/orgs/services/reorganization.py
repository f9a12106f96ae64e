"""Reorganizations (R39, R40): create, rename, move, merge, split, dissolve, each made by an upper level on a
decision, previewed, applied in one transaction, and undone whole until somebody confirms it.

`preview(spec)` says what would change and what would move where, writing nothing; `reorganize(spec)`
does the same thing for real: closes the versions that end, opens those that begin (orgs.history), moves
the sub-units, and passes every open record of the organizations that end to their successor through the
registered carriers (orgs.carriers), noting each in a ReorganizationMove so the report lists it and
`undo_reorganization` can put it back. Sources: docs/reorganization.md.

Every organization a reorganization creates gets a committee term from the effective date (the upper
level appoints its committee until its first congress), before the carriers run, so the seats passed to
it land on that term and it can number documents: a new series from 01 for each document type, as the
Party's guidance numbers them per committee term (orgs.numbering). A rename or a move keeps the
organization, its term and its series; a merge into an existing organization keeps that one's. An existing
organization that receives the work (a merge into it, a dissolution's successor) with no committee term in
office on the effective day is appointed one the same way, or the seats passed to it would have nowhere
to sit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nghiquyet.documents.placement import follow_tree

from .. import carriers as carrier_registry
from ..models import (
    ALLOWED_PARENT_KINDS,
    PATH_SEPARATOR,
    BodyStaff,
    DocumentCounter,
    Organization,
    OrganizationVersion,
    OrgKind,
    Reorganization,
    ReorganizationKind,
    ReorganizationMove,
    ReorganizationStatus,
    Term,
)
from ..numbering import term_label

Kind = ReorganizationKind
# The kinds after which the sources no longer exist: their work passes on.
ENDING = (Kind.MERGE, Kind.SPLIT, Kind.DISSOLVE)
VERSION_FIELDS = ("name", "kind", "issuer_code", "parent_id", "path")


@dataclass
class NewOrg:
    """An organization a reorganization creates (the successor of a merge into a new one, a split's parts)."""

    code: str
    name: str
    kind: str = ""
    issuer_code: str = ""


@dataclass
class Spec:
    """What the upper level asks: the decision and its effective date, the organizations it acts on
    (`sources`), the existing organization it names (`target`: the new upper body of a move or a create,
    the successor of a merge or a dissolution), the new name of a rename, the organizations it creates
    (`parts`), and for a split which part receives what (`assignment`: carrier name → {record id: part
    index}; a record not named follows its person, else goes to the first part)."""

    kind: str
    decision_number: str
    decision_date: dt.date
    issuer: Organization
    effective_date: dt.date
    sources: list[Organization] = field(default_factory=list)
    target: Organization | None = None
    new_name: str = ""
    parts: list[NewOrg] = field(default_factory=list)
    assignment: dict[str, dict[int, int]] = field(default_factory=dict)
    # A decision taken above the application's tree (the City Committee founding a committee beside the
    # bloc, decision 8152-QĐ/TU): its body's name. Then the sources need not lie under `issuer` (the
    # organization the decision took them from), and a created organization may be a new root. Recorded
    # by commands and the demo, not offered on the upper level's form.
    decided_above: str = ""


@dataclass
class Move:
    carrier: str
    label: str
    object_id: int
    from_org: Organization
    to: int | Organization  # an existing organization, or the index of a part to create

    def to_name(self, parts: list[NewOrg]) -> str:
        return parts[self.to].name if isinstance(self.to, int) else self.to.name


@dataclass(frozen=True)
class Appointment:
    """The committee term a reorganization appoints an existing successor that has none in office on the
    effective day: its label, and its end when the organization's next term is already recorded."""

    label: str
    end_date: dt.date | None = None


@dataclass
class Preview:
    """What a reorganization would do: one line per change of the tree, and every record passed on;
    `appointment`: the term the existing successor is appointed, when it has none in office."""

    changes: list[str]
    moves: list[Move]
    parts: list[NewOrg]
    appointment: Appointment | None = None

    def summary(self) -> list[dict]:
        """Per carrier, from → to: how many records, and the first few (for the preview page)."""
        labels = {c.name: str(c.label) for c in carrier_registry.carriers()} | {
            "units": _("Subordinate units")
        }
        groups: dict[tuple, list[Move]] = defaultdict(list)
        for move in self.moves:
            groups[(move.carrier, move.from_org.name, move.to_name(self.parts))].append(move)
        return [
            {
                "what": labels.get(carrier, carrier),
                "from": source,
                "to": target,
                "count": len(moves),
                "examples": [m.label for m in moves[:5]],
            }
            for (carrier, source, target), moves in groups.items()
        ]


# ---------------------------------------------------------------- validation


def _validate(spec: Spec) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if not spec.decision_number.strip():
        errors["decision_number"].append(_("Enter the number of the reorganization decision."))
    if spec.effective_date < spec.decision_date:
        errors["effective_date"].append(_("The effective date cannot be before the decision date."))
    if spec.kind == Kind.CREATE and any(not part.kind for part in spec.parts):
        errors["parts"].append(_("Choose the kind of the new organization."))
    needs_sources = spec.kind != Kind.CREATE
    if needs_sources and not spec.sources:
        errors["sources"].append(_("Choose the organizations to reorganize."))
    if spec.kind in (Kind.RENAME, Kind.SPLIT) and len(spec.sources) != 1:
        errors["sources"].append(_("Choose exactly one organization."))
    if spec.kind == Kind.MERGE and len(spec.sources) < 2:
        errors["sources"].append(_("A merge needs at least two organizations."))
    if spec.kind == Kind.RENAME and not spec.new_name.strip():
        errors["new_name"].append(_("Enter the new name."))
    creates_root = bool(
        spec.kind == Kind.CREATE and spec.decided_above and spec.parts and spec.parts[0].kind == OrgKind.BLOC
    )
    if spec.kind in (Kind.MOVE, Kind.CREATE) and spec.target is None and not creates_root:
        errors["target"].append(_("Choose the upper body."))
    if spec.kind == Kind.MERGE and spec.target is None and len(spec.parts) != 1:
        errors["target"].append(_("Choose the organization they merge into, or name a new one."))
    if spec.kind == Kind.SPLIT and len(spec.parts) < 2:
        errors["parts"].append(_("A split creates at least two organizations."))
    if spec.kind == Kind.CREATE and len(spec.parts) != 1:
        errors["parts"].append(_("Name the organization to create."))
    issuer_path = spec.issuer.path
    for org in [*spec.sources, *([spec.target] if spec.target else [])]:
        if (not spec.decided_above and not org.path.startswith(issuer_path)) or (
            org.pk == spec.issuer.pk and org in spec.sources
        ):
            errors["sources"].append(
                _("“{name}” is not under the committee that decides.").format(name=org.name)
            )
        if org.active_to is not None and org.active_to < spec.effective_date:
            errors["sources"].append(_("“{name}” no longer exists on that date.").format(name=org.name))
    if spec.kind == Kind.MOVE and spec.target is not None:
        for org in spec.sources:
            if spec.target.path.startswith(org.path):
                errors["target"].append(_("An organization cannot be moved under itself."))
            elif spec.target.kind not in ALLOWED_PARENT_KINDS.get(org.kind, ()):
                errors["target"].append(
                    _("“{name}” cannot be placed under that upper body.").format(name=org.name)
                )
    codes = [p.code for p in spec.parts]
    taken = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    for part in spec.parts:
        if not part.code or not part.name.strip():
            errors["parts"].append(_("Every new organization needs a code and a name."))
        elif part.code in taken or codes.count(part.code) > 1:
            errors["parts"].append(_("The code “{code}” is already used.").format(code=part.code))
    started = OrganizationVersion.objects.filter(
        org__in=spec.sources, valid_to__isnull=True, valid_from__gte=spec.effective_date
    ).select_related("org")
    for version in started:
        errors["effective_date"].append(
            _("“{name}” already changed on or after that date; choose a later effective date.").format(
                name=version.org.name
            )
        )
    if errors:
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})


# ---------------------------------------------------------------- planning (no writes)


def _successor(spec: Spec) -> int | Organization:
    if spec.kind == Kind.MERGE:
        return spec.target if spec.target is not None else 0
    return spec.target  # a dissolution's successor, when it has one


def _plan_moves(spec: Spec) -> list[Move]:
    if spec.kind not in ENDING:
        return []
    ending = [o for o in spec.sources if not (spec.target is not None and o.pk == spec.target.pk)]
    by_id = {o.pk: o for o in ending}
    moves: list[Move] = []
    # The sub-units of the organizations that end pass on first: they keep their own records.
    for child in Organization.objects.filter(parent__in=ending, active_to__isnull=True).order_by("path"):
        to = _split_part(spec, "units", child.pk, None) if spec.kind == Kind.SPLIT else _successor(spec)
        moves.append(Move("units", child.name, child.pk, by_id[child.parent_id], to))
    person_part: dict[int, int] = {}
    for carrier in carrier_registry.carriers():
        held = carrier.held(list(by_id), spec.effective_date)
        for record in held:
            if spec.kind == Kind.SPLIT:
                to = _split_part(spec, carrier.name, record.object_id, person_part.get(record.person_id))
                if carrier.name == "members":
                    person_part[record.person_id] = to
            else:
                to = _successor(spec)
            moves.append(Move(carrier.name, record.label, record.object_id, by_id[record.org_id], to))
    return moves


def _split_part(spec: Spec, carrier: str, object_id: int, person_default: int | None) -> int:
    chosen = spec.assignment.get(carrier, {}).get(object_id)
    if chosen is not None:
        return chosen
    return person_default if person_default is not None else 0


def _check_moves(spec: Spec, moves: list[Move]) -> None:
    """Nothing left without a home: a dissolution with open records needs a successor, members go to cells."""
    errors: list[str] = []
    for assigned in spec.assignment.values():
        if any(not 0 <= index < len(spec.parts) for index in assigned.values()):
            raise ValidationError(
                {"assignment": _("Every record must be assigned to one of the new organizations.")}
            )
    if spec.kind == Kind.DISSOLVE and spec.target is None and moves:
        errors.append(
            _("{count} open records would be left without an organization: choose the successor.").format(
                count=len(moves)
            )
        )
    cells_only = {c.name for c in carrier_registry.carriers() if c.cells_only}
    for move in moves:
        if move.carrier in cells_only and move.to is not None:
            kind = (
                spec.parts[move.to].kind or move.from_org.kind if isinstance(move.to, int) else move.to.kind
            )
            if kind not in ("grassroots_cell", "subordinate_cell"):
                errors.append(
                    _("Members of “{name}” must pass to a party cell.").format(name=move.from_org.name)
                )
                break
    if errors:
        raise ValidationError({"assignment": errors})


def _receiver_appointment(spec: Spec) -> Appointment | None:
    """The term to appoint an existing successor (a merge into it, a dissolution's) that has no committee
    term in office on the effective day: without one the seats passed to it would be dropped and it could
    not number a document. Ends the day before its next recorded term, if any; refused when the label it
    would get is already one of its terms (an office corrects that term's dates first)."""
    if spec.kind not in ENDING or spec.target is None:
        return None
    day = spec.effective_date
    terms = list(Term.objects.filter(org=spec.target).order_by("start_date"))
    if any(t.start_date <= day and (t.end_date is None or t.end_date >= day) for t in terms):
        return None
    label = _appointed_term_label(spec)
    if any(t.label == label for t in terms):
        raise ValidationError(
            {
                "target": _(
                    "“{name}” has no committee term in office on {day}, and its term {term} is recorded "
                    "with other dates: correct that term's dates before this reorganization."
                ).format(name=spec.target.name, day=day.strftime("%d/%m/%Y"), term=label)
            }
        )
    later = next((t for t in terms if t.start_date > day), None)
    return Appointment(label, later.start_date - dt.timedelta(days=1) if later else None)


def _changes(spec: Spec, appointment: Appointment | None) -> list[str]:
    """One line per change of the tree, then what becomes of the document number series."""
    return _tree_changes(spec) + _office_changes(spec) + _series_changes(spec, appointment)


def _series_changes(spec: Spec, appointment: Appointment | None) -> list[str]:
    day = spec.effective_date
    label = _appointed_term_label(spec) if spec.parts else ""
    lines = [
        _(
            "“{name}” gets a committee term {term} from {day}, its committee appointed by the upper level "
            "until its congress: its documents are numbered in a new series from 01."
        ).format(name=part.name, term=label, day=day.strftime("%d/%m/%Y"))
        for part in spec.parts
    ]
    if spec.kind in (Kind.RENAME, Kind.MOVE):
        names = ", ".join(f"“{o.name}”" for o in spec.sources)
        lines.append(
            _("{names} keep their committee term and their document number series: numbers continue.").format(
                names=names
            )
        )
    elif appointment is not None:
        lines.append(_appointment_line(spec, appointment))
    elif spec.kind in ENDING and spec.target is not None:
        lines.append(
            _("“{name}” keeps its committee term and its document number series: numbers continue.").format(
                name=spec.target.name
            )
        )
    return lines


def _appointment_line(spec: Spec, appointment: Appointment) -> str:
    values = {
        "name": spec.target.name,
        "term": appointment.label,
        "day": spec.effective_date.strftime("%d/%m/%Y"),
    }
    if appointment.end_date is None:
        return _(
            "“{name}” has no committee term in office on {day}: it gets a committee term {term} from that day, "
            "its committee appointed by the upper level until its congress, and the committee seats passed to "
            "it sit there; its documents are numbered in a new series from 01."
        ).format(**values)
    return _(
        "“{name}” has no committee term in office on {day}: it gets a committee term {term} from that day to "
        "{end}, the day before its next recorded term, its committee appointed by the upper level, and the "
        "committee seats passed to it sit there; its documents are numbered in a new series from 01."
    ).format(end=appointment.end_date.strftime("%d/%m/%Y"), **values)


def _tree_changes(spec: Spec) -> list[str]:
    day = spec.effective_date
    names = ", ".join(o.name for o in spec.sources)
    if spec.kind == Kind.CREATE:
        return [
            _("“{name}” is created under “{upper}”.").format(
                name=spec.parts[0].name, upper=spec.target.name if spec.target else spec.decided_above
            )
        ]
    if spec.kind == Kind.RENAME:
        return [_("“{old}” is renamed “{new}”.").format(old=names, new=spec.new_name)]
    if spec.kind == Kind.MOVE:
        return [_("{names} move under “{upper}”.").format(names=names, upper=spec.target.name)]
    if spec.kind == Kind.MERGE:
        into = spec.target.name if spec.target is not None else spec.parts[0].name
        return [_("{names} merge into “{into}”.").format(names=names, into=into)]
    if spec.kind == Kind.SPLIT:
        parts = ", ".join(f"“{p.name}”" for p in spec.parts)
        return [_("“{name}” is split into {parts}.").format(name=names, parts=parts)]
    return [_("{names} are dissolved from {day}.").format(names=names, day=day.strftime("%d/%m/%Y"))]


def _office_changes(spec: Spec) -> list[str]:
    """What ends with the organizations that end: their committee and the posts in their bodies."""
    ending = [o for o in spec.sources if spec.target is None or o.pk != spec.target.pk]
    if spec.kind not in ENDING or not ending:
        return []
    return [
        _(
            "{names}: the committee term in office and the posts in their bodies end on {day}; the "
            "successor's bodies are staffed by its own decisions."
        ).format(
            names=", ".join(f"“{o.name}”" for o in ending),
            day=(spec.effective_date - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        )
    ]


def preview(spec: Spec) -> Preview:
    """What `reorganize(spec)` would do, writing nothing; raises ValidationError as it would."""
    _validate(spec)
    moves = _plan_moves(spec)
    _check_moves(spec, moves)
    appointment = _receiver_appointment(spec)
    return Preview(
        changes=_changes(spec, appointment), moves=moves, parts=spec.parts, appointment=appointment
    )


# ---------------------------------------------------------------- applying


def _current_version(org: Organization) -> OrganizationVersion:
    version = OrganizationVersion.objects.filter(org=org, valid_to__isnull=True).order_by("-id").first()
    if version is None:  # an organization bulk-inserted without its first version
        version = OrganizationVersion.objects.create(
            org=org, valid_from=org.active_from, **{f: getattr(org, f) for f in VERSION_FIELDS}
        )
    return version


def _close(org: Organization, day: dt.date, reorg: Reorganization) -> None:
    version = _current_version(org)
    version.valid_to = day - dt.timedelta(days=1)
    version.closed_by = reorg
    version.save(update_fields=["valid_to", "closed_by"])


def _open(org: Organization, day: dt.date, reorg: Reorganization) -> None:
    OrganizationVersion.objects.create(
        org=org, valid_from=day, opened_by=reorg, **{f: getattr(org, f) for f in VERSION_FIELDS}
    )


def _change(org: Organization, day: dt.date, reorg: Reorganization, **values) -> None:
    """A new span for `org` from `day` with these values; its sub-units follow when its path changes."""
    old_path = org.path
    _close(org, day, reorg)
    for name, value in values.items():
        setattr(org, name, value)
    org.save()  # prepare() recomputes path and depth; the receiver finds no open version to follow
    _open(org, day, reorg)
    if org.path != old_path:
        moved = {org.pk: org.path}
        for descendant in (
            Organization.objects.filter(path__startswith=old_path).exclude(pk=org.pk).order_by("path")
        ):
            _close(descendant, day, reorg)
            descendant.path = org.path + descendant.path[len(old_path) :]
            descendant.depth = descendant.path.count(PATH_SEPARATOR) - 1
            Organization.objects.filter(pk=descendant.pk).update(path=descendant.path, depth=descendant.depth)
            _open(descendant, day, reorg)
            moved[descendant.pk] = descendant.path
        # Their archive and search entries lie where they do: the scopes find them by path.
        follow_tree(moved)


def _end(org: Organization, day: dt.date, reorg: Reorganization) -> None:
    _close(org, day, reorg)
    org.active_to = day - dt.timedelta(days=1)
    org.save(update_fields=["active_to"])


def _create(part: NewOrg, parent: Organization | None, like: Organization | None, day, reorg) -> Organization:
    org = Organization(
        code=part.code,
        name=part.name,
        kind=part.kind or like.kind,
        issuer_code=part.issuer_code or (like.issuer_code if like else ""),
        parent=parent,
        active_from=day,
    )
    org.full_clean(exclude=["issuer_code"] if org.issuer_code else None)
    org.save()  # the receiver opens its first version
    OrganizationVersion.objects.filter(org=org).update(opened_by=reorg)
    return org


def _appointed_term_label(spec: Spec) -> str:
    """The congress term a committee appointed by this reorganization belongs to: that of the upper body it is
    placed under, else of the committee that decides, else of its first predecessor, in office on the
    effective day (a committee founded in February 2025, before the 2025 congresses, serves out 2020–2025);
    with none of them recorded, the five-year cycle of the day (`numbering.term_label`). The committee is
    that of the organizations created, or, with none, of the existing successor (`_receiver_appointment`)."""
    day = spec.effective_date
    receiver = spec.target if spec.kind in ENDING and not spec.parts else None
    predecessors = [o for o in spec.sources if receiver is None or o.pk != receiver.pk]
    first = predecessors[0] if predecessors else None
    if spec.kind == Kind.CREATE:
        upper = spec.target
    elif receiver is not None:
        upper = receiver.parent
    else:
        upper = first.parent if first else None
    candidates = [o.pk for o in (upper, spec.issuer, first) if o is not None]
    terms = {
        t.org_id: t.label
        for t in Term.objects.current(day).filter(org_id__in=candidates).order_by("start_date")
    }
    return next((terms[pk] for pk in candidates if pk in terms), term_label(day))


def _appoint_term(org: Organization, day: dt.date, label: str, end: dt.date | None = None) -> Term:
    """The committee term the upper level appoints, from the effective day until its congress (no end date
    yet, unless the next term is already recorded): the term its documents are numbered in, from 01."""
    term = Term(org=org, label=label, start_date=day, end_date=end)
    term.full_clean()
    term.save()
    return term


@transaction.atomic
def reorganize(spec: Spec, by=None) -> Reorganization:
    """Apply a reorganization in one transaction and return it (status "applied", undoable until confirmed)."""
    plan = preview(spec)
    day = spec.effective_date
    reorg = Reorganization.objects.create(
        kind=spec.kind,
        decision_number=spec.decision_number.strip(),
        decision_date=spec.decision_date,
        issuer=spec.issuer,
        effective_date=day,
        created_by=by,
        plan={
            "new_name": spec.new_name,
            "parts": [vars(p) for p in spec.parts],
            "assignment": {k: {str(i): v for i, v in a.items()} for k, a in spec.assignment.items()},
            "decided_above": spec.decided_above,
        },
    )
    reorg.sources.set(spec.sources)
    created: list[Organization] = []
    first = spec.sources[0] if spec.sources else None
    for part in spec.parts:
        parent = spec.target if spec.kind == Kind.CREATE else first.parent
        created.append(_create(part, parent, None if spec.kind == Kind.CREATE else first, day, reorg))
    # Before the carriers run: the seats passed on land on these terms. Recorded in the plan so that undo
    # removes them (and refuses once one of them numbered a document).
    terms: list[Term] = []
    if created:
        label = _appointed_term_label(spec)
        terms = [_appoint_term(org, day, label) for org in created]
        reorg.plan["created"] = [o.pk for o in created]
    if plan.appointment is not None:
        terms.append(_appoint_term(spec.target, day, plan.appointment.label, plan.appointment.end_date))
    if terms:
        reorg.plan["terms"] = [t.pk for t in terms]
        reorg.save(update_fields=["plan"])
    if spec.kind == Kind.RENAME:
        _change(first, day, reorg, name=spec.new_name.strip())
    elif spec.kind == Kind.MOVE:
        for org in spec.sources:
            _change(org, day, reorg, parent=spec.target)

    by_carrier: dict[tuple[str, int, int], list[Move]] = defaultdict(list)
    for move in plan.moves:
        to = created[move.to] if isinstance(move.to, int) else move.to
        by_carrier[(move.carrier, move.from_org.pk, to.pk)].append(move)
        move.to = to
    for (carrier, _from, _to), moves in by_carrier.items():
        to = moves[0].to
        if carrier == "units":
            previous = {}
            for move in moves:
                unit = Organization.objects.get(pk=move.object_id)
                _change(unit, day, reorg, parent=to)
        else:
            previous = carrier_registry.get(carrier).give([m.object_id for m in moves], to, day)
        ReorganizationMove.objects.bulk_create(
            ReorganizationMove(
                reorganization=reorg,
                carrier=carrier,
                object_id=m.object_id,
                label=m.label[:255],
                from_org=m.from_org,
                to_org=to,
                previous=previous.get(m.object_id, {}),
            )
            for m in moves
        )
    if spec.kind in ENDING:
        ending = [o for o in spec.sources if spec.target is None or o.pk != spec.target.pk]
        for org in ending:
            _end(org, day, reorg)
        reorg.plan["ended"] = _end_offices(ending, day)
        reorg.save(update_fields=["plan"])
    successors = created or ([spec.target] if spec.target and spec.kind in (*ENDING, Kind.CREATE) else [])
    reorg.successors.set(successors)
    return reorg


def _end_offices(orgs: list[Organization], day: dt.date) -> dict[str, dict[str, str | None]]:
    """An organization that ends has no committee nor bodies in office after its last day: its running
    committee term and the posts in its bodies (Organization Board, Inspection Committee…) end that day.
    The successor's bodies are staffed by its own decisions, not by the reorganization. Answers, for undo,
    each term's and post's previous end date (ISO) by id."""
    last = day - dt.timedelta(days=1)
    running = {
        "terms": Term.objects.current(day).filter(org__in=orgs, start_date__lt=day),
        "posts": BodyStaff.objects.current(day).filter(body__org__in=orgs, start_date__lt=day),
    }
    ended: dict[str, dict[str, str | None]] = {}
    for key, rows in running.items():
        ended[key] = {}
        for row in rows:  # a few rows; saved one by one so that their history records the end
            ended[key][str(row.pk)] = row.end_date and row.end_date.isoformat()
            row.end_date = last
            row.save(update_fields=["end_date"])
    return ended


def _restore_offices(ended: dict[str, dict[str, str | None]]) -> None:
    for model, key in ((Term, "terms"), (BodyStaff, "posts")):
        for row in model.objects.filter(pk__in=[int(pk) for pk in ended.get(key, {})]):
            end = ended[key][str(row.pk)]
            row.end_date = end and dt.date.fromisoformat(end)
            row.save(update_fields=["end_date"])


@transaction.atomic
def undo_reorganization(reorg: Reorganization) -> None:
    """Put everything back as it was before `reorg` (only while it is not confirmed)."""
    reorg = Reorganization.objects.select_for_update().get(pk=reorg.pk)
    if not reorg.undoable:
        raise ValidationError(_("A confirmed reorganization cannot be undone."))
    term_ids = reorg.plan.get("terms", [])
    numbered = (
        DocumentCounter.objects.filter(term_id__in=term_ids, last_number__gt=0).select_related("org").first()
    )
    if numbered is not None:
        raise ValidationError(
            _(
                "“{name}” has already numbered documents in its new series: the reorganization cannot be undone."
            ).format(name=numbered.org.name)
        )
    moves = list(reorg.moves.order_by("-id"))
    by_carrier: dict[str, dict[int, dict]] = defaultdict(dict)
    for move in moves:
        if move.carrier != "units":
            by_carrier[move.carrier][move.object_id] = move.previous
    for carrier, previous in by_carrier.items():
        carrier_registry.get(carrier).restore(previous)
    _restore_offices(reorg.plan.get("ended", {}))
    # The tree: drop the spans this reorganization opened, reopen those it closed, and set each
    # organization back to its reopened span.
    created_ids = reorg.plan.get("created", [])
    OrganizationVersion.objects.filter(opened_by=reorg).delete()
    reopened = list(OrganizationVersion.objects.filter(closed_by=reorg).select_related("org"))
    for version in reopened:
        version.valid_to = None
        version.closed_by = None
        version.save(update_fields=["valid_to", "closed_by"])
    for version in sorted(reopened, key=lambda v: v.path):
        org = version.org
        Organization.objects.filter(pk=org.pk).update(
            active_to=None if org.active_to == reorg.effective_date - dt.timedelta(days=1) else org.active_to,
            depth=version.path.count(PATH_SEPARATOR) - 1,
            **{f: getattr(version, f) for f in VERSION_FIELDS},
        )
    follow_tree({version.org_id: version.path for version in reopened if version.path != version.org.path})
    ReorganizationMove.objects.filter(reorganization=reorg).delete()
    reorg.successors.clear()
    reorg.status = ReorganizationStatus.UNDONE
    reorg.save(update_fields=["status"])
    # The terms it appointed go: with the organizations it created, and that of an existing successor
    # (their seats were removed above).
    for term in Term.objects.filter(pk__in=term_ids):
        term.delete()
    for org in Organization.objects.filter(pk__in=created_ids):
        OrganizationVersion.objects.filter(org=org).delete()
        org.delete()


@transaction.atomic
def confirm_reorganization(reorg: Reorganization) -> None:
    """Make a reorganization final: from now on it can no longer be undone."""
    reorg = Reorganization.objects.select_for_update().get(pk=reorg.pk)
    if reorg.status != ReorganizationStatus.APPLIED:
        raise ValidationError(_("Only an applied reorganization can be confirmed."))
    reorg.status = ReorganizationStatus.CONFIRMED
    reorg.confirmed_at = timezone.now()
    reorg.save(update_fields=["status", "confirmed_at"])
