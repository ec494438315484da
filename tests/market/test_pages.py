"""The market pages through Django's client: upload, the batch and its queue, the pair side by
side, a decision; who may see them; an inventory's place only for those who may see it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.market.models import Batch, Candidate

from .conftest import listing_files, listings_file

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _upload(client):
    files = listing_files()
    return client.post(
        "/market/",
        {
            "file": SimpleUploadedFile("lots.json", listings_file(), "application/json"),
            "images": [SimpleUploadedFile(n, b, "image/jpeg") for n, b in files.items()],
            "against": "stolen",
            "threshold": "0.8",
        },
    )


def test_upload_queue_pair_and_confirm(customs, stolen):
    c = _client(customs)
    assert c.get("/market/").status_code == 200
    r = _upload(c)
    assert r.status_code == 302, r.content[:2000]
    batch = Batch.objects.get()
    assert r["Location"] == f"/market/{batch.code}/"
    page = c.get(r["Location"]).content.decode()
    assert "review-queue" in page and "lot-101" in page and stolen["vase"].number in page
    top = Candidate.objects.filter(batch=batch).order_by("-probability").first()
    page = c.get(f"/market/{batch.code}/pairs/{top.pk}/").content.decode()
    assert "pair-evidence" in page and "11 3/4 x 8 in" in page and "height 30 cm" in page
    assert f"/market/images/{top.listing.images[0]['sha256']}/" in page
    img = c.get(f"/market/images/{top.listing.images[0]['sha256']}/")
    assert img.status_code == 200 and img["Content-Type"] == "image/jpeg"
    r = c.post(f"/market/{batch.code}/pairs/{top.pk}/", {"decision": "confirmed", "reason": "same"})
    assert r.status_code == 302
    page = c.get(f"/market/{batch.code}/pairs/{top.pk}/").content.decode()
    assert 'id="pair-case"' in page


def test_a_bad_file_is_refused_on_the_page(customs, stolen):
    c = _client(customs)
    r = c.post(
        "/market/",
        {"file": SimpleUploadedFile("lots.csv", b"id,title\n,Vase\n"), "against": "stolen",
         "threshold": "0.8"},
    )  # fmt: skip
    assert r.status_code == 422
    assert "lots.csv: row 1: id" in r.content.decode()
    assert not Batch.objects.exists()


def test_only_police_customs_and_secretariat(users, customs, stolen):
    for who in ("officer_arm", "assessor", "committee"):
        assert _client(users[who]).get("/market/").status_code == 403
    assert Client().get("/market/").status_code == 302  # to the login
    assert _client(users["secretariat"]).get("/market/").status_code == 200
