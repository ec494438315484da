"""`shield listing list [--on DATE] [--format table|csv|json|geojson]`, `shield listing requests
[--status S]`, `shield listing show REF`, `shield listing notice REF KIND [--lang nb] [--pdf FILE]`.

Everything here reads as the public does (no user): confidential points stay coarse.
"""

from __future__ import annotations

import json
import sys
from datetime import date


def register(sub) -> None:
    p = sub.add_parser("listing", help="enhanced protection: the List and the requests (Arts. 10-14)")
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
    notice = ls.add_parser("notice", help="a generated notification as HTML (stdout) or PDF (--pdf FILE)")
    notice.add_argument("ref")
    notice.add_argument("kind", choices=["receipt", "emergency", "inclusion", "suspension", "cancellation",
                                         "restoration", "views"])
    notice.add_argument("--lang", choices=["en", "nb"], default="en")
    notice.add_argument("--pdf", metavar="FILE")
    notice.set_defaults(func=cmd_notice)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"shield listing: {text!r} is not a date (YYYY-MM-DD)") from None


def _ready():
    from shield.cli import _migrate, _setup

    _setup()
    _migrate()
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def cmd_list(args) -> int:
    public_user = _ready()
    from . import public

    on = args.on or date.today()
    entries = public.entries_on(public_user, on)
    if args.format == "json":
        json.dump({"on": on.isoformat(), "entries": entries}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "geojson":
        json.dump(public.as_geojson(entries, on), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.format == "csv":
        sys.stdout.write(public.as_csv(entries))
    else:
        for e in entries:
            print(f"{e['code']:<11} {e['state']:<4} {e['level']:<21} {e['since'] or '':<11} {e['decision'] or e['basis']}  {e['name']}")
        print(f"{len(entries)} entries on the List on {on.isoformat()} (Art. 11(10); provisional: Art. 11(9))")
    return 0


def cmd_requests(args) -> int:
    public_user = _ready()
    from shield.registry.disclosure import visible_to

    from .models import Request

    qs = Request.objects.filter(property__in=visible_to(public_user)).select_related("property", "state")
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
            from shield.web.pdf import PdfUnavailable, render_pdf

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
