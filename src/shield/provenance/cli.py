"""`shield check`, `shield certificate verify|key|keygen`, `shield stolen report|status|import|export`."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(sub) -> None:
    chk = sub.add_parser(
        "check",
        help="due diligence: check an object against the register of stolen and missing "
        "objects; prints the candidates with their reasons and writes a signed certificate",
    )
    for flag, help_text in (
        ("--type", "object type (e.g. icon)"),
        ("--title", "title or name"),
        ("--maker", "maker, artist or workshop"),
        ("--date", "date or period (e.g. 'c. 1750', '18th century')"),
        ("--materials", "materials and techniques"),
        ("--measurements", "e.g. 'height 32 cm; width 24.5 cm'"),
        ("--inscriptions", "inscriptions and markings"),
        ("--features", "distinguishing features"),
    ):
        chk.add_argument(flag, default="", help=help_text)
    chk.add_argument(
        "--photo",
        action="append",
        default=[],
        metavar="FILE",
        help="a photograph of the object (repeat for more, at most five); the certificate "
        "records its hashes",
    )
    chk.add_argument("--certificate", "-o", help="write the certificate to this file")
    chk.add_argument("--user", help="check as this user (default: anonymous)")
    chk.set_defaults(func=cmd_check)

    cert = sub.add_parser("certificate", help="search and export certificates")
    csub = cert.add_subparsers(dest="certificate_command", required=True)
    ver = csub.add_parser(
        "verify", help="check a certificate file offline: any altered byte is refused"
    )
    ver.add_argument("file")
    ver.add_argument(
        "--key",
        help="the issuer's verifier key (NAME+ID+KEY, or a file holding it); "
        "default: this installation's",
    )
    ver.set_defaults(func=cmd_verify, offline=True)
    key = csub.add_parser("key", help="print this installation's verifier key (to give out)")
    key.set_defaults(func=cmd_key)
    gen = csub.add_parser("keygen", help="make a signer key for SHIELD_CERT_KEY")
    gen.add_argument("--name", default="heritage-shield/certificates")
    gen.set_defaults(func=cmd_keygen, offline=True)

    stolen = sub.add_parser("stolen", help="the register of stolen, looted and missing objects")
    ssub = stolen.add_subparsers(dest="stolen_command", required=True)
    rep = ssub.add_parser("report", help="report a loss from a JSON object (the API's fields)")
    rep.add_argument("file")
    rep.add_argument("--user", help="act as this user (default: the local administrator)")
    rep.set_defaults(func=cmd_report)
    st = ssub.add_parser("status", help="change an entry's status")
    st.add_argument("number")
    st.add_argument("status", choices=["reported", "circulated", "recovered", "returned"])
    st.add_argument("--note", default="")
    st.add_argument("--user")
    st.set_defaults(func=cmd_status)
    imp = ssub.add_parser("import", help="import entries, all or nothing")
    imp.add_argument("file")
    imp.add_argument("--format", choices=["json", "csv", "interpol"], default="json")
    imp.add_argument("--user")
    imp.set_defaults(func=cmd_import)
    ph = ssub.add_parser("photo", help="add a photograph to an entry (its hashes computed)")
    ph.add_argument("number")
    ph.add_argument("file")
    ph.add_argument("--caption", default="")
    ph.add_argument("--user", help="act as this user (default: the local administrator)")
    ph.set_defaults(func=cmd_photo)
    exp = ssub.add_parser("export", help="export the register")
    exp.add_argument("--format", choices=["json", "csv", "interpol"], default="json")
    exp.add_argument("--output", "-o", help="the file to write (default: standard output)")
    exp.add_argument("--user")
    exp.set_defaults(func=cmd_export)


def _ready(command: str):
    from shield.core.cli_support import ready

    ready(command)


def _errors(exc) -> int:
    from shield.core.errors import NotAllowed, RecordInvalid

    if isinstance(exc, RecordInvalid):
        for e in exc.errors:
            print(f"shield: {e.field}: {e.message}", file=sys.stderr)
        return 1
    if isinstance(exc, NotAllowed):
        print(f"shield: not allowed: {exc}", file=sys.stderr)
        return 1
    raise exc


def cmd_check(args) -> int:
    _ready("shield check")
    from django.contrib.auth.models import AnonymousUser

    from shield.core.cli_support import user_named
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import check

    data = {
        "object_type": args.type,
        "title": args.title,
        "maker": args.maker,
        "date_period": args.date,
        "materials_techniques": args.materials,
        "measurements": args.measurements,
        "inscriptions_markings": args.inscriptions,
        "distinguishing_features": args.features,
    }
    data = {k: v for k, v in data.items() if v}
    user = user_named(args.user) or AnonymousUser()
    shots = []
    for name in args.photo:
        try:
            shots.append((name, Path(name).read_bytes()))
        except OSError as exc:
            print(f"shield: --photo {name}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    try:
        cert, found = check.run(user, data, photographs=shots)
    except (RecordInvalid, NotAllowed) as exc:
        return _errors(exc)
    print(
        f"{len(found)} candidate(s) in the register (version {cert.register_version[:16]}…, "
        f"{cert.register_size} entries)"
    )
    for f in found:
        e = f.entry
        print(f"  {e.number}  score {f.score:5.1f}  {e.status:<10} {e.display()}")
        if f.image is not None:
            print(
                f"      {'photograph':<13} {f.image.outcome:<8} {f.image.score:5.1f}  "
                f"photo {f.image.query + 1} / {f.image.bits:g} of 64 bits apart"
            )
        for r in f.candidate.reasons:
            print(f"      {r.field:<13} {r.outcome:<8} {r.score:5.1f}  {r.query!r} / {r.record!r}")
    if args.certificate:
        Path(args.certificate).write_text(cert.note)
        print(f"certificate {cert.number} written to {args.certificate}")
    else:
        print(f"certificate {cert.number}:\n{cert.note}", end="")
    return 0


def cmd_verify(args) -> int:
    from shield.translog.note import NoteError, Verifier

    from . import certificates

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"shield certificate verify: {exc}", file=sys.stderr)
        return 2
    try:
        if args.key:
            text = Path(args.key).read_text().strip() if Path(args.key).is_file() else args.key
            key = Verifier.parse(text)
        else:
            import os

            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shield.config.settings")
            key = certificates.verifier()
    except (NoteError, OSError, certificates.CertificateProblem) as exc:
        print(f"shield certificate verify: --key: {exc}", file=sys.stderr)
        return 2
    try:
        checked = certificates.verify(data, key)
    except certificates.CertificateProblem as exc:
        print(f"{path.name}: REFUSED: {exc}")
        return 1
    f = checked.fields
    what = "search certificate" if checked.kind == certificates.SEARCH else "export certificate"
    print(f"{path.name}: VALID {what} {f.get('number')}, signed by {checked.key}")
    for k in ("issued_at", "asked_by", "register_version", "register_size", "issued_on", "object"):
        if k in f:
            print(f"  {k}: {f[k]}")
    if "result" in f:
        print(f"  candidates: {json.dumps(f['result'].get('candidates'), ensure_ascii=False)}")
    return 0


def cmd_key(args) -> int:
    from . import certificates

    print(certificates.verifier())
    return 0


def cmd_keygen(args) -> int:
    from shield.translog.note import NoteError, Signer

    try:
        key = Signer.generate(args.name)
    except NoteError as exc:
        print(f"shield certificate keygen: --name: {exc}", file=sys.stderr)
        return 2
    print(key.skey())
    print(f"verifier key (give it out): {key.verifier}", file=sys.stderr)
    return 0


def _user(name):
    from shield.core.cli_support import acting_user

    return acting_user(name)


def cmd_report(args) -> int:
    _ready("shield stolen report")
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import register

    try:
        data = json.loads(Path(args.file).read_text())
    except (OSError, json.JSONDecodeError) as exc:
        print(f"shield stolen report: {args.file}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(data, dict):
        print(f"shield stolen report: {args.file}: not a JSON object", file=sys.stderr)
        return 2
    try:
        entry = register.report(_user(args.user), data)
    except (RecordInvalid, NotAllowed) as exc:
        return _errors(exc)
    print(f"reported: {entry.number} {entry.display()}")
    return 0


def cmd_status(args) -> int:
    _ready("shield stolen status")
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import register

    entry = register.find(args.number)
    if entry is None:
        print(f"shield stolen status: no entry {args.number!r}", file=sys.stderr)
        return 1
    try:
        register.set_status(_user(args.user), entry, args.status, args.note)
    except (RecordInvalid, NotAllowed) as exc:
        return _errors(exc)
    print(f"{entry.number}: {entry.status}")
    return 0


def cmd_import(args) -> int:
    _ready("shield stolen import")
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import interchange

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"shield stolen import: {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        counts = interchange.import_register(text, args.format, _user(args.user))
    except (RecordInvalid, NotAllowed) as exc:
        return _errors(exc)
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_export(args) -> int:
    _ready("shield stolen export")
    from . import interchange

    text = interchange.export(args.format, _user(args.user))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def cmd_photo(args) -> int:
    _ready("shield stolen photo")
    from shield.core.errors import NotAllowed, RecordInvalid

    from . import photos, register

    entry = register.find(args.number)
    if entry is None:
        print(f"shield: no register entry {args.number!r}", file=sys.stderr)
        return 1
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"shield: {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        p = photos.add(_user(args.user), entry, (args.file, data), args.caption)
    except (RecordInvalid, NotAllowed) as exc:
        return _errors(exc)
    print(f"photograph {p.pk} of {entry.number}: sha256 {p.sha256} phash {p.phash} dhash {p.dhash}")
    return 0
