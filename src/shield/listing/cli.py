"""`shield listing list [--on DATE] [--format table|csv|json|geojson]`, `shield listing requests
[--status S]`, `shield listing show REF`, `shield listing notice REF KIND [--lang nb] [--pdf FILE]`,
`shield listing assertions REF`, `shield listing assert REF (--state CODE | --organisation NAME)
--facts TEXT [--from DATE] [--to DATE] [--evidence TITLE] [--user NAME] [--lang nb]`.

Reading happens as the public does (no user): confidential points stay coarse. A write is made
as ``--user`` (default: the local 'system' administrator); a refusal is printed as the treaty
module words it, in ``--lang``, and the command exits with status 2.
"""

from __future__ import annotations

import json
import sys
from datetime import date


def register(sub) -> None:
    p = sub.add_parser("listing", help="enhanced protection: the List and the requests")
    ls = p.add_subparsers(dest="listing_command", required=True)
    lst = ls.add_parser("list", help="the List as it stood on a date (default today)")
    lst.add_argument("--on", type=_iso, help="YYYY-MM-DD")
    lst.add_argument("--format", choices=["table", "csv", "json", "geojson"], default="table")
    lst.set_defaults(func=cmd_list)
    req = ls.add_parser("requests", help="requests for enhanced protection, with their window")
    req.add_argument("--status", default="")
    req.set_defaults(func=cmd_requests)
    show = ls.add_parser("show", help="one request with its timeline (JSON)")
    show.add_argument("ref")
    show.set_defaults(func=cmd_show)
    notice = ls.add_parser(
        "notice", help="a generated notification as HTML (stdout) or PDF (--pdf FILE)"
    )
    notice.add_argument("ref")
    notice.add_argument(
        "kind",
        choices=[
            "receipt",
            "emergency",
            "inclusion",
            "suspension",
            "cancellation",
            "restoration",
            "views",
        ],
    )
    notice.add_argument("--lang", choices=["en", "nb"], default="en")
    notice.add_argument("--pdf", metavar="FILE")
    notice.set_defaults(func=cmd_notice)
    claims = ls.add_parser(
        "assertions", help="the assertions of military use recorded on a request (claims)"
    )
    claims.add_argument("ref")
    claims.add_argument("--lang", choices=["en", "nb"], default="en")
    claims.set_defaults(func=cmd_assertions)
    asserted = ls.add_parser(
        "assert",
        help="record an assertion that listed property became a military objective "
        "by its use (a claim: the List is unchanged)",
    )
    asserted.add_argument("ref")
    who = asserted.add_mutually_exclusive_group()
    who.add_argument("--state", default="", help="the State that asserts it (code or name)")
    who.add_argument("--organisation", default="", help="the organisation that asserts it")
    asserted.add_argument("--facts", default="")
    asserted.add_argument("--on", type=_iso, help="the day it was asserted (default today)")
    asserted.add_argument(
        "--from", dest="period_from", type=_iso, help="the use began (default: --on)"
    )
    asserted.add_argument(
        "--to", dest="period_to", type=_iso, help="the use ended (default: continuing)"
    )
    asserted.add_argument("--evidence", action="append", default=[], metavar="TITLE")
    asserted.add_argument(
        "--user", help="record as this user (default: the local 'system' administrator)"
    )
    asserted.add_argument("--lang", choices=["en", "nb"], default="en")
    asserted.set_defaults(func=cmd_assert)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"shield listing: {text!r} is not a date (YYYY-MM-DD)") from None


def _ready():
    from shield.core.cli_support import ready

    ready("shield listing")
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def cmd_list(args) -> int:
    public_user = _ready()
    from . import public

    on = args.on or date.today()
    entries = public.entries_on(public_user, on)
    if args.format == "json":
        json.dump(
            {"on": on.isoformat(), "entries": entries}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
    elif args.format == "geojson":
        json.dump(public.as_geojson(entries, on), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(public.as_csv(entries))
    else:
        for e in entries:
            print(
                f"{e['code']:<11} {e['state']:<4} {e['level']:<21} {e['since'] or '':<11} {e['decision'] or e['basis']}  {e['name']}"
            )
        from shield.treaty.provisions import provision

        print(
            f"{len(entries)} entries on the List on {on.isoformat()} ({provision('enhanced.inclusion').label()}; "
            f"provisional: {provision('enhanced.emergency').label()})"
        )
    return 0


def cmd_requests(args) -> int:
    public_user = _ready()
    from shield.registry.disclosure import visible_to

    from .models import Request

    qs = Request.objects.filter(property__in=visible_to(public_user)).select_related(
        "property", "state"
    )
    if args.status:
        qs = qs.filter(status=args.status)
    for r in qs:
        window = f"representations until {r.window_closes}" if r.window_closes else ""
        print(f"{r.ref:<12} {r.status:<11} {r.state.code:<4} {r.property.code:<11} {window}")
    return 0


def cmd_show(args) -> int:
    public_user = _ready()
    from django.http import Http404

    from .present import request_dict, request_for

    try:
        req = request_for(public_user, args.ref)
    except Http404:
        print(f"shield listing show: no request {args.ref}", file=sys.stderr)
        return 1
    json.dump(request_dict(public_user, req), sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return 0


def cmd_notice(args) -> int:
    public_user = _ready()
    from django.http import Http404
    from django.template.loader import render_to_string
    from django.utils import translation

    from .present import request_for
    from .views import notice_context

    try:
        req = request_for(public_user, args.ref)
    except Http404:
        print(f"shield listing notice: no request {args.ref}", file=sys.stderr)
        return 1
    ctx = notice_context(req, args.kind, args.lang)
    if ctx is None:
        print(f"shield listing notice: {args.ref} has no {args.kind} notification", file=sys.stderr)
        return 1
    with translation.override(args.lang):
        if args.pdf:
            from shield.core.pdf import PdfUnavailable, render_pdf

            try:
                body = render_pdf("listing/notice.html", ctx, base_url="/")
            except PdfUnavailable as exc:
                print(f"shield listing notice: {exc}", file=sys.stderr)
                return 1
            with open(args.pdf, "wb") as fh:
                fh.write(body)
            print(f"{args.pdf}: {len(body)} bytes")
        else:
            sys.stdout.write(render_to_string("listing/notice.html", ctx))
    return 0


def cmd_assertions(args) -> int:
    public_user = _ready()
    from django.http import Http404

    from .present import assertions_of, request_for

    try:
        req = request_for(public_user, args.ref)
    except Http404:
        print(f"shield listing assertions: no request {args.ref}", file=sys.stderr)
        return 1
    rows = assertions_of(req, args.lang)
    for a in rows:
        print(a["text"])
    if not rows:
        print("—")
    return 0


def cmd_assert(args) -> int:
    _ready()
    from django.http import Http404

    from shield.core.cli_support import acting_user
    from shield.registry.validation import RecordInvalid
    from shield.treaty.refusals import Refused

    from . import committee
    from .present import assertion_dict, request_for

    user = acting_user(args.user)
    try:
        req = request_for(user, args.ref)
    except Http404:
        print(f"shield listing assert: no request {args.ref}", file=sys.stderr)
        return 1
    data = {
        "asserted_by_state": args.state,
        "asserted_by_organisation": args.organisation,
        "facts": args.facts,
        "asserted_on": args.on,
        "period_from": args.period_from,
        "period_to": args.period_to,
        "evidence": [{"title": t} for t in args.evidence],
    }
    try:
        a = committee.assert_military_use(user, req, data)
    except Refused as exc:
        print(f"shield listing assert: {exc.message(args.lang)}", file=sys.stderr)
        return 2
    except RecordInvalid as exc:
        print(
            "shield listing assert: " + "; ".join(f"{e.field}: {e.message}" for e in exc.errors),
            file=sys.stderr,
        )
        return 2
    print(assertion_dict(a, args.lang)["text"])
    return 0
