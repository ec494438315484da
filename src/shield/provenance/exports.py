"""Export certificates (the fields of the UNESCO-WCO Model Export Certificate for Cultural
Objects), issued by an authorised officer of the exporting State, numbered and signed as the
search certificate is. Each issue first checks the object against the register (a certified
check the export certificate names); an object that may be on the register, still missing
or not yet returned, is refused with the reason, as is an export from a place recorded as
occupied territory by any State but the one whose territory it is.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import NotAllowed
from shield.treaty.refusals import refusal

from . import access, certificates, check, clean, vocab
from .models import ExportCertificate, RegisterEntry, TracedObject, Upheaval

REFUSE_FROM: float = 75.0
"""A candidate scoring at or above this, with at least two fields matching, stops an export:
the officer sees it and the refusal names it; a weaker one is shown, not refused."""

OBJECT_FIELDS = (
    "object_type",
    "title",
    "maker",
    "date_period",
    "materials_techniques",
    "measurements",
    "inscriptions_markings",
    "distinguishing_features",
    "subject",
)


def _decimal(data: dict, errors: clean.Errors) -> Decimal | None:
    raw = data.get("value")
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw))
        if value < 0 or not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.add("value", f"{raw!r} is not an amount")
        return None
    return value.quantize(Decimal("0.01"))


def _clean(user, data: dict, errors: clean.Errors) -> dict[str, Any]:
    data = dict(data)
    if not data.get("issuing_state"):
        own = roles.state_of(user)
        data["issuing_state"] = own.code if own else ""
    fields: dict[str, Any] = {
        "issuing_state": clean.state(data, "issuing_state", errors),
        "issuing_authority": clean.text(data, "issuing_authority", errors, required=True),
        "issued_on": clean.iso_date(data, "issued_on", errors) or timezone.localdate(),
        "valid_until": clean.iso_date(data, "valid_until", errors, required=True),
        "export_type": clean.choice(data, "export_type", vocab.EXPORT_TYPES, errors),
        "return_by": clean.iso_date(data, "return_by", errors),
        "purpose": clean.choice(data, "purpose", vocab.EXPORT_PURPOSES, errors),
        "exporter_name": clean.text(data, "exporter_name", errors, required=True),
        "exporter_address": clean.text(
            data, "exporter_address", errors, required=True, max_length=500
        ),
        "consignee_name": clean.text(data, "consignee_name", errors, required=True),
        "consignee_address": clean.text(
            data, "consignee_address", errors, required=True, max_length=500
        ),
        "destination_state": clean.state(data, "destination_state", errors),
        "value": _decimal(data, errors),
        "currency": clean.text(data, "currency", errors, max_length=3).upper(),
        "text_lang": clean.text(data, "text_lang", errors, max_length=35) or "en",
    }
    try:
        fields["quantity"] = int(data.get("quantity") or 1)
        if fields["quantity"] < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors.add(
            "quantity", f"{data.get('quantity')!r} is not a whole number of objects (1 or more)"
        )
    for f in OBJECT_FIELDS:
        if f == "measurements":
            fields[f] = clean.measurements(data, f, errors)
        else:
            fields[f] = clean.text(data, f, errors, max_length=5000)
    if not (fields["object_type"] or fields["title"]):
        errors.add("object_type", "is required (or a title): describe the object")
    if fields["value"] is not None and len(fields["currency"]) != 3:
        errors.add("currency", "is required with a value (ISO 4217, e.g. EUR)")
    valid_until, issued_on = fields["valid_until"], fields["issued_on"]
    if valid_until and valid_until <= issued_on:
        errors.add("valid_until", "is not after the day of issue")
    if fields["export_type"] == "temporary" and not fields["return_by"]:
        errors.add("return_by", "is required for a temporary export")
    ref = str(data.get("traced") or "").strip()
    fields["traced"] = TracedObject.objects.filter(code=ref).first() if ref else None
    if ref and fields["traced"] is None:
        errors.add("traced", f"no object {ref!r} whose provenance is traced")
    return fields


def _stolen_refusal(fields: dict[str, Any], found: list[check.Found]):
    """The refusal for an object that may be on the register, or None."""
    traced = fields["traced"]
    linked = traced.register_entry if traced is not None else None
    suspects: list[RegisterEntry] = []
    if linked is not None and linked.status in vocab.OPEN_STATUSES:
        suspects.append(linked)
    for f in found:
        if (
            f.entry.status in vocab.OPEN_STATUSES
            and f.candidate.score >= REFUSE_FROM
            and len(f.candidate.matched) >= 2
            and f.entry not in suspects
        ):
            suspects.append(f.entry)
    if not suspects:
        return None
    e = suspects[0]
    stage = {lang: _label(vocab.STATUSES, e.status, lang) for lang in ("en", "nb")}
    return refusal(
        "provenance.export_of_registered_loss",
        object=fields["title"] or fields["object_type"],
        number=e.number,
        stage=stage,
    )


def _label(vocabulary, code: str, lang: str) -> str:
    from django.utils import translation

    with translation.override(lang):
        return vocab.label(vocabulary, code)


def _occupied_refusal(fields: dict[str, Any]):
    traced = fields["traced"]
    if traced is None or traced.origin_state_id is None:
        return None
    if traced.origin_state_id == fields["issuing_state"].pk:
        return None
    on = fields["issued_on"]
    occupation = (
        Upheaval.objects.filter(
            state_id=traced.origin_state_id, kind="occupation", began_on__lte=on
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .filter(Q(place="") | Q(place__iexact=traced.origin_place))
        .first()
    )
    if occupation is None:
        return None
    return refusal(
        "provenance.export_from_occupied_territory",
        place=traced.origin_place or traced.origin_state.code,
    )


def signed_fields(cert: ExportCertificate) -> dict[str, Any]:
    out: dict[str, Any] = {
        "number": cert.number,
        "issuing_state": cert.issuing_state.code,
        "issuing_authority": cert.issuing_authority,
        "officer": cert.officer.get_username(),
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "export_type": cert.export_type,
        "return_by": cert.return_by.isoformat() if cert.return_by else "",
        "purpose": cert.purpose,
        "exporter": {"name": cert.exporter_name, "address": cert.exporter_address},
        "consignee": {"name": cert.consignee_name, "address": cert.consignee_address},
        "destination_state": cert.destination_state.code,
        "quantity": cert.quantity,
        "value": f"{cert.value} {cert.currency}" if cert.value is not None else "",
        "object": {f: getattr(cert, f) for f in OBJECT_FIELDS},
        "search_certificate": cert.search_certificate.number if cert.search_certificate else "",
        "issuer": certificates.verifier().name,
    }
    return out


def _next_number(state_code: str, year: int) -> str:
    prefix = f"EC-{state_code}-{year}-"
    last = (
        ExportCertificate.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    n = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{n:05d}"


def issue(user, data: dict, synthetic: bool = False) -> ExportCertificate:
    """Issue an export certificate, or refuse it (``Refused``) with the cited reason."""
    errors = clean.Errors()
    fields = _clean(user, data, errors)
    errors.raise_if_any()
    if not access.may_issue_export(user, fields["issuing_state"].pk):
        raise NotAllowed(
            "only an officer of the exporting State (or the Secretariat) issues its export certificates"
        )
    query = {k: fields[k] for k in check.QUERY_FIELDS if fields.get(k)}
    search, found = check.run(user, query, synthetic=synthetic)  # certified, whatever follows
    for refused in (_stolen_refusal(fields, found), _occupied_refusal(fields)):
        if refused is not None:
            with transaction.atomic():
                log.record(
                    user,
                    "refuse",
                    "export_certificate",
                    search.number,
                    {"code": refused.code, "search_certificate": search.number},
                    summary=f"export certificate refused: {refused.message('en')[:200]}",
                )
            raise refused
    for attempt in range(5):
        try:
            with transaction.atomic():
                cert = ExportCertificate(
                    officer=user, search_certificate=search, synthetic=synthetic, **fields
                )
                cert.number = _next_number(fields["issuing_state"].code, fields["issued_on"].year)
                cert.note = certificates.make(certificates.EXPORT, signed_fields(cert))
                cert.save()
                log.record(
                    user,
                    "issue",
                    "export_certificate",
                    cert.id,
                    {"number": cert.number, "search_certificate": search.number},
                    summary=f"export certificate {cert.number}",
                )
                return cert
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def default_validity(issued_on=None):
    return (issued_on or timezone.localdate()) + timedelta(days=180)


def find(number: str) -> ExportCertificate | None:
    return (
        ExportCertificate.objects.select_related("issuing_state", "destination_state", "officer")
        .filter(number=str(number or "").strip())
        .first()
    )


def validity(cert: ExportCertificate) -> bool:
    try:
        certificates.verify(cert.note)
    except certificates.CertificateProblem:
        return False
    return True
