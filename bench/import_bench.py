"""Import benchmark: N generated properties into a fresh database, and search over it, on SQLite
and on PostgreSQL, each beside what a user would otherwise pick:

- loading: the database's own raw loader of the same file into a plain table of text columns
  (no validation, no names across scripts, no audit): the sqlite3 shell's `.import --csv`, and
  PostgreSQL's `COPY ... FROM STDIN (FORMAT csv)`;
- searching: a plain `LIKE '%word%'` scan over the same names in that table (which finds no
  other script).

The import is `shield import --exclusive` (one transaction: the bulk load that the raw loaders
are the yardstick of); `--staged` measures the default way instead (chunks in short
transactions, hidden until published, so that a running server keeps answering).

Usage: python bench/import_bench.py [--rows 1000000] [--db sqlite|postgresql|both]
                                    [--postgres-url URL] [--staged]
PostgreSQL: the server and database of --postgres-url, else of DATABASE_URL when that names
PostgreSQL, else postgres://postgres@127.0.0.1:5432/shield_import_bench. The benchmark creates
that database and drops it at the end; it refuses one it did not create. Each database runs
in a process of its own (Django's settings name one database). Prints the figures and the
ratios; writes nothing outside a temporary folder and that database.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

QUERIES = ["Shuvan", "Шуван", "Շուվան", "Gandza", "Tigmar 1234", "nosuchname"]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/shield_import_bench"
MARK = "made by shield's import benchmark"  # the comment on a database the benchmark made
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", help="server and database to create (see above)")
    parser.add_argument("--staged", action="store_true", help="the staged import, not --exclusive")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one database here
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return run_one(args.one, Path(args.file), args.rows, args.postgres_url, args.staged)
    url = args.postgres_url
    if not url:
        env = os.environ.get("DATABASE_URL", "")
        url = env if env.startswith(("postgres://", "postgresql://")) else DEFAULT_POSTGRES
    work = Path(tempfile.mkdtemp(prefix="shield-bench-"))
    try:
        return run(
            work,
            args.rows,
            ["sqlite", "postgresql"] if args.db == "both" else [args.db],
            url,
            args.staged,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n: int, databases: list[str], url: str, staged: bool) -> int:
    data = work / "properties.csv"
    t0 = time.perf_counter()
    generate.write(str(data), n)
    print(
        f"generated {n:,} rows in {time.perf_counter() - t0:.1f} s ({data.stat().st_size / 1e6:.0f} MB)",
        flush=True,
    )
    results = []
    for db in databases:
        command = [sys.executable, __file__, "--one", db, "--file", str(data), "--rows", str(n)]
        command += ["--postgres-url", url] + (["--staged"] if staged else [])
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        for line in done.stdout.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line[len("RESULT ") :]))
            else:
                print(line)
        if done.returncode:
            print(f"{NAMES[db]}: the benchmark failed (exit {done.returncode})")
            return done.returncode
    print(
        f"\nimport of {n:,} properties ({'staged' if staged else 'one transaction'}), {os.cpu_count()} cores"
    )
    print(
        f"  {'database':<11} {'shield s':>9} {'rows/s':>9}   {'raw loader':<26} {'raw s':>6} {'ratio':>7}"
    )
    for r in results:
        print(
            f"  {r['database']:<11} {r['shield_s']:9.1f} {n / r['shield_s']:9,.0f}   "
            f"{r['raw_loader']:<26} {r['raw_s']:6.1f} {r['shield_s'] / r['raw_s']:6.1f}x"
        )
    return 0


def run_one(db: str, data: Path, n: int, url: str, staged: bool) -> int:
    work = data.parent
    if db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'shield.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = url
        fresh_database(url)
    try:
        return measure(db, data, n, url, staged)
    finally:
        if db == "postgresql":
            from django.db import connections

            connections.close_all()
            drop_database(url)


def measure(db: str, data: Path, n: int, url: str, staged: bool) -> int:
    os.environ["DJANGO_SETTINGS_MODULE"] = "shield.config.settings"
    os.environ.setdefault("SECRET_KEY", "import-benchmark-only-" + "x" * 40)
    import django

    django.setup()
    from contextlib import nullcontext

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from shield.cli import _Bar
    from shield.parties.models import State
    from shield.registry.bigimport import exclusive
    from shield.registry.transfer import import_bytes

    call_command("migrate", verbosity=0)
    for code in generate.STATES:
        State.objects.get_or_create(code=code, defaults={"name_en": code})
    admin = get_user_model().objects.create_superuser("bench", password="bench-pass-1")

    content = data.read_bytes()
    bar = _Bar()
    t0 = time.perf_counter()
    with nullcontext() if staged else exclusive():
        result = import_bytes(admin, content, data.name, progress=bar, phase=bar.phase)
    shield_s = time.perf_counter() - t0
    bar.close()
    assert result.created == n, result
    del content

    if db == "sqlite":
        plain = data.parent / "plain.sqlite3"
        t0 = time.perf_counter()
        subprocess.run(["sqlite3", str(plain), ".import --csv " + str(data) + " plain"], check=True)
        raw_s = time.perf_counter() - t0
        raw_loader, version = "sqlite3 .import --csv", sqlite3.sqlite_version
        con = sqlite3.connect(plain)

        def like(pattern: str) -> int:
            return con.execute(LIKE_SQL.replace("%s", "?"), (pattern,) * 3).fetchone()[0]

    else:
        raw_s = copy_plain(url, data)
        connection.ensure_connection()
        number = connection.connection.info.server_version
        raw_loader, version = "COPY FROM STDIN (csv)", f"{number // 10000}.{number % 10000}"
        pg = connect(url)

        def like(pattern: str) -> int:
            return pg.execute(LIKE_SQL, (pattern,) * 3).fetchone()[0]

    name = NAMES[db]
    print(
        f"\nimport of {n:,} properties into {name} {version} on {os.cpu_count()} cores"
        f" ({result.workers or 'no'} worker processes, {'staged' if staged else 'one transaction'})"
    )
    print(
        f"  shield import (validate, names across scripts, audit): {shield_s:7.1f} s  ({n / shield_s:,.0f} rows/s)"
    )
    print(f"  {raw_loader + ' (raw load, no checks):':<54} {raw_s:7.1f} s")
    print(f"  ratio shield / raw loader:                             {shield_s / raw_s:7.1f}x")
    search_beside(n, like)
    print(
        "RESULT "
        + json.dumps(
            {"database": name, "shield_s": shield_s, "raw_loader": raw_loader, "raw_s": raw_s}
        ),
        flush=True,
    )
    return 0


LIKE_SQL = (
    'SELECT count(*) FROM plain WHERE "name:en" LIKE %s OR "name:hy" LIKE %s '
    'OR "name:ru:variant" LIKE %s'
)


def search_beside(n: int, like) -> None:
    from django.contrib.auth.models import AnonymousUser

    from shield.registry.search import Criteria, search

    anonymous = AnonymousUser()
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
            like_hits = like(f"%{q}%")
            like_times.append((time.perf_counter() - t0) * 1000)
        s_ms, l_ms = statistics.median(times), statistics.median(like_times)
        ratios.append(s_ms / l_ms)
        print(f"  {q:<14} {s_ms:10.1f} {hits:7}   {l_ms:8.1f} {like_hits:7}")
    print(f"  median ratio shield / LIKE: {statistics.median(ratios):.2f}x")


def connect(url: str, database: str | None = None, autocommit: bool = True):
    import psycopg

    parts = urlsplit(url)
    if database is not None:
        parts = parts._replace(path="/" + database)
    return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=autocommit)


def _name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise SystemExit("--postgres-url must name a database for the benchmark to create")
    return name


def fresh_database(url: str) -> None:
    """Create the benchmark's database, dropping one it made before; refuse any other."""
    from psycopg import sql

    name = _name(url)
    with connect(url, "postgres") as admin:
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if found is not None and found[0] != MARK:
            raise SystemExit(
                f"database {name} exists and was not made by this benchmark: not touching it"
            )
        if found is not None:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(MARK))
        )


def drop_database(url: str) -> None:
    from psycopg import sql

    with connect(url, "postgres") as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(_name(url))))


def copy_plain(url: str, data: Path) -> float:
    """PostgreSQL's raw load of the file: a table of text columns named by the header (as
    sqlite3's .import makes), and COPY of the file's bytes, in one transaction."""
    from psycopg import sql

    with data.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in header)
    with connect(url, autocommit=False) as con:
        t0 = time.perf_counter()
        con.execute(sql.SQL("CREATE TABLE plain ({})").format(columns))
        with (
            con.cursor() as cur,
            cur.copy("COPY plain FROM STDIN (FORMAT csv, HEADER true)") as copy,
            data.open("rb") as f,
        ):
            while block := f.read(1 << 20):
                copy.write(block)
        con.commit()
        return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
