"""The ``shield`` command: demo, migrate, serve, import, export, worker, tokens, audit, and Django's commands."""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

from shield.core.cli_support import ProgressBar as _Bar
from shield.core.cli_support import migrate as _migrate
from shield.core.cli_support import ready as _ready
from shield.core.cli_support import setup as _setup
from shield.core.cli_support import system_user as _system_user
from shield.core.cli_support import unapplied_migrations
from shield.core.cli_support import user_named as _user


def cmd_demo(args) -> int:
    _setup()
    from shield.demo.loader import DEMO_LOGINS, load_demo

    _migrate()
    summary = load_demo(progress=True)
    print(summary)
    print(_demo_checkpoint())
    if args.load_only:
        return 0
    url = f"http://{args.host}:{args.port}"
    print(f"\nHeritage Shield is serving the demo at {url}/")
    print(f"  API: {url}/api/  (docs at {url}/api/docs, schema at {url}/api/openapi.json)")
    print("  Demo logins (user / password / role):")
    for user, password, role in DEMO_LOGINS:
        print(f"    {user:<12} {password:<18} {role}")
    print("Press Ctrl+C to stop.", flush=True)
    from shield.jobs.worker import start_thread

    start_thread()  # big API imports and exports are jobs: run them beside the server
    return _serve(args.host, args.port)


def _demo_checkpoint() -> str:
    """The demo's transparency log: a key of its own beside the database, a signed checkpoint
    of the loaded log, cosigned by a demo witness (synthetic, named so)."""
    from shield.audit import transparency

    transparency.ensure_demo_key(Path.cwd())
    witness = transparency.ensure_demo_witness(Path.cwd())
    checkpoint = transparency.issue_checkpoint()
    transparency.cosign_locally(checkpoint, witness)
    return (
        f"Transparency log: checkpoint of {checkpoint.size} audit entries signed by "
        f"{transparency.log_verifier()} and cosigned by the demo witness {witness.name}"
    )


def _serve(host: str, port: int) -> int:
    from django.core.management import call_command

    call_command(
        "runserver", f"{host}:{port}", use_reloader=False, use_threading=True, skip_checks=True
    )
    return 0


def cmd_migrate(args) -> int:
    """Bring the database's schema up to date (the one command, with ``demo``, that may)."""
    _setup()
    pending = unapplied_migrations()
    if args.check:
        if pending:
            print(f"shield migrate: {len(pending)} migration(s) not applied: {', '.join(pending)}")
            return 1
        print("shield migrate: the database is up to date")
        return 0
    _migrate(verbosity=1 if args.verbose else 0)
    print(
        f"shield migrate: applied {len(pending)} migration(s); the database is up to date"
        if pending
        else "shield migrate: the database was already up to date"
    )
    return 0


def cmd_serve(args) -> int:
    _ready("shield serve")
    return _serve(args.host, args.port)


def cmd_import(args) -> int:
    _ready("shield import")
    from shield.registry.transfer import ImportFailed, import_bytes

    path = Path(args.file)
    if not path.is_file():
        print(f"shield import: {path}: no such file", file=sys.stderr)
        return 2
    from shield.registry.bigimport import exclusive

    bar = _Bar()
    try:
        with exclusive() if args.exclusive else nullcontext():
            result = import_bytes(
                _user(args.user) or _system_user(),
                path.read_bytes(),
                path.name,
                dry_run=args.dry_run,
                progress=bar,
                phase=bar.phase,
            )
    except ImportFailed as exc:
        bar.close()
        print(f"shield import: {path.name}: {exc}", file=sys.stderr)
        return 1
    bar.close()
    verb = "would import" if args.dry_run else "imported"
    print(
        f"{path.name}: {verb} {result.total} rows: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged (sha256 {result.sha256[:16]}…)"
        + (f"; rows cleaned by {result.workers} worker processes" if result.workers else "")
        + (f"; audit entry {result.audit_entry}" if result.audit_entry else "")
    )
    return 0


def cmd_export(args) -> int:
    _ready("shield export")
    from django.contrib.auth.models import AnonymousUser

    from shield.registry.disclosure import visible_to
    from shield.registry.transfer import write_csv, write_geojson

    user = _user(args.user) or AnonymousUser()
    qs = visible_to(user)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    bar = _Bar()
    bar.phase("exporting", qs.count())
    try:
        if args.format == "geojson":
            write_geojson(user, qs, out, progress=bar)
        elif args.format == "linked-art":
            from shield.linkedart.lines import write_linked_art

            write_linked_art(user, qs, out, args.base_url, progress=bar)
        else:
            write_csv(user, qs, out, progress=bar)
    finally:
        bar.close()
        if args.output:
            out.close()
    return 0


def cmd_worker(args) -> int:
    _ready("shield worker")
    from shield.jobs.worker import run_pending, serve_forever

    if args.once:
        run_pending()
        return 0
    print("shield worker: running jobs as they are queued; Ctrl+C to stop.", flush=True)
    serve_forever(interval=args.interval)
    return 0


def cmd_token(args) -> int:
    _ready("shield token")
    from shield.accounts.models import ApiToken

    token, raw = ApiToken.issue(_user(args.username), args.name)
    print(raw)
    return 0


def cmd_audit(args) -> int:
    _ready("shield audit verify")
    from shield.audit import transparency
    from shield.registry.provenance import first_mismatch

    report = transparency.verify()  # the chain, and every checkpoint the log signed
    count = report.checked
    if not report.ok:
        for problem in report.problems:
            print(f"audit log: {problem}")
        print(f"audit log: NOT intact ({count} entries checked)")
        return 1
    mismatch = first_mismatch()
    if mismatch:
        print(
            f"audit log: intact ({count} entries), but the records of an import do not match it: {mismatch[1]}"
        )
        return 1
    print(f"audit log: intact ({count} entries; every import's records match it)")
    return 0


def cmd_manage(args) -> int:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["shield manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="shield", description="Heritage Shield: cultural property in armed conflict."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="load the demo data and serve the web application")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--load-only", action="store_true", help="load the demo data and exit")
    demo.set_defaults(func=cmd_demo)

    mig = sub.add_parser(
        "migrate",
        help="bring the database's schema up to date (no other command changes it, except demo)",
    )
    mig.add_argument(
        "--check",
        action="store_true",
        help="only say whether migrations are pending (exit 1 if so)",
    )
    mig.add_argument("--verbose", "-v", action="store_true", help="name each migration applied")
    mig.set_defaults(func=cmd_migrate)

    serve = sub.add_parser("serve", help="serve the web application on the configured database")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.set_defaults(func=cmd_serve)

    imp = sub.add_parser(
        "import", help="import a CSV or GeoJSON file into the registry, all or nothing"
    )
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="validate and count; write nothing")
    imp.add_argument("--user", help="act as this user (default: the local administrator 'system')")
    imp.add_argument(
        "--exclusive",
        action="store_true",
        help="a big file in one transaction: faster, but every other write waits until it ends "
        "(for a database nobody else is writing to)",
    )
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser(
        "export", help="export the registry as CSV, GeoJSON or Linked Art (JSON-LD lines)"
    )
    exp.add_argument("--format", choices=["csv", "geojson", "linked-art"], default="csv")
    exp.add_argument(
        "--base-url",
        default="http://localhost:8000/",
        help="linked-art: the site's address, which the records' ids start with",
    )
    exp.add_argument("--output", "-o", help="file to write (default: standard output)")
    exp.add_argument("--user", help="export what this user may see (default: the public view)")
    exp.set_defaults(func=cmd_export)

    work = sub.add_parser(
        "worker", help="run the jobs (big API imports and exports) as they are queued"
    )
    work.add_argument("--once", action="store_true", help="run what is queued, then exit")
    work.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks at an empty queue"
    )
    work.set_defaults(func=cmd_worker)

    tok = sub.add_parser("token", help="issue an API token for a user (printed once)")
    tok.add_argument("username")
    tok.add_argument("--name", default="script")
    tok.set_defaults(func=cmd_token)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain of the whole log and the records each import created"
    )
    verify.set_defaults(func=cmd_audit)

    manage = sub.add_parser(
        "manage", help="run a Django management command (migrate, createsuperuser, ...)"
    )
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    for extra in _extensions():
        extra(sub)
    return parser


def _extensions():
    """Sub-commands contributed by apps (each app's ``cli.register(subparsers)``)."""
    import importlib

    for module in (
        "shield.parties.cli",
        "shield.listing.cli",
        "shield.monitoring.cli",
        "shield.monitoring.fieldforms_cli",
        "shield.audit.cli",
        "shield.provenance.cli",
        "shield.screening.cli",
        "shield.fund.cli",
        "shield.market.cli",
    ):
        try:
            yield importlib.import_module(module).register
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "offline", False):  # a witness or a key maker needs no server key
        _secret_key(demo=args.command == "demo")
    try:
        return args.func(args) or 0
    except BrokenPipeError:  # e.g. piped into `head`
        sys.stderr.close()
        return 0


def _secret_key(demo: bool) -> None:
    """Refuse to start without a SECRET_KEY, saying how to make one (settings.SECRET_KEY_HELP);
    ``shield demo`` makes a development key and keeps it beside its database, where the other
    commands run on the demo's database find it (DEMO_SECRET_FILE)."""
    import os
    import secrets

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
    try:
        if settings.SECRET_KEY:
            return
    except ImproperlyConfigured:  # Django's word for an empty key
        pass
    database = settings.DATABASES["default"]
    folder = Path(str(database["NAME"])).parent if "sqlite" in database["ENGINE"] else None
    key_file = (folder or Path.cwd()) / DEMO_SECRET_FILE
    beside_demo = folder is not None and key_file.is_file()
    if not demo and not beside_demo:
        raise SystemExit(f"shield: {getattr(settings, 'SECRET_KEY_HELP', 'SECRET_KEY is not set')}")
    if not key_file.is_file():
        key_file.write_text(secrets.token_urlsafe(50) + "\n")
        key_file.chmod(0o600)
    settings.SECRET_KEY = key_file.read_text().strip()


# ``shield demo`` keeps its development key beside the demo database, so that its sessions and
# certificates outlive a restart and the other commands on the demo's database share it: the key
# is read only beside an SQLite database file, never for a database server.
DEMO_SECRET_FILE = "shield-demo-secret.key"


if __name__ == "__main__":
    sys.exit(main())
