"""Matching benchmark (issue 17): market listings against a stolen register, ours beside plain
Splink, in one run on the same synthetic data (``bench/matching_data.py``; all synthetic).

Ours: the photographs searched in ``shield.matching.image_index`` (a listing photograph's eight
flips and turns against the register photographs' windows), their nearest objects given to
``shield.matching.linkage.link`` (Splink with the project's folding across scripts, the
multilingual vocabulary, measurements in mm, year ranges, the image comparison). Plain Splink:
the raw text fields with the settings its documentation suggests (Jaro-Winkler on the title,
exact object type, material and date, Levenshtein on the measurement text, blocking on the
title's first word), trained the same way (u by random sampling, m by EM).

What is timed, apart:
- registration: the register photographs' hashes (each photograph's windows) and the register's
  columns prepared for the linkage, made once and cached on disk as a register keeps them when
  a photograph or a record is registered; not in the run;
- training: each model trained once (ours on a sample of the register and listings; saved and
  versioned in the application), reported apart;
- the screening run: ours = the listings' photographs hashed + the image index built from the
  stored hashes + searched + Splink's linkage (prepare, block, compare, score); plain = Splink's
  predict. Making the listings' pictures (render, crop, JPEG) is the generator's, not timed.

Reports recall@10 (the copied object among a listing's ten best pairs), precision and recall at
the auto-flag threshold (match probability 0.8, the market's default), pairs compared and the
times, with the load average before and after.

Usage (the machine is shared: one benchmark at a time). The registration first, once (the
register photographs' window hashes and the register's prepared columns, cached under
``bench/out/matching/``; a later run reads them), then the run:

    flock /tmp/shield-bench.lock .venv/bin/python bench/matching.py --objects 1000000 --register-only --workers 2
    flock /tmp/shield-bench.lock .venv/bin/python bench/matching.py --objects 1000000 --listings 100000
    flock /tmp/shield-bench.lock .venv/bin/python bench/matching.py --objects 100000 --listings 10000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from tqdm import tqdm

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import matching_data as md  # noqa: E402

from shield.matching import image_index as ii  # noqa: E402

FLAG = 0.8
"""The auto-flag threshold: the market screening's default match probability."""
NEAR_RADIUS = 16
"""The image neighbours handed to the linkage: the ten nearest within this many bits."""


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def _hash_part(job: tuple[int, int, int]) -> np.ndarray:
    """One worker's share of the registration: objects ``at .. at+n-1``'s window hashes."""
    at, n, seed = job
    return ii.register_hashes_pixels(md.render(np.arange(at, at + n, dtype=np.int64), seed))


def register_hashes(
    objects: int, seed: int, cache: Path, workers: int = 1
) -> tuple[np.ndarray, float, bool]:
    """The register photographs' window hashes (objects, windows), from the cache or made (in
    ``workers`` processes): what a register keeps of each photograph when it is registered."""
    path = cache / f"register-hashes-{objects}-{seed}-w{len(ii.WINDOWS)}-v1.npy"
    if path.exists():
        return np.load(path), 0.0, True
    began = time.perf_counter()
    out = np.empty((objects, len(ii.WINDOWS)), dtype=np.uint64)
    batch = 4096
    jobs = [(at, min(batch, objects - at), seed) for at in range(0, objects, batch)]
    with tqdm(total=objects, desc="register photographs hashed", unit="photo") as bar:
        if workers > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(workers) as pool:
                for (at, n, _s), part in zip(jobs, pool.imap(_hash_part, jobs)):
                    out[at : at + n] = part
                    bar.update(n)
        else:
            for job in jobs:
                out[job[0] : job[0] + job[1]] = _hash_part(job)
                bar.update(job[1])
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, out)
    tmp.replace(path)
    return out, time.perf_counter() - began, False


_LOTS: list = []


def _prepare_part(span: tuple[int, int]) -> dict:
    from shield.matching.linkage import prepare

    return prepare(_LOTS[span[0] : span[1]], register=True)


def register_prepared(lots_r: list, args) -> tuple[dict, float, bool]:
    """The register's columns as the linkage compares them (``linkage.prepare``), made once
    (in ``--workers`` processes) and kept on disk, as a register keeps them when its records
    are registered or changed; a screening then prepares only its listings."""
    import pickle

    from shield.matching.linkage import COLUMNS, SETTINGS_VERSION

    path = args.cache / f"register-prepared-{args.objects}-{args.seed}-{SETTINGS_VERSION}-v1.pkl"
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f), 0.0, True
    began = time.perf_counter()
    spans = [(at, min(at + 20_000, len(lots_r))) for at in range(0, len(lots_r), 20_000)]
    out: dict = {c: [] for c in COLUMNS}
    _LOTS[:] = lots_r
    with tqdm(total=len(lots_r), desc="register prepared", unit="record") as bar:
        if args.workers > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(args.workers) as pool:
                parts = pool.imap(_prepare_part, spans)
                for (a, b), part in zip(spans, parts):
                    for c in COLUMNS:
                        out[c].extend(part[c])
                    bar.update(b - a)
        else:
            for a, b in spans:
                part = _prepare_part((a, b))
                for c in COLUMNS:
                    out[c].extend(part[c])
                bar.update(b - a)
    _LOTS[:] = []
    args.cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as f:
        pickle.dump(out, f, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return out, time.perf_counter() - began, False


LISTING_HASH_CPU = [0.0]


def listing_hashes(listings: list[md.Listing], objects: int, seed: int) -> tuple[dict, float]:
    """Each listing's photograph's eight variant hashes; the hashing alone timed."""
    timed = 0.0
    out: dict[str, np.ndarray] = {}
    batch = 2048
    with_photo = [lg for lg in listings if lg.photos]
    with tqdm(total=len(with_photo), desc="listing photographs", unit="photo") as bar:
        for at in range(0, len(with_photo), batch):
            part = with_photo[at : at + batch]
            numbers = np.array(
                [int(lg.truth[1:]) if lg.truth else objects + int(lg.id[1:]) for lg in part]
            )
            pictures = []
            for lg, pixels in zip(part, md.render(numbers, seed)):
                img = md.photograph(pixels)
                pictures.append(md.perturbed(img, lg) if lg.truth else img)
            t, c = time.perf_counter(), time.process_time()
            hashes = ii.query_hashes_many(pictures)
            timed += time.perf_counter() - t
            LISTING_HASH_CPU[0] += time.process_time() - c
            for lg, h in zip(part, hashes):
                out[lg.id] = h
            bar.update(len(part))
    return out, timed


def metrics(pairs: list[tuple[str, str, float]], listings: list[md.Listing]) -> dict:
    """recall@10, and precision and recall at :data:`FLAG`, from (listing, record, probability)."""
    truth = {lg.id: lg.truth for lg in listings}
    by_listing: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for lid, rid, p in pairs:
        by_listing[lid].append((p, rid))
    copies = [lg.id for lg in listings if lg.truth]
    found = 0
    for lid in copies:
        best = sorted(by_listing.get(lid, []), key=lambda x: (-x[0], x[1]))[:10]
        found += any(rid == truth[lid] for _, rid in best)
    flagged = [(lid, rid) for lid, rid, p in pairs if p >= FLAG]
    right = sum(1 for lid, rid in flagged if truth.get(lid) == rid)
    return {
        "copies": len(copies),
        "recall_at_10": round(found / len(copies), 4) if copies else None,
        "flagged": len(flagged),
        "precision_at_flag": round(right / len(flagged), 4) if flagged else None,
        "recall_at_flag": round(right / len(copies), 4) if copies else None,
    }


def ours(args, register, listings, reg_hashes) -> dict:
    from shield.matching.linkage import Lot, link, train

    def lot(r: md.Record) -> Lot:
        return Lot(
            r.id,
            title=r.title,
            object_type=r.object_type,
            materials=r.materials,
            measurements=r.measurements,
            date=r.date,
            language=r.language,
            photos=r.photos,
        )

    out: dict = {"load_before": loadavg()}
    queries, t_qhash = listing_hashes(listings, args.objects, args.seed)
    cpu = LISTING_HASH_CPU[0]
    t, c = time.perf_counter(), time.process_time()
    index = ii.ImageIndex()
    index.add(np.repeat(np.arange(args.objects, dtype=np.int64), reg_hashes.shape[1]), reg_hashes)
    index.build()
    t_index = time.perf_counter() - t
    t = time.perf_counter()
    order = [lg.id for lg in listings if lg.id in queries]
    ids, bits = index.search([queries[k] for k in order], k=10, radius=NEAR_RADIUS)
    near = {
        lid: [(f"R{i}", float(b)) for i, b in zip(row_i, row_b) if i >= 0 and b <= NEAR_RADIUS]
        for lid, row_i, row_b in zip(order, ids, bits)
    }
    t_search = time.perf_counter() - t
    cpu += time.process_time() - c
    truth = {lg.id: lg.truth for lg in listings}
    copies = [k for k in order if truth[k]]
    image_top10 = np.mean([any(r == truth[k] for r, _ in near[k]) for k in copies]) if copies else 0
    out["image_only_recall_at_10"] = round(float(image_top10), 4)
    lots_l = [lot(lg) for lg in listings]
    lots_r = [lot(r) for r in register]
    prepared_r, t_prep, cached = register_prepared(lots_r, args)
    out["registration_prepare_register_s"] = "cached" if cached else round(t_prep, 1)
    # training: once, on a sample (the model is saved and versioned by the application)
    t = time.perf_counter()
    rng = np.random.default_rng(args.seed)
    n_reg = min(len(lots_r), args.train_objects)
    n_lis = min(len(lots_l), args.train_listings)
    sample_l = [lots_l[i] for i in sorted(rng.choice(len(lots_l), n_lis, replace=False))]
    picked = {r for lg in sample_l for r, _ in near.get(lg.id, [])}
    picked |= {truth[lg.id] for lg in sample_l if truth[lg.id]}  # a register of that size
    extra = rng.choice(len(lots_r), n_reg, replace=False)
    sample_r = [lots_r[i] for i in sorted(set(extra) | {int(x[1:]) for x in picked})]
    model = train(sample_l, sample_r, image_near={lg.id: near.get(lg.id, []) for lg in sample_l})
    out["train_s"] = round(time.perf_counter() - t, 1)
    out["model"] = model.version
    t, c = time.perf_counter(), time.process_time()
    bar = tqdm(desc="ours: linkage", unit="step")

    def progress(phase: str, done: int, total: int | None) -> None:
        bar.set_postfix_str(phase)
        bar.update(1)

    result = link(
        lots_l,
        lots_r,
        model=model,
        image_near=near,
        threshold=args.candidates,
        top=10,
        progress=progress,
        prepared_register=prepared_r,
    )
    bar.close()
    t_link = time.perf_counter() - t
    cpu += time.process_time() - c
    out.update(
        metrics([(p.listing_id, p.record_id, p.probability) for p in result.pairs], listings)
    )
    out["pairs_compared"] = result.compared
    out["time_s"] = {
        "hash_listing_photos": round(t_qhash, 1),
        "image_index_build": round(t_index, 1),
        "image_search": round(t_search, 1),
        "linkage": round(t_link, 1),
        "linkage_phases": {k: round(v, 1) for k, v in result.timings.items()},
    }
    out["run_s"] = round(t_qhash + t_index + t_search + t_link, 1)
    out["run_cpu_s"] = round(cpu, 1)  # this process's threads (DuckDB's too)
    out["load_after"] = loadavg()
    return out


def plain(args, register, listings) -> dict:
    """Plain Splink on the raw text fields, as its documentation sets a linkage up."""
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    from splink.blocking_analysis import (
        cumulative_comparisons_to_be_scored_from_blocking_rules_data as cumulative,
    )

    def frame(rows: list[md.Record]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "unique_id": [r.id for r in rows],
                "title": [r.title.lower() for r in rows],
                "title_first": [(r.title.lower().split() or [""])[0] for r in rows],
                "object_type": [r.object_type.lower() for r in rows],
                "materials": [r.materials.lower() for r in rows],
                "measurements": [r.measurements for r in rows],
                "date": [r.date for r in rows],
            }
        )

    out: dict = {"load_before": loadavg()}
    left, right = frame(listings), frame(register)
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("title", [0.9, 0.7]),
            cl.ExactMatch("object_type"),
            cl.ExactMatch("materials"),
            cl.LevenshteinAtThresholds("measurements", [1, 3]),
            cl.ExactMatch("date"),
        ],
        blocking_rules_to_generate_predictions=[block_on("title_first")],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    t = time.perf_counter()
    linker = Linker(
        [left, right], settings, db_api=db, input_table_aliases=["listings", "register"]
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("title", "object_type")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=args.seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("title_first"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("object_type", "date")
    )
    out["train_s"] = round(time.perf_counter() - t, 1)
    t = time.perf_counter()
    predicted = linker.inference.predict(threshold_match_probability=args.candidates)
    frame_out = predicted.as_pandas_dataframe()
    out["time_s"] = {"predict": round(time.perf_counter() - t, 1)}
    out["run_s"] = out["time_s"]["predict"]
    pairs = []
    for a, b, src, p in zip(
        frame_out["unique_id_l"],
        frame_out["unique_id_r"],
        frame_out["source_dataset_l"],
        frame_out["match_probability"],
    ):
        pairs.append((a, b, float(p)) if src == "listings" else (b, a, float(p)))
    out.update(metrics(pairs, listings))
    counted = cumulative(
        table_or_tables=[left, right],
        blocking_rules=[block_on("title_first")],
        link_type="link_only",
        db_api=DuckDBAPI(),
        unique_id_column_name="unique_id",
    )
    out["pairs_compared"] = int(counted["row_count"].sum())
    out["load_after"] = loadavg()
    return out


def calibrate(args, listings, reg_hashes) -> dict:
    """The image evidence by distance, log2(m/u): m from each copy's distance to its original,
    u from its distances to random other objects (each pair's least distance over the eight
    variants and the windows), smoothed, non-increasing, capped as ``image_index`` says."""
    copies = [lg for lg in listings if lg.truth and lg.photos]
    queries, _ = listing_hashes(copies, args.objects, args.seed)
    q = np.stack([queries[lg.id] for lg in copies])  # (n, 8)
    own = np.array([int(lg.truth[1:]) for lg in copies])

    def least(objs: np.ndarray) -> np.ndarray:
        h = reg_hashes[objs]  # (n, W)
        return np.bitwise_count(q[:, :, None] ^ h[:, None, :]).min(axis=(1, 2))

    m = np.bincount(least(own), minlength=ii.FAR + 1).astype(float)
    rng = np.random.default_rng(args.seed)
    u = np.zeros(ii.FAR + 1)
    for _ in range(args.calibrate):
        others = rng.integers(0, args.objects, len(copies))
        others = np.where(others == own, (others + 1) % args.objects, others)
        u += np.bincount(least(others), minlength=ii.FAR + 1)
    # A pHash has as many bits set as clear (its median splits 64 values): distances are even.
    even = np.arange(0, ii.FAR + 1, 2)
    pm = (m[even] + 0.5) / (m.sum() + 0.5 * len(even))
    pu = u[even] / u.sum()
    # u's tail below the distances any unrelated pair reached: the log-linear trend of the
    # three nearest bins with 20 pairs or more, carried down
    seen = np.flatnonzero(u[even] >= 20)[:3]
    slope, cut = np.polyfit(even[seen], np.log2(pu[seen]), 1)
    tail = even < even[seen[0]]
    pu[tail] = 2.0 ** (cut + slope * even[tail])
    pu = np.maximum(pu, 0.5 / u.sum())
    w_even = np.clip(np.log2(pm / pu), -8.0, 12.0)
    w_even = np.minimum.accumulate(np.round(w_even, 1))  # non-increasing with distance
    w = np.interp(np.arange(ii.FAR + 1), even, w_even)
    return {
        "copies": len(copies),
        "unrelated_pairs": int(u.sum()),
        "m": m.astype(int).tolist(),
        "u": u.astype(int).tolist(),
        "weights": w.tolist(),
    }


def index_only(args) -> dict:
    """The image index alone at ``--objects`` (× the windows) with ``--listings`` queries of
    eight variants: synthetic hashes with 32 of 64 bits set, as pHashes have (no pictures to
    make); each listing's variants are its object's window hashes with 2-10 bits changed, and
    the other seven unrelated hashes. Build, search and the object's recall in the ten best."""
    rng = np.random.default_rng(args.seed)
    n = args.objects * len(ii.WINDOWS)
    codes = np.zeros(n, dtype=np.uint64)
    for at in range(0, n, 1_000_000):
        part = min(1_000_000, n - at)
        keys = np.argsort(rng.random((part, 64), dtype=np.float32), axis=1)[:, :32]
        codes[at : at + part] = np.bitwise_or.reduce(np.uint64(1) << keys.astype(np.uint64), 1)
    t, c = time.perf_counter(), time.process_time()
    index = ii.ImageIndex()
    index.add(np.repeat(np.arange(args.objects, dtype=np.int64), len(ii.WINDOWS)), codes)
    index.build()
    built, built_cpu = time.perf_counter() - t, time.process_time() - c
    source = rng.integers(0, args.objects, args.listings)
    window = rng.integers(0, len(ii.WINDOWS), args.listings)
    queries = codes[rng.integers(0, n, (args.listings, 8))]
    changed = codes[source * len(ii.WINDOWS) + window]
    flips = rng.integers(1, 6, args.listings) * 2  # distances are even: 2-10 bits
    for i in range(args.listings):
        for b in rng.choice(64, flips[i], replace=False):
            changed[i] ^= np.uint64(1) << np.uint64(b)
    queries[:, 0] = changed
    t, c = time.perf_counter(), time.process_time()
    ids, bits = index.search(list(queries), k=10)
    searched, searched_cpu = time.perf_counter() - t, time.process_time() - c
    found = (ids == source[:, None]).any(axis=1)
    return {
        "hashes": n,
        "listings": args.listings,
        "build_s": round(built, 1),
        "build_cpu_s": round(built_cpu, 1),
        "search_s": round(searched, 1),
        "search_cpu_s": round(searched_cpu, 1),
        "recall_at_10_by_bits": {
            int(b): round(float(found[flips == b].mean()), 4) for b in np.unique(flips)
        },
        "load": loadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=1_000_000)
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.5, help="listings that are copies")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--candidates", type=float, default=0.01, help="least probability kept")
    parser.add_argument("--train-objects", type=int, default=100_000)
    parser.add_argument("--train-listings", type=int, default=20_000)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "out" / "matching")
    parser.add_argument(
        "--workers", type=int, default=1,
        help="processes for the registration's hashing (not the screening)",
    )  # fmt: skip
    parser.add_argument(
        "--register-only", action="store_true",
        help="only the registration: the register photographs' window hashes, cached",
    )  # fmt: skip
    parser.add_argument("--no-plain", action="store_true")
    parser.add_argument("--no-ours", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--calibrate", type=int, default=0, metavar="R",
        help="only the image evidence's weights by distance, from R random objects per copy",
    )  # fmt: skip
    parser.add_argument(
        "--index-only", action="store_true",
        help="only the image index at this size, on synthetic hashes (no pictures made)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.index_only:
        print(json.dumps({"index_only": index_only(args), "objects": args.objects}, indent=1))
        return 0
    report: dict = {
        "objects": args.objects,
        "listings": args.listings,
        "share": args.share,
        "cpus": os.cpu_count(),
        "load_start": loadavg(),
    }
    reg_hashes, t_reg, cached = register_hashes(args.objects, args.seed, args.cache, args.workers)
    report["registration_hashing_s"] = "cached" if cached else round(t_reg, 1)
    t = time.perf_counter()
    register = md.register(args.objects, args.seed)
    if args.register_only:
        from shield.matching.linkage import Lot

        lots_r = [
            Lot(r.id, title=r.title, object_type=r.object_type, materials=r.materials,
                measurements=r.measurements, date=r.date, language=r.language, photos=r.photos)
            for r in register
        ]  # fmt: skip
        _, t_prep, cached = register_prepared(lots_r, args)
        report["registration_prepare_register_s"] = "cached" if cached else round(t_prep, 1)
        print(json.dumps(report, indent=1))
        return 0
    listings = md.listings(args.listings, args.objects, args.share, args.seed)
    report["generate_s"] = round(time.perf_counter() - t, 1)
    if args.calibrate:
        print(json.dumps(calibrate(args, listings, reg_hashes)))
        return 0
    if not args.no_ours:
        report["ours"] = ours(args, register, listings, reg_hashes)
        print(json.dumps({"ours": report["ours"]}, indent=1), flush=True)
    if not args.no_plain:
        report["plain_splink"] = plain(args, register, listings)
    report["load_end"] = loadavg()
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
