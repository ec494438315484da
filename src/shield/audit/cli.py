"""``shield log``: the audit log as a transparency log (``shield.audit.transparency``).

    shield log keygen --origin NAME [--witness]   a signing key (offline; printed once)
    shield log checkpoint                          sign the log's head now
    shield log show                                the latest checkpoint, with cosignatures
    shield log verify [--checkpoint FILE] [--key VKEY]
    shield log prove inclusion SEQ [--size N] | consistency OLD [--new N]
    shield log witness URL --key FILE --log-key VKEY [--state FILE]   (offline)

``keygen`` and ``witness`` need no database and no SECRET_KEY: a witness runs on its own
machine, fetches the log's checkpoint over HTTP, checks it is consistent with the last one
it cosigned, cosigns it and sends the cosignature back.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from shield.core.cli_support import ready


def register(sub) -> None:
    p = sub.add_parser(
        "log", help="the audit log as a transparency log: checkpoints, proofs, witnesses"
    )
    lsub = p.add_subparsers(dest="log_command", required=True)

    keygen = lsub.add_parser("keygen", help="make a signing key for the log or for a witness")
    keygen.add_argument("--origin", required=True, help="the log's (or witness's) name")
    keygen.add_argument("--witness", action="store_true", help="a witness's cosigning key")
    keygen.add_argument("--out", type=Path, help="write the signer key to this file (mode 600)")
    keygen.set_defaults(func=cmd_keygen, offline=True)

    cp = lsub.add_parser("checkpoint", help="sign the log's current head")
    cp.set_defaults(func=cmd_checkpoint)

    show = lsub.add_parser("show", help="print the latest checkpoint with its cosignatures")
    show.set_defaults(func=cmd_show)

    ver = lsub.add_parser(
        "verify", help="check the log against its checkpoints (and one kept elsewhere)"
    )
    ver.add_argument("--checkpoint", type=Path, help="a signed checkpoint kept outside the log")
    ver.add_argument("--key", help="the log's verifier key (default: the configured one)")
    ver.set_defaults(func=cmd_verify)

    prove = lsub.add_parser("prove", help="an inclusion or a consistency proof")
    psub = prove.add_subparsers(dest="proof", required=True)
    inc = psub.add_parser("inclusion", help="that an audit entry is in the log")
    inc.add_argument("seq", type=int)
    inc.add_argument("--size", type=int)
    inc.set_defaults(func=cmd_prove)
    con = psub.add_parser("consistency", help="that the log of OLD entries grew into today's")
    con.add_argument("old", type=int)
    con.add_argument("--new", type=int)
    con.set_defaults(func=cmd_prove)

    wit = lsub.add_parser("witness", help="witness a log: check it only grew, cosign its head")
    wit.add_argument("url", help="the log's address, e.g. https://shield.example.org")
    wit.add_argument("--key", type=Path, required=True, help="the witness's signer key file")
    wit.add_argument("--log-key", required=True, help="the log's verifier key")
    wit.add_argument(
        "--state", type=Path, help="where the witness keeps the last checkpoint it cosigned"
    )
    wit.set_defaults(func=cmd_witness, offline=True)


def cmd_keygen(args) -> int:
    from shield.translog.note import COSIGNATURE_V1, ED25519, NoteError, Signer

    try:
        signer = Signer.generate(args.origin, COSIGNATURE_V1 if args.witness else ED25519)
    except NoteError as exc:
        print(f"shield log keygen: {exc}", file=sys.stderr)
        return 2
    if args.out:
        args.out.write_text(signer.skey() + "\n")
        args.out.chmod(0o600)
        print(f"signer key written to {args.out} (keep it secret)")
    else:
        print(f"signer key (keep it secret): {signer.skey()}")
    print(f"verifier key (publish it):   {signer.verifier}")
    return 0


def cmd_checkpoint(args) -> int:
    ready("shield log checkpoint")
    from . import transparency

    try:
        checkpoint = transparency.issue_checkpoint()
    except transparency.LogProblem as exc:
        print(f"shield log checkpoint: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(transparency.published(checkpoint))
    print(f"shield log checkpoint: {getattr(checkpoint, 'trusted_time', '')}", file=sys.stderr)
    return 0


def cmd_show(args) -> int:
    ready("shield log show")
    from . import transparency

    checkpoint = transparency.latest()
    if checkpoint is None:
        print("no checkpoint yet: `shield log checkpoint` signs the first", file=sys.stderr)
        return 1
    sys.stdout.write(transparency.published(checkpoint))
    return 0


def cmd_verify(args) -> int:
    ready("shield log verify")
    from shield.translog.note import NoteError, Verifier

    from . import transparency

    key = None
    if args.key:
        try:
            key = Verifier.parse(args.key)
        except NoteError as exc:
            print(f"shield log verify: --key: {exc}", file=sys.stderr)
            return 2
    external = None
    if args.checkpoint:
        try:
            external = args.checkpoint.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"shield log verify: cannot read {args.checkpoint}: {exc}", file=sys.stderr)
            return 2
    report = transparency.verify(external, key)
    for note in report.notes:
        print(note)
    if not report.ok:
        for problem in report.problems:
            print(f"TAMPERED: {problem}")
        print(f"audit log: NOT intact ({report.checked} entries checked)")
        return 1
    print(f"audit log: intact ({report.checked} entries; consistent with every checkpoint)")
    return 0


def cmd_prove(args) -> int:
    ready("shield log prove")
    from . import transparency

    try:
        if args.proof == "inclusion":
            p = transparency.inclusion(args.seq, args.size)
            out = {
                "seq": p.seq,
                "tree_size": p.tree_size,
                "leaf_hash": p.leaf_hash.hex(),
                "proof": [h.hex() for h in p.path],
                "root": p.root.hex(),
            }
        else:
            old, new, proof, old_root, new_root = transparency.consistency(args.old, args.new)
            out = {
                "old_size": old,
                "new_size": new,
                "proof": [h.hex() for h in proof],
                "old_root": old_root.hex(),
                "new_root": new_root.hex(),
            }
    except transparency.LogProblem as exc:
        print(f"shield log prove: {exc}", file=sys.stderr)
        return 1
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


# ---- the witness (no database) --------------------------------------------------------------


def cmd_witness(args) -> int:
    from .witness import WitnessError, witness_once

    try:
        said = witness_once(args.url, args.key, args.log_key, args.state)
    except WitnessError as exc:
        print(f"shield log witness: {exc}", file=sys.stderr)
        return 1
    print(said)
    return 0
