"""The due-diligence check: a description in, ranked candidates from the register out, each
with its reasons field by field (``shield.matching.objects``), and a signed search
certificate of the check: who asked, when, what, against which register version, and what
was found. Anyone may check, logged in or not; what a check shows is the Object-ID
description and the loss (never the police file).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shield.audit import log
from shield.matching import images
from shield.matching.objects import Candidate, Description, Measurement, has_content

from . import certificates, clean, photos, register
from .models import RegisterEntry, SearchCertificate

QUERY_FIELDS = (
    "object_type",
    "title",
    "maker",
    "date_period",
    "materials_techniques",
    "measurements",
    "inscriptions_markings",
    "distinguishing_features",
)
LIMIT = 10


def describe(fields: dict[str, Any] | Any, key: str = "") -> Description:
    """An engine description from a record's fields (a dict or a model instance)."""

    def get(name: str) -> Any:
        return fields.get(name) if isinstance(fields, dict) else getattr(fields, name)

    return Description(
        key=key,
        object_type=get("object_type") or "",
        title=get("title") or "",
        maker=get("maker") or "",
        inscriptions=get("inscriptions_markings") or "",
        materials=get("materials_techniques") or "",
        measurements=tuple(
            Measurement(m["dimension"], float(m["value"]), m["unit"])
            for m in (get("measurements") or [])
        ),
        date_period=get("date_period") or "",
        features=get("distinguishing_features") or "",
    )


def clean_query(data: dict, photographed: bool = False) -> dict[str, Any]:
    errors = clean.Errors()
    query: dict[str, Any] = {}
    for f in QUERY_FIELDS:
        value: Any
        if f == "measurements":
            value = clean.measurements(data, f, errors)
        else:
            value = clean.text(data, f, errors, max_length=5000)
        if value:
            query[f] = value
    unknown = sorted(set(data) - set(QUERY_FIELDS))
    for f in unknown:
        errors.add(f, "is not a field of a check")
    if not errors and not photographed and not has_content(describe(query)):
        errors.add("object_type", "describe the object: at least one field (type, title, ...)")
    errors.raise_if_any()
    return query


@dataclass(frozen=True)
class Found:
    entry: RegisterEntry
    candidate: Candidate
    score: float = 0.0  # the field-by-field score with the photograph counted
    image: images.ImageMatch | None = None


def candidates(query: dict[str, Any], searched: list[photos.Received] | None = None) -> list[Found]:
    """The register's entries that may be the object described (and photographed), best first."""
    by_number = {e.number: e for e in register.entries().prefetch_related("photos")}
    prints = [p.prints for p in searched or []]
    records = (
        (describe(e, e.number), [(str(p.pk), photos.print_of(p)) for p in e.photos.all()])
        for e in by_number.values()
    )
    ranked = images.rank(describe(query), prints, records, LIMIT)
    return [Found(by_number[r.key], r.candidate, r.score, r.image) for r in ranked]


def _next_number(year: int) -> str:
    prefix = f"SC-{year}-"
    last = (
        SearchCertificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:06d}"


def run(
    user, data: dict, synthetic: bool = False, photographs=None
) -> tuple[SearchCertificate, list[Found]]:
    """Check ``data`` (and the ``photographs`` given: uploads, or (name, bytes) pairs) against
    the register and certify the check (one transaction, audited). The certificate records
    each photograph's SHA-256 and perceptual hashes, never the picture."""
    searched = photos.receive_all(photographs) if photographs else []
    query = clean_query(data, photographed=bool(searched))
    asked_by = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _certify(user, asked_by, query, synthetic, searched)
        except IntegrityError:  # two checks took one number at once: take the next
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _certify(user, asked_by: str, query: dict, synthetic: bool, searched: list):
    log.lock_tail()  # serialises checks on PostgreSQL: the register version is the one read
    found = candidates(query, searched)
    if searched:
        query = {**query, "photographs": [p.searched() for p in searched]}
    version, size = register.version()
    now = timezone.now().replace(microsecond=0)
    number = _next_number(now.year)
    result = {
        "count": len(found),
        "candidates": [
            {
                "number": f.entry.number,
                "score": f.score,
                "status": f.entry.status,
                "fields": {r.field: r.outcome for r in f.candidate.reasons},
                **({"image": _image_result(f.image)} if f.image is not None else {}),
            }
            for f in found
        ],
    }
    fields = {
        "number": number,
        "issued_at": now.isoformat(),
        "asked_by": asked_by,
        "query": query,
        "register_version": version,
        "register_size": size,
        "result": result,
        "issuer": certificates.verifier().name,
    }
    cert = SearchCertificate.objects.create(
        number=number,
        issued_at=now,
        asked_by=user if asked_by != "anonymous" else None,
        asked_by_label=asked_by,
        query=query,
        register_version=version,
        register_size=size,
        result=result,
        note=certificates.make(certificates.SEARCH, fields),
        synthetic=synthetic,
    )
    log.record(
        user,
        "certify",
        "search_certificate",
        cert.number,
        {"register_version": version, "count": len(found), "asked_by": asked_by},
        summary=f"due-diligence check {number} by {asked_by}: {len(found)} candidate(s)",
    )
    return cert, found


def _image_result(image: images.ImageMatch) -> dict[str, Any]:
    return {"outcome": image.outcome, "score": image.score, "photograph": image.query}


def find(number: str) -> SearchCertificate | None:
    return SearchCertificate.objects.filter(number=str(number or "").strip()).first()


def validity(cert: SearchCertificate) -> certificates.Checked | None:
    """The stored certificate, verified under the current key (None: it no longer verifies)."""
    try:
        return certificates.verify(cert.note)
    except certificates.CertificateProblem:
        return None
