"""The audit log as a transparency log (RFC 9162's design, ``shield.translog``).

Every audit entry is a leaf of a Merkle tree, in ``seq`` order; the leaf binds the entry's
number and its chain hash, which covers its content and every entry before it. The log
signs its head as a checkpoint (C2SP format) with its own Ed25519 key; witnesses (a Party,
an NGO) fetch checkpoints, check that each is consistent with the last one they saw, and
cosign it; cosignatures are published beside the log's signature. Whoever keeps a
checkpoint can later prove that the log only grew since (``verify``): a cut tail, an
emptied log, a rewritten or recomputed chain all change the root of the first ``size``
entries, which the checkpoint's signature fixes.

Keys: ``SHIELD_LOG_KEY`` (a signer key, ``PRIVATE+KEY+<origin>+...``) or
``SHIELD_LOG_KEY_FILE`` (a file holding one); ``shield log keygen`` makes one. The key's
name is the log's origin; with neither, the key ``shield demo`` left in the working directory
(``shield-log.key``), if any. ``SHIELD_LOG_WITNESSES``: the verifier keys of the witnesses
whose cosignatures the log accepts (comma- or newline-separated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shield.translog import merkle
from shield.translog.note import (
    COSIGNATURE_V1,
    Note,
    NoteError,
    Signer,
    Verifier,
    open_checkpoint,
    sign,
)
from shield.translog.note import (
    Checkpoint as Head,
)

from . import log
from .models import AuditEntry, Checkpoint, Cosignature

LEAF_FORMAT = "shield-audit/v1\n{seq}\n{hash}\n"
DEMO_KEY_FILE = "shield-log.key"  # where ``shield demo`` keeps its log key


class LogProblem(Exception):
    """The log cannot do what was asked (no key, a bad proof request, a log that no longer
    matches its own checkpoint); the message says what and where."""


def leaf_of(seq: int, chain_hash: str) -> bytes:
    return merkle.leaf_hash(LEAF_FORMAT.format(seq=seq, hash=chain_hash).encode())


def load_tree() -> merkle.Tree:
    """The tree over every audit entry, in order. Raises ``LogProblem`` at a gap in the
    numbering (an entry deleted from the middle)."""
    leaves = []
    for i, (seq, chain_hash) in enumerate(
        AuditEntry.objects.order_by("seq").values_list("seq", "hash").iterator(chunk_size=10_000)
    ):
        if seq != i + 1:
            raise LogProblem(f"audit entry {i + 1} is missing (the next present is {seq})")
        leaves.append(leaf_of(seq, chain_hash))
    return merkle.Tree(leaves)


# ---- keys ---------------------------------------------------------------------------------


def log_signer() -> Signer:
    text = getattr(settings, "SHIELD_LOG_KEY", "") or ""
    path = getattr(settings, "SHIELD_LOG_KEY_FILE", None) or (
        DEMO_KEY_FILE if Path(DEMO_KEY_FILE).is_file() else None
    )  # the key `shield demo` made beside its database, in the working directory
    if not text and path and Path(path).is_file():
        text = Path(path).read_text().strip()
    if not text:
        raise LogProblem(
            "the log has no signing key: make one with `shield log keygen --origin NAME` and "
            "set SHIELD_LOG_KEY (or SHIELD_LOG_KEY_FILE) to it"
        )
    try:
        return Signer.parse(text)
    except NoteError as exc:
        raise LogProblem(f"SHIELD_LOG_KEY is not a signer key: {exc}") from None


def log_verifier() -> Verifier:
    return log_signer().verifier


def witness_keys() -> tuple[Verifier, ...]:
    raw = getattr(settings, "SHIELD_LOG_WITNESSES", "") or ""
    keys = []
    for part in raw.replace(",", "\n").splitlines():
        if part.strip():
            try:
                keys.append(Verifier.parse(part))
            except NoteError as exc:
                raise LogProblem(f"SHIELD_LOG_WITNESSES holds a bad key ({part.strip()}): {exc}")
    return tuple(k for k in keys if k.key_type == COSIGNATURE_V1)


def ensure_demo_key(folder: Path, origin: str = "heritage-shield.demo/audit-log") -> None:
    """``shield demo``: a log key of its own, kept beside the demo database (never for
    production, where the key is set explicitly)."""
    if getattr(settings, "SHIELD_LOG_KEY", "") or getattr(settings, "SHIELD_LOG_KEY_FILE", None):
        if log_signer_or_none() is not None:
            return
    path = folder / DEMO_KEY_FILE
    if not path.exists():
        path.write_text(Signer.generate(origin).skey() + "\n")
        path.chmod(0o600)
    settings.SHIELD_LOG_KEY_FILE = path


def ensure_demo_witness(folder: Path) -> Signer:
    """``shield demo``: a witness of its own (synthetic: it runs in the demo's process, where
    a real witness runs on a Party's or an NGO's machine), known to the log."""
    path = folder / "shield-witness.key"
    if not path.exists():
        path.write_text(Signer.generate("demo-witness.synthetic", COSIGNATURE_V1).skey() + "\n")
        path.chmod(0o600)
    witness = Signer.parse(path.read_text().strip())
    known = getattr(settings, "SHIELD_LOG_WITNESSES", "") or ""
    if str(witness.verifier) not in known:
        settings.SHIELD_LOG_WITNESSES = f"{known}\n{witness.verifier}".strip()
    return witness


def cosign_locally(checkpoint: Checkpoint, witness: Signer) -> list[Cosignature]:
    """What a witness does, done here (the demo): cosign the checkpoint and hand it in."""
    note = Note.parse(checkpoint.note)
    return accept_cosignatures(note.with_lines(witness.signature_line(note.text, unix_now())))


def log_signer_or_none() -> Signer | None:
    try:
        return log_signer()
    except LogProblem:
        return None


# ---- checkpoints --------------------------------------------------------------------------


def latest() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size", "-id").first()


def issue_checkpoint(user=None) -> Checkpoint:
    """Sign the log's current head. Refused when the log no longer holds what its last
    checkpoint signed (cut, emptied or rewritten): a log never signs over its own history.
    Then a trusted time for it from the configured timestamp authority (``timestamps``);
    what happened is in the checkpoint's ``trusted_time`` (words)."""
    from . import timestamps

    checkpoint = _sign_head(user)
    checkpoint.trusted_time = timestamps.stamp_checkpoint(checkpoint)  # type: ignore[attr-defined]
    return checkpoint


def _sign_head(user=None) -> Checkpoint:
    signer = log_signer()
    with transaction.atomic():
        log.lock_tail()  # no entry is appended while the head is read and signed
        tree = load_tree()
        size = len(tree.leaves)
        previous = latest()
        if previous is not None:
            problem = _against(previous.size, bytes.fromhex(previous.root), tree)
            if problem:
                raise LogProblem(f"the log no longer matches its checkpoint: {problem}")
            if previous.size == size or _only_its_own_entry_since(previous, size):
                return previous  # nothing new to sign
        root = tree.root()
        note = sign(Head(signer.name, size, root).text(), signer)
        checkpoint = Checkpoint.objects.create(
            size=size, root=root.hex(), note=note, signed_at=timezone.now()
        )
        log.record(
            user,
            "checkpoint",
            "audit.checkpoint",
            checkpoint.pk,
            {"size": size, "root": root.hex()},
            f"signed the head of the log at {size} entries",
        )
    return checkpoint


def _only_its_own_entry_since(previous: Checkpoint, size: int) -> bool:
    """Whether the entries since ``previous`` are only the records of issuing it and of its
    trusted time (signing again then would only add more such records, for ever)."""
    if not previous.size < size <= previous.size + 2:
        return False
    since = AuditEntry.objects.filter(seq__gt=previous.size).values_list(
        "action", "target_type", "target_id"
    )
    return all(
        action in ("checkpoint", "timestamp")
        and kind == "audit.checkpoint"
        and target == str(previous.pk)
        for action, kind, target in since
    )


def _against(size: int, root: bytes, tree: merkle.Tree) -> str:
    """What is wrong with the log held now, against a head of ``size`` entries with
    ``root`` (empty: nothing)."""
    held = len(tree.leaves)
    if size > held:
        if held == 0:
            return f"the log was emptied: a checkpoint signed {size} entries, none remain"
        return f"the log was cut: a checkpoint signed {size} entries, {held} remain"
    if tree.root(size) != root:
        return f"the first {size} entries were rewritten: their root is not the one signed"
    return ""


def published(checkpoint: Checkpoint) -> str:
    """The checkpoint with the log's signature and every accepted cosignature."""
    note = Note.parse(checkpoint.note)
    lines = [c.line for c in checkpoint.cosignatures.order_by("witness", "key_id")]
    return note.with_lines(*lines)


def accept_cosignatures(text: str) -> list[Cosignature]:
    """Store the cosignatures of known witnesses on a checkpoint the log issued. Refuses a
    checkpoint the log did not sign and a note with no cosignature of a known witness."""
    try:
        note = Note.parse(text)
        head = Head.parse(note.text)
    except NoteError as exc:
        raise LogProblem(f"not a cosigned checkpoint: {exc}") from None
    checkpoint = Checkpoint.objects.filter(size=head.size, root=head.root.hex()).first()
    if checkpoint is None or Note.parse(checkpoint.note).text != note.text:
        raise LogProblem(
            f"the log issued no checkpoint of {head.size} entries with that root: "
            "cosign a checkpoint fetched from this log"
        )
    witnesses = witness_keys()
    try:
        verified = note.verify(*witnesses)
    except NoteError as exc:
        raise LogProblem(str(exc)) from None
    if not verified:
        known = ", ".join(w.name for w in witnesses) or "none is configured"
        raise LogProblem(f"no cosignature of a witness this log knows ({known})")
    lines = {(s.name, s.key_id): s.line for s in note.signatures}
    stored = []
    with transaction.atomic():
        for v in verified:
            made, created = Cosignature.objects.get_or_create(
                checkpoint=checkpoint,
                witness=v.verifier.name,
                key_id=v.verifier.id.hex(),
                defaults={
                    "cosigned_at": v.timestamp or 0,
                    "line": lines[(v.verifier.name, v.verifier.id)],
                    "received_at": timezone.now(),
                },
            )
            if created:
                log.record(
                    None,
                    "cosign",
                    "audit.checkpoint",
                    checkpoint.pk,
                    {"witness": v.verifier.name, "cosigned_at": v.timestamp},
                    f"{v.verifier.name} cosigned the checkpoint of {checkpoint.size} entries",
                )
            stored.append(made)
    return stored


# ---- proofs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InclusionProof:
    seq: int
    tree_size: int
    leaf_hash: bytes
    path: list[bytes]
    root: bytes


def inclusion(seq: int, size: int | None = None) -> InclusionProof:
    tree = load_tree()
    size = len(tree.leaves) if size is None else size
    if not 1 <= seq <= size <= len(tree.leaves):
        raise LogProblem(
            f"entry {seq} is not in a tree of {size} entries (the log holds {len(tree.leaves)})"
        )
    return InclusionProof(
        seq, size, tree.leaves[seq - 1], tree.inclusion_proof(seq - 1, size), tree.root(size)
    )


def consistency(old: int, new: int | None = None) -> tuple[int, int, list[bytes], bytes, bytes]:
    """(old, new, proof, old root, new root)."""
    tree = load_tree()
    new = len(tree.leaves) if new is None else new
    if not 0 <= old <= new <= len(tree.leaves):
        raise LogProblem(
            f"no consistency proof from {old} to {new} entries (the log holds {len(tree.leaves)})"
        )
    return old, new, tree.consistency_proof(old, new), tree.root(old), tree.root(new)


# ---- verifying ----------------------------------------------------------------------------


@dataclass
class Report:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(external: str | None = None, key: Verifier | None = None) -> Report:
    """The log held now, against its hash chain, against every checkpoint it stored, and
    against ``external`` (a signed checkpoint kept elsewhere, e.g. one a witness cosigned),
    checked with ``key`` (default: the log's configured key)."""
    from .verify import verify_chain

    report = Report()
    problem, report.checked = verify_chain()
    if problem:
        report.problems.append(f"BROKEN at entry {problem[0]}: {problem[1]}")
    backdated = _first_backdated()
    if backdated:
        report.problems.append(backdated)
    from .timestamps import check_stored

    report.problems.extend(check_stored())
    try:
        tree = load_tree()
    except LogProblem as exc:
        report.problems.append(str(exc))
        return report
    if key is None:
        signer = log_signer_or_none()
        key = signer.verifier if signer is not None else None
    for stored in Checkpoint.objects.order_by("size", "id"):
        if key is not None:
            try:
                open_checkpoint(stored.note, key)
            except NoteError as exc:
                report.problems.append(f"stored checkpoint {stored.size}: {exc}")
                continue
        wrong = _against(stored.size, bytes.fromhex(stored.root), tree)
        if wrong:
            report.problems.append(f"against the stored checkpoint of {stored.size}: {wrong}")
    if external is not None:
        if key is None:
            report.problems.append("no key to check the checkpoint with: give --key")
            return report
        try:
            head, signed = open_checkpoint(external, key, witness_keys())
        except NoteError as exc:
            report.problems.append(f"the checkpoint given: {exc}")
            return report
        cosigners = [v.verifier.name for v in signed if v.timestamp is not None]
        wrong = _against(head.size, head.root, tree)
        if wrong:
            report.problems.append(f"against the checkpoint given ({head.size} entries): {wrong}")
        else:
            report.notes.append(
                f"the log holds the {head.size} entries of the checkpoint given, unchanged"
                + (f" (cosigned by {', '.join(cosigners)})" if cosigners else "")
                + f"; it has grown to {len(tree.leaves)}"
            )
    return report


def _first_backdated() -> str:
    """Entries are appended in time order: one dated before the entry it follows was written
    with a false date (log times must rise)."""
    previous = None
    for seq, at in (
        AuditEntry.objects.order_by("seq").values_list("seq", "at").iterator(chunk_size=10_000)
    ):
        if previous is not None and at < previous[1]:
            return (
                f"entry {seq} is dated {at.isoformat()}, before entry {previous[0]} "
                f"({previous[1].isoformat()}): backdated"
            )
        previous = (seq, at)
    return ""


def unix_now() -> int:
    return int(datetime.now(UTC).timestamp())
