"""PDFs that fit (issue 14, item 8), for the notices: every notification the demo sent, as a
PDF in English and in Norwegian, keeps its text inside the A4 page, says the demo's requests are
synthetic, and in Norwegian holds no English leftover. Read back with pdfplumber."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from tests.web.test_nb_crawl import data_strings, english_words

pytestmark = pytest.mark.django_db

A4_WIDTH = 595.28  # points
EDGE = 1 / 2.54 * 72  # no text within 1 cm of the paper's edge
SYNTHETIC = {"en": "Synthetic demo data", "nb": "Syntetiske demodata"}


@pytest.fixture
def sent(db):
    from shield.demo.loader import load_demo
    from shield.listing.models import Notification

    load_demo()
    pairs = sorted(set(Notification.objects.values_list("request__ref", "kind")))
    assert len({kind for _ref, kind in pairs}) >= 3, pairs  # the demo sends several kinds
    return pairs


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_every_notice_pdf_fits_the_page_and_speaks_the_language(sent, lang):
    import pdfplumber

    words = data_strings()
    for ref, kind in sent:
        answer = Client().get(f"/requests/{ref}/notices/{kind}.pdf", {"lang": lang})
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf", (
            ref,
            kind,
        )
        pdf = pdfplumber.open(io.BytesIO(answer.content))
        for page in pdf.pages:
            assert abs(page.width - A4_WIDTH) < 1, (ref, kind, page.width)
            outside = [
                c["text"] for c in page.chars if c["x1"] > page.width - EDGE or c["x0"] < EDGE
            ]
            assert not outside, (ref, kind, lang, "".join(outside)[:200])
        flat = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
        assert ref in flat and SYNTHETIC[lang] in flat, (ref, kind, flat[:300])
        if lang == "nb":
            assert english_words(flat, words) == [], (ref, kind, flat[:600])


def test_the_api_timeline_gives_each_act_its_own_date(sent, api):
    from shield.listing.models import Request

    req = Request.objects.filter(status="notified").order_by("ref").first()
    steps = api().get(f"/api/listing/requests/{req.ref}").json()["timeline"]
    by_action = {s["action"]: s for s in steps}
    assert by_action["registered"]["on"] == req.registered_on.isoformat()
    assert by_action["notified"]["on"] == req.notified_on.isoformat()
    assert all(s["at"] >= s["on"] for s in steps if s["on"])  # recorded on or after the act
