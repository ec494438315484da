"""Checking an evidence package with nothing but the package and the log's public key: no
database, no settings (``shield evidence verify PACKAGE --key VKEY``). Pure Python over the
ZIP's bytes; every problem names the member, item or event and what is wrong.

What is checked, in order: the ZIP itself (no duplicate, unsafe or unlisted entries, none
missing); SHA256SUMS and the manifest's list of members; the hash in each file's name; the
log's signed checkpoint (with the key given, never one the package carries); that each
audit entry the package quotes is unchanged and in the signed log (inclusion proofs); that
the export recorded in the log names exactly the package's items; each item against its
receipt in the log (its SHA-256 and what was read from it on receipt); each item's chain
of custody, every event proven by the log and the chain ending with this package's export;
custody.csv against custody.json; and the timestamp tokens (with the authority's CA
certificate when given).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from shield.audit import chain
from shield.core.csvcells import csv_safe
from shield.translog import merkle
from shield.translog.note import NoteError, Verifier, open_checkpoint

from . import custodychain

FORMAT = "heritage-shield-evidence-package/2"
# The transparency log's leaf of an audit entry (shield.audit.transparency.LEAF_FORMAT; a
# test keeps the two the same).
LEAF_FORMAT = "shield-audit/v1\n{seq}\n{hash}\n"
REQUIRED = ("manifest.json", "SHA256SUMS", "custody.json", "log/checkpoint.txt", "log/entries.json")
UNLISTED = {"manifest.json", "manifest.json.tsr", "SHA256SUMS"}  # the manifest lists the rest
CSV_HEADER = [
    "item",
    "sha256",
    "seq",
    "action",
    "handler",
    "role",
    "state",
    "at",
    "stated_by",
    "stated_at",
    "to",
    "sha256_checked",
    "note",
    "hash",
]
_FILE_PATH = re.compile(r"files/([0-9a-f]{64})/[^/]+")
# What the manifest says of an item that its receipt in the log also holds.
RECEIPT_COMPARED = (
    "filename",
    "size",
    "media_type",
    "kind",
    "captured_at",
    "lat",
    "lon",
    "device",
    "metadata",
    "source_url",
    "collector",
)


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    items: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def custody_csv(items: list[dict], custody: dict) -> bytes:
    """The custody log for people (one row an event), written from custody.json."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for item in items:
        for e in custody.get(item["id"], []):
            row = [item["id"], item["sha256"], e.get("seq"), e.get("action"), e.get("handler")]
            row += [e.get(k) for k in ("role", "state", "at", "stated_by", "stated_at", "to")]
            row += [e.get("sha256_checked"), e.get("note"), e.get("hash")]
            writer.writerow(["" if c is None else csv_safe(c) for c in row])
    return buf.getvalue().encode()


def verify(source, key: Verifier | None, tsa_ca: bytes | None = None) -> Report:
    """Check the package in ``source`` (bytes or a path) against the log's key ``key``."""
    report = Report()
    try:
        zf = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except (zipfile.BadZipFile, OSError) as exc:
        report.problems.append(f"not a readable ZIP: {exc}")
        return report
    with zf:
        _Check(zf, key, tsa_ca, report).run()
    return report


class _Check:
    def __init__(self, zf: zipfile.ZipFile, key, tsa_ca, report: Report):
        self.zf, self.key, self.tsa_ca, self.report = zf, key, tsa_ca, report
        self.problem = report.problems.append
        self.note = report.notes.append
        self.entries: dict[int, dict] = {}
        self.proven: set[int] = set()

    def read(self, name: str) -> bytes:
        return self.zf.read(name)

    def run(self) -> None:
        names = self.zf.namelist()
        for name, count in sorted(Counter(names).items()):
            if count > 1:
                self.problem(f"{name}: appears {count} times in the ZIP (a duplicate entry)")
        for name in sorted(set(names)):
            path = PurePosixPath(name)
            if path.is_absolute() or ".." in path.parts or "\\" in name:
                self.problem(f"{name}: an unsafe path in the ZIP")
        self.names = set(names)
        missing = [r for r in REQUIRED if r not in self.names]
        for name in missing:
            self.problem(f"{name}: missing")
        if missing or any(c > 1 for c in Counter(names).values()):
            return
        self.sums()
        try:
            self.manifest = json.loads(self.read("manifest.json"))
            self.custody = json.loads(self.read("custody.json"))
            entries = json.loads(self.read("log/entries.json"))
        except ValueError as exc:
            self.problem(f"not JSON: {exc}")
            return
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            self.problem(f"manifest.json: not a package of the format {FORMAT}")
            return
        self.items = self.manifest.get("items") or []
        self.report.items = len(self.items)
        if not self.items:
            self.problem("manifest.json: lists no item")
        self.members()
        self.files()
        if self.checkpoint():
            self.log_entries(entries)
            self.export()
            for item in self.items:
                self.receipt(item)
                self.chain(item)
        if self.read("custody.csv") != custody_csv(self.items, self.custody):
            self.problem("custody.csv: does not match custody.json")
        self.timestamps()

    # ---- the ZIP's members ------------------------------------------------------------

    def sums(self) -> None:
        listed: dict[str, str] = {}
        text = self.read("SHA256SUMS").decode("utf-8", "replace")
        for n, line in enumerate(text.splitlines(), 1):
            digest, _, member = line.partition("  ")
            if not re.fullmatch(r"[0-9a-f]{64}", digest) or not member:
                self.problem(f"SHA256SUMS line {n}: not '<sha256>  <path>'")
                continue
            listed[member] = digest
        for member, digest in sorted(listed.items()):
            if member not in self.names:
                self.problem(f"{member}: listed in SHA256SUMS but missing")
            elif (actual := sha256(self.read(member))) != digest:
                self.problem(f"{member}: changed (SHA-256 {actual}, expected {digest})")
        for member in sorted(self.names - set(listed) - {"SHA256SUMS"}):
            self.problem(f"{member}: not listed in SHA256SUMS")

    def members(self) -> None:
        listed = self.manifest.get("members") or {}
        for member, digest in sorted(listed.items()):
            if member not in self.names:
                self.problem(f"{member}: in the manifest but missing")
            elif sha256(self.read(member)) != digest:
                self.problem(f"{member}: does not match its manifest hash {digest}")
        for member in sorted(self.names - set(listed) - UNLISTED):
            self.problem(f"{member}: an extra entry the manifest does not list (planted)")

    def files(self) -> None:
        used = set()
        for item in self.items:
            path = str(item.get("path", ""))
            used.add(path)
            found = _FILE_PATH.fullmatch(path)
            if found is None:
                self.problem(f"item {item.get('id')}: {path!r} is not files/<sha256>/<name>")
                continue
            if found.group(1) != item.get("sha256"):
                self.problem(f"{path}: the hash in its name is not the item's {item.get('sha256')}")
            if path in self.names and (actual := sha256(self.read(path))) != found.group(1):
                self.problem(f"{path}: its content hashes to {actual}, not the hash in its name")
        for member in sorted(n for n in self.names if n.startswith("files/") and n not in used):
            self.problem(f"{member}: a file no item of the manifest names (planted)")

    # ---- the log -------------------------------------------------------------------------

    def checkpoint(self) -> bool:
        if self.key is None:
            self.problem(
                "log/checkpoint.txt: not checked: give the log's verifier key (--key); the "
                "package's own copy (log/key.txt) proves nothing"
            )
            return False
        try:
            head, _signed = open_checkpoint(self.read("log/checkpoint.txt").decode(), self.key)
        except (NoteError, UnicodeDecodeError) as exc:
            self.problem(f"log/checkpoint.txt: {exc}")
            return False
        self.head = head
        self.note(f"signed checkpoint of {head.size} entries of {head.origin}")
        return True

    def log_entries(self, entries) -> None:
        for e in entries if isinstance(entries, list) else []:
            try:
                seq, body = int(e["seq"]), e["body"]
                if chain.link(e["prev_hash"], body) != e["hash"]:
                    self.problem(f"log/entries.json: audit entry {seq} does not match its hash")
                    continue
                leaf = merkle.leaf_hash(LEAF_FORMAT.format(seq=seq, hash=e["hash"]).encode())
                proof = [bytes.fromhex(h) for h in e["proof"]]
                merkle.verify_inclusion(seq - 1, self.head.size, leaf, proof, self.head.root)
            except (KeyError, TypeError, ValueError) as exc:
                what = exc if isinstance(exc, merkle.ProofError) else f"unreadable ({exc!r})"
                self.problem(f"log/entries.json: audit entry {e.get('seq')}: not in the "
                             f"signed log: {what}")  # fmt: skip
                continue
            self.entries[seq] = body
            self.proven.add(seq)

    def entry(self, seq, what: str) -> dict | None:
        if not isinstance(seq, int) or seq not in self.proven:
            self.problem(f"{what}: no audit entry proven in the signed log (seq {seq})")
            return None
        return self.entries[seq]

    def export(self) -> None:
        log = self.manifest.get("log") or {}
        body = self.entry(log.get("export_seq"), "the export of this package")
        if body is None:
            return
        package = self.manifest.get("package")
        if body.get("action") != "export_package" or body.get("target_id") != package:
            self.problem(f"the export entry in the log is not that of package {package}")
            return
        logged = {(i.get("id"), i.get("sha256")) for i in body["changes"].get("items", [])}
        held = {(i.get("id"), i.get("sha256")) for i in self.items}
        for item_id, sha in sorted(logged - held, key=str):
            self.problem(
                f"item {item_id} ({sha}): exported in the log but missing from the package"
            )
        for item_id, sha in sorted(held - logged, key=str):
            self.problem(f"item {item_id} ({sha}): in the package but not in its export in the log")

    def receipt(self, item: dict) -> None:
        where = f"item {item.get('id')} ({item.get('filename')})"
        body = self.entry(item.get("receipt_seq"), f"{where}: its receipt")
        if body is None:
            return
        if (body.get("action"), body.get("target_type"), body.get("target_id")) != (
            "create",
            "evidence",
            item.get("id"),
        ):
            self.problem(f"{where}: audit entry {item.get('receipt_seq')} is not its receipt")
            return
        received = body["changes"].get("sha256")
        if received != item.get("sha256"):
            self.problem(
                f"{where}: its file {item.get('sha256')} is not the one received "
                f"({received}, audit entry {item.get('receipt_seq')}): swapped or forged"
            )
        recorded = body["changes"].get("item")
        if not recorded:
            self.note(f"{where}: received before receipts held metadata; metadata not compared")
            return
        for name in RECEIPT_COMPARED:
            if name in recorded and item.get(name) != recorded[name]:
                self.problem(f"{where}: {name} edited: {item.get(name)!r} in the manifest, "
                             f"{recorded[name]!r} on receipt")  # fmt: skip

    def chain(self, item: dict) -> None:
        where = f"item {item.get('id')} ({item.get('filename')})"
        events = self.custody.get(item.get("id"), []) if isinstance(self.custody, dict) else []
        chained = [e for e in events if e.get("chained", True)]
        if len(chained) != len(events):
            self.note(f"{where}: {len(events) - len(chained)} custody event(s) recorded before "
                      "the chain: as stated, not proven")  # fmt: skip
        broken = custodychain.first_break(str(item.get("sha256")), chained)
        if broken:
            self.problem(f"{where}: {broken}")
        for e in chained:
            body = self.entry(e.get("audit_seq"), f"{where}: custody event {e.get('seq')}")
            if body is None:
                continue
            changes = body.get("changes", {})
            if (
                body.get("target_id") != item.get("id")
                or changes.get("custody_hash") != e.get("hash")
                or changes.get("custody_seq") != e.get("seq")
            ):
                self.problem(
                    f"{where}: custody event {e.get('seq')} ({e.get('action')}) is not the one "
                    f"audit entry {e.get('audit_seq')} recorded: forged"
                )
        last = chained[-1] if chained else {}
        if (last.get("action"), last.get("reference")) != (
            "exported",
            self.manifest.get("package"),
        ):
            self.problem(
                f"{where}: its chain of custody does not end with this package's export: "
                "events were dropped"
            )

    # ---- trusted time --------------------------------------------------------------------

    def timestamps(self) -> None:
        from shield.audit import timestamps

        for token_name, data_name in (
            ("manifest.json.tsr", "manifest.json"),
            ("log/checkpoint.tsr", "log/checkpoint.txt"),
        ):
            if token_name not in self.names:
                if token_name == "manifest.json.tsr":
                    self.note("no trusted time: the package carries no timestamp token")
                continue
            answer, data = self.read(token_name), self.read(data_name)
            if self.tsa_ca is None:
                self.check_imprint(token_name, data_name, answer, data)
                continue
            try:
                token = timestamps.check(answer, data, self.tsa_ca)
            except timestamps.TimestampProblem as exc:
                self.problem(f"{token_name}: {exc}")
                continue
            self.note(
                f"{data_name}: trusted time {token.gen_time.isoformat()} from {token.authority}"
            )

    def check_imprint(self, token_name, data_name, answer, data) -> None:
        from shield.audit import timestamps

        try:
            covers = timestamps.covers(answer, data)
        except ValueError as exc:
            self.problem(f"{token_name}: not a timestamp token: {exc}")
            return
        if not covers:
            self.problem(f"{token_name}: the token is over other data, not {data_name}")
            return
        self.note(
            f"{data_name}: timestamp token dated {timestamps.gen_time(answer).isoformat()}, "
            "its authority not checked: give the authority's CA certificate (--tsa-ca)"
        )
