"""Field forms benchmark: N generated submissions of a damage survey (groups, a repeat of
photos, select_multiple, geopoints, attachments) read through their form and turned into
our records (``shield.fieldforms``: read_export + to_record, the work of an import before
the database), beside loading the same file into pandas (which reads columns, no form).

Usage: python bench/fieldforms.py [--submissions 100000] [--format kobo-json|kpi-csv|odk-csv]
Prints submissions per second for each, in one run. Writes nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.fieldforms import generate as g  # noqa: E402

from shield.fieldforms import propose, read_export, read_form, to_record  # noqa: E402

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


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--submissions", type=int, default=100_000)
    ap.add_argument("--format", choices=list(WRITERS), action="append")
    args = ap.parse_args()
    form = read_form(g.xlsform(), "form.xlsx")
    mapping = propose(form, "assessment", VOCAB).mapping
    t = time.perf_counter()
    subs = g.submissions(args.submissions, seed=11, photos=3)
    print(f"generated {len(subs):,} submissions in {time.perf_counter() - t:.1f} s")
    for fmt in args.format or ["kobo-json", "kpi-csv"]:
        name, write = WRITERS[fmt]
        body = write(subs)
        t = time.perf_counter()
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
