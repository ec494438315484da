"""A field coordinator in Chromium, at 1400 px and on a 390-px phone, in English and in
Norwegian: from monitoring's actions to the field forms page, uploads a generated export
and its form, reads the preview, confirms, follows the import, reviews the place no
property matched, and lands on the property's timeline with the survey's assessments.
Every page keeps to the screen's width; axe-core finds no serious violation on any."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from shield.monitoring.models import Assessment, FieldSubmission
from tests.browsing import wait
from tests.fieldforms import generate as g
from tests.web.test_axe_browser import AXE, RUN, SERIOUS
from tests.web.test_phone_browser import OVERFLOW, on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "preview": "Nothing is written until you confirm",
        "new": "New",
        "to_review": "to review (no property matched): 1",
        "imported": "Imported",
        "places": "Places to review",
        "done": "submission(s) recorded as its assessments",
    },
    "nb": {
        "preview": "Ingenting skrives før du bekrefter",
        "new": "Nye",
        "to_review": "til gjennomgang (ingen kulturverdi passet): 1",
        "imported": "Importert",
        "places": "Steder til gjennomgang",
        "done": "innsending(er) registrert som dets vurderinger",
    },
}


def _fits(browser, where: str) -> None:
    """The page keeps to the screen's width, and axe-core finds no serious violation."""
    found = browser.execute_script(OVERFLOW)
    assert found["scroll"] <= found["width"] + 1, (where, found)
    assert found["worst"] is None, (where, found)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    bad = [v for v in browser.execute_async_script(RUN) if v["impact"] in SERIOUS]
    assert not bad, (where, bad)


def _loaded(browser):
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


@pytest.mark.parametrize(
    "lang,width", [("en", 1400), ("nb", 390), ("en", 390), ("nb", 1400)], ids=str
)
def test_upload_preview_confirm_follow_and_review(
    browser, live_server, users, sites, props, form_bytes, tmp_path, lang, width
):
    base = live_server.url
    if width < 400:
        on_phone(browser)
    else:
        browser.set_window_size(width, 1000)
    words = WORDS[lang]
    subs = g.submissions(6, sites)
    export = tmp_path / "export.csv"
    export.write_bytes(g.kpi_csv(subs, ",", "."))
    form = tmp_path / "form.xlsx"
    form.write_bytes(form_bytes)

    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    browser.get(base + "/login/")
    browser.find_element(By.NAME, "username").send_keys("assessor")
    browser.find_element(By.NAME, "password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)

    browser.get(base + "/monitoring/")
    _loaded(browser)
    assert browser.execute_script("return document.documentElement.lang") == lang
    browser.find_element(By.ID, "import-fieldforms").click()
    wait(browser, lambda b: b.find_elements(By.ID, "fieldforms-upload"))
    _fits(browser, "upload")
    browser.find_element(By.ID, "id_export").send_keys(str(export))
    browser.find_element(By.ID, "id_form_file").send_keys(str(form))
    browser.find_element(By.CSS_SELECTOR, "#fieldforms-upload button[type=submit]").click()
    wait(browser, lambda b: b.find_elements(By.ID, "fieldforms-confirm"))
    _loaded(browser)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert words["preview"] in page and words["to_review"] in page
    counts = browser.find_element(By.CSS_SELECTOR, "dl.ff-counts").text.split("\n")
    assert counts[:2] == [words["new"], "6"], counts
    assert FieldSubmission.objects.count() == 0  # nothing written before the confirmation
    _fits(browser, "preview")

    browser.find_element(By.CSS_SELECTOR, "#fieldforms-confirm button[type=submit]").click()
    wait(browser, lambda b: "/monitoring/fieldforms/imports/" in b.current_url)
    _loaded(browser)
    assert browser.find_element(By.ID, "ff-status").text == words["imported"]
    assert Assessment.objects.count() == 5 and FieldSubmission.objects.count() == 6
    _fits(browser, "import")

    browser.find_element(By.ID, "ff-places-link").click()
    wait(browser, lambda b: b.find_elements(By.ID, "places"))
    assert browser.find_element(By.TAG_NAME, "h1").text == words["places"]
    _fits(browser, "places")
    browser.find_element(By.LINK_TEXT, "SURV-99").click()
    wait(browser, lambda b: b.find_elements(By.ID, "ff-link"))
    _loaded(browser)
    _fits(browser, "place")
    target = props["shusha"]
    browser.find_element(By.ID, "id_link-property").send_keys(target.code)
    browser.find_element(By.CSS_SELECTOR, "#ff-link button[type=submit]").click()
    wait(browser, lambda b: f"/timeline/{target.code}/" in b.current_url)
    _loaded(browser)
    assert words["done"] in browser.find_element(By.TAG_NAME, "body").text
    assert Assessment.objects.count() == 6
    _fits(browser, "timeline")
