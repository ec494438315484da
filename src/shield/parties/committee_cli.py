"""`shield parties elect` and `shield parties committee --on DATE`: the Committee as elected."""

from __future__ import annotations

import json
import sys
from datetime import date


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"shield parties: {text!r} is not a date (YYYY-MM-DD)") from None


def register_committee(psub) -> None:
    elect = psub.add_parser(
        "elect", help="record an election of Committee members by the Meeting of the Parties"
    )
    elect.add_argument("states", nargs="+", help="the States elected (codes or names)")
    elect.add_argument(
        "--on", type=_iso, required=True, help="the day of the election (YYYY-MM-DD)"
    )
    elect.add_argument("--meeting", default="", help="e.g. '6th Meeting of the Parties'")
    elect.add_argument(
        "--extraordinary", action="store_true", help="an extraordinary Meeting (ends no term)"
    )
    elect.add_argument(
        "--first", action="store_true", help="the first election: half the terms are short, by lot"
    )
    elect.add_argument(
        "--seed", type=int, help="the recorded seed of the draw by lot (first election)"
    )
    elect.add_argument(
        "--short-terms-end", type=_iso, help="the next ordinary Meeting's date (first election)"
    )
    elect.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="STATE=GROUP",
        help="a State's UNESCO electoral group (I, II, III, IV, V(a), V(b)); repeatable",
    )
    elect.add_argument("--source", default="", help="where the result is published")
    elect.add_argument("--lang", choices=["en", "nb"], default="en")
    elect.set_defaults(func=cmd_elect)
    com = psub.add_parser(
        "committee", help="the Committee on a date: seats, terms, groups, who sits"
    )
    com.add_argument("--on", type=_iso, default=None, help="the date (default today)")
    com.add_argument("--format", choices=["table", "json"], default="table")
    com.add_argument("--lang", choices=["en", "nb"], default="en")
    com.set_defaults(func=cmd_committee)


def cmd_elect(args) -> int:
    from shield.core.cli_support import ready, system_user
    from shield.core.errors import NotAllowed, RecordInvalid

    ready("shield parties elect")
    from shield.treaty.refusals import Refused

    from . import elections

    groups = {}
    for item in args.group:
        state, sep, group = item.partition("=")
        if not sep:
            print(f"shield parties elect: --group {item!r}: give STATE=GROUP", file=sys.stderr)
            return 2
        groups[state.strip()] = group.strip()
    try:
        e = elections.record_election(
            system_user(),
            args.on,
            args.states,
            meeting=args.meeting,
            ordinary=not args.extraordinary,
            first=args.first,
            lot_seed=args.seed,
            short_term_ends=args.short_terms_end,
            groups=groups,
            source=args.source,
        )
    except Refused as exc:
        for r in exc.all():
            print(f"shield parties elect: {r.message(args.lang)} [{r.code}]", file=sys.stderr)
        return 1
    except (RecordInvalid, NotAllowed) as exc:
        errors = getattr(exc, "errors", None)
        for line in [f"{x.field}: {x.message}" for x in errors] if errors else [str(exc)]:
            print(f"shield parties elect: {line}", file=sys.stderr)
        return 1
    row = elections.election_dict(e, args.lang)
    for s in row["elected"]:
        short = " (short term, by lot)" if s["short"] else ""
        print(f"{s['state']:<4} {s['name']:<32} {s['starts_on']} to {s['last_day']}{short}")
    if row["ended"]:
        print(f"terms ended by this Meeting: {', '.join(row['ended'])}")
    if e.first:
        print(f"lot seed: {e.lot_seed}")
    print(row["reason"])
    return 0


def cmd_committee(args) -> int:
    from shield.core.cli_support import ready

    ready("shield parties committee")
    from . import elections

    data = elections.committee_on(args.on or date.today(), args.lang)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{'State':<4} {'name':<32} {'group':<5} {'term':<24} sits")
    for m in data["members"]:
        term = f"{m['starts_on']} to {m['last_day']}"
        print(
            f"{m['state']:<4} {m['name']:<32} {m['group'] or '?':<5} {term:<24} "
            f"{'yes' if m['sits'] else 'no'}{' (synthetic)' if m['synthetic'] else ''}"
        )
    for key in ("members", "balance", "expertise"):
        f = data["findings"][key]
        print(f"{f['reason']} [{', '.join(f['citations'])}]")
    return 0
