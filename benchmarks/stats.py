"""Latency percentiles and throughput of the bench's requests. No Django here: the driver imports it."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0–100) by linear interpolation between closest ranks (numpy's default):
    the value below which p% of the observations fall. None for no observation."""
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def is_error(status: int) -> bool:
    """Anything but a 2xx or 3xx answer (0: no answer at all, a timeout or a refused connection)."""
    return not 200 <= status < 400


@dataclass
class Endpoint:
    """What one endpoint answered during one phase: each request's latency (ms) and status."""

    name: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def record(self, status: int, ms: float) -> None:
        self.statuses[status] += 1
        self.latencies_ms.append(ms)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if is_error(status))

    def summary(self, seconds: float, baseline_rps: float | None = None) -> Summary:
        return Summary.of(self.name, self.latencies_ms, self.statuses, seconds, baseline_rps)


@dataclass(frozen=True)
class Summary:
    name: str
    requests: int
    errors: int
    p50: float | None
    p95: float | None
    p99: float | None
    mean: float | None
    rps: float
    ratio: float | None  # throughput over the bare view's
    statuses: dict[str, int]

    @classmethod
    def of(
        cls,
        name: str,
        latencies_ms: Iterable[float],
        statuses: Counter | dict,
        seconds: float,
        baseline_rps: float | None = None,
    ) -> Summary:
        """`seconds` is the phase's measured duration; throughput counts every answer, errors included."""
        latencies = list(latencies_ms)
        requests = sum(statuses.values())
        rps = requests / seconds if seconds > 0 else 0.0
        return cls(
            name=name,
            requests=requests,
            errors=sum(n for status, n in statuses.items() if is_error(int(status))),
            p50=percentile(latencies, 50),
            p95=percentile(latencies, 95),
            p99=percentile(latencies, 99),
            mean=sum(latencies) / len(latencies) if latencies else None,
            rps=rps,
            ratio=ratio(rps, baseline_rps),
            statuses={str(k): v for k, v in sorted(statuses.items(), key=lambda kv: int(kv[0]))},
        )

    def as_dict(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "p99_ms": self.p99,
            "mean_ms": self.mean,
            "rps": self.rps,
            "ratio_to_bare": self.ratio,
            "statuses": self.statuses,
        }


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return value / baseline


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)
