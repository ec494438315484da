"""In Chromium, on a 390-px phone, in English and in Norwegian: an officer reports a theft, a
dealer checks a listing that finds it (reasons, a certificate whose page says it is valid),
a provenance shows a flagged gap, and a return case goes through its steps. Every page on
the way keeps to the screen's width and has no serious accessibility violation (axe-core)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browsing import wait
from tests.web.test_axe_browser import _axe_here
from tests.web.test_phone_browser import OVERFLOW, login, on_phone

from .test_matching_images import encoded, picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"candidates": "candidate", "valid": "Valid", "gap": "Gap", "returned": "Returned"},
    "nb": {"candidates": "kandidat", "valid": "Gyldig", "gap": "Hull", "returned": "Tilbakelevert"},
}


def _ready(browser):
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def _fits_and_passes(browser, lang, bad, label):
    _ready(browser)
    found = browser.execute_script(OVERFLOW)
    assert found["scroll"] <= found["width"] + 1 and found["worst"] is None, (label, found)
    _axe_here(browser, lang, bad, label)


def _fill(browser, form_id, values):
    for name, value in values.items():
        el = browser.find_element(By.CSS_SELECTOR, f"#{form_id} [name={name}]")
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        elif el.get_attribute("type") == "date":
            browser.execute_script("arguments[0].value = arguments[1]", el, value)
        else:
            el.clear()
            el.send_keys(value)


def _submit(browser, form_id):
    old = browser.current_url
    browser.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]").click()
    wait(browser, lambda b: b.current_url != old or b.find_elements(By.ID, "check-result"))
    _ready(browser)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_report_check_provenance_and_return(browser, live_server, users, lang, tmp_path):
    base = live_server.url
    words = WORDS[lang]
    on_phone(browser)
    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    bad: dict[str, list] = {}

    # An officer of Armenia reports the theft of an icon.
    login(browser, base, "officer-arm")
    browser.get(base + "/provenance/stolen/new/")
    _fits_and_passes(browser, lang, bad, "report form")
    _fill(
        browser,
        "report-form",
        {
            "object_type": "icon",
            "title": "Saint George and the dragon",
            "materials_techniques": "tempera and gilding on wood",
            "measurements": "height 318 mm; width 245 mm",
            "inscriptions_markings": "O AGIOS GEORGIOS",
            "date_period": "18th century",
            "lost_place": "Demo village church",
            "circumstances": "theft",
            "police_reference": "POL-77",
        },
    )
    _submit(browser, "report-form")
    assert "/provenance/stolen/SR-" in browser.current_url
    number = browser.current_url.rstrip("/").rsplit("/", 1)[1]
    assert browser.find_element(By.ID, "police-file").is_displayed()
    _fits_and_passes(browser, lang, bad, "entry")

    # ... and adds its photograph (kept with its perceptual hashes).
    shot = picture(21)
    front, seller = tmp_path / "front.png", tmp_path / "seller.jpg"
    front.write_bytes(encoded(shot, "PNG"))
    seller.write_bytes(encoded(shot.rotate(90, expand=True).resize((300, 400)), quality=50))
    browser.find_element(By.ID, "go-photo").click()
    wait(browser, lambda b: b.find_elements(By.ID, "photo-form"))
    _fits_and_passes(browser, lang, bad, "photograph form")
    browser.find_element(By.CSS_SELECTOR, "#photo-form [name=photograph]").send_keys(str(front))
    _fill(browser, "photo-form", {"caption": "front"})
    _submit(browser, "photo-form")
    assert browser.find_elements(By.CSS_SELECTOR, "#photos img")
    _fits_and_passes(browser, lang, bad, "entry with its photograph")

    # A dealer (anonymous) checks a listing: the icon, with its reasons; the certificate.
    browser.delete_cookie("sessionid")
    browser.get(base + "/provenance/check/")
    _fits_and_passes(browser, lang, bad, "check form")
    _fill(
        browser,
        "check-form",
        {
            "object_type": "icon",
            "measurements": "height 32 cm; width 24.5 cm",
            "inscriptions_markings": "ΟΑΓΙΟΣ ΓΕΩΡΓΙΟΣ",
            "date_period": "c. 1750",
        },
    )
    browser.find_element(By.CSS_SELECTOR, "#check-form [name=photographs]").send_keys(str(seller))
    _submit(browser, "check-form")
    result = browser.find_element(By.ID, "check-result").text
    assert browser.find_elements(
        By.CSS_SELECTOR, f"#candidate-{number} .image-reason .outcome-match"
    )
    assert words["candidates"] in result and number in result
    assert browser.find_elements(By.CSS_SELECTOR, f"#candidate-{number} .outcome-match")
    assert "POL-77" not in browser.page_source
    _fits_and_passes(browser, lang, bad, "check result")
    browser.find_element(By.CSS_SELECTOR, "#certificate-number a").click()
    wait(browser, lambda b: b.find_elements(By.ID, "validity"))
    assert browser.find_element(By.ID, "validity").text.startswith(words["valid"])
    assert number in browser.find_element(By.ID, "certified-candidates").text
    _fits_and_passes(browser, lang, bad, "certificate")

    # The officer traces a manuscript's provenance: a gap across 1970 is flagged.
    login(browser, base, "officer-arm")
    browser.get(base + "/provenance/objects/new/")
    _fill(browser, "traced-form", {"title": "Gospel book", "object_type": "manuscript"})
    _submit(browser, "traced-form")
    code = browser.current_url.rstrip("/").rsplit("/", 1)[1]
    for event in ({"kind": "creation", "on": "1650"}, {"kind": "sale", "on": "1999-05"}):
        browser.get(base + f"/provenance/objects/{code}/event/")
        _fill(browser, "event-form", event)
        _submit(browser, "event-form")
    gap = browser.find_element(By.CSS_SELECTOR, "#timeline li.gap")
    assert words["gap"] in gap.text and "1970" in gap.get_attribute("data-reasons")
    _fits_and_passes(browser, lang, bad, "provenance timeline")

    # A return case through its steps.
    browser.get(base + f"/provenance/cases/new/?entries={number}")
    _fill(
        browser,
        "case-form",
        {"title": "Return of the icon", "claimant": "ARM", "holder": "A gallery",
         "legal_basis": "unesco_1970"},
    )  # fmt: skip
    _submit(browser, "case-form")
    case = browser.current_url.rstrip("/").rsplit("/", 1)[1]
    today = timezone.localdate().isoformat()
    for step in ("negotiation", "mediation", "decision", "return"):
        browser.get(base + f"/provenance/cases/{case}/step/")
        _fill(browser, "step-form", {"step": step, "on": today})
        _submit(browser, "step-form")
        assert f"/provenance/cases/{case}/" in browser.current_url
    assert browser.find_element(By.ID, "case-status").text == words["returned"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "#ladder li.done")) == 5
    _fits_and_passes(browser, lang, bad, "return case")
    assert not bad, bad
