"""OGC API - Features at scale: what each /ogc/ request costs over a big registry.

Takes a database that ``bench/scale.py --keep DIR`` built (``DIR/<size>/shield.sqlite3``),
copies it (SQLite's backup: a consistent copy, the original is never written), migrates the
copy, serves it with gunicorn (2 workers) on a loopback port and sends each request from 4
concurrent clients, printing p50 / p95 in ms and the load average.

Usage: python bench/ogc_bench.py /tmp/shield-scale/1000000 [--requests 20]
       python bench/ogc_bench.py /tmp/shield-scale/1000000 --copy-only /tmp/mine/1000000
       python bench/ogc_bench.py /tmp/mine/1000000 --own     # the copy made before, served as is
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402
from gunicorn_server import serve  # noqa: E402

OPERATIONS = [
    ("landing page", "/ogc/"),
    ("collections", "/ogc/collections"),
    ("registry: first page of 100", "/ogc/collections/registry/items?limit=100"),
    ("registry: page at offset 100,000", "/ogc/collections/registry/items?limit=100&offset=100000"),
    ("registry: small box", "/ogc/collections/registry/items?bbox=44,39,46,41&limit=100"),
    ("registry: wide box", "/ogc/collections/registry/items?bbox=20,35,50,60&limit=100"),
    ("registry: 1000 in a wide box", "/ogc/collections/registry/items?bbox=20,35,50,60&limit=1000"),
    ("(reference) API: small box", "/api/properties?bbox=44,39,46,41&page_size=100"),
    ("(reference) API: the List as GeoJSON", "/api/list.geojson"),
    ("registry: one feature", "/ogc/collections/registry/items/AZE-00001"),
    ("the List today", "/ogc/collections/list/items?limit=100"),
    ("the List on a date", "/ogc/collections/list/items?datetime=2020-01-01"),
    ("assessments", "/ogc/collections/assessments/items?limit=100"),
    (
        "assessments: interval, box",
        "/ogc/collections/assessments/items?datetime=2020-01-01/..&bbox=40,35,50,45",
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("built", help="a folder bench/scale.py --keep built (DIR/<size>)")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument(
        "--copy-only", help="copy the database into this folder and stop (bench it later, there)"
    )
    parser.add_argument(
        "--own", action="store_true", help="the folder is a copy of one's own: serve it as it is"
    )
    args = parser.parse_args()
    source = Path(args.built) / "shield.sqlite3"
    if args.copy_only:
        Path(args.copy_only).mkdir(parents=True, exist_ok=True)
        copy(source, Path(args.copy_only) / "shield.sqlite3")
        return 0
    work = Path(tempfile.mkdtemp(prefix="shield-ogc-bench-")) / Path(args.built).name
    if args.own:
        work = Path(args.built)
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not args.own:
            copy(source, work / "shield.sqlite3")
        env = scale.build(work, 0, reuse=True)
        port = scale.free_port()
        server = serve(env, port)
        try:
            for _label, path in OPERATIONS:  # warm the caches once
                scale.fetch(port, path)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"load average before measuring: {load}", flush=True)
            for label, path in OPERATIONS:
                p50, p95, errors = scale.measure(port, path, args.requests)
                note = f" ({errors} errors)" if errors else ""
                print(f"{label:<36}{p50:>8.0f} /{p95:>6.0f} ms{note}", flush=True)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"load average after: {load}", flush=True)
        finally:
            server.terminate()
            server.wait(30)
    finally:
        if not args.own:
            shutil.rmtree(work.parent, ignore_errors=True)
    return 0


def copy(source: Path, target: Path) -> None:
    """A consistent copy (SQLite's backup), the source opened read-only."""
    t0 = time.perf_counter()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src:
        with sqlite3.connect(target) as dst:
            src.backup(dst)
    print(f"copied {source} in {time.perf_counter() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
