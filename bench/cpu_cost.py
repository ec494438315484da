"""Per-request cost of the pages and API operations that bench/scale.py measures, one request at
a time: the server's CPU time (``time.process_time``: what a request costs whatever the load),
wall time, and the SQL queries it sends, with their count and the slowest one.

Under load, latency tails are contention; the CPU time a request costs does not depend on the
machine's load, so it is the figure to cut. Requests go through Django's whole stack (every
middleware, the templates) with the test client, in this process, over an existing database
(one that bench/scale.py built and kept with ``--keep``).

Usage: python bench/cpu_cost.py DATABASE_FILE [--runs 20] [--only LABEL...] [--profile LABEL]
``--profile`` prints cProfile's top functions (by cumulative time) for one operation.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import OPERATIONS  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database", help="the SQLite file (or a postgres:// URL)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", nargs="*", help="labels (or parts of them) to measure")
    parser.add_argument("--profile", help="an operation's label (or part of it) to profile")
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before each request (after a write)"
    )
    args = parser.parse_args()
    url = args.database
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    os.environ.update(
        DATABASE_URL=url,
        DEBUG="",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
        DJANGO_SETTINGS_MODULE="shield.config.settings",
    )
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    wanted = [
        (label, path)
        for label, path in OPERATIONS  # not the export: it would queue a job in the database
        if not args.only or any(o.lower() in label.lower() for o in args.only)
    ]
    if args.profile:
        label, path = next(lp for lp in wanted if args.profile.lower() in lp[0].lower())
        client.get(path)
        profile = cProfile.Profile(time.process_time)  # CPU, not the waits of a busy machine
        profile.enable()
        for _ in range(args.runs):
            if args.cold:
                cache.clear()
            client.get(path)
        profile.disable()
        print(f"{label} ({path}), {args.runs} requests")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
        return 0
    print(f"{'operation':<30}{'CPU ms':>8}{'wall ms':>9}{'queries':>9}{'SQL ms':>8}  slowest query")
    for label, path in wanted:
        answer = client.get(path)  # warm: caches, pages read from disk
        status = answer.status_code
        cpu, wall = [], []
        for _ in range(args.runs):
            if args.cold:
                cache.clear()
            c0, w0 = time.process_time(), time.perf_counter()
            client.get(path)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        if args.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        sql = [(float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries]
        slowest = max(sql, default=(0.0, ""))
        print(
            f"{label:<30}{statistics.median(cpu):8.1f}{statistics.median(wall):9.1f}"
            f"{len(sql):9}{sum(t for t, _ in sql):8.1f}  {slowest[0]:.1f} ms "
            f"{slowest[1][:90]!r}" + ("" if status < 400 else f"  [HTTP {status}]"),
            flush=True,
        )
    kind = "cold (cache emptied before each)" if args.cold else "warm"
    print(f"\nmedian of {args.runs} {kind} requests each; load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
