"""A witness of the log, run by anyone on their own machine (``shield log witness``): no
database, only the log's public address and key and the witness's own key.

It fetches the log's latest checkpoint, checks the log's signature, and, if it has
cosigned an earlier checkpoint, asks the log for a consistency proof from that one and
checks it (the log only grew). Then it cosigns the new checkpoint (C2SP tlog-cosignature)
and sends the cosignature to the log, which publishes it. What it cosigned last is kept in
its state file; a log that forked, shrank or rewrote its history is refused, and the
refusal names what was wrong (keep the two checkpoints: they are the proof).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from shield.translog import merkle
from shield.translog.note import (
    COSIGNATURE_V1,
    Note,
    NoteError,
    Signer,
    Verifier,
    open_checkpoint,
)

TIMEOUT = 30
MAX_BODY = 1 << 20


class WitnessError(Exception):
    pass


def _get(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read(MAX_BODY + 1)[:MAX_BODY]
    except urllib.error.HTTPError as exc:
        raise WitnessError(f"{url} answered {exc.code}: {exc.read(500).decode(errors='replace')}")
    except (urllib.error.URLError, OSError) as exc:
        raise WitnessError(f"cannot reach {url}: {exc}") from None


def witness_once(base: str, key_file: Path, log_key: str, state: Path | None = None) -> str:
    try:
        signer = Signer.parse(key_file.read_text().strip())
        log = Verifier.parse(log_key)
    except (OSError, NoteError) as exc:
        raise WitnessError(f"the keys: {exc}") from None
    if signer.key_type != COSIGNATURE_V1:
        raise WitnessError("the witness key is not a cosigning key: make one with --witness")
    base = base.rstrip("/")
    state = state or Path(f"witness-{log.name.replace('/', '_')}.json")
    note_text = _get(f"{base}/api/log/checkpoint").decode("utf-8", errors="replace")
    try:
        head, _signed = open_checkpoint(note_text, log)
    except NoteError as exc:
        raise WitnessError(f"the log's checkpoint does not verify: {exc}") from None

    seen = json.loads(state.read_text()) if state.exists() else None
    if seen is not None:
        old_size, old_root = int(seen["size"]), bytes.fromhex(seen["root"])
        if head.size < old_size:
            raise WitnessError(
                f"the log shrank: it showed {old_size} entries, now {head.size} "
                f"(kept: {state}, and the new checkpoint above)\n{note_text}"
            )
        query = urllib.parse.urlencode({"old": old_size, "new": head.size})
        answer = json.loads(_get(f"{base}/api/log/proof/consistency?{query}"))
        proof = [bytes.fromhex(h) for h in answer.get("proof", [])]
        try:
            merkle.verify_consistency(old_size, head.size, old_root, head.root, proof)
        except merkle.ProofError as exc:
            raise WitnessError(
                f"the log is not consistent with the checkpoint of {old_size} entries this "
                f"witness cosigned: {exc}\n{note_text}"
            ) from None

    timestamp = int(time.time())
    line = signer.signature_line(Note.parse(note_text).text, timestamp)
    cosigned = Note.parse(note_text).with_lines(line)
    request = urllib.request.Request(
        f"{base}/api/log/cosignatures",
        data=cosigned.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.loads(response.read(MAX_BODY) or b"{}")
    except urllib.error.HTTPError as exc:
        raise WitnessError(
            f"the log refused the cosignature ({exc.code}): {exc.read(500).decode(errors='replace')}"
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        raise WitnessError(f"cannot reach {base}: {exc}") from None
    except ValueError:
        answer = {}
    if signer.name not in {a.get("witness") for a in answer.get("accepted", [])}:
        # the log kept other witnesses' cosignatures already on the note, not this one
        raise WitnessError(
            f"the log did not keep this witness's cosignature: its key ({signer.verifier}) is "
            "not among the log's witnesses; ask the log to add it to SHIELD_LOG_WITNESSES"
        )
    state.write_text(
        json.dumps({"size": head.size, "root": head.root.hex(), "note": cosigned, "at": timestamp})
    )
    return f"cosigned {log.name} at {head.size} entries ({head.root.hex()[:16]}…)"
