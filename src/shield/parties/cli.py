"""`shield parties import FILE [--treaty T] [--replace] [--dry-run]` and
`shield parties list [--treaty T] [--on DATE] [--format table|csv|json]`.

Two registers: the Second Protocol's (``--treaty protocol``, the default) and the 1954
Convention's (``--treaty convention``). A file's ``state`` is a code or any known name.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date

from shield.core.csvcells import csv_safe

TREATY_CHOICES = ["protocol", "convention"]
COLUMNS = (
    "state,deposit_date,instrument_type[,state_name,art44,denunciation_date,succession_date,source]"
)


def register(sub) -> None:
    parties = sub.add_parser(
        "parties",
        help="the registers of the Second Protocol's Parties and the Convention's "
        "High Contracting Parties",
    )
    psub = parties.add_subparsers(dest="parties_command", required=True)
    imp = psub.add_parser(
        "import",
        help=f"add and correct instruments from CSV ({COLUMNS}); never drops a "
        "recorded instrument the file does not name, unless --replace",
    )
    imp.add_argument("file")
    imp.add_argument("--treaty", choices=TREATY_CHOICES, default="protocol")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="make the file the whole register of its treaty: delete what it does not name",
    )
    imp.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    imp.set_defaults(func=cmd_import)
    lst = psub.add_parser("list", help="each State's entry into force, with citations")
    lst.add_argument("--treaty", choices=TREATY_CHOICES, default="protocol")
    lst.add_argument(
        "--on", type=_iso, help="only the States that are bound on this date (YYYY-MM-DD)"
    )
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(func=cmd_list)
    from .committee_cli import register_committee  # elect, committee --on DATE

    register_committee(psub)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"shield parties list: --on {text!r} is not a date (YYYY-MM-DD)") from None


def cmd_import(args) -> int:
    from shield.core.cli_support import ready, system_user

    ready("shield parties import")
    from pathlib import Path

    from .register import RegisterInvalid, ignored_columns, import_register

    path = Path(args.file)
    if not path.is_file():
        print(f"shield parties import: {path}: no such file", file=sys.stderr)
        return 2
    text = path.read_text(encoding="utf-8-sig")
    ignored = ignored_columns(text)
    if ignored:
        print(f"{path.name}: column(s) not read: {', '.join(ignored)}", file=sys.stderr)
    try:
        counts = import_register(
            system_user(), text, treaty=args.treaty, replace=args.replace, dry_run=args.dry_run
        )
    except RegisterInvalid as exc:
        print(f"shield parties import: {path.name}: {exc}", file=sys.stderr)
        return 1
    lead = (
        f"{path.name} ({args.treaty}"
        + (", dry run: nothing written" if args.dry_run else "")
        + "): "
    )
    seeded = f"{counts.seeded} recorded from the shipped register, then " if counts.seeded else ""
    print(
        f"{lead}{seeded}{counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged, "
        f"{counts.removed} removed"
    )
    return 0


def cmd_list(args) -> int:
    from shield.core.cli_support import ready

    ready("shield parties list")
    from .register import listing

    rows = listing(args.on, treaty=args.treaty)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(
            [
                "state",
                "name_en",
                "name_nb",
                "deposit_date",
                "instrument_type",
                "art44",
                "succession_date",
                "entry_into_force",
                "citations",
                "source",
            ]
        )
        for r in rows:
            writer.writerow(
                csv_safe(cell)  # no cell runs as a formula in a spreadsheet
                for cell in [
                    r["state"],
                    r["name"]["en"],
                    r["name"]["nb"],
                    r["deposit_date"],
                    r["instrument_type"],
                    str(r["art44"]).lower(),
                    r["succession_date"] or "",
                    r["entry_into_force"] or "",
                    "; ".join(r["citations"]),
                    r["source"],
                ]
            )
    else:
        print(
            f"{'code':<5} {'State':<28} {'Norwegian':<28} {'deposit':<11} {'instrument':<13} {'in force':<11} basis"
        )
        for r in rows:
            print(
                f"{r['state']:<5} {r['name']['en'][:28]:<28} {r['name']['nb'][:28]:<28} {r['deposit_date']:<11} "
                f"{r['instrument_type']:<13} {r['entry_into_force'] or '—':<11} {', '.join(r['citations'])}"
            )
        what = "Parties" if args.treaty == "protocol" else "High Contracting Parties"
        print(f"{len(rows)} States" + (f" {what} on {args.on.isoformat()}" if args.on else ""))
        from shield.treaty import status

        from .register import current_register

        general = status.treaty_entry_into_force(current_register(args.treaty), args.treaty)
        title = "The Protocol" if args.treaty == "protocol" else "The Convention"
        print(f"{title}: {general.reason_in('en')} [{', '.join(general.labels())}]")
    return 0
