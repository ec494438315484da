"""Issue 13, done when: an anonymous reader opens the dossier of a confidential property with
a geotagged photograph and finds neither the photographer's position nor the property's exact
point anywhere: the page, the thumbnail's bytes, the PDF, the IIIF manifest and pictures, the API."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from shield.monitoring import evidence
from tests.browsing import wait

from . import pdftext, photos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def confidential_photo(users, props, live_server):
    prop = props["refuge"]  # confidentiality "location": the public sees its ~10 km area only
    assert (prop.lat, prop.lon) == (61.473829, 8.916357)
    ev = evidence.add_evidence(
        users["assessor"],
        "refuge-damage.jpg",
        photos.geotagged_jpeg(lat=61.474229, lon=8.916057),  # 40 m from the property's point
        {
            "property": prop.code,
            "collector": "Field team North",
            "source_url": "https://example.org/refuge/1",
            "description": "Damage to the west wall",
        },
    )
    return live_server.url, prop, ev


SECRETS = (
    "61.47",  # the point's latitude, the photographer's and the property's, in any precision
    "8.91",
    "61°",
    "61,47",
    photos.PHONE,
    photos.PLACE_NAME,
    photos.PHOTOGRAPHER,
    *photos.DEVICE,
    "SN-778899",
    "Field team North",
    "example.org/refuge",
)


def _clean(where: str, text: str, squeezed: bool = False) -> None:
    for secret in SECRETS:
        secret = "".join(secret.split()) if squeezed else secret
        assert secret not in text, f"{secret!r} in {where}"


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_an_anonymous_reader_finds_no_point_in_the_dossier_of_a_confidential_property(
    browser, confidential_photo
):
    url, prop, ev = confidential_photo
    # the property's ~10 km cell, where the photograph was taken, as each language writes it
    for lang, heading, area in (
        ("en", "Evidence", "61.45\u00b0 N, 8.95\u00b0 E"),
        ("nb", "Bevis", "61.45\u00b0 N, 8.95\u00b0 \u00d8"),  # coordinates read the same, east is Ø
    ):
        browser.get(f"{url}/dossier/{prop.code}/?lang={lang}")
        wait(browser, EC.text_to_be_present_in_element((By.ID, "property-name"), "Refuge"))
        body = browser.find_element(By.TAG_NAME, "body").text
        assert heading in body and "refuge-damage.jpg" in body
        assert area in body
        _clean(f"the page ({lang})", browser.page_source)

    # the photograph is shown: a thumbnail the browser loaded, made of pixels only
    thumb = browser.find_element(By.CSS_SELECTOR, "img.thumb")
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", thumb) > 0)
    assert "uten metadata" in thumb.get_attribute("alt")
    status, data = _get(thumb.get_attribute("src"))
    assert status == 200
    photos.assert_pixels_only(data)

    # the PDF: its text read back (a positive control first)
    pdf_url = browser.find_element(By.ID, "pdf-link").get_attribute("href")
    status, pdf = _get(pdf_url)
    assert status == 200 and pdf.startswith(b"%PDF")
    texts = ["".join(t.split()) for t in pdftext.texts(pdf)]  # spaces are not always glyphs
    assert any("RefugeNordfjell" in t for t in texts) and any(
        "61.45\u00b0N,8.95\u00b0\u00d8" in t for t in texts
    )
    for t in texts:
        _clean("the PDF", t, squeezed=True)
    _clean("the PDF's bytes", pdf.decode("latin-1"))

    # the API, as the page's own links and the public endpoints give it
    for path in (
        f"/api/evidence/{ev.pk}",
        f"/api/properties/{prop.code}",
        f"/api/monitoring/properties/{prop.code}/timeline",
        "/api/monitoring/map",
        f"/timeline/{prop.code}/",
    ):
        status, data = _get(url + path)
        assert status == 200, path
        _clean(path, data.decode())
    assert _get(f"{url}/api/evidence/{ev.pk}/file")[0] == 403  # the original keeps its EXIF

    # IIIF (issue 20): the property's manifest, the image's description and its pictures
    import json

    status, data = _get(f"{url}/iiif/property/{prop.code}/manifest.json")
    assert status == 200
    manifest = json.loads(data)
    _clean("the IIIF manifest", data.decode())
    assert "61.45, 8.95" in data.decode()  # its place: the ~10 km area, as on the page
    assert "rendering" not in data.decode()  # no link to the original for the public
    (canvas,) = manifest["items"]
    service = canvas["items"][0]["items"][0]["body"]["service"][0]["id"]
    status, data = _get(f"{service}/info.json")
    assert status == 200
    _clean("the IIIF image description", data.decode())
    for picture in (
        canvas["items"][0]["items"][0]["body"]["id"],
        canvas["thumbnail"][0]["id"],
        f"{service}/square/max/!0/gray.png",
    ):
        status, data = _get(picture)
        assert status == 200, picture
        _clean(picture, data.decode("latin-1"))
        if picture.endswith(".jpg"):
            photos.assert_pixels_only(data)
    for path in ("/iiif/", f"/iiif/{ev.pk}/info.json", f"/api/evidence/{ev.pk}/manifest"):
        assert _get(url + path)[0] == 404, path


def test_the_dossier_with_a_photograph_fits_a_phone(browser, confidential_photo):
    url, prop, _ev = confidential_photo
    browser.set_window_size(390, 844)
    browser.get(f"{url}/dossier/{prop.code}/?lang=nb")
    thumb = browser.find_element(By.CSS_SELECTOR, "img.thumb")
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", thumb) > 0)
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert thumb.rect["x"] >= 0 and thumb.rect["x"] + thumb.rect["width"] <= width
    assert "Tatt i området rundt" in browser.find_element(By.TAG_NAME, "body").text
