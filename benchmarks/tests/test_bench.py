"""`make bench` (issue #8): the driver's statistics, the bare view mounted only on the bench's server, the
bench accounts made of real people and removed again, and the hand-written dashboard statement agreeing
with `oversight.dashboard.compute` (on PostgreSQL). The benchmark itself is run by hand, not here."""

import datetime as dt
import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import NoReverseMatch, reverse

from benchmarks import report
from benchmarks.stats import Endpoint, Summary, is_error, percentile, ratio
from nghiquyet.resolutions import services as resolution_services

# ---------------------------------------------------------------- statistics


def test_percentile_interpolates_between_closest_ranks_like_numpy():
    values = [15, 20, 35, 40, 50]
    assert percentile(values, 0) == 15
    assert percentile(values, 100) == 50
    assert percentile(values, 50) == 35
    # numpy.percentile([15, 20, 35, 40, 50], 40) == 29.0; ... 95 == 48.0
    assert percentile(values, 40) == pytest.approx(29.0)
    assert percentile(values, 95) == pytest.approx(48.0)
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)
    assert percentile([7.5], 95) == 7.5
    assert percentile([], 50) is None
    # The order of the observations does not matter.
    assert percentile([50, 15, 40, 20, 35], 40) == pytest.approx(29.0)
    with pytest.raises(ValueError):
        percentile(values, 101)


def test_errors_are_every_answer_but_2xx_and_3xx():
    assert not is_error(200) and not is_error(302) and not is_error(399)
    assert is_error(0)  # no answer: a timeout, a refused connection
    assert is_error(199) and is_error(403) and is_error(404) and is_error(500)


def test_summary_counts_throughput_errors_and_ratio_to_the_bare_view():
    endpoint = Endpoint("mine")
    for ms in range(1, 101):  # 100 answers of 1..100 ms
        endpoint.record(200, float(ms))
    endpoint.record(500, 250.0)
    endpoint.record(0, 120_000.0)
    endpoint.record(302, 5.0)
    summary = endpoint.summary(seconds=10.0, baseline_rps=51.5)
    assert summary.requests == 103
    assert summary.errors == 2
    assert summary.rps == pytest.approx(10.3)
    assert summary.ratio == pytest.approx(0.2)
    assert summary.p50 == percentile(endpoint.latencies_ms, 50)
    assert summary.p99 == percentile(endpoint.latencies_ms, 99)
    assert summary.statuses == {"0": 1, "200": 100, "302": 1, "500": 1}
    # From the driver's JSON: statuses keyed by strings.
    again = Summary.of("mine", endpoint.latencies_ms, {"200": 100, "500": 1, "0": 1, "302": 1}, 10.0, 51.5)
    assert again == summary
    assert Summary.of("x", [], Counter(), 10.0).p95 is None
    assert ratio(5, 0) is None and ratio(None, 3) is None and ratio(3, 6) == 0.5


def test_report_replaces_only_its_own_sections():
    text = (
        "# Performance\n\nIntro.\n\n## Machine\n\n(filled by `make bench`)\n\n## Web load (`make bench`)\n\n"
        "(pending)\n\n## Bloc dashboard against hand-written SQL\n\n(pending)\n\n## Search\n\nSearch results.\n"
        "\n## Quality checks\n\n(pending)\n"
    )
    out = report.replace_sections(
        text, {"## Machine": "Two cores.", "## Bloc dashboard against hand-written SQL": "1.1×"}
    )
    assert "## Machine\n\nTwo cores.\n\n## Web load" in out
    assert "## Bloc dashboard against hand-written SQL\n\n1.1×\n\n## Search\n\nSearch results.\n" in out
    assert out.count("(pending)") == 2  # the web load's and the quality checks'
    assert out.startswith("# Performance\n\nIntro.\n")
    assert report.replace_sections(out, {"## Machine": "Two cores."}) == out


def test_officers_open_the_year_and_the_past_year_each_against_its_goal():
    from benchmarks.driver import MIXED, User

    officer, member = (User(name, upper, ["m"], ["r"], [{}]) for name, upper in (("o", True), ("m", False)))
    assert officer.can("dashboard") and officer.can("dashboard_past") and "dashboard_past" in MIXED
    assert not member.can("dashboard_past") and member.can("mine")
    summary = {"requests": 10, "errors": 0, "p50_ms": 300.0, "p99_ms": 1500.0, "rps": 0.2}
    phase = {
        "think_s": [3, 7],
        "concurrency": 5,
        "seconds": 60.0,
        "machine_cpu_busy_pct": 50.0,
        "driver_cpu_s": 1.0,
        "loadavg": [1.0, 1.0, 1.0],
        "summaries": {
            "dashboard": summary | {"p95_ms": 700.0},
            "dashboard_past": summary | {"p95_ms": 1200.0},
        },
    }
    rows = report._flow_table({"machine": {"cpus": 2}}, "mixed", phase)
    this_year = next(r for r in rows if r.startswith(f"| {report.NAMES['dashboard']} "))
    past_year = next(r for r in rows if r.startswith(f"| {report.NAMES['dashboard_past']} "))
    assert this_year.endswith("| < 1,000 ms | met |")
    assert past_year.endswith("| < 1,000 ms | **missed** |")
    notes = report.capacity_notes({"phases": {"mixed": phase}, "pages": []})
    assert any(n.startswith(report.NAMES["dashboard_past"]) and "1,000 ms goal" in n for n in notes)


@pytest.mark.django_db
def test_the_bench_times_the_city_that_spans_the_end_of_the_districts():
    from benchmarks.management.commands.bench import PAST_YEAR, Command, city_root
    from nghiquyet.demo import registry as demo
    from nghiquyet.demo import reorganization as reorganization_demo

    demo.generate(demo.TINY)
    reorganization_demo.transfer_2025(demo.BLOC_CODE)  # DCQD sorts before DUK: not the city
    assert city_root().code == demo.BLOC_CODE and PAST_YEAR == 2025
    o = {"year": 2026, "past_year": PAST_YEAR, "phase_seconds": 30, "seconds": 60}
    plan = Command().plan([], ["dashboard_past"], None, o, "http://127.0.0.1:8765")
    assert plan["urls"]["dashboard"].endswith("?period=year&year=2026&root=DUK")
    assert plan["urls"]["dashboard_past"].endswith("?period=year&year=2025&root=DUK")
    # The report says what the past year stands on: here no meeting at all.
    [note] = Command().past_year_notes(PAST_YEAR)
    assert "tree of 31/12/2025" in note and "holds 0 meetings of 2025: none of it" in note


# ---------------------------------------------------------------- the bare view


@pytest.mark.django_db
def test_bare_view_is_not_mounted_in_the_product(client):
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare")
    assert client.get("/bench/bare/").status_code == 404


def _urls_in_a_fresh_process(tmp_path, settings_module: str) -> str:
    """What a server started with these settings answers on /bench/bare/."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "NGHIQUYET_VAR_DIR": str(tmp_path),
        "ALLOWED_HOSTS": "testserver",
    }
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from django.urls import Resolver404, resolve\n"
        "try:\n"
        "    print(resolve('/bench/bare/').url_name)\n"
        "except Resolver404:\n"
        "    print('not mounted')\n"
        "r = Client().get('/bench/bare/')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bare_view_is_mounted_only_on_the_bench_server(tmp_path):
    assert _urls_in_a_fresh_process(tmp_path, "benchmarks.settings").split("\n")[:2] == [
        "bench_bare",
        "200 ok",
    ]
    out = _urls_in_a_fresh_process(tmp_path, "nghiquyet.settings")
    assert out.startswith("not mounted\n404"), out


def test_the_bench_server_runs_the_benchmark_settings():
    from benchmarks.management.commands.bench import Command

    env = Command().server_env(8765)
    assert env["DJANGO_SETTINGS_MODULE"] == "benchmarks.settings" and env["DEBUG"] == "0"


# ---------------------------------------------------------------- accounts and the hand-written statement


@pytest.fixture(scope="module")
def tiny(django_db_setup, django_db_blocker):
    """TINY's registry with twelve months of meetings and resolutions, for the module."""
    from nghiquyet.demo import meetings as history_demo
    from nghiquyet.demo import registry as demo
    from nghiquyet.demo import resolutions as resolutions_demo

    today = dt.date(2026, 11, 26)
    with django_db_blocker.unblock():
        demo.flush()
        demo.generate(demo.TINY)
        history_demo.generate_history(today=today)
        resolutions_demo.generate_resolutions(today=today)
        try:
            yield today
        finally:
            demo.flush()


@pytest.mark.django_db
def test_bench_accounts_are_real_people_and_go_away_with_what_they_wrote(tiny, client):
    from benchmarks import people
    from nghiquyet.orgs.models import Person
    from nghiquyet.resolutions.models import Item, ProgressUpdate

    before = set(get_user_model().objects.values_list("username", flat=True))
    users = people.create(4, upper=1)
    assert [u.username for u in users] == ["bench-001", "bench-002", "bench-003", "bench-004"]
    carriers = [u for u in users if not u.upper]
    assert len(carriers) == 3 and len({u.org_code for u in carriers}) == 3  # one per organization
    for u in carriers:
        person = Person.objects.select_related("user").get(pk=u.person_id)
        assert person.user.username == u.username
        assert u.items and u.meetings and u.resolutions
        assert all(Item.objects.get(pk=pk).assignee_id == person.pk for pk, _percent in u.items)
    officer = next(u for u in users if u.upper)
    assert officer.meetings and not officer.items
    # They log in with the known password and see their own work.
    login = {"username": carriers[0].username, "password": people.PASSWORD}
    assert client.post(reverse("login"), login).status_code == 302
    assert client.get(reverse("resolutions:mine")).status_code == 200
    # What the bench posts goes away with the accounts; the item is as it was.
    pk, percent = carriers[0].items[0]
    item = Item.objects.get(pk=pk)
    person = Person.objects.get(pk=carriers[0].person_id)
    resolution_services.post_update(
        item, person, item.status, percent, f"{people.NOTE_MARKER} load", by=person.user
    )
    assert people.remove() == 4
    assert set(get_user_model().objects.values_list("username", flat=True)) == before
    assert not Person.objects.filter(pk__in=[u.person_id for u in users], user__isnull=False).exists()
    assert not ProgressUpdate.objects.filter(note__startswith=people.NOTE_MARKER).exists()
    assert Item.objects.get(pk=pk).percent == percent
    assert people.remove() == 0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the hand-written statement is PostgreSQL's")
def test_r31_hand_written_statement_gives_the_dashboards_figures(tiny):
    from benchmarks import handsql
    from nghiquyet.orgs.models import Organization, OrgKind
    from nghiquyet.oversight.dashboard import Window, compute, grassroots_in

    bloc = Organization.objects.get(kind=OrgKind.BLOC)
    for start, end in (
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ):
        window = Window.of(start, end, today=tiny)
        dashboard = compute(grassroots_in([bloc]), window, trend=False)
        hand = handsql.hand_rows(window, root=bloc)
        assert len(hand) == len(dashboard.rows) > 0
        assert handsql.compare(dashboard, hand) == []
        assert sum(r["held"] for r in hand.values()) > 0 and sum(r["items_due"] for r in hand.values()) > 0
    ids = [r.org_id for r in dashboard.rows[:2]]
    assert (
        handsql.compare(
            compute(grassroots_in(ids=ids), window, trend=False), handsql.hand_rows(window, ids=ids)
        )
        == []
    )
    timing = handsql.time_dashboard("tiny", window, root=bloc, runs=1)
    assert timing.differences == [] and timing.orgs == len(dashboard.rows)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the hand-written statement is PostgreSQL's")
def test_r39_a_past_period_is_timed_on_the_tree_of_its_last_day(tiny):
    from benchmarks import handsql
    from nghiquyet.orgs.models import Organization, OrgKind
    from nghiquyet.oversight.dashboard import Window, grassroots_in

    bloc = Organization.objects.get(kind=OrgKind.BLOC)
    window = Window.of(dt.date(2026, 7, 1), dt.date(2026, 9, 30), today=tiny)  # ended: a past period
    timing = handsql.time_dashboard("past", window, root=bloc, day=window.as_of, runs=1)
    assert timing.differences == []
    assert timing.orgs == grassroots_in([bloc], day=window.as_of).count() > 0


def test_bench_server_gets_an_emptied_redis_or_none(monkeypatch):
    """The bench serves with Redis as deployed, its database emptied first (a cold start); 'none' runs
    the workers on their own memory, whatever REDIS_URL the shell had."""
    import redis

    from benchmarks.management.commands.bench import Command

    url = "redis://127.0.0.1:6379/14"
    client = redis.Redis.from_url(url)
    client.set("nq:bench-test", "left over")
    command = Command()
    assert command.redis_url({"redis_url": url}) == url
    assert client.get("nq:bench-test") is None
    assert command.server_env(8765, url)["REDIS_URL"] == url

    client.set("nq:bench-test", "kept")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert command.redis_url({"redis_url": "none"}) == ""
    assert client.get("nq:bench-test") == b"kept"
    assert "REDIS_URL" not in command.server_env(8765, "")
    client.delete("nq:bench-test")


# ---------------------------------------------------------------- a fresh machine


def test_bench_creates_its_database_when_missing_and_stops_when_the_server_is_unreachable(capsys):
    """`make bench` on a fresh machine: the database is created (on PostgreSQL), an unreachable server
    is named at once instead of being retried forever."""
    import psycopg

    from benchmarks import createdb

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        assert createdb.ensure("sqlite:///tmp/x.sqlite3").endswith("nothing to create")
    else:
        base = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        name = "nq_bench_createdb_test"
        server = psycopg.connect(f"{base}/postgres", autocommit=True)
        try:
            server.execute(f"DROP DATABASE IF EXISTS {name}")
            assert createdb.ensure(f"{base}/{name}") == f"database {name} created"
            assert createdb.ensure(f"{base}/{name}") == f"database {name} exists"
        finally:
            server.execute(f"DROP DATABASE IF EXISTS {name}")
            server.close()
    assert createdb.main(["postgres://postgres@127.0.0.1:1/nothing"]) == 1
    assert "cannot reach PostgreSQL" in capsys.readouterr().err
