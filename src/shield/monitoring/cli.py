"""`shield evidence verify [PACKAGE]`, `shield evidence export`, `shield monitoring import-kobo`."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    evidence = sub.add_parser(
        "evidence", help="evidence files: verify the store or a package, export packages"
    )
    esub = evidence.add_subparsers(dest="evidence_command", required=True)
    ver = esub.add_parser(
        "verify", help="check a package's hashes (or, with no PACKAGE, every stored original)"
    )
    ver.add_argument("package", nargs="?", help="an evidence package (ZIP)")
    ver.set_defaults(func=cmd_verify)
    exp = esub.add_parser(
        "export", help="export an evidence package (ZIP: files, manifest of hashes, custody log)"
    )
    exp.add_argument("--property", help="the property's code")
    exp.add_argument("--incident", help="the incident's id")
    exp.add_argument("--output", "-o", required=True, help="the ZIP file to write")
    exp.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    exp.set_defaults(func=cmd_export)

    mon = sub.add_parser("monitoring", help="monitoring: field forms")
    msub = mon.add_subparsers(dest="monitoring_command", required=True)
    kobo = msub.add_parser(
        "import-kobo", help="import a KoboToolbox/ODK export (CSV or JSON), all or nothing"
    )
    kobo.add_argument("file")
    kobo.add_argument("--mapping", required=True, help="the mapping file (JSON)")
    kobo.add_argument("--dry-run", action="store_true", help="check and count; write nothing")
    kobo.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    kobo.set_defaults(func=cmd_import_kobo)


def _acting(name):
    from shield.core.cli_support import acting_user

    return acting_user(name)


def cmd_verify(args) -> int:
    from shield.core.cli_support import ready, setup

    if args.package:
        path = Path(args.package)
        if not path.is_file():
            print(f"shield evidence verify: {path}: no such file", file=sys.stderr)
            return 2
        setup()
        from .package import verify

        problems, count = verify(path)
        label = path.name
    else:
        ready("shield evidence verify")
        from .evidence import verify_store
        from .models import Evidence

        problems = [f"{ev.sha256} ({ev.filename}): {why}" for ev, why in verify_store()]
        count, label = Evidence.objects.count(), "evidence store"
    if problems:
        for p in problems:
            print(f"{label}: BROKEN: {p}")
        print(f"{label}: {len(problems)} problem(s), {count} file(s) checked")
        return 1
    print(f"{label}: intact ({count} file(s) checked)")
    return 0


def cmd_export(args) -> int:
    from shield.core.cli_support import ready

    ready("shield evidence export")
    from . import evidence
    from .package import build

    user = _acting(args.user)
    if not evidence.may_export(user):
        print(
            "shield evidence export: packages are for the Secretariat, administrators and assessors",
            file=sys.stderr,
        )
        return 2
    qs = evidence.visible_evidence(user)
    if args.property:
        qs = qs.filter(property__code=args.property)
    if args.incident:
        qs = qs.filter(incident_id=args.incident)
    try:
        body, digest = build(user, list(qs.distinct()), args.property or args.incident or "")
    except ValueError as exc:
        print(f"shield evidence export: {exc}", file=sys.stderr)
        return 1
    Path(args.output).write_bytes(body)
    print(f"{args.output}: SHA-256 {digest}")
    return 0


def cmd_import_kobo(args) -> int:
    from shield.core.cli_support import ready

    ready("shield monitoring import-kobo")
    from shield.core.errors import NotAllowed
    from shield.registry.fileformats import report_lines

    from .fieldforms import ImportInvalid, import_file, read_text

    path, mapping = Path(args.file), Path(args.mapping)
    for p in (path, mapping):
        if not p.is_file():
            print(f"shield monitoring import-kobo: {p}: no such file", file=sys.stderr)
            return 2
    try:
        done = import_file(
            _acting(args.user),
            path.name,
            read_text(path.read_bytes(), path.name),
            read_text(mapping.read_bytes(), mapping.name),
            args.dry_run,
        )
    except ImportInvalid as exc:
        print(f"shield monitoring import-kobo: {path.name}: nothing imported", file=sys.stderr)
        for line in report_lines(exc.report()):
            print(f"  {line}", file=sys.stderr)
        return 1
    except NotAllowed as exc:
        print(f"shield monitoring import-kobo: {exc}", file=sys.stderr)
        return 2
    verb = "would be created" if done["dry_run"] else "created"
    print(f"{path.name}: {done['created']} {verb}, {done['unchanged']} unchanged")
    return 0
