"""Search benchmark: p50 and p95 of the registry's search per kind of query, beside the naive
``LIKE '%x%'`` scan over the names that a user would otherwise write.

It fills a database with N generated records (bench/generate.py, through the big import),
unless it already holds them (``--reuse``), then times ``registry.search.search`` as an
anonymous reader asks for a first page of 20: exact words, prefixes, fragments (substrings)
and queries that match nothing, in Latin, Cyrillic and Armenian. The LIKE scan counts the
records whose name holds the query as typed (case-insensitive); it finds no other script.

Usage:
  python bench/search_bench.py --db sqlite [--rows 100000] [--path FILE] [--reuse] [--runs 30]
  python bench/search_bench.py --db postgresql --url postgres://USER@HOST:PORT/NAME [--rows ...]
The PostgreSQL database must be empty or hold the same records (``--reuse``). Without --path
the SQLite database lies in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

# (kind, query): the generated names are syllables ("Shuvanser 1234") in three scripts.
QUERIES = [
    ("exact", "Shuvan"),
    ("exact", "Шуван"),
    ("exact", "Շուվան"),
    ("exact", "Ganvan 1234"),
    ("prefix", "Gandza"),
    ("prefix", "Tigmarpa"),
    ("prefix", "Шувансе"),
    ("substring", "uvanse"),
    ("substring", "уванс"),
    ("substring", "վանսեր"),
    ("substring", "igmarpat"),
    ("substring", "4177"),
    ("substring", "van"),
    ("no match", "nosuchname"),
    ("no match", "Qqxzzy"),
    ("no match", "Щщъ"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", help="the PostgreSQL database (postgres://...)")
    parser.add_argument("--path", help="the SQLite file (default: a temporary one)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="use the records already there")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shield-search-bench-"))
    try:
        if args.db == "sqlite":
            path = Path(args.path) if args.path else work / "shield.sqlite3"
            os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
        else:
            if not args.url:
                parser.error("--db postgresql needs --url")
            os.environ["DATABASE_URL"] = args.url
        return run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build(work: Path, n: int) -> None:
    from django.contrib.auth import get_user_model

    from shield.parties.models import State
    from shield.registry.bigimport import exclusive
    from shield.registry.transfer import import_bytes

    for code in generate.STATES:
        State.objects.get_or_create(code=code, defaults={"name_en": code})
    admin = get_user_model().objects.filter(username="bench").first()
    admin = admin or get_user_model().objects.create_superuser("bench", password="bench-pass-1")
    data = work / "properties.csv"
    generate.write(str(data), n)
    t0 = time.perf_counter()
    with exclusive():  # one transaction: nobody else reads this database meanwhile
        result = import_bytes(admin, data.read_bytes(), data.name)
    assert result.created == n, result
    print(f"imported {n:,} records in {time.perf_counter() - t0:.0f} s", flush=True)


def timed(fn, runs: int) -> tuple[list[float], object]:
    fn()  # warm: the first run reads pages from disk
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times, out


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def run(work: Path, args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "k" * 50)
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection

    from shield.registry.models import CulturalProperty
    from shield.registry.search import Criteria, search

    if not args.reuse:
        call_command("migrate", verbosity=0)
    have = CulturalProperty.objects.count()
    if not (args.reuse and have >= args.rows):
        if have:
            raise SystemExit(f"the database holds {have:,} records already: empty it or --reuse")
        build(work, args.rows)
    n = CulturalProperty.objects.count()
    anonymous = AnonymousUser()
    like = "LIKE" if connection.vendor == "sqlite" else "ILIKE"  # SQLite's LIKE ignores case
    naive = f"SELECT count(DISTINCT property_id) FROM registry_propertyname WHERE text {like} %s"

    def scan(q: str):
        with connection.cursor() as cur:
            cur.execute(naive, ["%" + q + "%"])
            return cur.fetchone()[0]

    print(
        f"\nsearch over {n:,} records on {connection.vendor} "
        f"({args.runs} runs each, first page of 20, anonymous reader)"
    )
    print(
        f"  {'kind':<10} {'query':<12} {'p50 ms':>7} {'p95 ms':>7} {'found':>6}"
        f"   {'LIKE p50':>8} {'found':>6} {'LIKE/search':>11}"
    )
    by_kind: dict[str, list[float]] = {}
    like_by_kind: dict[str, list[float]] = {}
    like_runs = max(3, args.runs // 10)
    for kind, q in QUERIES:
        times, page = timed(lambda q=q: search(anonymous, Criteria(q), 0, 20), args.runs)
        like_times, like_hits = timed(lambda q=q: scan(q), like_runs)
        by_kind.setdefault(kind, []).extend(times)
        like_by_kind.setdefault(kind, []).extend(like_times)
        found = f"{page.total}{'+' if page.more else ''}"
        s50, l50 = statistics.median(times), statistics.median(like_times)
        print(
            f"  {kind:<10} {q:<12} {s50:7.1f} {p95(times):7.1f} {found:>6}"
            f"   {l50:8.1f} {like_hits:6} {l50 / s50:10.0f}x",
            flush=True,
        )
    print("\n  per kind     p50 ms  p95 ms   LIKE p50  LIKE/search (p50)")
    everything = []
    for kind, times in by_kind.items():
        everything += times
        s50, l50 = statistics.median(times), statistics.median(like_by_kind[kind])
        print(f"  {kind:<10} {s50:8.1f} {p95(times):7.1f}   {l50:8.1f}  {l50 / s50:10.0f}x")
    print(f"  {'all':<10} {statistics.median(everything):8.1f} {p95(everything):7.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
