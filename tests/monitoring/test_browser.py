"""A person in headless Chromium: a property's timeline, its comparison, its dossier; the PDF renders."""

from __future__ import annotations

import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from shield.monitoring import evidence, wording
from tests.browsing import wait

from .helpers import assessment, party_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(users, props, live_server):
    prop = props["shusha"]
    assessment(
        users["assessor"],
        prop,
        assessed_on="2020-09-01",
        condition="good",
        damage_extent="none",
        disturbances=[],
    )
    assessment(users["assessor"], prop, assessed_on="2021-03-01", condition="very_bad")
    incident = party_report(users["officer_aze"], prop)
    evidence.add_evidence(
        users["assessor"], "statement.txt", b"witness statement", {"incident": str(incident.pk)}
    )
    return live_server.url, prop, incident


def test_timeline_compare_dossier_and_pdf(browser, site):
    url, prop, incident = site
    browser.get(f"{url}/timeline/{prop.code}/")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "property-name"), "Shusha"))
    timeline = browser.find_element(By.ID, "timeline").text
    assert wording.describe(incident, "en") in timeline
    assert "statement.txt" in timeline and "Very bad" in timeline
    assert "Very bad" in browser.find_element(By.ID, "latest-condition").text

    form = browser.find_element(By.ID, "compare-form")
    form.find_element(By.TAG_NAME, "button").click()
    wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#comparison .comparison")))
    assert browser.find_element(By.CSS_SELECTOR, "#comparison .trend").text == "worse"

    browser.find_element(By.ID, "dossier-link").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "property-name"), "Shusha"))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert wording.describe(incident, "en") in body
    assert "never a verdict" in body

    browser.get(f"{url}/dossier/{prop.code}/?lang=nb")
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "body"), "Tilstandsvurderinger"))
    assert wording.describe(incident, "nb") in browser.find_element(By.TAG_NAME, "body").text

    pdf_url = browser.find_element(By.ID, "pdf-link").get_attribute("href")
    assert pdf_url.endswith("?format=pdf&lang=nb")
    pdf = urllib.request.urlopen(pdf_url).read()
    assert pdf.startswith(b"%PDF")
    assert f"Dossier: Shusha ({prop.code})" in _pdf_titles(pdf)  # the document's title
    assert "Tilstandsvurderinger" in _pdf_titles(pdf)  # a bookmark from a Norwegian heading


def _pdf_titles(pdf: bytes) -> list[str]:
    """The document title and bookmark titles WeasyPrint writes (from <title> and headings)."""
    import re
    import zlib

    plain = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            plain.append(zlib.decompress(stream))
        except zlib.error:
            continue
    titles = []
    for raw in re.findall(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:[^)\\]|\\.)*\))", b"\n".join(plain)):
        if raw.startswith(b"<"):
            titles.append(bytes.fromhex(raw[1:-1].decode()).decode("utf-16"))
        else:
            titles.append(re.sub(rb"\\(.)", rb"\1", raw[1:-1]).decode("latin-1"))
    return titles


def test_condition_map_draws_coloured_markers(browser, site):
    url, _prop, _incident = site
    browser.get(f"{url}/conditions/")
    wait(
        browser, lambda b: b.find_element(By.ID, "condition-map").get_attribute("data-ready") == "1"
    )
    assert browser.find_element(By.ID, "condition-map").get_attribute("data-count") == "1"
    paths = browser.find_elements(By.CSS_SELECTOR, "#condition-map path.leaflet-interactive")
    assert any(p.get_attribute("fill") == "#c62828" for p in paths)  # very bad
