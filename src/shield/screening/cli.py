"""`shield screen` (targets, or military objectives with --reverse, against protected property on
a date), `shield nostrike` (the no-strike list of an area) and `shield screen-buffer` (a
property's own buffer). Each acts as ``--user`` (default: the local administrator 'system');
a user who may not screen is refused."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path


def register(sub) -> None:
    scr = sub.add_parser(
        "screen",
        help="screen targets (CSV or GeoJSON points) against protected property on a date",
    )
    scr.add_argument("file", help="CSV (id, lat, lon[, radius_m]) or GeoJSON points")
    scr.add_argument("--on", required=True, help="the date of the operation (YYYY-MM-DD)")
    scr.add_argument(
        "--radius-m", type=float, default=0.0, help="each target's radius unless it has one"
    )
    scr.add_argument(
        "--reverse",
        action="store_true",
        help="military objectives: the property within --radius-m of each (no buffers)",
    )
    scr.add_argument("--format", choices=["csv", "geojson", "json"], default="csv")
    scr.add_argument(
        "--buffer",
        action="append",
        default=[],
        metavar="LEVEL=METRES",
        help="a level's buffer for this run (repeat for each level)",
    )
    scr.add_argument("--lang", choices=["en", "nb"], default="en")
    scr.add_argument("--output", "-o", help="file to write (default: standard output)")
    scr.add_argument("--user", help="screen as this user (default: the local administrator)")
    scr.set_defaults(func=cmd_screen)

    ns = sub.add_parser("nostrike", help="the no-strike list of an area on a date")
    ns.add_argument("--bbox", required=True, help="west,south,east,north")
    ns.add_argument("--on", required=True, help="the date (YYYY-MM-DD)")
    ns.add_argument("--format", choices=["geojson", "kml", "csv"], default="geojson")
    ns.add_argument("--lang", choices=["en", "nb"], default="en")
    ns.add_argument("--output", "-o")
    ns.add_argument("--user")
    ns.set_defaults(func=cmd_nostrike)

    bf = sub.add_parser("screen-buffer", help="give a property its own screening buffer")
    bf.add_argument("property", help="its code, external id or id")
    bf.add_argument("metres", help="metres, or 'none' to go back to its levels' buffers")
    bf.add_argument("--reason", required=True)
    bf.add_argument("--user")
    bf.set_defaults(func=cmd_buffer)


def _date(text: str, command: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"{command}: --on: {text!r} is not a date (YYYY-MM-DD)") from None


def _write(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")


def _refused(command: str, exc) -> int:
    from shield.core.errors import RecordInvalid

    if isinstance(exc, RecordInvalid):
        for e in exc.errors[:20]:
            print(f"{command}: {e.field}: {e.message}", file=sys.stderr)
    else:
        print(f"{command}: {exc}", file=sys.stderr)
    return 1


def cmd_screen(args) -> int:
    from shield.core.cli_support import ProgressBar, acting_user, ready

    ready("shield screen")
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import buffers, outputs, service, targets

    on = _date(args.on, "shield screen")
    path = Path(args.file)
    if not path.is_file():
        print(f"shield screen: {path}: no such file", file=sys.stderr)
        return 2
    user = acting_user(args.user)
    bar = ProgressBar()

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == "screening" and total:
            bar.phase("screening", total)
        elif phase == "describing" and total:
            bar(total)

    try:
        content = path.read_bytes()
        found = targets.read(content, path.name)
        result = service.screen(
            user,
            found,
            on,
            args.radius_m,
            args.reverse,
            buffers.parse_overrides(args.buffer),
            args.lang,
            source=content,
            name=path.name,
            progress=progress,
        )
    except (NotAllowed, RecordInvalid) as exc:
        bar.close()
        return _refused("shield screen", exc)
    bar.close()
    text, _kind = outputs.render(result, args.format)
    _write(text, args.output)
    print(
        f"shield screen: {result['targets']} targets against {result['sites']} properties on "
        f"{result['on']}: {result['hits']} hits (run {result['run']})",
        file=sys.stderr,
    )
    return 0


def cmd_nostrike(args) -> int:
    from shield.core.cli_support import acting_user, ready

    ready("shield nostrike")
    from shield.core.errors import NotAllowed, RecordInvalid
    from shield.geo import BadBBox, parse_bbox

    from . import nostrike

    on = _date(args.on, "shield nostrike")
    try:
        box = parse_bbox(args.bbox)
    except BadBBox as exc:
        print(f"shield nostrike: --bbox: {exc}", file=sys.stderr)
        return 2
    try:
        result = nostrike.items(acting_user(args.user), box, on, lang=args.lang)
    except (NotAllowed, RecordInvalid) as exc:
        return _refused("shield nostrike", exc)
    text, _kind = nostrike.render(result, args.format)
    _write(text, args.output)
    print(f"shield nostrike: {len(result['items'])} items on {result['on']}", file=sys.stderr)
    return 0


def cmd_buffer(args) -> int:
    from shield.core.cli_support import acting_user, ready

    ready("shield screen-buffer")
    from shield.core.errors import NotAllowed, RecordInvalid
    from shield.registry.disclosure import find_visible

    from . import buffers

    user = acting_user(args.user)
    prop = find_visible(user, args.property)
    if prop is None:
        print(f"shield screen-buffer: no property {args.property!r}", file=sys.stderr)
        return 1
    try:
        metres = None if args.metres.lower() == "none" else float(args.metres)
        buffers.set_own(user, prop, metres, args.reason)
    except ValueError:
        print(f"shield screen-buffer: {args.metres!r} is not a number of metres", file=sys.stderr)
        return 2
    except (NotAllowed, RecordInvalid) as exc:
        return _refused("shield screen-buffer", exc)
    print(f"shield screen-buffer: {prop.code}: {args.metres}")
    return 0
