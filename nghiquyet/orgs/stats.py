"""Committee members' qualification statistics (R02), counted in the database, never copied from reports.

Population rule (see `committee_people`):
- for the bloc or a grassroots organization: the members of the grassroots committees in its subtree
  (the bloc's figure "546 grassroots committee members");
- for a unit below grassroots level (a partial committee or a subordinate cell): the committees of the
  organizations in its subtree, whatever their kind (its own chi ủy and those under it).
Term: with a label, every seat of the terms carrying that label; without one, the seats current on the day.
A person holding seats on several committees counts once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import (
    GRASSROOTS_KINDS,
    CommitteeMembership,
    Education,
    Gender,
    Organization,
    OrgKind,
    Person,
    Term,
    Theory,
)

# (key, label, stored values). Cử nhân counts with cao cấp, as the Party's statistics do.
EDUCATION_BUCKETS = (
    ("postgraduate", _("Doctorate or master"), (Education.DOCTORATE, Education.MASTER)),
    ("university", _("University"), (Education.UNIVERSITY,)),
    ("college", _("College"), (Education.COLLEGE,)),
    ("vocational", _("Vocational"), (Education.VOCATIONAL,)),
    ("none", _("No professional training"), (Education.NONE,)),
)
THEORY_BUCKETS = (
    ("advanced", _("Advanced or bachelor"), (Theory.ADVANCED, Theory.BACHELOR)),
    ("intermediate", _("Intermediate"), (Theory.INTERMEDIATE,)),
    ("elementary", _("Elementary"), (Theory.ELEMENTARY,)),
    ("none", _("No political theory training"), (Theory.NONE,)),
)
GENDER_BUCKETS = (
    ("male", _("Male"), (Gender.MALE,)),
    ("female", _("Female"), (Gender.FEMALE,)),
)
BREAKDOWNS = {"education": EDUCATION_BUCKETS, "theory": THEORY_BUCKETS, "gender": GENDER_BUCKETS}
# A value outside the known choices (an old import, say) still counts, so each breakdown sums to the total.
UNRECORDED = ("unrecorded", _("Not recorded"))


@dataclass(frozen=True)
class Bucket:
    key: str
    label: str | Promise
    count: int
    percent: float

    def as_dict(self) -> dict:
        return {"key": self.key, "label": str(self.label), "count": self.count, "percent": self.percent}


@dataclass(frozen=True)
class QualificationStats:
    org: Organization
    term_label: str | None
    total: int
    education: list[Bucket]
    theory: list[Bucket]
    gender: list[Bucket]

    def as_dict(self) -> dict:
        """Plain data for JSON; labels in the active language."""
        return {
            "org": self.org.code,
            "term": self.term_label,
            "total": self.total,
            **{name: [b.as_dict() for b in getattr(self, name)] for name in BREAKDOWNS},
        }


def largest_remainder_percentages(counts: Sequence[int], decimals: int = 1) -> list[float]:
    """Percentages of `counts` with `decimals` places that add up to exactly 100 (all 0 when the sum is 0).

    Rounding each share on its own can total 99.9 or 100.1 (three equal thirds give 33.3 × 3); the 2016
    scheme's own tables have such slips. So every share is rounded down to the last place, and the units
    still missing go one each to the largest remainders (ties to the earlier bucket). Each result is then
    less than one unit away from the exact share.
    """
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    total = sum(counts)
    if total == 0:
        return [0.0] * len(counts)
    scale = 10**decimals
    units, remainders = zip(*(divmod(c * 100 * scale, total) for c in counts), strict=True)
    units = list(units)
    missing = 100 * scale - sum(units)
    for i in sorted(range(len(counts)), key=lambda i: (-remainders[i], i))[:missing]:
        units[i] += 1
    return [u / scale for u in units]


def committee_people(
    org: Organization, term_label: str | None = None, on: dt.date | None = None
) -> QuerySet[Person]:
    """The distinct people counted for `org` and the term (rule in the module docstring)."""
    seats = (
        CommitteeMembership.objects.filter(term__label=term_label)
        if term_label
        else CommitteeMembership.objects.current(on)
    )
    seats = seats.filter(term__org__path__startswith=org.path)
    if org.kind == OrgKind.BLOC or org.is_grassroots:
        seats = seats.filter(term__org__kind__in=GRASSROOTS_KINDS)
    return Person.objects.filter(pk__in=seats.values("person_id"))


def _buckets(counted: dict[str, int], name: str, total: int) -> list[Bucket]:
    spec = [(key, label, counted[f"{name}_{key}"]) for key, label, _values in BREAKDOWNS[name]]
    if rest := total - sum(n for _k, _l, n in spec):
        spec.append((*UNRECORDED, rest))
    percents = largest_remainder_percentages([n for _k, _l, n in spec])
    return [Bucket(key, label, n, p) for (key, label, n), p in zip(spec, percents, strict=True)]


def qualification_stats(
    org: Organization, term_label: str | None = None, on: dt.date | None = None
) -> QualificationStats:
    """Counts and percentages by professional level, political theory and gender: one SQL query."""
    aggregates = {
        f"{name}_{key}": Count("pk", filter=Q(**{f"{name}__in": values}))
        for name, buckets in BREAKDOWNS.items()
        for key, _label, values in buckets
    }
    counted = committee_people(org, term_label, on).aggregate(total=Count("pk"), **aggregates)
    total = counted["total"]
    return QualificationStats(
        org=org,
        term_label=term_label or None,
        total=total,
        **{name: _buckets(counted, name, total) for name in BREAKDOWNS},
    )


def term_labels(org: Organization) -> list[str]:
    """Labels of the terms recorded in `org`'s subtree, latest first (one query)."""
    terms = Term.objects.filter(org__path__startswith=org.path)
    return list(terms.order_by("-label").values_list("label", flat=True).distinct())
