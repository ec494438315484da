"""Signed notes, checkpoints and cosignatures in the C2SP formats (signed-note,
tlog-checkpoint, tlog-cosignature v1), so that any witness or verifier of that ecosystem can
read the log's heads, and ours can read theirs.

A note is text ending in a newline, then a blank line, then signature lines
``— <key name> <base64(key ID ‖ signature)>``. A key ID is the first four bytes of
SHA-256(name ‖ "\\n" ‖ type ‖ public key), type 0x01 for Ed25519 note signatures and 0x04
for Ed25519 cosignatures, whose signature covers ``cosignature/v1\\ntime <t>\\n`` and the
note text and carries the time ``t`` (Unix seconds, 8 bytes big-endian) after the key ID.
Keys are written as ``<name>+<key ID hex>+<base64(type ‖ public key)>`` (a verifier key)
and ``PRIVATE+KEY+<name>+<key ID hex>+<base64(0x01 ‖ seed)>`` (a signer key).

A checkpoint is the text ``<origin>\\n<tree size>\\n<base64 root>\\n`` and any extension
lines, signed by the log's key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
COSIGNATURE_V1 = 0x04
DASH = "\u2014 "  # an em dash and a space begin every signature line
MAX_NOTE = 1 << 20
MAX_SIGNATURES = 100
_NAME = re.compile(r"[^\s+]+")


class NoteError(ValueError):
    """A note, key or checkpoint that cannot be read or does not verify; the message says why."""


def _b64decode(text: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise NoteError(f"{what} is not base64") from None
    if base64.b64encode(raw).decode() != text:
        raise NoteError(f"{what} is not canonical base64")
    return raw


def _check_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise NoteError(f"a key name must be non-empty, without spaces or '+': {name!r}")
    return name


def key_id(name: str, key_type: int, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([key_type]) + public).digest()[:4]


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class Verifier:
    """A public key that checks signatures of one name and type (a verifier key)."""

    name: str
    key_type: int
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.key_type, self.public)

    @classmethod
    def parse(cls, vkey: str) -> Verifier:
        parts = vkey.strip().split("+", 2)  # base64 may hold a '+' itself
        if len(parts) != 3:
            raise NoteError("a verifier key is <name>+<key ID>+<base64 key>")
        name, hexid, b64 = parts
        _check_name(name)
        if not re.fullmatch(r"[0-9a-f]{8}", hexid):
            raise NoteError("a verifier key's ID is 8 lowercase hexadecimal digits")
        raw = _b64decode(b64, "the verifier key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise NoteError("not an Ed25519 key (type 0x01 or 0x04 and 32 bytes)")
        made = cls(name, raw[0], raw[1:])
        if made.id.hex() != hexid:
            raise NoteError(f"the key ID {hexid} is not that of the key named {name}")
        return made

    def __str__(self) -> str:
        encoded = base64.b64encode(bytes([self.key_type]) + self.public).decode()
        return f"{self.name}+{self.id.hex()}+{encoded}"

    def check(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class Signer:
    """An Ed25519 private key with its name: signs notes (type 0x01) or, as a witness,
    cosigns checkpoints (type 0x04)."""

    name: str
    key: Ed25519PrivateKey = field(repr=False)
    key_type: int = ED25519

    @classmethod
    def generate(cls, name: str, key_type: int = ED25519) -> Signer:
        return cls(_check_name(name), Ed25519PrivateKey.generate(), key_type)

    @classmethod
    def parse(cls, skey: str) -> Signer:
        parts = skey.strip().split("+", 4)  # base64 may hold a '+' itself
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise NoteError("a signer key is PRIVATE+KEY+<name>+<key ID>+<base64 key>")
        _private, _key, name, hexid, b64 = parts
        raw = _b64decode(b64, "the signer key")
        if len(raw) != 33 or raw[0] not in (ED25519, COSIGNATURE_V1):
            raise NoteError("not an Ed25519 signer key (type 0x01 or 0x04 and 32 bytes)")
        made = cls(_check_name(name), Ed25519PrivateKey.from_private_bytes(raw[1:]), raw[0])
        if made.verifier.id.hex() != hexid:
            raise NoteError(f"the key ID {hexid} is not that of the key named {name}")
        return made

    @property
    def verifier(self) -> Verifier:
        return Verifier(self.name, self.key_type, _raw_public(self.key))

    def skey(self) -> str:
        from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

        seed = self.key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        encoded = base64.b64encode(bytes([self.key_type]) + seed).decode()
        return f"PRIVATE+KEY+{self.name}+{self.verifier.id.hex()}+{encoded}"

    def signature_line(self, text: str, timestamp: int | None = None) -> str:
        """The line this key adds to a note of ``text``: a signature (type 0x01) or a
        cosignature at ``timestamp`` (type 0x04)."""
        _check_text(text)
        if self.key_type == COSIGNATURE_V1:
            if timestamp is None or timestamp < 0:
                raise NoteError("a cosignature needs the time it is made (Unix seconds)")
            message = cosigned_message(text, timestamp)
            blob = self.verifier.id + timestamp.to_bytes(8, "big") + self.key.sign(message)
        else:
            blob = self.verifier.id + self.key.sign(text.encode())
        return f"{DASH}{self.name} {base64.b64encode(blob).decode()}\n"


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


def _check_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("a note's text ends with a newline")
    if "\n\n" in text or text.startswith("\n"):
        raise NoteError("a note's text has no blank line")
    if any(c < " " and c != "\n" for c in text):
        raise NoteError("a note's text holds a control character")


def sign(text: str, *signers: Signer, timestamp: int | None = None) -> str:
    """The signed note: ``text``, a blank line, one line per signer."""
    return text + "\n" + "".join(s.signature_line(text, timestamp) for s in signers)


@dataclass(frozen=True)
class Signature:
    name: str
    key_id: bytes
    blob: bytes  # after the key ID: the signature, or a cosignature's time and signature

    @property
    def line(self) -> str:
        return f"{DASH}{self.name} {base64.b64encode(self.key_id + self.blob).decode()}\n"


@dataclass(frozen=True)
class Verified:
    """Who signed a note, among the keys the reader trusts: (name, key type, time) where the
    time is a cosignature's (None for a plain signature)."""

    verifier: Verifier
    timestamp: int | None = None


@dataclass(frozen=True)
class Note:
    text: str
    signatures: tuple[Signature, ...]

    @classmethod
    def parse(cls, note: str) -> Note:
        if len(note.encode()) > MAX_NOTE:
            raise NoteError(f"a note of more than {MAX_NOTE} bytes")
        cut = note.rfind("\n\n")
        if cut < 0:
            raise NoteError("no blank line before the signatures: not a signed note")
        text, block = note[: cut + 1], note[cut + 2 :]
        _check_text(text)
        if not block.endswith("\n"):
            raise NoteError("the last signature line does not end with a newline")
        lines = block[:-1].split("\n")
        if not lines or len(lines) > MAX_SIGNATURES:
            raise NoteError(f"a note has 1 to {MAX_SIGNATURES} signature lines")
        signatures = []
        for n, line in enumerate(lines, 1):
            if not line.startswith(DASH):
                raise NoteError(f"signature line {n} does not begin with an em dash")
            name, _space, b64 = line[len(DASH) :].partition(" ")
            _check_name(name)
            raw = _b64decode(b64, f"signature line {n}")
            if len(raw) < 5:
                raise NoteError(f"signature line {n} is too short")
            signatures.append(Signature(name, raw[:4], raw[4:]))
        return cls(text, tuple(signatures))

    def verify(self, *verifiers: Verifier) -> list[Verified]:
        """The signatures of the ``verifiers`` on this note, checked; the signatures of
        other keys are passed over. A trusted key whose signature does not verify, or that
        signs twice, fails the whole note."""
        known = {(v.name, v.id): v for v in verifiers}
        seen: set[tuple[str, bytes]] = set()
        verified: list[Verified] = []
        for sig in self.signatures:
            v = known.get((sig.name, sig.key_id))
            if v is None:
                continue
            if (sig.name, sig.key_id) in seen:
                raise NoteError(f"{sig.name} signed the note twice")
            seen.add((sig.name, sig.key_id))
            if v.key_type == COSIGNATURE_V1:
                if len(sig.blob) != 8 + 64:
                    raise NoteError(f"the cosignature of {sig.name} is not 72 bytes")
                timestamp = int.from_bytes(sig.blob[:8], "big")
                ok = v.check(cosigned_message(self.text, timestamp), sig.blob[8:])
                if not ok:
                    raise NoteError(f"the cosignature of {sig.name} does not verify")
                verified.append(Verified(v, timestamp))
            else:
                if len(sig.blob) != 64 or not v.check(self.text.encode(), sig.blob):
                    raise NoteError(f"the signature of {sig.name} does not verify")
                verified.append(Verified(v))
        return verified

    def with_lines(self, *lines: str) -> str:
        """The note with more signature lines (a witness's cosignature) after its own."""
        return self.text + "\n" + "".join(s.line for s in self.signatures) + "".join(lines)

    def __str__(self) -> str:
        return self.with_lines()


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head's body (C2SP tlog-checkpoint)."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        return "\n".join([*lines, *self.extensions]) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise NoteError("a checkpoint is origin, tree size and root hash, one per line")
        origin, size, root, *extensions = lines[:-1]
        if not origin or origin != origin.strip():
            raise NoteError("a checkpoint's first line names its log")
        if not re.fullmatch(r"0|[1-9][0-9]{0,19}", size):
            raise NoteError(f"a checkpoint's tree size is a whole number: {size!r}")
        raw = _b64decode(root, "the checkpoint's root hash")
        if len(raw) != 32:
            raise NoteError("the checkpoint's root hash is not 32 bytes")
        return cls(origin, int(size), raw, tuple(extensions))


def open_checkpoint(
    note: str, log_key: Verifier, witnesses: tuple[Verifier, ...] = ()
) -> tuple[Checkpoint, list[Verified]]:
    """A signed checkpoint, checked: the log's own signature is required (its key named as
    the log, the checkpoint's origin); witnesses' cosignatures are checked if present.
    Returns the checkpoint and every verified signature (the log's first)."""
    parsed = Note.parse(note)
    verified = parsed.verify(log_key, *witnesses)
    if not any(v.verifier == log_key for v in verified):
        raise NoteError(f"the checkpoint is not signed by the log's key {log_key.name}")
    checkpoint = Checkpoint.parse(parsed.text)
    if checkpoint.origin != log_key.name:
        raise NoteError(f"the checkpoint is of {checkpoint.origin!r}, not of {log_key.name!r}")
    verified.sort(key=lambda v: v.verifier != log_key)
    return checkpoint, verified
