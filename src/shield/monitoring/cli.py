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
        "verify",
        help="check a package offline against the log's key (or, with no PACKAGE, compare "
        "the store, the records and the log)",
    )
    ver.add_argument("package", nargs="?", help="an evidence package (ZIP)")
    ver.add_argument("--key", help="the log's verifier key (required with a PACKAGE)")
    ver.add_argument(
        "--tsa-ca",
        type=Path,
        help="the timestamp authority's CA certificate (PEM), to check tokens",
    )
    ver.set_defaults(func=cmd_verify, offline=True)  # a package needs no database, no SECRET_KEY
    exp = esub.add_parser(
        "export", help="export an evidence package (ZIP: files, manifest of hashes, custody log)"
    )
    exp.add_argument("--property", help="the property's code")
    exp.add_argument("--incident", help="the incident's id")
    exp.add_argument("--output", "-o", required=True, help="the file to write (ZIP or tar)")
    exp.add_argument(
        "--format",
        choices=["zip", "bagit-zip", "bagit-tar"],
        default="zip",
        help="zip: the signed package (default); bagit-zip, bagit-tar: the same as a BagIt bag",
    )
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
    if args.package:
        return _verify_package(args)
    _need_secret_key()
    from shield.core.cli_support import ready

    ready("shield evidence verify")
    from .reconcile import walk

    problems, count = walk()
    label = "evidence store"
    if problems:
        for p in problems:
            print(f"{label}: BROKEN: {p}")
        print(
            f"{label}: {len(problems)} problem(s), {count} item(s) checked against the store "
            "and the log"
        )
        return 1
    print(f"{label}: intact ({count} file(s) checked) against the store and the log")
    return 0


def _need_secret_key() -> None:
    """Comparing the store with the records needs the server's settings (``shield`` checks
    SECRET_KEY before any command that is not offline; this one is offline only with a
    package)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
    from django.conf import settings

    if not getattr(settings, "SECRET_KEY", ""):
        raise SystemExit(f"shield: {getattr(settings, 'SECRET_KEY_HELP', 'SECRET_KEY is not set')}")


def _verify_package(args) -> int:
    """Offline: the package and the log's public key, no database, no settings."""
    from shield.translog.note import NoteError, Verifier

    from .package_verify import verify

    path = Path(args.package)
    if not path.is_file():
        print(f"shield evidence verify: {path}: no such file", file=sys.stderr)
        return 2
    if not args.key:
        print(
            "shield evidence verify: give the log's verifier key (--key NAME+ID+KEY, or a "
            "file holding it): a package is checked against a key you hold, never its own",
            file=sys.stderr,
        )
        return 2
    try:
        text = Path(args.key).read_text().strip() if Path(args.key).is_file() else args.key
        key = Verifier.parse(text)
    except (NoteError, OSError) as exc:
        print(f"shield evidence verify: --key: {exc}", file=sys.stderr)
        return 2
    tsa_ca = None
    if args.tsa_ca:
        try:
            tsa_ca = args.tsa_ca.read_bytes()
        except OSError as exc:
            print(f"shield evidence verify: --tsa-ca: {exc}", file=sys.stderr)
            return 2
    report = verify(path, key, tsa_ca)
    label = path.name
    for note in report.notes:
        print(f"{label}: {note}")
    if not report.ok:
        for p in report.problems:
            print(f"{label}: BROKEN: {p}")
        print(f"{label}: REJECTED: {len(report.problems)} problem(s), {report.items} item(s)")
        return 1
    print(f"{label}: intact ({report.items} file(s) checked), proven by the signed log")
    return 0


def cmd_export(args) -> int:
    from shield.core.cli_support import ready

    ready("shield evidence export")
    from . import evidence, package_bag
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
    items, label = list(qs.distinct()), args.property or args.incident or ""
    try:
        if args.format == "zip":
            body, digest = build(user, items, label)
        else:
            body, digest, sealed = package_bag.build(user, items, label, args.format)
            print(f"the signed package inside: SHA-256 {sealed}")
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
