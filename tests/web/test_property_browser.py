"""A Party's heritage officer in Chromium, through the forms only: logs in, adds a property
with names in three scripts (a fourth row added by the page's script), a claim and a point
picked on the map, adds a photograph, marks the place confidential; the public then sees its
~10 km cell and never the point. In English and Norwegian, at 1400 and 390 pixels wide."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select

from shield.registry.models import CulturalProperty
from tests.browsing import wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "add_photo": "Add a photograph",
        "confidentiality": "Change the confidentiality",
        "names_heading": "Names",
        "armenian": "Armenian (hy)",
        "armenian_script": "Armenian script",
        "confidential": "The exact location is confidential",
        "added": "was added to the registry",
    },
    "nb": {
        "add_photo": "Legg til et fotografi",
        "confidentiality": "Endre fortroligheten",
        "names_heading": "Navn",
        "armenian": "armensk (hy)",
        "armenian_script": "Armensk skrift",
        "confidential": "Den nøyaktige plasseringen er fortrolig",
        "added": "ble lagt til i registeret",
    },
}


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    path = tmp_path / "west-front.jpg"
    Image.new("RGB", (64, 48), (150, 90, 60)).save(path, "JPEG")
    return path


def fits_the_screen(browser) -> bool:
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def submit(browser, form_selector="main form"):
    form = browser.find_element(By.CSS_SELECTOR, form_selector)
    button = form.find_element(By.CSS_SELECTOR, "button.primary")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def fill_row(browser, prefix, index, **values):
    for field, value in values.items():
        element = browser.find_element(By.ID, f"id_{prefix}-{index}-{field}")
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":  # typed as the browser's locale wants
            browser.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.send_keys(value)


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("width", [1400, 390])
def test_an_officer_records_a_confidential_property_and_the_public_sees_its_cell(
    browser, live_server, users, settings, tmp_path, photo, lang, width
):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    settings.SHIELD_TSA_URL = ""
    words = WORDS[lang]
    browser.set_window_size(width, 1000)
    site = live_server.url

    browser.get(site + "/login/")
    if lang == "nb":
        Select(browser.find_element(By.ID, "language")).select_by_value("nb")
        wait(browser, lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb")
    browser.find_element(By.ID, "id_username").send_keys("officer-arm")
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)

    browser.get(site + "/property/new/")
    wait(browser, lambda b: b.find_element(By.ID, "picker-map").get_attribute("data-ready") == "1")
    assert fits_the_screen(browser)
    assert words["armenian"] in browser.page_source
    Select(browser.find_element(By.ID, "id_category")).select_by_value("monument")
    fill_row(browser, "names", 0, text="Dadivank", lang="en")
    fill_row(browser, "names", 1, text="Դադիվանք", lang="hy", script="Armn")
    fill_row(browser, "names", 2, text="Дадиванк", lang="ru")
    browser.find_element(By.CSS_SELECTOR, "button[data-add-row=names]").click()  # no page load
    wait(browser, lambda b: b.find_elements(By.ID, "id_names-3-text"))
    fill_row(browser, "names", 3, text="Xudavəng", lang="az", kind="variant")
    fill_row(
        browser,
        "claims",
        0,
        state="ARM",
        role="control",
        valid_from="1994-05-12",
        basis="ceasefire line",
        source="field survey",
    )
    picker = browser.find_element(By.ID, "picker-map")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", picker)
    ActionChains(browser).move_to_element(picker).click().perform()
    lat = browser.find_element(By.ID, "id_lat")
    wait(browser, lambda b: lat.get_attribute("value") != "")
    # The point typed, as a person without the map would: the map follows it.
    for field, value in (("id_lat", "40.16152"), ("id_lon", "46.28837")):
        box = browser.find_element(By.ID, field)
        box.clear()
        box.send_keys(value)
    submit(browser, "#property-form")

    wait(
        browser, lambda b: "/new/" not in b.current_url or b.find_elements(By.ID, "form-has-errors")
    )
    assert not browser.find_elements(By.ID, "form-has-errors"), [
        e.text for e in browser.find_elements(By.CSS_SELECTOR, ".errorlist, .error")
    ]
    wait(browser, EC.presence_of_element_located((By.ID, "property-actions")))
    prop = CulturalProperty.objects.get()
    assert prop.code == "ARM-00001" and browser.current_url.endswith(f"/property/{prop.code}/")
    assert words["added"] in browser.page_source
    names = browser.find_element(By.CSS_SELECTOR, "table.names").text
    for text in ("Dadivank", "Դադիվանք", "Дадиванк", "Xudavəng", words["armenian"]):
        assert text in names
    assert words["armenian_script"] in names
    assert "ceasefire line" in browser.find_element(By.CSS_SELECTOR, "ul.claims").text
    assert (prop.lat, prop.lon) == (40.16152, 46.28837)
    assert fits_the_screen(browser)

    browser.find_element(By.LINK_TEXT, words["add_photo"]).click()
    upload = wait(browser, EC.presence_of_element_located((By.ID, "id_file")))
    upload.send_keys(str(photo))
    browser.find_element(By.ID, "id_caption").send_keys("West front")
    submit(browser)
    image = wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, "#photographs img")))
    browser.execute_script("arguments[0].scrollIntoView()", image)
    wait(browser, lambda b: b.execute_script("return arguments[0].naturalWidth > 0", image))
    assert "West front" in browser.find_element(By.ID, "photographs").text

    browser.find_element(By.LINK_TEXT, words["confidentiality"]).click()
    choice = wait(
        browser, EC.presence_of_element_located((By.CSS_SELECTOR, "input[value=location]"))
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", choice)
    choice.click()
    submit(browser)
    wait(browser, EC.presence_of_element_located((By.ID, "property-actions")))
    prop.refresh_from_db()
    assert prop.confidentiality == "location"
    # its officer still sees the point
    assert browser.find_element(By.ID, "property-map").get_attribute("data-precision") == "exact"

    browser.delete_all_cookies()  # the public, in the same language
    if lang == "nb":
        browser.get(site + "/")
        Select(browser.find_element(By.ID, "language")).select_by_value("nb")
        wait(browser, lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb")
    browser.get(site + f"/property/{prop.code}/")
    wait(
        browser, lambda b: b.find_element(By.ID, "property-map").get_attribute("data-ready") == "1"
    )
    assert browser.find_element(By.ID, "property-map").get_attribute("data-precision") == "area"
    assert words["confidential"] in browser.find_element(By.CSS_SELECTOR, ".confidential").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-marker-icon")
    assert browser.find_elements(By.CSS_SELECTOR, "#property-map path.leaflet-interactive")
    source = browser.page_source
    for digits in ("40.1615", "40,1615", "46.2883", "46,2883"):
        assert digits not in source
    assert not browser.find_elements(By.ID, "property-actions")
    assert words["names_heading"] in browser.find_element(By.TAG_NAME, "h2").text
    assert "West front" in browser.find_element(By.ID, "photographs").text  # pixels only
    assert fits_the_screen(browser)
