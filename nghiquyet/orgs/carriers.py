"""What a reorganization carries (R40): each app that keeps records belonging to an organization registers
a Carrier saying which of them are still open and how to pass them to a successor, and back.

orgs sits below meetings, resolutions and oversight and may not import them; they register their
carriers in their `AppConfig.ready()`, the way they register "my work" sources, and the reorganization
service (`orgs.services.reorganization`) and the orphan check (`orgs.continuity`) go through this list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from .models import CommitteeMembership, Organization, Person, Position, Term


@dataclass(frozen=True)
class Held:
    """One open record an organization holds; `person_id` is whose it is (a split sends it by default
    where that person goes)."""

    object_id: int
    org_id: int
    label: str
    person_id: int | None = None


@dataclass(frozen=True)
class Carrier:
    """`held(org_ids, day)`: the open records of these organizations on `day` (a fixed number of queries);
    `give(ids, to_org, day)`: pass them on, answering {id: what `restore` needs}; `restore(previous)`:
    put them back. `cells_only`: only a party cell may receive them (members are registered in cells)."""

    name: str
    label: object
    held: Callable[[list[int], dt.date], list[Held]]
    give: Callable[[list[int], Organization, dt.date], dict[int, dict]]
    restore: Callable[[dict[int, dict]], None]
    cells_only: bool = False


_CARRIERS: dict[str, Carrier] = {}


def register(carrier: Carrier) -> None:
    _CARRIERS[carrier.name] = carrier


def carriers() -> list[Carrier]:
    return list(_CARRIERS.values())


def get(name: str) -> Carrier:
    return _CARRIERS[name]


# ---------------------------------------------------------------- the registry's own: members, seats


def _members_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(p.pk, p.home_org_id, p.full_name, p.pk)
        for p in Person.objects.filter(home_org_id__in=org_ids).only("pk", "home_org_id", "full_name")
    ]


def reassign(model, field: str, ids: list[int], to_org: Organization) -> dict[int, dict]:
    """Point `field` (a foreign key to Organization) of these rows at `to_org`, keeping their history;
    answers {id: {field: the previous org id}} for `restore_field`."""
    rows = list(model.objects.filter(pk__in=ids))
    previous = {row.pk: {field: getattr(row, f"{field}_id")} for row in rows}
    for row in rows:
        setattr(row, field, to_org)
    bulk_update_with_history(rows, model, [field], batch_size=500)
    return previous


def restore_field(model, field: str, previous: dict[int, dict]) -> None:
    """Put back what `reassign` changed."""
    rows = list(model.objects.filter(pk__in=previous))
    for row in rows:
        setattr(row, f"{field}_id", previous[row.pk][field])
    bulk_update_with_history(rows, model, [field], batch_size=500)


def _members_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    return reassign(Person, "home_org", ids, to_org)


def _members_restore(previous: dict[int, dict]) -> None:
    restore_field(Person, "home_org", previous)


def _seats_held(org_ids: list[int], day: dt.date) -> list[Held]:
    return [
        Held(s.pk, s.term.org_id, f"{s.person.full_name} – {s.get_position_display()}", s.person_id)
        for s in CommitteeMembership.objects.current(day)
        .filter(term__org_id__in=org_ids)
        .select_related("person", "term")
    ]


def _seats_give(ids: list[int], to_org: Organization, day: dt.date) -> dict[int, dict]:
    """The seat on the old committee ends the day before; the person sits on the successor's committee of
    the day as a committee member (its positions are the upper level's to appoint). The reorganization
    appoints a successor without a term in office one first; with none, the seats are refused, never
    dropped."""
    seats = list(CommitteeMembership.objects.filter(pk__in=ids))
    term = Term.objects.current(day).filter(org=to_org).order_by("-start_date").first()
    if term is None and seats:
        raise ValidationError(
            _(
                "“{name}” has no committee term in office on {day}: the committee seats passed to it would be lost."
            ).format(name=to_org.name, day=day.strftime("%d/%m/%Y"))
        )
    already = set(term.memberships.values_list("person_id", flat=True)) if term else set()
    previous: dict[int, dict] = {}
    new = []
    for seat in seats:
        previous[seat.pk] = {
            "end_date": seat.end_date.isoformat() if seat.end_date else None,
            "created": None,
        }
        seat.end_date = day - dt.timedelta(days=1)
        if term is not None and seat.person_id not in already:
            new.append(
                CommitteeMembership(
                    term=term, person_id=seat.person_id, position=Position.MEMBER, start_date=day
                )
            )
            already.add(seat.person_id)
    bulk_update_with_history(seats, CommitteeMembership, ["end_date"])
    for created in new:
        created.save()
        for old in seats:
            if old.person_id == created.person_id:
                previous[old.pk]["created"] = created.pk
    return previous


def _seats_restore(previous: dict[int, dict]) -> None:
    CommitteeMembership.objects.filter(
        pk__in=[v["created"] for v in previous.values() if v["created"]]
    ).delete()
    seats = list(CommitteeMembership.objects.filter(pk__in=previous))
    for seat in seats:
        end = previous[seat.pk]["end_date"]
        seat.end_date = dt.date.fromisoformat(end) if end else None
    bulk_update_with_history(seats, CommitteeMembership, ["end_date"])


register(
    Carrier("members", _("Party members"), _members_held, _members_give, _members_restore, cells_only=True)
)
register(Carrier("seats", _("Committee seats"), _seats_held, _seats_give, _seats_restore))

__all__ = ["Carrier", "Held", "carriers", "get", "register"]
