"""Screening benchmark: N generated sites (buffers from 100 m to 5 km) against M targets, with
``shield.geo.screening`` and with PostGIS on the same data in the same run.

PostGIS is given its best: geography points with a GiST index, the table written in geohash
order, a prefilter at the widest reach that the index answers (``ST_DWithin`` on the sphere,
widened by 1 % so that it keeps every pair the spheroid keeps), the exact test in its spheroid
mode (``ST_DWithin(..., true)``), and a parallel plan. The hits of both are compared pair by
pair; the distances too.

Usage (the machine is shared: one benchmark at a time):

    flock /tmp/shield-bench.lock python bench/screening.py [--sites 1000000] [--targets 100000]
        [--database postgres://postgres@127.0.0.1:5432/shield_screen_bench] [--no-postgis]

The database named is dropped and made again. Prints build and query times, the ratio, the
hits and whether they are identical, with the load average before and after.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from shield.geo.screening import SiteIndex  # noqa: E402

MAX_BUFFER_M = 5000.0


def generate(sites: int, targets: int, seed: int = 1954):
    """Sites uniform over the Earth (poles and antimeridian included), buffers uniform in
    [100 m, 5 km]; targets: nine in ten uniform, one in ten within 8 km of a site."""
    rng = np.random.default_rng(seed)
    slat = np.degrees(np.arcsin(rng.uniform(-1, 1, sites)))
    slon = rng.uniform(-180, 180, sites)
    sbuf = np.round(rng.uniform(100, MAX_BUFFER_M, sites), 1)
    near = targets // 10
    tlat = np.degrees(np.arcsin(rng.uniform(-1, 1, targets)))
    tlon = rng.uniform(-180, 180, targets)
    pick = rng.integers(0, sites, near)
    # about 8 km at most from the picked site (a small step in degrees, wrapped)
    dlat = rng.uniform(-0.07, 0.07, near)
    tlat[:near] = np.clip(slat[pick] + dlat, -90, 90)
    scale = np.maximum(np.cos(np.radians(tlat[:near])), 0.01)
    tlon[:near] = (slon[pick] + rng.uniform(-0.07, 0.07, near) / scale + 180) % 360 - 180
    return slat, slon, sbuf, tlat, tlon


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"


def run_engine(slat, slon, sbuf, tlat, tlon, repeats: int):
    t0 = time.perf_counter()
    index = SiteIndex.build(slat, slon, sbuf)
    build = time.perf_counter() - t0
    times, hits = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        hits = index.screen(tlat, tlon, 0.0)
        times.append(time.perf_counter() - t0)
    assert hits is not None
    return build, times, hits


def run_kdtree(slat, slon, sbuf, tlat, tlon):
    """The plain k-d tree on unit vectors, for comparison (prefilter only: candidates)."""
    from scipy.spatial import cKDTree

    from shield.geo.ellipsoid import bound_angle, nvectors

    t0 = time.perf_counter()
    tree = cKDTree(nvectors(slat, slon))
    build = time.perf_counter() - t0
    chord = float(2 * np.sin(bound_angle([MAX_BUFFER_M])[0] / 2))
    t0 = time.perf_counter()
    found = tree.query_ball_point(nvectors(tlat, tlon), chord, workers=-1, return_sorted=False)
    query = time.perf_counter() - t0
    return build, query, sum(len(f) for f in found)


def run_postgis(url: str, slat, slon, sbuf, tlat, tlon, repeats: int):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if name in {"postgres", "test", "root", ""}:
        raise SystemExit(f"refusing to use the database {name!r}: name one of your own")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
        conn.execute(
            "CREATE UNLOGGED TABLE raw_sites (id int, lon float8, lat float8, buffer_m float8)"
        )
        conn.execute("CREATE UNLOGGED TABLE raw_targets (id int, lon float8, lat float8)")
        t0 = time.perf_counter()
        _copy(conn, "raw_sites", [np.arange(slat.size), slon, slat, sbuf])
        _copy(conn, "raw_targets", [np.arange(tlat.size), tlon, tlat])
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        conn.execute(
            "CREATE TABLE sites AS SELECT id, buffer_m, "
            "ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog FROM raw_sites "
            "ORDER BY ST_GeoHash(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 10)"
        )
        conn.execute("CREATE INDEX sites_geog ON sites USING gist (geog)")
        conn.execute(
            "CREATE TABLE targets AS SELECT id, 0.0::float8 AS radius_m, "
            "ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography AS geog FROM raw_targets "
            "ORDER BY ST_GeoHash(ST_SetSRID(ST_MakePoint(lon, lat), 4326), 10)"
        )
        conn.execute("VACUUM ANALYZE sites")
        conn.execute("VACUUM ANALYZE targets")
        build_s = time.perf_counter() - t0
        for setting in (
            "max_parallel_workers_per_gather = 2",
            "parallel_setup_cost = 0",
            "parallel_tuple_cost = 0",
            "min_parallel_table_scan_size = 0",
            "enable_seqscan = on",
            "jit = off",
        ):
            conn.execute(f"SET {setting}")
        reach = MAX_BUFFER_M * 1.01  # the sphere's distance is within 0.6 % of the spheroid's
        query = (
            "SELECT t.id, s.id, ST_Distance(t.geog, s.geog, true) FROM targets t "
            f"JOIN sites s ON ST_DWithin(s.geog, t.geog, {reach}, false) "
            "AND ST_DWithin(s.geog, t.geog, s.buffer_m + t.radius_m, true)"
        )
        plan = "\n".join(r[0] for r in conn.execute("EXPLAIN " + query).fetchall())
        times, rows = [], []
        for _ in range(repeats):
            t0 = time.perf_counter()
            rows = conn.execute(query).fetchall()
            times.append(time.perf_counter() - t0)
    return load_s, build_s, times, rows, plan


def _copy(conn, table: str, columns) -> None:
    buf = io.StringIO()
    np.savetxt(buf, np.column_stack(columns), fmt="%.17g", delimiter="\t")
    with conn.cursor().copy(f"COPY {table} FROM STDIN") as copy:
        copy.write(buf.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sites", type=int, default=1_000_000)
    ap.add_argument("--targets", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--database", default="postgres://postgres@127.0.0.1:5432/shield_screen_bench")
    ap.add_argument("--no-postgis", action="store_true")
    args = ap.parse_args()

    print(f"before: {load()}  ({os.cpu_count()} cores)")
    slat, slon, sbuf, tlat, tlon = generate(args.sites, args.targets)
    print(f"{args.sites:,} sites (buffers 100 m to 5 km), {args.targets:,} targets")

    build, times, hits = run_engine(slat, slon, sbuf, tlat, tlon, args.repeats)
    ours = statistics.median(times)
    print(
        f"shield.geo.screening: build {build:.2f} s; query median {ours:.3f} s "
        f"(best {min(times):.3f}, runs {', '.join(f'{t:.3f}' for t in times)}); {len(hits):,} hits"
    )
    kd_build, kd_query, kd_candidates = run_kdtree(slat, slon, sbuf, tlat, tlon)
    print(
        f"plain cKDTree on unit vectors (prefilter only): build {kd_build:.2f} s; "
        f"query {kd_query:.3f} s; {kd_candidates:,} candidates"
    )
    if args.no_postgis:
        print(f"after: {load()}")
        return 0

    load_s, pg_build, pg_times, rows, plan = run_postgis(
        args.database, slat, slon, sbuf, tlat, tlon, min(args.repeats, 3)
    )
    theirs = min(pg_times)
    print(
        f"PostGIS: load {load_s:.2f} s; build (geohash order, GiST, analyze) {pg_build:.2f} s; "
        f"query best {theirs:.3f} s (runs {', '.join(f'{t:.3f}' for t in pg_times)}); "
        f"{len(rows):,} hits; parallel plan: {'Gather' in plan}"
    )
    mine = {(int(t), int(s)): float(d) for t, s, d in zip(hits.target, hits.site, hits.distance_m)}
    pg = {(int(t), int(s)): float(d) for t, s, d in rows}
    same = set(mine) == set(pg)
    worst = max((abs(mine[k] - pg[k]) for k in mine.keys() & pg.keys()), default=0.0)
    print(
        f"hits identical to PostGIS's spheroid mode: {same} "
        f"(only ours: {len(set(mine) - set(pg))}, only PostGIS: {len(set(pg) - set(mine))}); "
        f"largest distance difference {worst:.2e} m"
    )
    print(f"ratio: PostGIS / ours = {theirs / ours:.1f}x (median of ours against PostGIS's best)")
    print(f"after: {load()}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
