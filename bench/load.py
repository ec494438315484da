"""Load benchmark: small writes and token reads while a big import runs.

It builds a fresh database (the demo data), serves it with gunicorn on a loopback port, starts
`shield import` of N generated records against the same database (staged by default: chunks
hidden until the import is published; ``--exclusive`` for the one-transaction import), and
while the import writes runs, for a fixed time, W writer threads (each creates a record
through the API with a token, then changes it) and R reader threads (list, detail and search
with a token). It prints the errors (any answer but the one expected, or no answer), p50 and
p95 of reads and writes, the import's time, and whether any read saw part of the import (the
registry's count between "none of it" and "all of it").

Usage:
  python bench/load.py [--db sqlite|postgresql] [--rows 500000] [--seconds 30]
                       [--writers 8] [--readers 8] [--exclusive]
  PostgreSQL: --database-url postgres://USER@127.0.0.1:5432/NAME (an empty database or one
  this benchmark made before: its tables are dropped and made again).
Loopback only; bounded by rows, seconds and clients; writes nothing outside a temporary
folder (and the PostgreSQL database given).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from gunicorn_server import serve  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SETUP = """
import django
django.setup()
from django.contrib.auth import get_user_model
from shield.accounts.models import ApiToken
from shield.parties.models import State
for code in {states!r}:
    State.objects.get_or_create(code=code, defaults={{"name_en": code}})
user = get_user_model().objects.create_superuser("loader", password="bench-pass-1")
print(ApiToken.issue(user, "load")[1])
"""
STAGED = "SELECT count(*) FROM registry_stagedimport WHERE published_in IS NULL"
COUNT = "SELECT count(*) FROM registry_culturalproperty"
SLACK = 64  # writes that may be in flight while a reader counts (at most one per writer)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback(url: str) -> str:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"load: {host!r} is not a loopback address; this benchmark stays local")
    return url


def shield(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "shield"), *args], env=env, check=True, **kw)


def reset_postgresql(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DROP SCHEMA public CASCADE")
        con.execute("CREATE SCHEMA public")


def query(env: dict, sql: str) -> int:
    """One number from the benchmark's database, on a connection of its own."""
    url = env["DATABASE_URL"]
    if url.startswith("sqlite"):
        import sqlite3

        con = sqlite3.connect(url.split("sqlite:///", 1)[1], timeout=30)
        try:
            return con.execute(sql).fetchone()[0]
        finally:
            con.close()
    import psycopg

    with psycopg.connect(url) as con:
        return con.execute(sql).fetchone()[0]


class Client:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, float, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            status, raw = 0, str(exc).encode()
        seconds = time.perf_counter() - t0
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {"text": raw[:200].decode(errors="replace")}
        return status, seconds, answer


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.reads: list[float] = []
        self.writes: list[float] = []
        self.errors: list[str] = []
        self.created = 0  # records the writers created so far
        self.partial: list[int] = []  # counts seen between "none of the import" and "all of it"

    def add(self, kind: str, seconds: float, ok: bool, what: str) -> None:
        with self.lock:
            (self.reads if kind == "read" else self.writes).append(seconds * 1000)
            if not ok:
                self.errors.append(what)


def writer(client: Client, tally: Tally, n: int, until: float) -> None:
    i = 0
    while time.monotonic() < until:
        i += 1
        body = {
            "category": "monument",
            "state": generate.STATES[i % len(generate.STATES)],
            "external_id": f"load:{n}:{i}",
            "names": [{"text": f"Loadwriter {n} {i}", "lang": "en"}],
            "lat": 40.0 + n / 100,
            "lon": 45.0 + i / 10000,
        }
        status, seconds, answer = client.call("POST", "/api/properties", body)
        tally.add("write", seconds, status == 201, f"POST {status} {answer}"[:300])
        if status != 201:
            continue
        with tally.lock:
            tally.created += 1
        code = answer.get("code")
        status, seconds, answer = client.call(
            "PATCH", f"/api/properties/{code}", {"description": f"changed under load {i}"}
        )
        tally.add("write", seconds, status == 200, f"PATCH {status} {answer}"[:300])


def reader(client: Client, tally: Tally, n: int, until: float, before: int, rows: int) -> None:
    paths = [
        "/api/properties?page_size=20",
        "/api/properties/{code}",
        "/api/properties?q=Shuvan",
        "/api/properties?state=ARM&page_size=20",
    ]
    i = n
    code = "ARM-00001"
    while time.monotonic() < until:
        path = paths[i % len(paths)].format(code=code)
        i += 1
        with tally.lock:
            created = tally.created
        status, seconds, answer = client.call("GET", path)
        tally.add("read", seconds, status == 200, f"GET {path} {status}"[:300])
        if status == 200 and path.startswith("/api/properties?page_size"):
            count = answer.get("count", 0)
            results = answer.get("results") or []
            if results:
                code = results[(i * 7) % len(results)].get("code", code)
            # Before the import is published the count is the registry's own (plus what the
            # writers add); after, all of the import too. Anything between is part of it.
            if before + rows > count > before + created + 2 * SLACK:
                with tally.lock:
                    tally.partial.append(count)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", help="for --db postgresql: a loopback database")
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--exclusive", action="store_true", help="the one-transaction import")
    args = parser.parse_args()
    for name in ("rows", "seconds", "writers", "readers"):
        if not 0 < getattr(args, name) <= {"rows": 2_000_000, "seconds": 600}.get(name, 64):
            raise SystemExit(f"load: --{name} is out of bounds")
    work = Path(tempfile.mkdtemp(prefix="shield-load-"))
    try:
        return run(work, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args) -> int:
    if args.db == "postgresql":
        if not args.database_url:
            raise SystemExit("load: --db postgresql needs --database-url")
        url = loopback(args.database_url)
        reset_postgresql(url)
    else:
        url = f"sqlite:///{work / 'shield.sqlite3'}"
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DEBUG="",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="shield.config.settings",
        SHIELD_JOBS_DIR=str(work / "jobs"),
    )
    quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shield(env, "demo", "--load-only", **quiet)
    made = subprocess.run(
        [sys.executable, "-c", SETUP.format(states=generate.STATES)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
    )
    token = made.stdout.strip().splitlines()[-1]
    data = work / "generated.csv"
    generate.write(str(data), args.rows)
    before = query(env, COUNT)
    port = free_port()
    server = serve(env, port, args.server_workers, threads=4)
    client = Client(f"http://127.0.0.1:{port}", token)
    shown = client.call("GET", "/api/properties?page_size=1")[2]["count"]  # what readers see
    mode = "exclusive (one transaction)" if args.exclusive else "staged (chunks, published at once)"
    print(f"load: {args.db}, {before:,} records, import of {args.rows:,} rows, {mode}")
    try:
        started = time.monotonic()
        log = open(work / "import.log", "w")
        importer = subprocess.Popen(
            [str(VENV_BIN / "shield"), "import", str(data)]
            + (["--exclusive"] if args.exclusive else []),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # The clients start when the import starts writing (its staged row, or its lock).
        if not args.exclusive:
            while query(env, STAGED) == 0 and importer.poll() is None:
                time.sleep(0.2)
        else:
            time.sleep(min(10.0, args.rows / 50_000))
        writing = time.monotonic()
        tally = Tally()
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=writer, args=(client, tally, n, until))
            for n in range(args.writers)
        ] + [
            threading.Thread(target=reader, args=(client, tally, n, until, shown, args.rows))
            for n in range(args.readers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        window_end = time.monotonic()
        still_running = importer.poll() is None
        importer.wait()
        ended = time.monotonic()
        log.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = (work / "import.log").read_text(errors="replace").strip().splitlines()
    after = query(env, COUNT)
    print(f"  import: exit {importer.returncode}, {ended - started:.1f} s in all")
    print(f"  import: {(out or [''])[-1][:300]}")
    print(
        f"  clients: {args.writers} writers, {args.readers} readers for {window_end - writing:.1f} s, "
        f"from {writing - started:.1f} s into the import; the import "
        + ("was still running at the end" if still_running else "ended within the window")
    )
    for kind, times in (("reads", tally.reads), ("writes", tally.writes)):
        print(
            f"  {kind}: {len(times):6d}  p50 {statistics.median(times) if times else float('nan'):7.1f} ms"
            f"  p95 {percentile(times, 0.95):7.1f} ms  max {max(times, default=float('nan')):7.1f} ms"
        )
    print(f"  errors: {len(tally.errors)}")
    for what in tally.errors[:5]:
        print(f"    {what}")
    print(f"  reads that saw part of the import: {len(tally.partial)}")
    expected = before + args.rows * (importer.returncode == 0) + tally.created
    print(f"  records after: {after:,} (expected {expected:,})")
    ok = not tally.errors and not tally.partial and importer.returncode == 0 and after == expected
    print("  result: " + ("OK" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
