"""Scale benchmark: what each page and API operation costs as the registry grows.

For each size (default 10,000 and 100,000 generated records; add 1000000 for the issue's
target) it builds a fresh SQLite database with the demo data plus that many generated
records, serves it with gunicorn (2 workers, as in production) on a loopback port, and sends
the same requests from 4 concurrent clients. It prints p50 and p95 per operation, one column
per size, and the growth from the smallest to the largest size, side by side in one run.

The API's CSV export of the whole registry is a job past ``SHIELD_EXPORT_JOB_FROM`` records
(10,000): what a client waits for is the request that starts it (202, or the same job already
waiting or running for that reader) and the reads of its status, and these are measured as
latency lines like any other operation (while the job runs, as a client would see them). The
export itself writes every record the reader may see, so its time grows with the registry by
its nature: it is reported apart, as a throughput (records a second, from the job's start in
the worker to its end), not as a latency. A ``shield worker`` runs beside the server for it.

Usage: python bench/scale.py [--sizes 10000 100000 1000000] [--requests 40] [--keep DIR [--reuse]]
Loopback only; writes nothing outside a temporary folder (unless --keep).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime
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
]
EXPORT = "/api/export?format=csv"  # a job past 10,000 records
EXPORT_LINES = ["API: CSV export, job started", "API: the export job's status"]
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


def build(work: Path, size: int, reuse: bool = False) -> dict:
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{work / 'shield.sqlite3'}",
        SHIELD_JOBS_DIR=str(work / "jobs"),
        DEBUG="",
        SECRET_KEY=os.environ.get("SECRET_KEY") or "bench-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SHIELD_EXPORT_JOB_FROM="1",  # a job at every size (past 10,000 records it is anyway)
    )
    if reuse and (work / "shield.sqlite3").exists():
        print(f"  {size:,} records: the database already built in {work}", flush=True)
        shield(env, "migrate")  # the worker refuses a database behind the code
        return env
    t0 = time.perf_counter()
    shield(env, "demo", "--load-only")
    data = work / "generated.csv"
    generate.write(str(data), size)
    shield(env, "import", str(data))
    print(f"  {size:,} records built in {time.perf_counter() - t0:.0f} s", flush=True)
    return env


WORKER: list[subprocess.Popen] = []  # the running job worker, which follow() watches


def worker(env: dict) -> subprocess.Popen:
    started = subprocess.Popen(
        [str(VENV_BIN / "shield"), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    WORKER[:] = [started]
    return started


def fetch(port: int, path: str) -> bytes:
    """One request, read to its end."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=600) as response:
        return response.read()


def follow(port: int, status_url: str) -> dict:
    """The job's status once it is done (read every 0.1 s); a failed job is an error, and so
    is a job worker that is no longer running."""
    while True:
        if WORKER and WORKER[0].poll() is not None:
            raise SystemExit(f"the job worker ended (exit status {WORKER[0].returncode})")
        job = json.loads(fetch(port, status_url))
        if job["status"] == "done":
            return job
        if job["status"] == "failed":
            raise ConnectionError(f"job failed: {job.get('failure')}")
        time.sleep(0.1)


def export_lines(port: int, requests: int) -> tuple[dict, tuple[int, float]]:
    """The export's two latency lines (the request that starts the job, then reads of its
    status, both while it runs), and its throughput: (records, seconds) of the job those
    requests saw, from its start in the worker to its end (its own timestamps); its file is
    then read to its last byte."""
    started = measure(port, EXPORT, requests)
    status_url = json.loads(fetch(port, EXPORT))["status_url"]
    lines = {EXPORT_LINES[0]: started, EXPORT_LINES[1]: measure(port, status_url, requests)}
    job = follow(port, status_url)
    fetch(port, job["result_url"])
    took = datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["started_at"])
    return lines, (job["result"]["records"], took.total_seconds())


def warm(port: int) -> None:
    """Every operation asked once by each server process, so that each has its caches warm
    (each gunicorn worker keeps its own): ``CLIENTS`` requests at once per operation, twice.
    What the first request after a write costs, uncached, is measured one request at a time
    by bench/cpu_cost.py --cold."""
    for _label, path in OPERATIONS:
        for _round in range(2):
            threads = [threading.Thread(target=fetch, args=(port, path)) for _ in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()


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
    parser.add_argument("--keep", help="build the databases in this folder and keep them")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: use the databases already built there"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the server and worker too
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    throughput: dict[int, tuple[int, float]] = {}
    for size in args.sizes:
        work = Path(args.keep or tempfile.mkdtemp(prefix="shield-scale-")) / str(size)
        work.mkdir(parents=True, exist_ok=True)
        print(f"size {size:,}:", flush=True)
        try:
            env = build(work, size, args.reuse and bool(args.keep))
            port = free_port()
            server, jobs = serve(env, port), worker(env)
            try:
                warm(port)
                load = " ".join(f"{x:.2f}" for x in os.getloadavg())
                print(f"  load average before measuring: {load}", flush=True)
                results[size] = {}
                for label, path in OPERATIONS:
                    results[size][label] = measure(port, path, args.requests)
                    print(f"    {label}: {results[size][label]}", flush=True)
                lines, throughput[size] = export_lines(port, args.requests)
                results[size].update(lines)
                print(f"    export: {lines} {throughput[size]}", flush=True)
            finally:
                for process in (server, jobs):
                    process.terminate()
                    try:
                        process.wait(30)
                    except subprocess.TimeoutExpired:  # a worker finishing a job on a busy machine
                        process.kill()
                        process.wait()
        finally:
            if not args.keep:
                shutil.rmtree(work.parent, ignore_errors=True)
    sizes = list(results)
    head = f"{'operation':<28}" + "".join(f"{f'{s:,}: p50 / p95 ms':>26}" for s in sizes)
    print("\n" + head + f"{'growth p95':>12}")
    for label in [label for label, _path in OPERATIONS] + EXPORT_LINES:
        cells = "".join(
            f"{f'{results[s][label][0]:.0f} / {results[s][label][1]:.0f}' + (f' ({results[s][label][2]} err)' if results[s][label][2] else ''):>26}"
            for s in sizes
        )
        growth = results[sizes[-1]][label][1] / max(results[sizes[0]][label][1], 0.1)
        print(f"{label:<28}{cells}{growth:>11.1f}x")
    print("\nthroughput, not latency: the CSV export job those lines saw, in the worker")
    for size in sizes:
        records, seconds = throughput[size]
        print(
            f"  {size:>9,}: {records:,} records in {seconds:.1f} s, {records / seconds:,.0f} records/s"
        )
    print(
        f"\n{CLIENTS} concurrent clients, gunicorn with 2 workers and a job worker, loopback; "
        f"{os.cpu_count()} cores; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
        "the export's two lines are measured while its job runs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
