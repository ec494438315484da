"""An assessor's day in Chromium, through the forms only: from a property's timeline, a
remote assessment with the image interpreted (its date and provider, a disturbance); the
timeline then shows it with the image, in the reader's words. In English and Norwegian, at
1400 and 390 pixels wide. And every monitoring page and form fits a 390-px phone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from shield.monitoring import evidence, services
from shield.monitoring.models import Assessment, Evidence
from tests.browsing import wait

from .helpers import assessment, party_report
from .photos import geotagged_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "condition": "Very bad",
        "disturbance": "Military/Armed Conflict: Explosion/Heavy Weaponry (High)",
        "image": "image of Feb. 20, 2021 from Maxar",
        "date": "March 1, 2021",
        "remote": "Remote (satellite image interpretation)",
        "required": "A remote assessment needs the image's provider.",
    },
    "nb": {
        "condition": "Svært dårlig",
        "disturbance": "Militær/væpnet konflikt: Eksplosjon/tunge våpen (Høy)",
        "image": "bilde fra 20. februar 2021 levert av Maxar",
        "date": "1. mars 2021",
        "remote": "Fjernbasert (tolkning av satellittbilder)",
        "required": "En fjernbasert vurdering krever hvem som leverte bildet.",
    },
}


def fits_the_screen(browser) -> bool:
    return browser.execute_script(
        "const w = window.innerWidth + 1;"
        "return document.documentElement.scrollWidth <= w && [...document.querySelectorAll("
        "'.table-scroll, main form')].every(e => e.getBoundingClientRect().right <= w);"
    )


def log_in(browser, site, username, lang):
    browser.get(site + "/login/")
    if lang == "nb":
        Select(browser.find_element(By.ID, "language")).select_by_value("nb")
        wait(browser, lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def fill(browser, **values):
    for field, value in values.items():
        element = browser.find_element(By.ID, f"id_{field}")
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":  # typed as the browser's locale wants
            browser.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)


def submit(browser):
    button = browser.find_element(By.CSS_SELECTOR, "main form button.primary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "crater-2021-02-20.jpg"
    path.write_bytes(geotagged_jpeg())
    return path


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("width", [1400, 390])
def test_an_assessor_records_a_remote_assessment_with_an_image(
    browser, live_server, users, props, photo, lang, width
):
    words, prop, site = WORDS[lang], props["shusha"], live_server.url
    browser.set_window_size(width, 1000)
    log_in(browser, site, "assessor", lang)

    browser.get(f"{site}/timeline/{prop.code}/")
    browser.find_element(By.ID, "new-assessment").click()
    wait(browser, lambda b: b.find_elements(By.ID, "assessment-form"))
    assert fits_the_screen(browser)
    assert browser.find_element(By.ID, "id_property").get_attribute("value") == prop.code
    assert words["remote"] in browser.find_element(By.ID, "f-method").text
    browser.find_element(By.CSS_SELECTOR, "input[name=method][value=remote]").click()
    fill(
        browser,
        assessed_on="2021-03-01",
        image_date="2021-02-20",
        condition="very_bad",
        damage_extent="31-60",
        dist_category_0="military_armed_conflict",
        dist_cause_0="explosion_heavy_weaponry",
        dist_certainty_0="high",
    )
    browser.find_element(By.ID, "id_image").send_keys(str(photo))
    submit(browser)  # no provider: refused beside the field, in the reader's language
    wait(browser, lambda b: b.find_elements(By.ID, "id_image_provider_error"))
    assert browser.find_element(By.ID, "id_image_provider_error").text == words["required"]
    assert not Assessment.objects.exists() and fits_the_screen(browser)

    fill(browser, image_provider="Maxar")
    browser.find_element(By.ID, "id_image").send_keys(str(photo))  # a file is chosen again
    submit(browser)
    wait(browser, lambda b: "/timeline/" in b.current_url and b.find_elements(By.ID, "timeline"))
    a = Assessment.objects.get()
    assert (
        a.method == "remote" and a.image_provider == "Maxar" and a.created_by == users["assessor"]
    )
    assert Evidence.objects.get().assessment == a
    item = browser.find_element(By.ID, f"a-{a.pk}")
    for text in (words["condition"], words["disturbance"], words["image"], words["date"]):
        assert text in item.text, (text, item.text)
    assert "military_armed_conflict" not in item.text
    image = item.find_element(By.CSS_SELECTOR, "img.assessment-image")
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", image) > 0)
    assert fits_the_screen(browser)


def test_monitoring_pages_and_forms_fit_a_phone(browser, live_server, users, props):
    prop = props["shusha"]
    a = assessment(users["assessor"], prop, notes="x" * 300)
    incident = party_report(users["officer_aze"], prop)
    ev = evidence.add_evidence(
        users["assessor"],
        "a-very-long-file-name-of-a-photograph-" * 3 + ".jpg",
        geotagged_jpeg(),
        {"incident": str(incident.pk)},
    )
    mission = services.create_mission(
        users["secretariat"],
        {"title": "Mission K", "mandate": "assess", "requesting_body": "Committee"},
    )
    services.set_consent(
        users["secretariat"],
        mission,
        {"state": "AZE", "status": "requested", "requested_on": "2020-11-20"},
    )
    site = live_server.url
    browser.set_window_size(390, 844)
    log_in(browser, site, "secretariat", "nb")
    pages = [
        "/monitoring/",
        "/conditions/",
        f"/timeline/{prop.code}/",
        f"/timeline/{prop.code}/compare/?a={a.pk}&b={a.pk}",
        f"/missions/{mission.pk}/",
        f"/incidents/{incident.pk}/",
        f"/evidence/{ev.pk}/",
        "/monitoring/missions/new/",
        f"/missions/{mission.pk}/status/",
        f"/missions/{mission.pk}/consent/",
        f"/missions/{mission.pk}/refusal/",
        "/monitoring/assessments/new/",
        "/monitoring/incidents/new/",
        f"/incidents/{incident.pk}/status/",
        "/monitoring/evidence/new/",
        f"/evidence/{ev.pk}/custody/",
    ]
    for page in pages:
        browser.get(site + page)
        wait(browser, lambda b: b.find_elements(By.TAG_NAME, "footer"))
        assert fits_the_screen(browser), page
    # a form with its refusals shown still fits
    browser.get(site + "/monitoring/assessments/new/")
    submit(browser)
    wait(browser, lambda b: b.find_elements(By.ID, "form-errors"))
    assert fits_the_screen(browser)
