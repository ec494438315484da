"""In Chromium: a customs officer uploads a catalogue whose lot is a cropped, mirrored photograph
of a registered stolen vase, described in French and measured in inches; the lot reaches the
review queue with its evidence side by side; the officer confirms it and a return case is
opened. In English at 1400 px and in Norwegian on a 390-px phone, each page within the screen's
width and without a serious accessibility violation."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from shield.market.models import Candidate
from shield.provenance.models import ReturnCase
from tests.browsing import wait
from tests.web.test_axe_browser import _axe_here
from tests.web.test_phone_browser import OVERFLOW, login, on_phone

from .conftest import listing_files, listings_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ready(browser):
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def _checked(browser, lang, bad, label):
    _ready(browser)
    if lang == "nb":
        found = browser.execute_script(OVERFLOW)
        assert found["scroll"] <= found["width"] + 1 and found["worst"] is None, (label, found)
    _axe_here(browser, lang, bad, label)


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_cropped_mirrored_french_lot_in_inches_reaches_the_queue_and_is_confirmed(
    browser, live_server, customs, stolen, tmp_path, lang
):
    base = live_server.url
    if lang == "nb":
        on_phone(browser)
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_bytes(listings_file())
    photos = []
    for name, data in listing_files().items():
        (tmp_path / name).write_bytes(data)
        photos.append(str(tmp_path / name))
    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    bad: dict[str, list] = {}
    login(browser, base, "customs")

    browser.get(base + "/market/")
    _checked(browser, lang, bad, "upload")
    browser.find_element(By.CSS_SELECTOR, "#batch-form [name=file]").send_keys(str(catalogue))
    browser.find_element(By.CSS_SELECTOR, "#batch-form [name=images]").send_keys("\n".join(photos))
    Select(browser.find_element(By.CSS_SELECTOR, "#batch-form [name=against]")).select_by_value(
        "stolen"
    )
    browser.find_element(By.CSS_SELECTOR, "#batch-form button[type=submit]").click()
    wait(browser, lambda b: b.find_elements(By.ID, "review-queue"), timeout=120)
    _checked(browser, lang, bad, "batch and queue")
    queue = browser.find_element(By.ID, "review-queue").text
    assert "lot-101" in queue and stolen["vase"].number in queue and "lot-102" not in queue

    browser.find_element(By.CSS_SELECTOR, "#review-queue tbody tr a").click()
    wait(browser, lambda b: b.find_elements(By.ID, "pair-evidence"))
    _checked(browser, lang, bad, "pair")
    evidence = browser.find_element(By.ID, "pair-evidence").text
    assert "11 3/4 x 8 in" in evidence and "height 30 cm" in evidence
    assert browser.find_elements(By.ID, "pair-image")  # the photograph's distance, shown
    images = browser.find_elements(By.CSS_SELECTOR, "main figure img")
    assert len(images) == 2 and all(
        browser.execute_script("return arguments[0].naturalWidth", img) > 0 for img in images
    )
    Select(browser.find_element(By.CSS_SELECTOR, "#decision-form [name=decision]")).select_by_value(
        "confirmed"
    )
    browser.find_element(By.CSS_SELECTOR, "#decision-form [name=reason]").send_keys(
        "Same cranes, same gilding; the photograph is ours, mirrored and cropped"
    )
    old = browser.current_url
    browser.find_element(By.CSS_SELECTOR, "#decision-form button[type=submit]").click()
    wait(browser, lambda b: b.find_elements(By.ID, "pair-case"))
    _checked(browser, lang, bad, "confirmed")
    assert browser.current_url == old
    case = ReturnCase.objects.get()
    assert browser.find_element(By.ID, "pair-case").text == case.code
    assert list(case.entries.all()) == [stolen["vase"]]
    assert Candidate.objects.get(status="confirmed").listing.traced is not None
    assert not bad, bad
