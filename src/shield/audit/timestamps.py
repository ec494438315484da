"""Trusted time: RFC 3161 timestamp tokens from an authority independent of the log
(``rfc3161-client``), over the log's signed checkpoints and over evidence packages.

``SHIELD_TSA_URL``: the authority's address (unset: no trusted time is obtained, and every
answer says so); ``SHIELD_TSA_CA_FILE``: its CA certificate (PEM; more certificates in the
file are taken as intermediates), which every token is checked against before it is kept.

What is kept is the authority's whole answer (a DER ``TimeStampResp``): anyone holding the
CA certificate can check it offline (``check``), which is what ``shield evidence verify``
does. The functions ``request`` and ``check`` need no Django; ``stamp_checkpoint`` and
``check_stored`` read and write the database.
"""

from __future__ import annotations

import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import cryptography.x509
from rfc3161_client import (
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

TIMEOUT = 20
MAX_ANSWER = 1 << 20


class TimestampProblem(Exception):
    """No token could be had or a token does not hold; the message says what and where."""


@dataclass(frozen=True)
class Token:
    answer: bytes  # the DER TimeStampResp, as the authority sent it
    gen_time: datetime
    authority: str  # the subject of the certificate that signed it


def _certificates(pem: bytes) -> list[cryptography.x509.Certificate]:
    try:
        return cryptography.x509.load_pem_x509_certificates(pem)
    except ValueError as exc:
        raise TimestampProblem(f"the authority's CA file holds no PEM certificate: {exc}") from None


def read_ca(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise TimestampProblem(f"cannot read the authority's CA file {path}: {exc}") from None


def request(url: str, data: bytes, ca_pem: bytes) -> Token:
    """Ask the authority at ``url`` for a token over ``data`` (SHA-256, a nonce, its
    certificate); check the answer against ``ca_pem`` and the data before returning it."""
    query = TimestampRequestBuilder().data(data).nonce(nonce=True).cert_request(cert_request=True)
    built = query.build()
    req = urllib.request.Request(
        url,
        data=built.as_bytes(),
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as response:
            answer = response.read(MAX_ANSWER + 1)[:MAX_ANSWER]
    except urllib.error.HTTPError as exc:
        raise TimestampProblem(f"the timestamp authority {url} answered {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise TimestampProblem(f"cannot reach the timestamp authority {url}: {exc}") from None
    return check(answer, data, ca_pem, nonce=built.nonce)


def check(answer: bytes, data: bytes, ca_pem: bytes, nonce: int | None = None) -> Token:
    """The token in ``answer``, if it is a granted token over ``data`` signed by a
    timestamping certificate of the authority whose CA is ``ca_pem``; else
    ``TimestampProblem`` saying which of those failed."""
    try:
        response = decode_timestamp_response(answer)
    except ValueError as exc:
        raise TimestampProblem(f"not a timestamp token: {exc}") from None
    certs = _certificates(ca_pem)
    roots = [c for c in certs if c.issuer == c.subject] or certs[:1]
    builder = VerifierBuilder(
        roots=roots, intermediates=[c for c in certs if c not in roots], nonce=nonce
    )
    try:
        builder.build().verify_message(response, data)
    except VerificationError as exc:
        text = str(exc)
        if "Mismatch between messages" in text:
            raise TimestampProblem("the token is over other data, not this one") from None
        if "certificates" in text.lower() or "root" in text.lower():
            found = re.search(r"Verify error: ([^\"]+)", text)
            raise TimestampProblem(
                "the token is not from the authority of the CA given (unknown authority"
                + (f": {found.group(1)})" if found else ")")
            ) from None
        raise TimestampProblem(f"the token does not verify: {text}") from None
    return Token(answer, response.tst_info.gen_time, _signer(response))


def _signer(response) -> str:
    infos = list(response.signed_data.signer_infos)
    for der in response.signed_data.certificates:
        cert = cryptography.x509.load_der_x509_certificate(der)
        if infos and cert.serial_number == infos[0].serial_number:
            return cert.subject.rfc4514_string()
    return infos[0].issuer.rfc4514_string() if infos else "unknown"


_HASHES = {
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}


def covers(answer: bytes, data: bytes) -> bool:
    """Whether the token's message imprint is that of ``data`` (its signature unchecked).
    Raises ``ValueError`` for what is not a token or uses another hash."""
    imprint = decode_timestamp_response(answer).tst_info.message_imprint
    name = _HASHES.get(imprint.hash_algorithm.dotted_string)
    if name is None:
        raise ValueError(f"the token's hash {imprint.hash_algorithm.dotted_string} is not SHA-2")
    return hashlib.new(name, data).digest() == imprint.message


def gen_time(answer: bytes) -> datetime:
    """The time a token states, read without checking it."""
    return decode_timestamp_response(answer).tst_info.gen_time


# ---- configured authority (Django settings) -----------------------------------------------


def configured() -> tuple[str, bytes] | None:
    """(URL, CA PEM) of the configured authority, or None when SHIELD_TSA_URL is unset.
    Raises ``TimestampProblem`` when the URL is set but the CA certificate is not."""
    from django.conf import settings

    url = getattr(settings, "SHIELD_TSA_URL", "") or ""
    if not url:
        return None
    ca = getattr(settings, "SHIELD_TSA_CA_FILE", None)
    if not ca:
        raise TimestampProblem(
            "SHIELD_TSA_URL is set but SHIELD_TSA_CA_FILE (the authority's CA certificate) is not"
        )
    return url, read_ca(ca)


NO_TRUSTED_TIME = "no trusted time was obtained: SHIELD_TSA_URL is not set"


def stamp(data: bytes) -> tuple[Token | None, str]:
    """(token, what happened) for ``data`` from the configured authority; no token and the
    reason when none is configured or it fails (the caller goes on without trusted time)."""
    try:
        authority = configured()
        if authority is None:
            return None, NO_TRUSTED_TIME
        token = request(authority[0], data, authority[1])
    except TimestampProblem as exc:
        return None, f"no trusted time was obtained: {exc}"
    return token, f"trusted time {token.gen_time.isoformat()} from {token.authority}"


def stamp_checkpoint(checkpoint) -> str:
    """A token over the checkpoint's signed note, kept (``CheckpointTimestamp``) and logged,
    unless the checkpoint has one. Refuses a token dated before the latest kept one (the
    log's times must rise). Returns what happened, in words."""
    from django.db import transaction
    from django.utils import timezone

    from . import log
    from .models import CheckpointTimestamp

    held = checkpoint.timestamps.order_by("-gen_time").first()
    if held is not None:
        return f"trusted time {held.gen_time.isoformat()} from {held.authority}"
    token, said = stamp(checkpoint.note.encode())
    if token is None:
        return said
    with transaction.atomic():
        log.lock_tail()
        last = CheckpointTimestamp.objects.order_by("-gen_time").first()
        if last is not None and token.gen_time < last.gen_time:
            return (
                f"no trusted time was obtained: the authority dated the checkpoint of "
                f"{checkpoint.size} entries {token.gen_time.isoformat()}, before the token of "
                f"the checkpoint of {last.checkpoint.size} ({last.gen_time.isoformat()})"
            )
        CheckpointTimestamp.objects.create(
            checkpoint=checkpoint,
            authority=token.authority[:300],
            token=token.answer,
            gen_time=token.gen_time,
            received_at=timezone.now(),
        )
        log.record(
            None,
            "timestamp",
            "audit.checkpoint",
            checkpoint.pk,
            {"gen_time": token.gen_time.isoformat(), "authority": token.authority},
            f"trusted time for the checkpoint of {checkpoint.size} entries",
        )
    return said


def check_stored() -> list[str]:
    """Each kept checkpoint token that does not hold: not over its checkpoint, not from the
    configured authority, or dated before the token of an earlier checkpoint."""
    from .models import Checkpoint, CheckpointTimestamp

    problems: list[str] = []
    try:
        authority = configured()
    except TimestampProblem as exc:
        return [str(exc)]
    previous = None
    for stamp_row in CheckpointTimestamp.objects.select_related("checkpoint").order_by(
        "checkpoint__size", "checkpoint_id", "gen_time"
    ):
        cp: Checkpoint = stamp_row.checkpoint
        where = f"the timestamp token of the checkpoint of {cp.size} entries"
        if authority is not None:
            try:
                token = check(bytes(stamp_row.token), cp.note.encode(), authority[1])
            except TimestampProblem as exc:
                problems.append(f"{where}: {exc}")
                continue
            when = token.gen_time
        else:
            when = stamp_row.gen_time
        if previous is not None and when < previous[1]:
            problems.append(
                f"{where} is dated {when.isoformat()}, before that of the checkpoint of "
                f"{previous[0]} entries ({previous[1].isoformat()}): log times must rise"
            )
        previous = (cp.size, when)
    return problems
