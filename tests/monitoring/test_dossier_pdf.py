"""PDFs that fit (issue 14, item 8): the dossier's PDF keeps its text within the A4 page's
margins, prints each claim with its dates (an ended claim with its end, so two States never
both look in control), and in Norwegian holds no English leftover. The PDF is read back with
pdfplumber: its text and each character's position."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.utils import formats, translation

from tests.web.test_nb_crawl import data_strings, english_words

pytestmark = pytest.mark.django_db

A4_WIDTH = 595.28  # points
MARGIN = 1.6 / 2.54 * 72  # the dossier's @page margin, 1.6 cm, in points


@pytest.fixture
def dossier_property(db):
    """The demo's property whose dossier has the most to show: an ended claim, a claim still in
    force and condition assessments."""
    from shield.demo.loader import load_demo
    from shield.monitoring.models import Assessment
    from shield.registry.models import JurisdictionClaim as Claim

    load_demo()
    ended = Claim.objects.filter(valid_to__isnull=False).values_list("property_id", flat=True)
    assessed = set(Assessment.objects.values_list("property_id", flat=True))
    ids = sorted(set(ended), key=lambda pk: (pk not in assessed, str(pk)))
    assert ids, "the demo has a property with an ended claim"
    from shield.registry.models import CulturalProperty

    return CulturalProperty.objects.get(pk=ids[0])


def pdf_of(users, prop, lang):
    client = Client()
    client.force_login(users["secretariat"])
    answer = client.get(f"/dossier/{prop.code}/", {"format": "pdf", "lang": lang})
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_dossier_pdf_fits_and_dates_its_claims(users, dossier_property, lang):
    import pdfplumber

    prop = dossier_property
    pdf = pdfplumber.open(io.BytesIO(pdf_of(users, prop, lang)))
    text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    for page in pdf.pages:
        assert abs(page.width - A4_WIDTH) < 1, page.width
        outside = [
            c["text"]
            for c in page.chars
            if c["x1"] > page.width - MARGIN + 0.5 or c["x0"] < MARGIN - 0.5
        ]
        assert not outside, (
            page.page_number,
            "".join(outside)[:200],
            [ln["text"] for ln in page.extract_text_lines() if ln["x1"] > page.width - MARGIN],
        )

    flat = " ".join(text.split())
    with translation.override(lang):
        for claim in prop.claims.all():
            for day in (claim.valid_from, claim.valid_to):
                if day:
                    shown = formats.date_format(day, "DATE_FORMAT")
                    assert shown in flat, (claim, shown, flat[:2000])
    if lang == "nb":
        assert english_words(flat, data_strings()) == []
