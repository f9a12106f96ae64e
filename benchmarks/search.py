"""Search at city scale on PostgreSQL (a benchmark, not a test): `.venv/bin/python -m benchmarks.search`.

Fills a scratch PostgreSQL database (nq_h4_bench by default; created and migrated when missing, reused
when already full unless --reload) with the search entries of a city (DOMAIN.md): ~2,500 grassroots
organizations under 136 party committees of the city, ten years of one resolution a month with 5–10
items each, the minutes of each meeting and the upper level's monthly guidance — about 2.9 million
entries of Vietnamese text assembled from the sentences of the quality test corpus. The rows are made
by `search._entry`'s rules (checked on a sample) and loaded with COPY, the indexes built afterwards.

It then times `search.search` — what the search page runs: its SQL queries, the snippets — for a common
word, a rare word, a thinly spread word, a three-word phrase typed without diacritics and "dang" (finding
"Đảng"), with and without an organization filter (and a type filter for the officer), as a city-wide
officer and as one committee member, and prints the median and 95th percentile of each and the plans
PostgreSQL chose. Results and method: docs/performance.md, "Search".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "quality" / "tests" / "corpus"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/nq_h4_bench"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thu", "Đức", "Ngọc", "Thanh"]
GIVEN = ["Bình", "Lan", "Hùng", "Mai", "Tuấn", "Hạnh", "Long", "Hoa", "Nam", "Thắng", "Huy", "Thu"]
# Sentences planted in one text in 4,000 and one in 150: the rare word of the benchmark ("lụt", typed
# "lut") and a thinly spread one ("nhựa", typed "nhua"), where neither reading newest entries first nor
# the trigram index is at its best. Neither word occurs in the corpus.
PLANTED = [
    (1 / 4000, "Chủ động phương án phòng, chống bão lụt, bảo đảm an toàn cho cơ quan trong mùa mưa."),
    (1 / 150, "Hạn chế sử dụng sản phẩm nhựa dùng một lần tại cơ quan, đơn vị."),
]
QUERIES = [
    ("common word", "công"),
    ("rare word", "lut"),
    ("thinly spread word", "nhua"),
    ("3-word phrase, no diacritics", "chuyen doi so"),
    ('"dang" → Đảng', "dang"),
]
COLUMNS = (
    "kind",
    "object_id",
    "group",
    "org_id",
    "org_code",
    "org_name",
    "org_path",
    "title",
    "text",
    "folded_title",
    "folded",
    "date",
    "url",
    "confidentiality",
    "roles",
    "audience",
    "indexed_at",
)


def _sentences(fold_chars) -> list[tuple[str, str]]:
    """The corpus's sentences of five words or more, each with its fold (folded once, reused)."""
    pool = set()
    for path in sorted(CORPUS.glob("*.txt")):
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        for sentence in re.split(r"(?<=[.;:])\s+|\n+", text):
            sentence = " ".join(sentence.split())
            if len(sentence.split()) >= 5 and not sentence.isupper():
                pool.add(sentence)
    return [(s, fold_chars(s)) for s in sorted(pool)]


class Writer:
    """Builds entry rows as `search._entry` does, from pre-folded pieces: the fold is character for
    character, so the fold of joined pieces is the join of their folds (a new line folds to a space)."""

    def __init__(self, fold_chars, rng: random.Random):
        self.fold = fold_chars
        self.rng = rng
        self.pool = _sentences(fold_chars)
        self.planted = [(chance, (text, fold_chars(text))) for chance, text in PLANTED]
        self.now = dt.datetime.now(dt.UTC)
        self.ids: dict[str, int] = {}

    def body(self, n: int) -> tuple[str, str]:
        picked = self.rng.sample(self.pool, n)
        for chance, sentence in self.planted:
            if self.rng.random() < chance:
                picked[self.rng.randrange(n)] = sentence
        return "\n".join(t for t, _f in picked), " ".join(f for _t, f in picked)

    def name(self) -> str:
        r = self.rng
        return f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"

    def row(self, kind, org, title, text, folded_text, date, url, group="", audience="") -> tuple:
        self.ids[kind] = object_id = self.ids.get(kind, 0) + 1
        folded_title = self.fold(title)
        org_id, org_code, org_name, org_path = org
        return (
            kind,
            object_id,
            group,
            org_id,
            org_code,
            org_name,
            org_path,
            title,
            text,
            folded_title,
            f"{folded_title} {folded_text}",
            date,
            url,
            "none",
            "",
            audience,
            self.now,
        )


def city(grassroots: int, uppers: int) -> tuple[list[tuple], list[tuple]]:
    """(upper committees, grassroots organizations) as (id, code, name, path) under the city "HN/"."""
    upper = [(i, f"K{i:03d}", f"Đảng bộ Khối số {i}", f"HN/K{i:03d}/") for i in range(1, uppers + 1)]
    orgs = []
    for i in range(1, grassroots + 1):
        parent = upper[(i - 1) % uppers]
        orgs.append((1000 + i, f"G{i:04d}", f"Đảng bộ cơ quan số {i}", f"{parent[3]}G{i:04d}/"))
    return upper, orgs


def rows(writer: Writer, upper, orgs, years: int, first_year: int):
    """Every entry of the city, month after month: guidance, then each organization's resolution, its
    items and the minutes of the meeting."""
    rng = writer.rng
    for year in range(first_year, first_year + years):
        for month in range(1, 13):
            for org in upper:
                text, folded = writer.body(5)
                yield writer.row(
                    "guidance",
                    org,
                    f"Hướng dẫn sinh hoạt cấp ủy tháng {month}/{year}",
                    text,
                    folded,
                    dt.date(year, month, 1),
                    "/oversight/guidance/0/",
                    audience=",*,",
                )
            for number, org in enumerate(orgs):
                day = dt.date(year, month, 3 + number % 20)
                group = f"resolution:{writer.ids.get('resolution', 0) + 1}"
                items = []
                for _ in range(rng.randint(5, 10)):
                    text, folded = writer.body(1)
                    who = f"Người thực hiện: {writer.name()}; người kiểm tra, đôn đốc: {writer.name()}"
                    items.append((text, folded, who))
                text, folded = writer.body(rng.randint(12, 18))
                title = f"{month:02d}-NQ/ĐU Nghị quyết lãnh đạo thực hiện nhiệm vụ tháng {month} năm {year}"
                yield writer.row(
                    "resolution",
                    org,
                    title,
                    "\n".join([text, *(t for t, _f, _w in items)]),
                    " ".join([folded, *(f for _t, f, _w in items)]),
                    day,
                    "/resolutions/0/",
                    group=group,
                )
                for text, folded, who in items:
                    yield writer.row(
                        "item",
                        org,
                        text[:300].strip(),
                        f"{text}\n{who}",
                        f"{folded} {writer.fold(who)}",
                        day + dt.timedelta(days=rng.randint(10, 80)),
                        "/resolutions/items/0/",
                        group=group,
                    )
                # Minutes record every speaker: several times a resolution's length.
                text, folded = writer.body(rng.randint(40, 70))
                yield writer.row(
                    "minutes",
                    org,
                    f"Biên bản hội nghị cấp ủy thường kỳ tháng {month}/{year}",
                    text,
                    folded,
                    day,
                    "/meetings/0/minutes/",
                )


def _check_rows(writer: Writer, search) -> None:
    """The rows are what indexing would store (title, folds) — checked on a few."""
    upper, orgs = city(3, 1)
    sample = rows(Writer(writer.fold, random.Random(1)), upper, orgs, 1, 2020)
    for row in [next(sample) for _ in range(30)]:
        values = dict(zip(COLUMNS, row, strict=True))
        entry = search._entry(
            search.Doc(
                kind=values["kind"],
                object_id=values["object_id"],
                org_id=values["org_id"],
                org_code=values["org_code"],
                org_name=values["org_name"],
                org_path=values["org_path"],
                title=values["title"],
                text=values["text"],
            )
        )
        assert (entry.title, entry.folded_title, entry.folded) == (
            values["title"],
            values["folded_title"],
            values["folded"],
        ), values["title"]


# ---------------------------------------------------------------- the database


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def load(args, search) -> dict:
    """Empty the search table, COPY the city's entries in, then build its indexes and analyze it."""
    from django.db import connection, transaction

    writer = Writer(search.fold_chars, random.Random(args.seed))
    _check_rows(writer, search)
    upper, orgs = city(args.orgs, args.uppers)
    table = "documents_searchentry"
    with connection.cursor() as cursor:
        # The indexes that are not constraints are dropped for the load and rebuilt after it.
        cursor.execute(
            """SELECT indexname, indexdef FROM pg_indexes i
               WHERE tablename = %s AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""",
            [table],
        )
        indexes = cursor.fetchall()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}")
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        columns = ", ".join(f'"{c}"' for c in COLUMNS)
        count = 0
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows(writer, upper, orgs, args.years, args.first_year):
                copy.write_row(row)
                count += 1
                if count % 250_000 == 0:
                    print(f"  {count:,} rows, {time.perf_counter() - started:.0f} s", flush=True)
    loaded = time.perf_counter() - started
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            start = time.perf_counter()
            cursor.execute(definition)
            timings[name] = time.perf_counter() - start
            print(f"  index {name}: {timings[name]:.0f} s", flush=True)
        cursor.execute(f"VACUUM ANALYZE {table}")
    return {"rows": count, "load_s": loaded, "index_s": timings}


def table_facts() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT kind, count(*) FROM documents_searchentry GROUP BY kind ORDER BY kind")
        kinds = dict(cursor.fetchall())
        cursor.execute(
            "SELECT pg_size_pretty(pg_table_size('documents_searchentry')), "
            "pg_size_pretty(pg_indexes_size('documents_searchentry')), "
            "(SELECT pg_size_pretty(pg_relation_size(indexrelid)) FROM pg_stat_user_indexes "
            " WHERE indexrelname = 'documents_searchentry_folded_trgm')"
        )
        table, indexes, trigram = cursor.fetchone()
        planted = {}
        for word in ("lut", "nhua"):
            cursor.execute("SELECT count(*) FROM documents_searchentry WHERE folded LIKE %s", [f"%{word}%"])
            planted[word] = cursor.fetchone()[0]
    return {"kinds": kinds, "table": table, "indexes": indexes, "trigram": trigram, "planted": planted}


# ---------------------------------------------------------------- measuring


def viewers(upper, orgs):
    """A city-wide officer (the city's Organization Board) and one committee member of one organization."""
    from nghiquyet.documents.confidentiality import Viewer

    officer = (["HN/"], Viewer(person_id=1, bodies=frozenset({("organization_board", "HN/")})))
    org = orgs[len(orgs) // 2]
    member = ([org[3]], Viewer(person_id=2, seats={org[0]: "member"}, seat_paths=frozenset({org[3]})))
    return {
        "city-wide officer": (officer, upper[len(upper) // 2][3]),
        "committee member": (member, org[3]),
    }


def _summary(plan: list[str]) -> tuple[str, float]:
    """The plan's nodes on one line (scans with their index, rows and time, no costs or conditions),
    and the execution time in milliseconds."""
    nodes, executed = [], 0.0
    for line in plan:
        node = line.strip().removeprefix("->").strip()
        if node.startswith("Execution Time:"):
            executed = float(node.split()[2])
        # Nodes only ("Sort Key: …", "Filter: …" and the like describe the node above them).
        if "(actual time=" not in node:
            continue
        node = re.sub(r"\s*\(cost=.*?\)", "", node)
        node = re.sub(r"\s*\(actual time=[\d.]+\.\.([\d.]+) rows=(\d+).*?\)", r" [\2 rows, \1 ms]", node)
        nodes.append(node.replace("documents_searchentry", "entry").replace(" on entry u0", " on entry"))
    return " → ".join(nodes), executed


def measure(search, who, query, paths, viewer, org_path, repeat: int, kinds=None) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run():
        return search.search(query, paths, viewer=viewer, org_path=org_path, kinds=kinds, limit=20)

    run()  # warm: the same pages a user's second search would find in memory
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        page = run()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        run()
    plans, sql_ms = [], 0.0
    with connection.cursor() as cursor:
        for q in queries.captured_queries:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {q['sql']}")
            plan, executed = _summary([r[0] for r in cursor.fetchall()])
            plans.append(plan)
            sql_ms += executed
    times.sort()
    return {
        "who": who,
        "query": query,
        "org": org_path or (f"type={kinds[0]}" if kinds else ""),
        "total": page.total,
        "more": page.more,
        "median_ms": statistics.median(times),
        "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": len(queries),
        "sql_ms": sql_ms,
        "plans": plans,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--orgs", type=int, default=2500, help="grassroots organizations")
    parser.add_argument("--uppers", type=int, default=136, help="party committees under the city")
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--first-year", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=21, help="timed runs of each search")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--reload", action="store_true", help="refill the table even when it is full")
    args = parser.parse_args(argv)
    if not args.url.startswith("postgres"):
        parser.error("the benchmark runs on PostgreSQL (--url postgres://…)")
    os.environ["DATABASE_URL"] = args.url
    os.environ["DB_POOL"] = "0"
    ensure_database(args.url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from nghiquyet.documents import search

    call_command("migrate", verbosity=0)
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM documents_searchentry")
        present = cursor.fetchone()[0]
    print(
        f"machine: {os.cpu_count()} CPUs, {platform.machine()}, load average {load_avg}; PostgreSQL {version}"
    )
    if args.reload or present == 0:
        print("loading the city's entries …", flush=True)
        loaded = load(args, search)
        print(
            f"loaded {loaded['rows']:,} entries in {loaded['load_s']:.0f} s; indexes "
            + ", ".join(f"{k} {v:.0f} s" for k, v in loaded["index_s"].items())
        )
    facts = table_facts()
    print(
        "entries: "
        + ", ".join(f"{k} {v:,}" for k, v in facts["kinds"].items())
        + f" = {sum(facts['kinds'].values()):,}; table {facts['table']}, indexes {facts['indexes']} "
        f"(trigram {facts['trigram']}); "
        + ", ".join(f'"{w}" in {n:,} entries' for w, n in facts["planted"].items())
    )
    upper, orgs = city(args.orgs, args.uppers)
    results = []
    for who, ((paths, viewer), org_path) in viewers(upper, orgs).items():
        # The officer also narrows by type (guidance: one entry in 175).
        filters = [(None, None), (org_path, None)] + (
            [(None, ["guidance"])] if who == "city-wide officer" else []
        )
        for label, query in QUERIES:
            for filtered, kinds in filters:
                result = measure(search, who, query, paths, viewer, filtered, args.repeat, kinds)
                result["label"] = label
                results.append(result)
                shown = f"{result['total']}{'+' if result['more'] else ''}"
                print(
                    f"{who:18} {label:30} org={result['org'] or '-':16} found {shown:>6}  "
                    f"median {result['median_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  "
                    f"({result['queries']} queries, {result['sql_ms']:.1f} ms in PostgreSQL)",
                    flush=True,
                )
                for plan in result["plans"]:
                    print(f"    plan: {plan}")
    worst = max(r["p95_ms"] for r in results)
    print(f"worst p95 {worst:.1f} ms over {len(results)} searches × {args.repeat} runs")


if __name__ == "__main__":
    sys.exit(main())
