"""`shield parties import FILE.csv` and `shield parties list [--on DATE] [--format ...]`."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date


def register(sub) -> None:
    parties = sub.add_parser("parties", help="the register of States Parties to the Second Protocol")
    psub = parties.add_subparsers(dest="parties_command", required=True)
    imp = psub.add_parser("import", help="import instruments from CSV (state,deposit_date,instrument_type[,art44,denunciation_date])")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_import)
    lst = psub.add_parser("list", help="each State's entry into force, with citations")
    lst.add_argument("--on", type=_iso, help="only the States that are Parties on this date (YYYY-MM-DD)")
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(func=cmd_list)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"shield parties list: --on {text!r} is not a date (YYYY-MM-DD)") from None


def cmd_import(args) -> int:
    from shield.cli import _migrate, _setup, _system_user

    _setup()
    _migrate()
    from pathlib import Path

    from .register import RegisterInvalid, import_register

    path = Path(args.file)
    if not path.is_file():
        print(f"shield parties import: {path}: no such file", file=sys.stderr)
        return 2
    from .register import ignored_columns

    text = path.read_text(encoding="utf-8-sig")
    ignored = ignored_columns(text)
    if ignored:
        print(f"{path.name}: column(s) not read: {', '.join(ignored)}", file=sys.stderr)
    try:
        created, updated, unchanged = import_register(_system_user(), text)
    except RegisterInvalid as exc:
        print(f"shield parties import: {path.name}: {exc}", file=sys.stderr)
        return 1
    print(f"{path.name}: {created} created, {updated} updated, {unchanged} unchanged")
    return 0


def cmd_list(args) -> int:
    from shield.cli import _migrate, _setup

    _setup()
    _migrate()
    from .register import listing

    rows = listing(args.on)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["state", "deposit_date", "instrument_type", "art44", "entry_into_force", "citations"])
        for r in rows:
            writer.writerow([r["state"], r["deposit_date"], r["instrument_type"], r["art44"],
                             r["entry_into_force"] or "", "; ".join(r["citations"])])
    else:
        print(f"{'State':<32} {'deposit':<11} {'instrument':<13} {'in force':<11} basis")
        for r in rows:
            print(f"{r['state']:<32} {r['deposit_date']:<11} {r['instrument_type']:<13} "
                  f"{r['entry_into_force'] or '—':<11} {', '.join(r['citations'])}")
        print(f"{len(rows)} States" + (f" Parties on {args.on.isoformat()}" if args.on else ""))
        from shield.treaty import status

        from .register import current_register

        general = status.protocol_entry_into_force(current_register())
        print(f"The Protocol: {general.reason_in('en')} [{', '.join(general.labels())}]")
    return 0
