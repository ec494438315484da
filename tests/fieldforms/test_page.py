"""The field forms page: upload each format with its form, see the preview, confirm,
follow the import, undo it; in English and in Norwegian."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.monitoring.models import Assessment, FieldSubmission
from tests.fieldforms import generate as g

pytestmark = pytest.mark.django_db


def _client(user, lang="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


@pytest.mark.parametrize("fmt", list(g.FORMATS))
def test_each_format_through_the_page(users, sites, form_bytes, fmt):
    c = _client(users["assessor"])
    assert c.get("/monitoring/fieldforms/").status_code == 200
    name, write = g.FORMATS[fmt]
    subs = g.submissions(6, sites)
    r = c.post(
        "/monitoring/fieldforms/",
        {
            "export": SimpleUploadedFile(name, write(subs)),
            "form_file": SimpleUploadedFile("form.xlsx", form_bytes),
        },
    )
    assert r.status_code == 200, r.content.decode()[:2000]
    page = r.content.decode()
    assert "Nothing is written until you confirm" in page
    assert re.search(r"<dt>New</dt><dd>6</dd>", page)
    assert "to review (no property matched): 1" in page
    assert FieldSubmission.objects.count() == 0
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    form = re.search(r'name="form" value="([^"]+)"', page).group(1)
    r = c.post("/monitoring/fieldforms/confirm/", {"token": token, "form": form})
    assert r.status_code == 302
    r = c.get(r["Location"])
    assert "Imported" in r.content.decode()
    assert Assessment.objects.count() == 5
    r = c.post(r.request["PATH_INFO"], {"undo": "1"})
    assert r.status_code == 302 and Assessment.objects.count() == 0


def test_the_page_in_norwegian_and_refusals(users, sites, form_bytes):
    c = _client(users["assessor"], "nb")
    subs = g.submissions(3, sites)
    subs[0].answers["damage/damage_level"] = "catastrophic"
    r = c.post(
        "/monitoring/fieldforms/",
        {
            "export": SimpleUploadedFile("e.csv", g.kpi_csv(subs)),
            "form_file": SimpleUploadedFile("form.xlsx", form_bytes),
        },
    )
    page = r.content.decode()
    assert "Avviste innsendinger" in page and "Bekreft importen" not in page
    assert f"rad 1 (<code>{subs[0].uuid}</code>): <code>damage/damage_level</code>" in page
    assert "«<code>catastrophic</code>» har ingen kode for Tilstand i koblingen" in page


def test_only_assessors_see_the_page(users):
    assert _client(users["officer_arm"]).get("/monitoring/fieldforms/").status_code == 403
