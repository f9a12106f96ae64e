"""Benchmarks of the similarity checks (not tests): `.venv/bin/python -m benchmarks.similarity`.

(a) a draft checked against ten years (120) of its committee's resolutions and four upper-level texts, on
    substance — the draft page's check;
(b) the bloc-wide MinHash LSH scan over synthetic city-scale data (2,500 committees × 12 resolutions),
    with planted near copies to count what the scan finds.

Synthetic texts are assembled from the clauses of the labelled test corpus, each clause lightly altered
(unit names, figures, a dropped or added word), so that texts of different committees share stock
phrases the way real resolutions do without being copies. Results: docs/performance.md, "Quality checks".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

# The labelled corpus of the quality tests (read as files).
CORPUS = Path(__file__).resolve().parent.parent / "nghiquyet" / "quality" / "tests" / "corpus"
UNITS = [
    "Chi bộ Văn phòng",
    "Đảng bộ Sở Tư pháp",
    "Chi bộ Phòng Kế hoạch",
    "Đảng bộ Bệnh viện",
    "Chi bộ Trường THPT",
    "Đảng bộ Công ty",
    "Chi bộ Thanh tra",
    "Đảng bộ Ban Quản lý dự án",
]
FILLERS = ["kịp thời", "nghiêm túc", "đầy đủ", "cụ thể", "thiết thực", "đúng quy định", "chặt chẽ"]


def _clauses() -> list[str]:
    """The clauses of the corpus texts (split at commas and semicolons), the building blocks."""
    pool = set()
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace(";", ",").replace(".", ",")
        for clause in text.replace("\n", ",").split(","):
            if len(clause.split()) >= 3:
                pool.add(clause.strip())
    return sorted(pool)


def _alter(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    out = []
    for word in words:
        r = rng.random()
        if r < 0.04:
            continue  # a word dropped
        out.append(str(rng.randint(1, 99)) if word[:1].isdigit() else word)
        if r > 0.97:
            out.append(rng.choice(FILLERS))
    text = " ".join(out)
    for unit in ("Chi bộ", "Đảng bộ"):
        if unit in text and rng.random() < 0.5:
            text = text.replace(unit, rng.choice(UNITS), 1)
    return text


def synthetic_text(rng: random.Random, pool: list[str], month: int) -> str:
    """About 300 words: a header and 8-12 sentences of two or three random clauses, lightly altered."""
    header = f"NGHỊ QUYẾT\nLãnh đạo thực hiện nhiệm vụ tháng {month} năm 2026"
    body = [
        ", ".join(_alter(c, rng) for c in rng.sample(pool, rng.randint(2, 3)))
        for _ in range(rng.randint(8, 12))
    ]
    return header + "\n" + ".\n".join(body) + "."


def _timed(fn, repeat: int) -> list[float]:
    """Wall-clock milliseconds of each run; the CPU milliseconds are kept in `_timed.cpu`."""
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    _timed.cpu = cpu
    return times


def bench_draft(rng: random.Random, pool: list[str], repeat: int) -> dict:
    """(a) a draft against ten years of its committee's resolutions and the upper level's texts, on
    substance (`check_draft`: sections, synonyms, standard phrasing learned from those texts). Cold: the
    texts are parsed again on every run (the parse caches are cleared), as on a fresh process."""
    from nghiquyet.quality import similarity, substance

    draft = (CORPUS / "a01_copy.txt").read_text(encoding="utf-8")
    others = [(i, synthetic_text(rng, pool, i % 12 + 1)) for i in range(119)]
    others.append(("last month", (CORPUS / "a01.txt").read_text(encoding="utf-8")))
    others += [(f"upper u{i}", (CORPUS / f"u{i}.txt").read_text(encoding="utf-8")) for i in range(1, 5)]

    def cold(**kwargs):
        substance.clear_caches()
        return similarity.check_draft(draft, others, **kwargs)

    with_passages = _timed(cold, repeat)
    with_passages_cpu = _timed.cpu
    scores_only = _timed(lambda: cold(passages_from=None), repeat)
    warm = _timed(lambda: similarity.check_draft(draft, others), repeat)
    matches = similarity.check_draft(draft, others)
    return {
        "texts": len(others),
        "words_per_text": statistics.mean(len(t.split()) for _k, t in others),
        "median_ms": statistics.median(with_passages),
        "p95_ms": sorted(with_passages)[int(0.95 * (len(with_passages) - 1))],
        "median_scores_only_ms": statistics.median(scores_only),
        "median_warm_ms": statistics.median(warm),
        "cpu_median_ms": statistics.median(with_passages_cpu),
        "found": [m.key for m in matches if m.near_copy],
    }


def bench_bloc(rng: random.Random, pool: list[str], committees: int, per: int) -> dict:
    from nghiquyet.quality import similarity

    uppers = [(CORPUS / f"u{i}.txt").read_text(encoding="utf-8") for i in range(1, 5)]
    planted: set[frozenset] = set()
    documents: list[tuple[tuple[int, int], str]] = []
    start = time.perf_counter()
    for c in range(committees):
        previous = None
        for month in range(1, per + 1):
            key = (c, month)
            if c % 50 == 0 and month == 11:
                # 2% of committees issue the bloc's plan as their own, with their name in it.
                text = uppers[(c // 50) % 4].replace("Đảng bộ Khối", UNITS[c % len(UNITS)] + f" số {c}")
                planted.add(frozenset({("upper", (c // 50) % 4), key}))
            elif c % 20 == 7 and month == 6 and previous is not None:
                # 5% of committees copy last month's resolution, figures changed.
                text = previous[1].replace("tháng 5", "tháng 6")
                planted.add(frozenset({previous[0], key}))
            else:
                text = synthetic_text(rng, pool, month)
            documents.append((key, text))
            previous = (key, text)
    generated = time.perf_counter() - start
    start, start_cpu = time.perf_counter(), time.process_time()
    clusters = similarity.find_near_duplicates(documents)
    scan, scan_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    found_pairs = {frozenset({p.a, p.b}) for c in clusters for p in c.pairs}
    scores = {frozenset({p.a, p.b}): p.score for c in clusters for p in c.pairs}
    # Committees that issued the same upper text are linked to each other, not to the upper text itself.
    upper_groups: dict[int, set] = {}
    for pair in planted:
        tags = sorted(pair, key=str)
        upper = next((t for t in tags if t[0] == "upper"), None)
        if upper is not None:
            upper_groups.setdefault(upper[1], set()).update(t for t in tags if t != upper)
    expected = {p for p in planted if not any(t[0] == "upper" for t in p)}
    for members in upper_groups.values():
        members = sorted(members)
        expected |= {frozenset({a, b}) for i, a in enumerate(members) for b in members[i + 1 :]}
    return {
        "documents": len(documents),
        "generate_s": generated,
        "scan_s": scan,
        "scan_cpu_s": scan_cpu,
        "clusters": len(clusters),
        "pairs_found": len(found_pairs),
        "planted_pairs": len(expected),
        "planted_found": len(expected & found_pairs),
        "unplanted_found": len(found_pairs - expected),
        "unplanted_sample": sorted((sorted(p), scores[p]) for p in found_pairs - expected)[:5],
    }


def bench_database(rng: random.Random, pool: list[str], repeat: int) -> dict:
    """(a) through the database: `resolution_quality` of a draft with 120 issued predecessors.

    This benchmark measures the whole path of the draft page (queries included), on a throw-away test
    database.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nghiquyet.orgs.models import Organization, OrgKind
    from nghiquyet.resolutions import quality_data
    from nghiquyet.resolutions.models import Item, Resolution, ResolutionStatus

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        org = Organization.objects.create(
            code="BENCH", name="Đảng bộ Cơ quan thử", kind=OrgKind.GRASSROOTS_COMMITTEE, issuer_code="ĐU"
        )

        def resolution(text: str, **fields) -> tuple[Resolution, list[str]]:
            parts = [p for p in text.split("\n") if p.strip()]
            return Resolution(org=org, title=parts[0], assessment=parts[1], **fields), parts[2:]

        rows = [
            resolution(
                synthetic_text(rng, pool, k % 12 + 1),
                status=ResolutionStatus.ISSUED,
                issued_on=dt.date(2016, 1, 5) + dt.timedelta(days=30 * k),
            )
            for k in range(119)
        ]
        rows.append(
            resolution(
                (CORPUS / "a01.txt").read_text(encoding="utf-8"),
                status=ResolutionStatus.ISSUED,
                issued_on=dt.date(2026, 10, 5),
            )
        )
        rows.append(resolution((CORPUS / "a01_copy.txt").read_text(encoding="utf-8")))
        Resolution.objects.bulk_create([r for r, _items in rows])
        Item.objects.bulk_create(
            Item(resolution=r, order=i, content=content)
            for r, items in rows
            for i, content in enumerate(items, start=1)
        )
        draft = rows[-1][0]
        with CaptureQueriesContext(connection) as queries:
            quality = quality_data.resolution_quality(draft)
        times = _timed(lambda: quality_data.resolution_quality(draft), repeat)
        return {
            "engine": connection.vendor,
            "queries": len(queries),
            "median_ms": statistics.median(times),
            "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))],
            "cpu_median_ms": statistics.median(_timed.cpu),
            "compared": len(quality.previous),
            "near_copies": len(quality.near_copies),
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--committees", type=int, default=2500)
    parser.add_argument("--per", type=int, default=12, help="resolutions per committee")
    parser.add_argument("--repeat", type=int, default=20, help="runs of the draft check")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--no-database", action="store_true", help="skip (a) through the database")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nghiquyet.settings")
    import django

    django.setup()
    import datasketch

    rng = random.Random(args.seed)
    pool = _clauses()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs (nproc), {platform.machine()}, load average {load}")
    print(f"python {sys.version.split()[0]}, datasketch {datasketch.__version__}, clause pool {len(pool)}")
    a = bench_draft(rng, pool, args.repeat)
    print(
        f"(a) draft vs {a['texts']} resolutions (~{a['words_per_text']:.0f} words each): "
        f"median {a['median_ms']:.1f} ms (CPU {a['cpu_median_ms']:.1f} ms), p95 {a['p95_ms']:.1f} ms with passages; "
        f"median {a['median_scores_only_ms']:.1f} ms scores only, {a['median_warm_ms']:.1f} ms with the texts "
        f"already parsed; near copies found: {a['found']}"
    )
    if not args.no_database:
        d = bench_database(rng, pool, args.repeat)
        print(
            f"(a) through the database ({d['engine']}): resolution_quality of the draft, {d['queries']} queries, "
            f"median {d['median_ms']:.1f} ms (CPU {d['cpu_median_ms']:.1f} ms), p95 {d['p95_ms']:.1f} ms; "
            f"compared with {d['compared']}, near copies {d['near_copies']}"
        )
    b = bench_bloc(rng, pool, args.committees, args.per)
    print(
        f"(b) bloc scan of {b['documents']} texts: {b['scan_s']:.1f} s (CPU {b['scan_cpu_s']:.1f} s) "
        f"(generating them {b['generate_s']:.1f} s); {b['clusters']} clusters, {b['pairs_found']} pairs; "
        f"planted pairs found {b['planted_found']}/{b['planted_pairs']}, other pairs {b['unplanted_found']} "
        f"{b['unplanted_sample']}"
    )
    import resource

    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
