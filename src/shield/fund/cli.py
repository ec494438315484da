"""`shield fund balances|statement|contribute|disburse`, `shield depositary` (the notifications
generated from the register) and `shield reports CYCLE` (each Party's report)."""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal


def register(sub) -> None:
    fund = sub.add_parser("fund", help="the Fund: balances, statements, movements")
    fsub = fund.add_subparsers(dest="fund_command", required=True)
    bal = fsub.add_parser("balances", help="what the Fund holds, by currency and pool")
    bal.set_defaults(func=cmd_balances)
    st = fsub.add_parser("statement", help="the statement for a period (CSV, or JSON)")
    st.add_argument(
        "--from", dest="start", default=date.today().replace(month=1, day=1).isoformat()
    )
    st.add_argument("--to", dest="end", default=date.today().isoformat())
    st.add_argument("--currency")
    st.add_argument("--json", action="store_true")
    st.add_argument("--pdf", help="write the statement as PDF to this file")
    st.set_defaults(func=cmd_statement)
    for name, help_text in (
        ("contribute", "record a contribution from a JSON object (the API's fields)"),
        ("allocate", "allocate to a decided purpose from a JSON object"),
        ("disburse", "disburse under a decided purpose from a JSON object"),
    ):
        p = fsub.add_parser(name, help=help_text)
        p.add_argument("file", help="a JSON file, or - for standard input")
        p.add_argument("--user", help="act as this user (default: the local administrator)")
        p.set_defaults(func=cmd_movement, operation=name)
    dep = sub.add_parser("depositary", help="the depositary's notifications, from the register")
    dep.add_argument("--kind", choices=["deposit", "entry_into_force", "denunciation"])
    dep.add_argument("--lang", choices=["en", "nb"], default="en")
    dep.set_defaults(func=cmd_depositary)
    rep = sub.add_parser("reports", help="each Party's report for a reporting cycle")
    rep.add_argument("cycle")
    rep.add_argument("--lang", choices=["en", "nb"], default="en")
    rep.set_defaults(func=cmd_reports)


def _django():
    from shield.core.cli_support import ready

    ready("shield")


def cmd_balances(args) -> int:
    _django()
    from shield.fund import present, statements

    for cur, accts in sorted(statements.balances().items()):
        held = sum((v for a, v in accts.items() if a.startswith("pool:")), Decimal(0))
        print(f"{cur} {statements.amount_text(held, cur)}")
        for a, v in sorted(accts.items()):
            if a.startswith("pool:") and v:
                print(f"  {present.account(a)}: {statements.amount_text(v, cur)}")
    return 0


def cmd_statement(args) -> int:
    _django()
    from shield.core.errors import RecordInvalid
    from shield.fund import statements

    try:
        data = statements.statement(args.start, args.end, args.currency)
    except RecordInvalid as exc:
        print(f"shield fund statement: {exc}", file=sys.stderr)
        return 2
    if args.pdf:
        from shield.core.pdf import PdfUnavailable, render_pdf
        from shield.fund import present

        try:
            body = render_pdf(
                "fund/statement_pdf.html", {"data": present.statement_rows(data), "lang": "en"}
            )
        except PdfUnavailable as exc:
            print(f"shield fund statement: {exc}", file=sys.stderr)
            return 3
        with open(args.pdf, "wb") as f:
            f.write(body)
        print(f"wrote {args.pdf}")
        return 0
    sys.stdout.write(
        json.dumps(data, indent=2) + "\n" if args.json else statements.statement_csv(data)
    )
    return 0


def cmd_movement(args) -> int:
    _django()
    from shield.core.cli_support import acting_user
    from shield.core.errors import NotAllowed, RecordInvalid
    from shield.fund import ledger
    from shield.treaty.refusals import Refused

    try:
        text = sys.stdin.read() if args.file == "-" else open(args.file, encoding="utf-8").read()
        data = json.loads(text)
    except (OSError, ValueError) as exc:
        print(f"shield fund {args.operation}: {args.file}: {exc}", file=sys.stderr)
        return 2
    op = {
        "contribute": ledger.contribute,
        "allocate": ledger.allocate,
        "disburse": ledger.disburse,
    }[args.operation]
    try:
        tx = op(acting_user(args.user), data)
    except Refused as exc:
        print(
            f"shield fund {args.operation}: refused ({exc.code}): {exc.message('en')}",
            file=sys.stderr,
        )
        return 1
    except (RecordInvalid, NotAllowed) as exc:
        print(f"shield fund {args.operation}: {exc}", file=sys.stderr)
        return 2
    print(f"T{tx.number} {tx.kind} {tx.on.isoformat()}")
    return 0


def cmd_depositary(args) -> int:
    _django()
    from shield.fund import institutions

    for n in institutions.notifications():
        if args.kind and n.kind != args.kind:
            continue
        labels = ", ".join(c.label(args.lang) for c in n.citations)
        flag = " [speediest]" if n.speediest else ""
        print(f"{n.on.isoformat()}\t{n.kind}\t{n.reason[args.lang]}{flag}\t{labels}")
    return 0


def cmd_reports(args) -> int:
    _django()
    from shield.fund import institutions
    from shield.fund.models import ReportingCycle

    cycle = ReportingCycle.objects.filter(ref=args.cycle).first()
    if cycle is None:
        print(f"shield reports: no reporting cycle {args.cycle!r}", file=sys.stderr)
        return 2
    for row in institutions.cycle_status(cycle):
        print(f"{row['state']}\t{row['status']}\t{row['reason'][args.lang]}")
    return 0
