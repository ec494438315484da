"""The provenance pages through the real URL conf: each act through the same service, each
refusal beside its field, the police file only for those who read it in full."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.provenance.models import ExportCertificate, RegisterEntry, SearchCertificate

from .conftest import ICON
from .test_exports_trace_cases import ICON_EXPORT

pytestmark = pytest.mark.django_db


def _client(user=None, lang="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        c.force_login(user)
    return c


def test_index_and_entry_with_disclosure(users, reported):
    number = reported["icon"].number
    page = _client().get("/provenance/")
    assert page.status_code == 200 and number.encode() in page.content
    public = _client().get(f"/provenance/stolen/{number}/").content.decode()
    assert "Saint George" in public and "POL-2020-4471" not in public
    full = _client(users["officer_arm"]).get(f"/provenance/stolen/{number}/").content.decode()
    assert "POL-2020-4471" in full
    assert _client().get("/provenance/stolen/SR-1900-00001/").status_code == 404


def test_report_through_the_form(users, states):
    c = _client(users["officer_arm"])
    assert c.get("/provenance/stolen/new/").status_code == 200
    data = {k: v for k, v in ICON.items() if k != "reported_on"} | {"reporting_state": "ARM"}
    r = c.post("/provenance/stolen/new/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    entry = RegisterEntry.objects.get()
    assert r["Location"] == f"/provenance/stolen/{entry.number}/"
    bad = c.post("/provenance/stolen/new/", data | {"measurements": "tall"})
    assert bad.status_code == 422 and "is not a measurement" in bad.content.decode()
    assert _client(users["committee"]).get("/provenance/stolen/new/").status_code == 403
    assert _client().get("/provenance/stolen/new/").status_code == 302  # to the login page


def test_status_form(users, reported):
    number = reported["icon"].number
    c = _client(users["officer_arm"])
    assert (
        c.post(f"/provenance/stolen/{number}/status/", {"status": "circulated"}).status_code == 302
    )
    bad = c.post(f"/provenance/stolen/{number}/status/", {"status": "returned"})
    assert bad.status_code == 422 and "cannot go from" in bad.content.decode()
    assert (
        _client(users["officer_aze"]).get(f"/provenance/stolen/{number}/status/").status_code == 403
    )


def test_anonymous_check_page_and_certificate_page(users, reported):
    c = _client()
    r = c.post(
        "/provenance/check/",
        {
            "object_type": "icon",
            "measurements": "height 32 cm; width 24.5 cm",
            "inscriptions_markings": "ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
        },
    )
    assert r.status_code == 200
    text = r.content.decode()
    number = reported["icon"].number
    assert f'id="candidate-{number}"' in text and "outcome-match" in text
    cert = SearchCertificate.objects.get()
    page = c.get(f"/provenance/certificates/{cert.number}/").content.decode()
    assert 'class="valid"' in page and cert.register_version in page
    download = c.get(f"/provenance/certificates/{cert.number}/download/")
    assert download.content.decode() == cert.note
    assert c.get("/provenance/certificates/", {"number": cert.number}).status_code == 302
    empty = c.post("/provenance/check/", {})
    assert empty.status_code == 422


def test_norwegian_check_page(users, reported):
    r = _client(lang="nb").post(
        "/provenance/check/", {"object_type": "icon", "title": "Saint George"}
    )
    text = r.content.decode()
    assert "kandidat" in text and "Sertifikat" in text


def test_export_refused_on_the_page_with_its_reason(users, reported):
    c = _client(users["officer_nor"])
    data = {k: v for k, v in ICON_EXPORT.items()}
    r = c.post("/provenance/exports/new/", data)
    assert r.status_code == 422
    assert reported["icon"].number in r.content.decode()
    assert "UNGA res. 76/16 para. 31" in r.content.decode()
    assert not ExportCertificate.objects.exists()


def test_export_issued_with_pdfs(users, reported):
    from .test_exports_trace_cases import EXPORT

    c = _client(users["officer_nor"])
    r = c.post("/provenance/exports/new/", EXPORT)
    assert r.status_code == 302, r.content.decode()[:3000]
    cert = ExportCertificate.objects.get()
    page = c.get(f"/provenance/exports/{cert.number}/").content.decode()
    assert "Fjord in winter" in page and 'class="valid"' in page
    import io

    import pdfplumber

    for lang, words in (("en", "Export certificate"), ("nb", "Eksportsertifikat")):
        pdf = c.get(f"/provenance/exports/{cert.number}/pdf/", {"lang": lang})
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
            text = "".join(p.extract_text() or "" for p in doc.pages)
        assert words in text and cert.number in text
