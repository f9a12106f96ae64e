"""Registries of rule versions (R41): the Party's rules that change by central decision, kept in code as
versions keyed by the date each took effect (meetings.charter, meetings.cell_rules, orgs.numbering). Each
version has a `key` (stored on records: never changed) and an `effective_from` date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol, TypeVar


class Version(Protocol):
    key: str
    effective_from: dt.date


V = TypeVar("V", bound=Version)


def in_force_on(versions: Sequence[V], day: dt.date) -> V | None:
    """The version in force on `day`: the latest that took effect on or before it (None before the first)."""
    in_force = [v for v in versions if v.effective_from <= day]
    return max(in_force, key=lambda v: v.effective_from) if in_force else None


def by_key(versions: Sequence[V], key: str) -> V | None:
    """A version by its key (None for a key no longer known)."""
    return next((v for v in versions if v.key == key), None)
