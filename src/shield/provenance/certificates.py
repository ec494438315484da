"""Signed certificates: the search certificate of a due-diligence check and the export
certificate, each a signed note (C2SP signed-note, Ed25519, as the transparency log's
checkpoints: ``shield.translog.note``) that anyone can check offline with the issuer's
verifier key.

A certificate file is::

    heritage-shield/search-certificate/v1      (or .../export-certificate/v1)
    <the certificate's fields as one line of canonical JSON>

    — <key name> <base64(key ID ‖ signature)>

Exactly one signature, by the key the reader trusts: any byte changed, added or removed
anywhere in the file makes it fail (``verify``).

Keys, as the log's: ``SHIELD_CERT_KEY`` (a signer key, ``PRIVATE+KEY+<name>+...``) or
``SHIELD_CERT_KEY_FILE``; ``shield certificate keygen`` makes one. With neither, a key derived
from SECRET_KEY (HKDF-SHA256, named ``heritage-shield/certificates``): stable across
restarts with no file to keep, and a separate key is set where the signing key must be
rotated or held apart from the server's secret.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shield.translog.note import Note, NoteError, Signer, Verifier, sign

SEARCH = "heritage-shield/search-certificate/v1"
EXPORT = "heritage-shield/export-certificate/v1"
KINDS = (SEARCH, EXPORT)
DERIVED_NAME = "heritage-shield/certificates"


class CertificateProblem(Exception):
    """No key, or a certificate that does not verify; the message says why."""


def _settings():
    from django.conf import settings

    return settings


def signer() -> Signer:
    settings = _settings()
    text = (getattr(settings, "SHIELD_CERT_KEY", "") or "").strip()
    path = getattr(settings, "SHIELD_CERT_KEY_FILE", None)
    if not text and path:
        try:
            text = Path(path).read_text().strip()
        except OSError as exc:
            raise CertificateProblem(f"SHIELD_CERT_KEY_FILE: {exc}") from None
    if text:
        try:
            return Signer.parse(text)
        except NoteError as exc:
            raise CertificateProblem(f"SHIELD_CERT_KEY is not a signer key: {exc}") from None
    secret = getattr(settings, "SECRET_KEY", "") or ""
    if not secret:
        raise CertificateProblem("no certificate key: set SHIELD_CERT_KEY (or SECRET_KEY)")
    seed = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"heritage-shield certificates v1"
    ).derive(secret.encode())
    return Signer(DERIVED_NAME, Ed25519PrivateKey.from_private_bytes(seed))


def verifier() -> Verifier:
    return signer().verifier


def canonical(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=True, separators=(",", ":"))


def make(kind: str, fields: dict[str, Any]) -> str:
    """The signed certificate text of ``fields``."""
    if kind not in KINDS:
        raise ValueError(f"unknown certificate kind {kind!r}")
    return sign(f"{kind}\n{canonical(fields)}\n", signer())


@dataclass(frozen=True)
class Checked:
    kind: str
    fields: dict[str, Any]
    key: str


def verify(data: bytes | str, key: Verifier | None = None) -> Checked:
    """The certificate's kind and fields, once its one signature verifies under ``key`` (the
    configured key by default); ``CertificateProblem`` saying why otherwise."""
    key = key or verifier()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CertificateProblem("not UTF-8 text: not a certificate") from None
    else:
        text = data
    try:
        note = Note.parse(text)
        if len(note.signatures) != 1:
            raise CertificateProblem(
                f"{len(note.signatures)} signature lines; a certificate has exactly one"
            )
        if str(note) != text:
            raise CertificateProblem("the file is not exactly the signed note")
        verified = note.verify(key)
    except NoteError as exc:
        raise CertificateProblem(str(exc)) from None
    if not verified:
        raise CertificateProblem(f"not signed by the key {key}")
    lines = note.text.split("\n")
    if len(lines) != 3 or lines[0] not in KINDS or lines[2] != "":
        raise CertificateProblem("not a certificate of a kind this program knows")
    try:
        fields = json.loads(lines[1])
    except json.JSONDecodeError:
        raise CertificateProblem("the certificate's fields are not JSON") from None
    if not isinstance(fields, dict) or canonical(fields) != lines[1]:
        raise CertificateProblem("the certificate's fields are not in canonical form")
    return Checked(lines[0], fields, str(key))


def verify_fields_unchecked(note: str) -> dict[str, Any]:
    """The fields of a certificate read without checking its signature (to sign the demo's
    synthetic certificates again under a new key; never to trust one)."""
    lines = Note.parse(note).text.split("\n")
    fields = json.loads(lines[1])
    if not isinstance(fields, dict):
        raise CertificateProblem("the certificate's fields are not an object")
    return fields
