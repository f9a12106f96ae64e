"""The bench's load driver: a second process that drives the running server over HTTP like people would.

    python -m benchmarks.driver PLAN.json RESULTS.json

The plan (written by `manage.py bench`) names the server, the URLs, and each simulated user with the
pages of their own organization. Every user has their own httpx client (so their own session cookie)
and logs in through the login form. Then, in phases:

- one phase per endpoint ("bare", "mine", "meeting", "resolution", "progress", "dashboard",
  "dashboard_past"): every user
  allowed to ask for it asks again as soon as answered (a closed loop, no pause) for `phase_seconds`:
  the endpoint's throughput alone at that concurrency, compared with the bare view's;
- "cold" and "mixed": the real flow — "Việc của tôi", a meeting, a resolution, a progress report posted through
  the form (CSRF token from the cookie) and, for upper-level users, the city dashboard of the year and
  of the past year that spans the 2025 reorganization — with a pause drawn from `think` seconds between
  two clicks, for `mixed_seconds`: the latencies people would see;
  "cold" just after the server starts, "mixed" once the other phases have run.

Each phase records every request's latency and status (0 when no answer came: a timeout, a refused
connection), its measured duration, the driver's own CPU time and the machine's CPU use, so that the
report can say how much of the two cores the driver took from the server. No Django in this process.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time
from dataclasses import dataclass, field

import httpx

from .stats import Endpoint

MIXED = ("mine", "meeting", "resolution", "progress", "dashboard", "dashboard_past")
# The officers' pages: the city's dashboard for the year, and for the past year that spans the end of the
# district level on 1 July 2025 (grouped by the tree of that year's last day, through the versions).
UPPER = ("dashboard", "dashboard_past")
# The real flow, run twice by default: "cold" first, right after the warm-up click-through (few quality
# panels cached yet, each worker computing the dashboard's figures once), "mixed" last (steady state).
FLOWS = ("cold", "mixed")
TIMEOUT = 120.0
LOGINS_AT_ONCE = 4  # password hashing is slow on purpose: a crowd of logins would time out


@dataclass
class User:
    username: str
    upper: bool
    meetings: list[str]
    resolutions: list[str]
    items: list[dict]  # {"url": progress URL, "percent": the item's % done, kept unchanged}
    client: httpx.AsyncClient | None = None
    rng: random.Random = field(default_factory=random.Random)

    def can(self, endpoint: str) -> bool:
        if endpoint == "progress":
            return bool(self.items)
        if endpoint in UPPER:
            return self.upper
        if endpoint == "meeting":
            return bool(self.meetings)
        if endpoint == "resolution":
            return bool(self.resolutions)
        return True


class Driver:
    def __init__(self, plan: dict):
        self.plan = plan
        self.urls = plan["urls"]
        self.password = plan["password"]
        self.users = [
            User(
                u["username"],
                u["upper"],
                u["meetings"],
                u["resolutions"],
                u["items"],
                rng=random.Random(f"{plan.get('seed', 1)}:{u['username']}"),
            )
            for u in plan["users"]
        ]

    # Requests ------------------------------------------------------------------------------------

    async def _timed(self, endpoint: Endpoint | None, request) -> httpx.Response | None:
        started = time.perf_counter()
        try:
            response = await request
            await response.aread()
            status = response.status_code
        except httpx.HTTPError:
            response, status = None, 0
        if endpoint is not None:
            endpoint.record(status, (time.perf_counter() - started) * 1000)
        return response

    def _request(self, user: User, name: str):
        """The request one click on `name` sends (a coroutine), chosen among the user's own pages."""
        client, rng = user.client, user.rng
        if name == "bare":
            return client.get(self.urls["bare"])
        if name == "mine":
            return client.get(self.urls["mine"])
        if name == "meeting":
            return client.get(rng.choice(user.meetings))
        if name == "resolution":
            return client.get(rng.choice(user.resolutions))
        if name in UPPER:
            return client.get(self.urls[name])
        if name == "progress":
            item = rng.choice(user.items)
            data = {
                "csrfmiddlewaretoken": client.cookies.get("csrftoken", ""),
                "status": "in_progress",
                "percent": str(item["percent"]),
                "note": f"{self.plan['note_marker']} {user.username}",
            }
            return client.post(item["url"], data=data)
        raise ValueError(name)

    async def login(self, user: User, logins: Endpoint, gate: asyncio.Semaphore) -> bool:
        user.client = httpx.AsyncClient(
            base_url=self.plan["base_url"],
            timeout=TIMEOUT,
            follow_redirects=False,
            limits=httpx.Limits(max_connections=2, max_keepalive_connections=1),
        )
        async with gate:
            await self._timed(None, user.client.get(self.urls["login"]))
            data = {
                "csrfmiddlewaretoken": user.client.cookies.get("csrftoken", ""),
                "username": user.username,
                "password": self.password,
            }
            response = await self._timed(logins, user.client.post(self.urls["login"], data=data))
        # The login form answers 302 to the start page; 200 is the form again (refused).
        return response is not None and response.status_code == 302

    # Phases --------------------------------------------------------------------------------------

    def flow(self, user: User) -> list[str]:
        """The user's round of clicks in the mixed phase."""
        return [name for name in MIXED if user.can(name)]

    async def warm_up(self) -> None:
        """Each user clicks through their flow once, unrecorded: the workers load templates and caches."""

        async def one(user: User) -> None:
            for name in self.flow(user):
                await self._timed(None, self._request(user, name))

        await asyncio.gather(*(one(u) for u in self.users))

    async def phase(self, names: list[str], seconds: float, think: tuple[float, float] | None) -> dict:
        """Every user allowed one of `names` clicks through them in turn until `seconds` have passed
        (in-flight requests then finish and count): one name is a closed loop on one endpoint."""
        endpoints = {name: Endpoint(name) for name in names}
        steps = {
            u.username: [n for n in (self.flow(u) if len(names) > 1 else names) if u.can(n)]
            for u in self.users
        }
        users = [u for u in self.users if steps[u.username]]
        cpu_before, machine_before, started = _cpu_self(), _machine_cpu(), time.perf_counter()
        deadline = started + seconds
        last_done = started

        async def loop(user: User) -> None:
            nonlocal last_done
            # Users start a little apart, as people do.
            await asyncio.sleep(user.rng.uniform(0, think[1] if think else 0.05))
            while time.perf_counter() < deadline:
                for name in steps[user.username]:
                    if time.perf_counter() >= deadline:
                        break
                    await self._timed(endpoints[name], self._request(user, name))
                    last_done = max(last_done, time.perf_counter())
                    if think:
                        await asyncio.sleep(user.rng.uniform(*think))

        await asyncio.gather(*(loop(u) for u in users))
        return {
            "seconds": max(last_done, deadline) - started,
            "concurrency": len(users),
            "think_s": list(think) if think else None,
            "driver_cpu_s": _cpu_self() - cpu_before,
            "machine_cpu_busy_pct": _busy_pct(machine_before, _machine_cpu()),
            "loadavg": list(os.getloadavg()),
            "endpoints": {
                name: {"latencies_ms": e.latencies_ms, "statuses": dict(e.statuses)}
                for name, e in endpoints.items()
            },
        }

    async def run(self) -> dict:
        logins = Endpoint("login")
        gate = asyncio.Semaphore(LOGINS_AT_ONCE)
        ok = await asyncio.gather(*(self.login(u, logins, gate) for u in self.users))
        failed = [u.username for u, good in zip(self.users, ok, strict=True) if not good]
        results = {
            "logins": {
                "latencies_ms": logins.latencies_ms,
                "statuses": dict(logins.statuses),
                "failed": failed,
            },
            "phases": {},
        }
        if failed:
            results["aborted"] = f"{len(failed)} users could not log in"
            return results
        await self.warm_up()
        think = tuple(self.plan["think_s"]) if self.plan.get("think_s") else None
        for name in self.plan["phases"]:
            if name in FLOWS:
                phase = await self.phase(list(MIXED), self.plan["mixed_seconds"], think)
            else:
                phase = await self.phase([name], self.plan["phase_seconds"], None)
            results["phases"][name] = phase
            _say(
                f"  phase {name}: {sum(sum(e['statuses'].values()) for e in phase['endpoints'].values())} requests"
            )
        await asyncio.gather(*(u.client.aclose() for u in self.users))
        return results


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _machine_cpu() -> tuple[int, int] | None:
    """(busy, total) jiffies of the whole machine, from /proc/stat (Linux); None elsewhere."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except OSError:
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


def _busy_pct(before, after) -> float | None:
    if before is None or after is None or after[1] == before[1]:
        return None
    return round(100.0 * (after[0] - before[0]) / (after[1] - before[1]), 1)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        plan = json.load(f)
    results = asyncio.run(Driver(plan).run())
    with open(argv[2], "w") as f:
        json.dump(results, f)
    return 1 if results.get("aborted") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
