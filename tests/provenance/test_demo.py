"""The provenance demo: loaded with the rest, synthetic, idempotent, and showing what the
issue asks for (a listing that matches a loss, a provenance with gaps, an export certificate,
a return case in mediation)."""

from __future__ import annotations

import pytest

from shield.provenance import check, exports, trace
from shield.provenance.models import (
    ExportCertificate,
    RegisterEntry,
    ReturnCase,
    SearchCertificate,
    TracedObject,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_and_flags_everything(settings):
    from shield.demo.loader import load_demo

    load_demo()
    counts = [
        m.objects.count() for m in (RegisterEntry, TracedObject, ReturnCase, ExportCertificate)
    ]
    load_demo()
    assert [
        m.objects.count() for m in (RegisterEntry, TracedObject, ReturnCase, ExportCertificate)
    ] == counts
    for model in (RegisterEntry, TracedObject, ReturnCase, ExportCertificate, SearchCertificate):
        assert model.objects.exists() and not model.objects.filter(synthetic=False).exists()
    listing_check = SearchCertificate.objects.get(asked_by_label="anonymous")
    assert listing_check.result["candidates"][0]["number"] == "SR-2020-90001"
    # the seller's photograph (turned, smaller, recompressed) matches the entry's
    assert listing_check.result["candidates"][0]["image"]["outcome"] == "match"
    assert len(listing_check.query["photographs"]) == 1
    assert RegisterEntry.objects.get(number="SR-2020-90001").photos.get().synthetic
    manuscript = TracedObject.objects.get(object_type="manuscript")
    assert {r for g in trace.gaps(manuscript) for r in g.reasons} >= {"1970", "upheaval"}
    assert ReturnCase.objects.get().status == "in_mediation"
    assert exports.validity(ExportCertificate.objects.get())
    # A new key (a new demo run's SECRET_KEY): the synthetic certificates are signed again.
    settings.SHIELD_CERT_KEY = ""
    settings.SECRET_KEY = "another-demo-run-" + "y" * 40
    assert check.validity(listing_check) is None
    load_demo()
    listing_check.refresh_from_db()
    assert check.validity(listing_check) is not None
    assert exports.validity(ExportCertificate.objects.get())
