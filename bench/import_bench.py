"""Import benchmark: N generated properties into a fresh SQLite database, and search over it.

Side by side, in one run, with what a user would otherwise pick:
- loading: the sqlite3 shell's `.import --csv` of the same file into a plain table
  (no validation, no names across scripts, no audit), and
- searching: a plain `LIKE '%word%'` scan over the same names (which finds no other script).

Usage: python bench/import_bench.py [--rows 1000000]
Prints the figures and the ratios; writes nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

QUERIES = ["Shuvan", "Шуван", "Շուվան", "Gandza", "Tigmar 1234", "nosuchname"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="shield-bench-"))
    try:
        return run(work, args.rows)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n: int) -> int:
    data = work / "properties.csv"
    t0 = time.perf_counter()
    generate.write(str(data), n)
    print(
        f"generated {n:,} rows in {time.perf_counter() - t0:.1f} s ({data.stat().st_size / 1e6:.0f} MB)"
    )

    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'shield.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "shield.config.settings"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from shield.cli import _Bar
    from shield.parties.models import State
    from shield.registry.transfer import import_bytes

    call_command("migrate", verbosity=0)
    for code in generate.STATES:
        State.objects.get_or_create(code=code, defaults={"name_en": code})
    admin = get_user_model().objects.create_superuser("bench", password="bench-pass-1")

    content = data.read_bytes()
    bar = _Bar()
    t0 = time.perf_counter()
    result = import_bytes(admin, content, data.name, progress=bar, phase=bar.phase)
    shield_s = time.perf_counter() - t0
    bar.close()
    assert result.created == n, result

    plain = work / "plain.sqlite3"
    t0 = time.perf_counter()
    subprocess.run(["sqlite3", str(plain), ".import --csv " + str(data) + " plain"], check=True)
    sqlite_s = time.perf_counter() - t0

    print(
        f"\nimport of {n:,} properties into SQLite on {os.cpu_count()} cores"
        f" ({result.workers or 'no'} worker processes)"
    )
    print(
        f"  shield import (validate, names across scripts, audit): {shield_s:7.1f} s  ({n / shield_s:,.0f} rows/s)"
    )
    print(f"  sqlite3 .import --csv (raw load, no checks):            {sqlite_s:7.1f} s")
    print(f"  ratio shield / sqlite3:                                  {shield_s / sqlite_s:7.1f}x")

    from django.contrib.auth.models import AnonymousUser

    from shield.registry.search import Criteria, search

    anonymous = AnonymousUser()
    con = sqlite3.connect(plain)
    print(f"\nsearch over {n:,} properties (median of 5 runs, first page of 20)")
    print(f"  {'query':<14} {'shield ms':>10} {'hits':>7}   {'LIKE ms':>8} {'hits':>7}")
    ratios = []
    for q in QUERIES:
        times, hits = [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            hits, _page = search(anonymous, Criteria(q), 0, 20)
            times.append((time.perf_counter() - t0) * 1000)
        like_times, like_hits = [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            pattern = f"%{q}%"
            like_hits = con.execute(
                'SELECT count(*) FROM plain WHERE "name:en" LIKE ? OR "name:hy" LIKE ? OR "name:ru:variant" LIKE ?',
                (pattern, pattern, pattern),
            ).fetchone()[0]
            like_times.append((time.perf_counter() - t0) * 1000)
        s_ms, l_ms = statistics.median(times), statistics.median(like_times)
        ratios.append(s_ms / l_ms)
        print(f"  {q:<14} {s_ms:10.1f} {hits:7}   {l_ms:8.1f} {like_hits:7}")
    print(f"  median ratio shield / LIKE: {statistics.median(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
