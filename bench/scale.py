"""Scale benchmark: what each page and API operation costs as the registry grows.

For each size (default 10,000 and 100,000 generated records; add 1000000 for the issue's
target) it builds a fresh SQLite database with the demo data plus that many generated
records, serves it with gunicorn (2 workers, as in production) on a loopback port, and sends
the same requests from 4 concurrent clients. It prints p50 and p95 per operation, one column
per size, and the growth from the smallest to the largest size, side by side in one run.

The API's CSV export of the whole registry is a job past ``SHIELD_EXPORT_JOB_FROM`` records
(10,000): its line follows the job (202, then its status until done, then its file) and times
the whole, to the last byte of the file. A ``shield worker`` runs beside the server for it.

Usage: python bench/scale.py [--sizes 10000 100000 1000000] [--requests 40] [--keep DIR]
Loopback only; writes nothing outside a temporary folder (unless --keep).
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
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402
from gunicorn_server import serve  # noqa: E402

VENV_BIN = Path(sys.executable).parent
OPERATIONS = [
    ("home page", "/"),
    ("the List page", "/list/"),
    ("API: the List", "/api/list"),
    ("API: the List as CSV", "/api/list.csv"),
    ("the List's feed", "/list/feed.atom"),
    ("search page", "/search/?q=Gandzasar"),
    ("API: search", "/api/properties?q=Shuvan"),
    ("API: enhanced on a date", "/api/properties?level=enhanced&on=2020-01-01"),
    ("API: bbox", "/api/properties?bbox=20,35,50,60"),
    ("API: map, world", "/api/map?bbox=-180,-85,180,85&zoom=2"),
    ("API: map, zoomed", "/api/map?bbox=44,39,46,41&zoom=8"),
    ("property page", "/property/AZE-00001/"),
    ("API: CSV export (to file)", "/api/export?format=csv"),
]
JOBS = {"/api/export?format=csv"}  # a job past 10,000 records: timed to its file
CLIENTS = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shield(env: dict, *args: str) -> None:
    subprocess.run(
        [str(VENV_BIN / "shield"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def build(work: Path, size: int) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{work / 'shield.sqlite3'}",
        SHIELD_JOBS_DIR=str(work / "jobs"),
        DEBUG="",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    t0 = time.perf_counter()
    shield(env, "demo", "--load-only")
    data = work / "generated.csv"
    generate.write(str(data), size)
    shield(env, "import", str(data))
    print(f"  {size:,} records built in {time.perf_counter() - t0:.0f} s", flush=True)
    return env


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [str(VENV_BIN / "shield"), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def fetch(port: int, path: str) -> None:
    """One request, read to its end; a job (202) is followed until its file is read."""
    base = f"http://127.0.0.1:{port}"
    with urllib.request.urlopen(base + path, timeout=600) as response:
        body = response.read()
        if response.status != 202:
            return
    status_url = json.loads(body)["status_url"]
    while True:
        job = json.loads(urllib.request.urlopen(base + status_url, timeout=60).read())
        if job["status"] == "done":
            urllib.request.urlopen(base + job["result_url"], timeout=600).read()
            return
        if job["status"] == "failed":
            raise ConnectionError(f"job failed: {job.get('failure')}")
        time.sleep(0.1)


def measure(port: int, path: str, requests: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, errors) over ``requests`` requests from CLIENTS threads."""
    times: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_client = max(1, requests // CLIENTS)

    def client() -> None:
        nonlocal errors
        for _ in range(per_client):
            t0 = time.perf_counter()
            try:
                fetch(port, path)
                ok = True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                ok = False
            with lock:
                times.append((time.perf_counter() - t0) * 1000)
                errors += not ok

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=40, help="requests per operation and size")
    parser.add_argument(
        "--job-requests", type=int, default=8, help="requests per size for the export job's line"
    )
    parser.add_argument("--keep", help="build the databases in this folder and keep them")
    args = parser.parse_args()
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    for size in args.sizes:
        work = Path(args.keep or tempfile.mkdtemp(prefix="shield-scale-")) / str(size)
        work.mkdir(parents=True, exist_ok=True)
        print(f"size {size:,}:", flush=True)
        try:
            env = build(work, size)
            port = free_port()
            server, jobs = serve(env, port), worker(env)
            try:
                for _label, path in OPERATIONS:  # warm the caches once
                    if path not in JOBS:
                        fetch(port, path)
                results[size] = {
                    label: measure(port, path, args.job_requests if path in JOBS else args.requests)
                    for label, path in OPERATIONS
                }
            finally:
                for process in (server, jobs):
                    process.terminate()
                    process.wait(30)
        finally:
            if not args.keep:
                shutil.rmtree(work.parent, ignore_errors=True)
    sizes = list(results)
    head = f"{'operation':<28}" + "".join(f"{f'{s:,}: p50 / p95 ms':>26}" for s in sizes)
    print("\n" + head + f"{'growth p95':>12}")
    for label, _path in OPERATIONS:
        cells = "".join(
            f"{f'{results[s][label][0]:.0f} / {results[s][label][1]:.0f}' + (f' ({results[s][label][2]} err)' if results[s][label][2] else ''):>26}"
            for s in sizes
        )
        growth = results[sizes[-1]][label][1] / max(results[sizes[0]][label][1], 0.1)
        print(f"{label:<28}{cells}{growth:>11.1f}x")
    print(
        f"\n{CLIENTS} concurrent clients, gunicorn with 2 workers and a job worker, loopback; "
        f"{os.cpu_count()} cores; the export's line: {args.job_requests} requests, each timed "
        "to the last byte of its file (a job past 10,000 records)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
