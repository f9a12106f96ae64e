"""`make bench`: load-test the production server on the seeded city and time the bloc dashboard, this
year's and the past year's that spans the end of the district level (1 July 2025, demo/districts.py).

    python manage.py bench [--users 50] [--upper 5] [--seconds 60] [--phase-seconds 30] [--think 3,7]
                           [--workers N] [--port 8765] [--runs 7] [--year YYYY] [--past-year YYYY]
                           [--seed-scale city]
                           [--no-docs] [--keep-users] | --remove-users

On PostgreSQL (DATABASE_URL): seeds the scale if the database is empty (timed), creates the bench
accounts (benchmarks/people.py), starts gunicorn on 127.0.0.1 with production settings (DEBUG
off) and the bare view mounted, drives it from a second process (benchmarks/driver.py), stops
it, times the dashboard against the hand-written statement, removes the bench accounts and what they
wrote, prints the results and writes them to var/bench/ and docs/performance.md. Messages are English:
this is a developer's tool, like the tests.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import httpx
import redis
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from benchmarks import handsql, people, report
from benchmarks.driver import FLOWS
from benchmarks.stats import Summary, median
from nghiquyet.demo import districts
from nghiquyet.demo import meetings as history_demo
from nghiquyet.demo.registry import BLOC_CODE
from nghiquyet.meetings.models import Meeting
from nghiquyet.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind, Person
from nghiquyet.oversight.dashboard import Window
from nghiquyet.resolutions.models import Item, Resolution

BLOC_SIZE = 64  # grassroots organizations of the 2016 bloc (orgs.demo.BLOC)
# A Redis database of its own: emptied before and after the run.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
PHASES = (
    "cold",
    "bare",
    "mine",
    "meeting",
    "resolution",
    "progress",
    "dashboard",
    "dashboard_past",
    "mixed",
)
# The past year the officers also open: the one that spans the end of the district level (1 July 2025,
# nghiquyet/demo/districts.py), grouped by the tree of its last day.
PAST_YEAR = districts.EFFECTIVE.year


def city_root() -> Organization:
    """The seeded city's upper committee (the demo's bloc), else the first upper committee by code: the
    committees founded in 2025 (DCQD, DUBND) and the wards sort around it."""
    return (
        Organization.objects.filter(code=BLOC_CODE).first()
        or Organization.objects.filter(kind=OrgKind.BLOC).order_by("code").first()
    )


class Command(BaseCommand):
    help = "Load-test the web server on the seeded city and time the dashboard (docs/performance.md)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="Simulated users at once.")
        parser.add_argument("--upper", type=int, default=5, help="Of them, upper-level officers.")
        parser.add_argument("--seconds", type=float, default=60, help="Length of the mixed phase.")
        parser.add_argument(
            "--phase-seconds", type=float, default=30, help="Length of each endpoint's phase."
        )
        parser.add_argument(
            "--think", default="3,7", help="Pause between two clicks in the mixed phase: min,max seconds."
        )
        parser.add_argument(
            "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers."
        )
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            help="The server's cache and task queue, emptied before it starts (as docs/deploy.md "
            "recommends); 'none': each worker's own memory.",
        )
        parser.add_argument("--runs", type=int, default=7, help="Timed runs of each dashboard computation.")
        parser.add_argument(
            "--year", type=int, default=None, help="The dashboard's year (default: this year)."
        )
        parser.add_argument(
            "--past-year",
            type=int,
            default=PAST_YEAR,
            help="The past year the officers also open (default: the one spanning the 2025 reorganization).",
        )
        parser.add_argument("--seed-scale", default="city", help="Seeded when the database is empty.")
        parser.add_argument("--phases", default=",".join(PHASES), help="Which phases, in order.")
        parser.add_argument("--no-docs", action="store_true", help="Do not write docs/performance.md.")
        parser.add_argument("--keep-users", action="store_true", help="Leave the bench accounts in place.")
        parser.add_argument("--remove-users", action="store_true", help="Only remove the bench accounts.")

    def handle(self, *args, **o):
        if o["remove_users"]:
            self.stdout.write(f"Removed {people.remove()} bench accounts.")
            return
        if connection.vendor != "postgresql":
            raise CommandError("The bench runs on PostgreSQL: set DATABASE_URL (make bench does).")
        phases = [p.strip() for p in o["phases"].split(",") if p.strip()]
        if unknown := set(phases) - set(PHASES):
            raise CommandError(f"Unknown phases: {', '.join(sorted(unknown))}")
        if o["users"] < 1 or not 0 <= o["upper"] <= o["users"]:
            raise CommandError("--users must be positive and --upper between 0 and --users.")
        think = [float(x) for x in o["think"].split(",")] if o["think"] else None
        var = Path(settings.VAR_DIR) / "bench"
        var.mkdir(parents=True, exist_ok=True)
        started = timezone.now()  # aware, in UTC: the report says "(UTC)"
        loadavg_before = list(os.getloadavg())
        seed = self.seed(o["seed_scale"], var)
        vacuum_s = self.vacuum()
        year = o["year"] or timezone.localdate().year
        users = people.create(o["users"], o["upper"])
        self.say(f"{len(users)} bench users ({sum(u.upper for u in users)} upper-level).")
        try:
            self.say("One request of each page in this process (queries, SQL time)…")
            pages = self.profile_pages(users, year, o["past_year"])
            results = self.drive(users, phases, think, o, var)
        finally:
            if not o["keep_users"]:
                people.remove()
        self.say("Timing the dashboard against the hand-written statement…")
        dashboards = self.time_dashboards(year, o["runs"], o["past_year"])
        record = self.record(started, loadavg_before, seed, users, results, dashboards, think, o, year)
        record["pages"] = pages
        record["machine"]["vacuum_s"] = vacuum_s
        record["notes"] += report.capacity_notes(record) + self.past_year_notes(o["past_year"])
        docs = None if o["no_docs"] else Path(settings.BASE_DIR) / "docs" / "performance.md"
        path, text = report.write(record, docs, var)
        self.stdout.write("\n" + text + "\n")
        self.say(f"Results: {path}" + ("" if docs is None else f" and {docs}"))

    def say(self, message: str) -> None:
        self.stderr.write(message)

    # The data ------------------------------------------------------------------------------------------

    def seed(self, scale: str, var: Path) -> dict | None:
        """Seed the scale when the database is empty, timing each stage; else what an earlier run timed."""
        path = var / f"seed-{connection.settings_dict['NAME']}.json"
        if Organization.objects.exists():
            return json.loads(path.read_text()) if path.exists() else None
        self.say(f"Seeding the {scale} (seed_demo --scale {scale} --if-empty)…")
        out = io.StringIO()
        before, began = os.getloadavg()[0], time.monotonic()
        # From January 2025: the year that spans the reorganizations (the district level ends on 1 July) is
        # whole, and the city's seed stays shorter than with the bloc's 2024 (seed_demo's default).
        months = history_demo.months_since(dt.date(2025, 1, 1), timezone.localdate())
        call_command("seed_demo", scale=scale, if_empty=True, months=months, stdout=out)
        total = time.monotonic() - began
        # seed_demo says how long each stage took: "… sau 123,4 giây" / "Xong sau 123,4 giây".
        found = [
            float(s.replace(".", "").replace(",", "."))
            for s in re.findall(r"sau ([\d.,]+) giây", out.getvalue())
        ]
        stages = dict(zip(("registry", "meeting history", "resolutions"), found, strict=False))
        # The end of the district level (demo.districts), timed apart: "cấp huyện: 12,3 s".
        if district := re.search(r"cấp huyện: ([\d.,]+) s", out.getvalue()):
            stages["district level ended (1 July 2025)"] = float(
                district.group(1).replace(".", "").replace(",", ".")
            )
        seed = {
            "scale": scale,
            "when": timezone.localdate().isoformat(),
            "stages": stages,
            "total_s": total,
            "loadavg": (before + os.getloadavg()[0]) / 2,
        }
        path.write_text(json.dumps(seed))
        return seed

    def vacuum(self) -> float:
        """VACUUM (ANALYZE) the database first, as autovacuum would some time after a bulk load: the
        planner needs the tables' statistics, index-only scans the visibility map (where autovacuum is off,
        as on some test servers, nothing else would do it)."""
        self.say("VACUUM (ANALYZE)…")
        began = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        return time.monotonic() - began

    # The web load ---------------------------------------------------------------------------------------

    def server_env(self, port: int, redis_url: str = "") -> dict:
        env = dict(os.environ)
        env.pop("REDIS_URL", None)
        if redis_url:
            env["REDIS_URL"] = redis_url
        env.update(
            DEBUG="0",
            # The product's settings with the bare view mounted (benchmarks/urls.py).
            DJANGO_SETTINGS_MODULE="benchmarks.settings",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            # Plain HTTP on the loopback: no HTTPS redirect, cookies not marked Secure.
            SECURE_SSL_REDIRECT="0",
            SECURE_COOKIES="0",
            SECURE_HSTS_SECONDS="0",
            LOG_LEVEL="WARNING",
        )
        return env

    def redis_url(self, o) -> str:
        """The Redis URL the server is given ("" for none), its database emptied: the run starts cold."""
        url = "" if o["redis_url"].lower() in ("", "none") else o["redis_url"]
        if url:
            try:
                redis.Redis.from_url(url, socket_timeout=5).flushdb()
            except redis.RedisError as error:
                raise CommandError(f"Redis at {url}: {error} (--redis-url none to run without)") from error
        return url

    def drive(self, users, phases, think, o, var: Path) -> dict:
        redis_url = self.redis_url(o)
        env = self.server_env(o["port"], redis_url)
        base = f"http://127.0.0.1:{o['port']}"
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=env,
            check=True,
        )
        log = open(var / "gunicorn.log", "w")  # noqa: SIM115 (closed once the server stops)
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "nghiquyet.wsgi",
                "--bind",
                f"127.0.0.1:{o['port']}",
                "--workers",
                str(o["workers"]),
                "--timeout",
                "120",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped with its workers below
        )
        try:
            self.wait_ready(server, base + "/bench/bare/")
            plan = self.plan(users, phases, think, o, base)
            (var / "plan.json").write_text(json.dumps(plan))
            self.say(f"Driving {base} with {len(users)} users: {', '.join(phases)}…")
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.driver",
                    str(var / "plan.json"),
                    str(var / "raw.json"),
                ],
                cwd=settings.BASE_DIR,
                check=False,
            )
            return json.loads((var / "raw.json").read_text())
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            log.close()
            if redis_url:  # the panels and figures it cached, the tasks it queued (no worker runs)
                try:
                    redis.Redis.from_url(redis_url, socket_timeout=5).flushdb()
                except redis.RedisError as error:  # not to hide the run's own outcome
                    self.say(f"Could not empty Redis at {redis_url} after the run: {error}")

    def wait_ready(self, server: subprocess.Popen, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError("gunicorn stopped: see var/bench/gunicorn.log")
            try:
                if httpx.get(url, timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise CommandError(f"gunicorn did not answer on {url} within {timeout:.0f} s")

    def plan(self, users, phases, think, o, base: str) -> dict:
        bloc = city_root()
        year = o["year"] or timezone.localdate().year
        dashboard = reverse("oversight:dashboard")
        return {
            "base_url": base,
            "password": people.PASSWORD,
            "note_marker": people.NOTE_MARKER,
            "phases": phases,
            "phase_seconds": o["phase_seconds"],
            "mixed_seconds": o["seconds"],
            "think_s": think,
            "urls": {
                "login": reverse("login"),
                "bare": "/bench/bare/",
                "mine": reverse("resolutions:mine"),
                "dashboard": dashboard + f"?period=year&year={year}&root={bloc.code}",
                "dashboard_past": dashboard + f"?period=year&year={o['past_year']}&root={bloc.code}",
            },
            "users": [
                {
                    "username": u.username,
                    "upper": u.upper,
                    "meetings": [reverse("meetings:meeting", args=[pk]) for pk in u.meetings],
                    "resolutions": [reverse("resolutions:resolution", args=[pk]) for pk in u.resolutions],
                    "items": [
                        {"url": reverse("resolutions:progress", args=[pk]), "percent": percent}
                        for pk, percent in u.items
                    ],
                }
                for u in users
            ],
        }

    def profile_pages(self, users, year: int, past_year: int = PAST_YEAR, runs: int = 5) -> list[dict]:
        """Each page once at a time in this process (Django's test client, no concurrency): the queries it
        runs, their time, and the whole request's (median of `runs`). Where a page's time goes."""
        carrier = next(u for u in users if not u.upper and u.items and u.meetings and u.resolutions)
        officer = next((u for u in users if u.upper), None)
        bloc = city_root()
        item, percent = carrier.items[0]
        pages = [
            ("mine", carrier, "get", reverse("resolutions:mine"), None),
            ("meeting", carrier, "get", reverse("meetings:meeting", args=[carrier.meetings[0]]), None),
            (
                "resolution",
                carrier,
                "get",
                reverse("resolutions:resolution", args=[carrier.resolutions[0]]),
                None,
            ),
            (
                "progress",
                carrier,
                "post",
                reverse("resolutions:progress", args=[item]),
                {"status": "in_progress", "percent": percent, "note": f"{people.NOTE_MARKER} profile"},
            ),
        ]
        if officer is not None:
            url = reverse("oversight:dashboard") + f"?period=year&year={{}}&root={bloc.code}"
            pages.append(("dashboard", officer, "get", url.format(year), None))
            pages.append(("dashboard_past", officer, "get", url.format(past_year), None))
        clients = {}
        out = []
        for name, user, method, url, data in pages:
            if user.username not in clients:
                client = clients[user.username] = Client(SERVER_NAME="127.0.0.1")
                client.post(reverse("login"), {"username": user.username, "password": people.PASSWORD})
            client = clients[user.username]
            send = (
                (lambda c=client, u=url, d=data: c.post(u, d))
                if method == "post"
                else (lambda c=client, u=url: c.get(u))
            )
            send()  # warm
            samples = []
            for _ in range(runs):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = send()
                    total = (time.perf_counter() - began) * 1000
                sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
                samples.append((total, sql, len(queries), response.status_code))
            slowest = max(queries.captured_queries, key=lambda q: float(q["time"]))
            out.append(
                {
                    "name": name,
                    "status": samples[-1][3],
                    "queries": samples[-1][2],
                    "sql_ms": median([s[1] for s in samples]),
                    "total_ms": median([s[0] for s in samples]),
                    "slowest_ms": float(slowest["time"]) * 1000,
                    "slowest_scans": self.sequential_scans(slowest["sql"]),
                }
            )
        return out

    def sequential_scans(self, sql: str) -> list[str]:
        """The tables of more than 10,000 rows a SELECT reads whole (PostgreSQL's plan for it)."""
        if not sql.lstrip().upper().startswith("SELECT"):
            return []
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            tables = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
            if not tables:
                return []
            cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [tables])
            return [f"{name} (~{int(rows):,} rows)" for name, rows in cursor.fetchall() if rows > 10_000]

    # The dashboard ----------------------------------------------------------------------------------------

    def time_dashboards(self, year: int, runs: int, past_year: int | None = None) -> list[dict]:
        window = Window.of(dt.date(year, 1, 1), dt.date(year, 12, 31))
        bloc = city_root()
        out = [
            handsql.time_dashboard(
                f"everything under {bloc.code}, year {year}", window, root=bloc, runs=runs
            ).as_dict()
        ]
        if past_year is not None and past_year < timezone.localdate().year:
            out += self.time_past_dashboards(bloc, past_year, runs)
        sub = self.bloc_sized_subtree(bloc)
        if sub is not None:
            t = handsql.time_dashboard(f"{sub.code}, year {year}", window, root=sub, runs=runs).as_dict()
        else:
            grassroots = list(
                Organization.objects.filter(kind__in=GRASSROOTS_KINDS)
                .order_by("code")
                .values_list("pk", flat=True)
            )
            step = max(1, len(grassroots) // BLOC_SIZE)
            ids = grassroots[::step][:BLOC_SIZE]
            t = handsql.time_dashboard(
                f"{len(ids)} organizations spread over {bloc.code}, year {year}", window, ids=ids, runs=runs
            ).as_dict()
            t["note"] = (
                f"The data holds no bloc of a bloc's size beside {bloc.code}, whose {len(grassroots):,} "
                "grassroots organizations sit directly under it (only blocs stand above them): the "
                f"bloc-sized figure is taken on {len(ids)} of them (the 2016 bloc's number), spread over "
                "the whole, in the same tables."
            )
        t["bloc_sized"] = True
        out.append(t)
        return out

    def time_past_dashboards(self, city: Organization, year: int, runs: int) -> list[dict]:
        """The past year that spans the 2025 reorganization, grouped by the tree of its last day (R39):
        the city's, and the largest ward committee's that took over a district's organizations."""
        window = Window.of(dt.date(year, 1, 1), dt.date(year, 12, 31))
        roots = [city]
        wards = [code for d in districts.DISTRICTS for code, _name in d.wards]
        ward = max(
            Organization.objects.filter(code__in=wards, active_to__isnull=True),
            key=lambda o: Organization.objects.filter(
                path__startswith=o.path, kind__in=GRASSROOTS_KINDS
            ).count(),
            default=None,
        )
        if ward is not None:
            roots.append(ward)
        out = []
        for root in roots:
            t = handsql.time_dashboard(
                f"{root.code}, year {year} (the tree of {window.as_of:%d/%m/%Y})",
                window,
                root=root,
                day=window.as_of,
                runs=runs,
            ).as_dict()
            t["past"] = True
            t["bloc_sized"] = root is not city
            out.append(t)
        return out

    def past_year_notes(self, year: int) -> list[str]:
        """What the past year's figures stand on: how much of it the seeded history covers."""
        held = Meeting.objects.filter(date__year=year).count()
        first = Meeting.objects.order_by("date").values_list("date", flat=True).first()
        whole = first is not None and first <= dt.date(year, 1, 31)
        covered = (
            "the whole year"
            if whole
            else f"the months from {first:%m/%Y}, so its figures weigh less than a full year's"
            if first is not None
            else "none of it"
        )
        return [
            f"The officers' {year} dashboard is grouped by the tree of 31/12/{year}, after the end of the "
            f"district level on 1 July 2025 (demo/districts.py); the seeded history holds {held:,} meetings "
            f"of {year}: {covered} (the bench seeds the city from January 2025)."
        ]

    def bloc_sized_subtree(self, root: Organization) -> Organization | None:
        """Another bloc with a bloc's number of grassroots organizations (only blocs stand above them)."""
        for bloc in (
            Organization.objects.filter(kind=OrgKind.BLOC, active_to__isnull=True)
            .exclude(pk=root.pk)
            .order_by("code")
        ):
            n = Organization.objects.filter(path__startswith=bloc.path, kind__in=GRASSROOTS_KINDS).count()
            if BLOC_SIZE // 2 <= n <= BLOC_SIZE * 4:
                return bloc
        return None

    # The record ----------------------------------------------------------------------------------------------

    def record(self, started, loadavg_before, seed, users, results, dashboards, think, o, year) -> dict:
        phases = {}
        bare = results.get("phases", {}).get("bare")
        bare_rps = None
        if bare:
            e = bare["endpoints"]["bare"]
            bare_rps = sum(e["statuses"].values()) / bare["seconds"]
        for name, phase in results.get("phases", {}).items():
            summaries = report.summaries(phase, None if name in FLOWS else bare_rps)
            phases[name] = {k: v for k, v in phase.items() if k != "endpoints"} | {"summaries": summaries}
        logins = results.get("logins") or {}
        login_summary = None
        if logins.get("statuses"):
            login_summary = Summary.of("login", logins["latencies_ms"], logins["statuses"], 1).as_dict()
        record = {
            "started": started.strftime("%Y-%m-%d %H:%M"),
            "machine": self.machine(loadavg_before),
            "seed": seed,
            "params": {
                "users": len(users),
                "upper": sum(u.upper for u in users),
                "assignees": sum(not u.upper for u in users),
                "phase_seconds": o["phase_seconds"],
                "mixed_seconds": o["seconds"],
                "think_s": think,
                "workers": o["workers"],
                "port": o["port"],
                "redis": "" if o["redis_url"].lower() in ("", "none") else o["redis_url"],
                "runs": o["runs"],
                "year": year,
            },
            "phases": phases,
            "logins": login_summary,
            "dashboard": dashboards,
            "notes": [],
        }
        if results.get("aborted"):
            record["notes"].append(f"The load was aborted: {results['aborted']}.")
        return record

    def machine(self, loadavg_before) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute("SHOW shared_buffers")
            shared_buffers = cursor.fetchone()[0]
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
        model = ""
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
            mem_kb = next(
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        except (OSError, StopIteration):
            mem_kb = 0
        grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS).count()
        data = (
            f"{grassroots:,} grassroots organizations, {Person.objects.count():,} people, "
            f"{Meeting.objects.count():,} meetings, {Resolution.objects.count():,} resolutions, "
            f"{Item.objects.count():,} items"
        )
        return {
            "cpus": os.cpu_count(),
            "cpu_model": model or platform.processor() or "unknown",
            "memory_gb": mem_kb / 1024 / 1024,
            "postgresql": version,
            "shared_buffers": shared_buffers,
            "autovacuum": autovacuum,
            "python": platform.python_version(),
            "django": metadata.version("django"),
            "gunicorn": metadata.version("gunicorn"),
            "database": connection.settings_dict["NAME"],
            "loadavg_before": loadavg_before,
            "data": data,
        }
