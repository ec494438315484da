"""Field forms benchmark: N generated submissions of a damage survey (groups, a repeat of
photos, select_multiple, geopoints, attachments) read through their form and turned into
our records (``shield.fieldforms``: read_export + to_record, the work of an import before
the database), beside loading the same file into pandas (which reads columns, no form).

Then the whole import into the database (``shield.monitoring.fieldforms_import.run``: read,
map, match each site, clean, write the submissions and their assessments in one transaction,
audited), end to end, of --import-submissions (default 100,000) submissions over 50 sites of
the registry: into a fresh SQLite database, and into PostgreSQL too where --database-url
names one (an empty database of your own: it is migrated and written). Each import runs in a
process of its own (Django is set up for one database a process).

Usage: python bench/fieldforms.py [--submissions 100000] [--format kobo-json|kpi-csv|odk-csv]
       [--import-submissions 100000] [--database-url postgres://...]
Prints submissions per second for each, in one run (--submissions 0: the import only); the
import also by the importer's own CPU time (a figure that holds on a shared machine), beside
pandas loading the same file in the same process just before (the ratio holds across
machines, which differ by up to 3x), and the time its undo takes. Writes nothing outside a temporary folder
(and the database named).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.fieldforms import generate as g  # noqa: E402

from shield.fieldforms import collector_paused, propose, read_export, read_form, to_record  # noqa: E402

WRITERS = {
    "kobo-json": ("export.json", g.kobo_json),
    "kpi-csv": ("export.csv", lambda subs: g.kpi_csv(subs, ";", "/")),
    "odk-csv": ("central.csv", g.odk_csv),
}
VOCAB = {
    "condition": {
        "good": ("none",),
        "fair": ("minor",),
        "poor": ("moderate",),
        "very_bad": ("severe",),
        "destroyed": ("destroyed",),
    },
    "causes": {f"x/{c}": (c,) for c in g.CAUSES},
    "damage_extent": {e: (e,) for e in g.EXTENTS},
}


def pandas_load(body: bytes, name: str) -> int:
    import pandas as pd

    if name.endswith(".json"):
        doc = json.loads(body)
        return len(pd.json_normalize(doc["results"], sep="/"))
    return len(
        pd.read_csv(
            io.BytesIO(body),
            sep=None if "central" in name else ";",
            engine="c" if "central" in name else "python",
        )
    )


SITES = 50


def import_into(n: int) -> None:
    """In this process (Django set up for the database in the environment): migrate, make
    SITES properties, import ``n`` generated submissions about them, print the rate."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from tests.registry.factories import record

    from shield.core.cli_support import system_user
    from shield.monitoring import fieldforms_import as ff
    from shield.registry import services as registry

    user = system_user()
    sites = []
    for i in range(SITES):
        lat, lon = 40.0 + i * 0.01, 44.5 + i * 0.01
        prop = registry.create_property(user, record(f"bench:{i}", lat=lat, lon=lon))
        sites.append((prop.code, "", lat, lon))
    t = time.perf_counter()
    data = g.kobo_json(g.submissions(n, sites, seed=11))
    made = time.perf_counter() - t
    form = ff.load_form(user, g.xlsform(), "form.xlsx")
    # the same file loaded by pandas in this process, just before: the machine's pace
    t = time.perf_counter()
    assert pandas_load(data, "survey.json") == n
    theirs = time.perf_counter() - t
    t, cpu = time.perf_counter(), time.process_time()
    imp = ff.run(user, form, data, "survey.json")
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    assert imp.counts["new"] == n, imp.counts
    load = os.getloadavg()[0]
    print(
        f"import into {connection.vendor}: {n:,} submissions (generated in {made:.1f} s, "
        f"{len(data) / 1e6:.1f} MB) read, matched, cleaned and written with their "
        f"assessments in {took:.1f} s: {n / took:,.0f}/s end to end "
        f"(the importer's own CPU time {cpu:.1f} s: {n / cpu:,.0f}/s; load {load:.1f}) | "
        f"pandas loads the same file (no form, no database) in {theirs:.1f} s: "
        f"{n / theirs:,.0f}/s | ratio {theirs / took:.2f}",
        flush=True,
    )
    t = time.perf_counter()
    ff.undo(user, imp)
    print(f"  undone as a whole in {time.perf_counter() - t:.1f} s", flush=True)


def run_import(n: int, url: str, folder: str) -> int:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="shield.config.settings",
        SHIELD_EVIDENCE_DIR=os.path.join(folder, "evidence"),
    )
    env.setdefault("SECRET_KEY", "bench-only")
    return subprocess.call(
        [sys.executable, __file__, "--import-into-this-process", "--import-submissions", str(n)],
        env=env,
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--submissions", type=int, default=100_000)
    ap.add_argument("--format", choices=list(WRITERS), action="append")
    ap.add_argument("--import-submissions", type=int, default=100_000)
    ap.add_argument("--database-url", help="also import into this (empty) PostgreSQL database")
    ap.add_argument("--import-into-this-process", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.import_into_this_process:
        import_into(args.import_submissions)
        return 0
    if args.submissions:
        read_side_by_side(args)
    failed = 0
    if args.import_submissions:
        with tempfile.TemporaryDirectory() as folder:
            url = "sqlite:///" + os.path.join(folder, "bench.sqlite3")
            failed |= run_import(args.import_submissions, url, folder)
            if args.database_url:
                failed |= run_import(args.import_submissions, args.database_url, folder)
    return failed


def read_side_by_side(args) -> None:
    """Reading and mapping (no database) beside pandas loading the same file."""
    form = read_form(g.xlsform(), "form.xlsx")
    mapping = propose(form, "assessment", VOCAB).mapping
    t = time.perf_counter()
    subs = g.submissions(args.submissions, seed=11, photos=3)
    print(f"generated {len(subs):,} submissions in {time.perf_counter() - t:.1f} s")
    for fmt in args.format or ["kobo-json", "kpi-csv"]:
        name, write = WRITERS[fmt]
        body = write(subs)
        t = time.perf_counter()
        with collector_paused():  # as the importer reads (shield.fieldforms.memory)
            export = read_export(body, name, form)
            read_s = time.perf_counter() - t
            refused = 0
            for s in export.submissions:
                refused += bool(to_record(form, s, mapping).problems)
        ours = time.perf_counter() - t
        t = time.perf_counter()
        rows = pandas_load(body, name)
        theirs = time.perf_counter() - t
        n = len(export.submissions)
        assert rows == n, (rows, n)
        print(
            f"{fmt}: {len(body) / 1e6:.1f} MB, {n:,} submissions: shield.fieldforms "
            f"{n / ours:,.0f}/s (read {n / read_s:,.0f}/s, then records; {refused} refused) | "
            f"pandas {n / theirs:,.0f}/s (columns only) | ratio {theirs / ours:.2f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
