"""A person in headless Chromium: search, open a property, switch to Norwegian."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select

from shield.registry import maplayer, services
from tests.browsing import wait
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(users, live_server):
    for rec in (GANDZASAR, SHUSHA, REFUGE):
        services.create_property(users["admin"], rec)
    return live_server.url


def result_names(browser):
    try:
        return [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#results .result-name")]
    except StaleElementReferenceException:  # HTMX swapped the results while we read them
        return None


def search_for(browser, text, expected):
    box = wait(browser, EC.element_to_be_clickable((By.ID, "q")))
    box.clear()
    box.send_keys(text, Keys.ENTER)
    wait(browser, lambda b: result_names(b) == expected)
    wait(
        browser,
        lambda b: b.execute_script("return document.querySelector('.htmx-request') === null"),
    )
    return browser.find_elements(By.CSS_SELECTOR, "#results .result-name")


def test_search_and_property_page_in_english_and_norwegian(browser, site):
    browser.get(site + "/search/")
    assert "Search the registry" in browser.page_source

    results = search_for(browser, "Շուշի", ["Shusha"])
    wait(browser, lambda b: b.find_element(By.ID, "results-map").get_attribute("data-ready") == "1")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#results-map .leaflet-marker-icon")) == 1
    results[0].click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "property-name"), "Shusha"))
    names = browser.find_element(By.CSS_SELECTOR, "table.names").text
    for name in ("Shusha", "Shushi", "Şuşa", "Шуша", "Շուշի"):
        assert name in names
    wait(
        browser, lambda b: b.find_element(By.ID, "property-map").get_attribute("data-ready") == "1"
    )
    assert browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-marker-icon")

    Select(browser.find_element(By.ID, "language")).select_by_value("nb")
    wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "h2"), "Navn"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert "Jurisdiksjon og krav" in browser.page_source

    browser.get(site + "/search/")
    assert "Søk i registeret" in browser.page_source
    results = search_for(browser, "Gəncəsər", ["Gandzasar"])
    assert "1 kulturverdi funnet" in browser.find_element(By.ID, "result-count").text
    results[0].click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "property-name"), "Gandzasar"))
    claims = browser.find_element(By.CSS_SELECTOR, "ul.claims").text
    assert "Armenia" in claims and "Aserbajdsjan" in claims


def test_confidential_refuge_shows_an_area_not_a_point(browser, site):
    browser.get(site + "/search/?q=Nordfjell")
    link = wait(browser, EC.element_to_be_clickable((By.CSS_SELECTOR, "#results .result-name")))
    link.click()
    wait(
        browser, lambda b: b.find_element(By.ID, "property-map").get_attribute("data-ready") == "1"
    )
    assert "confidential" in browser.find_element(By.CSS_SELECTOR, ".confidential").text
    assert not browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-marker-icon")
    assert browser.find_elements(By.CSS_SELECTOR, "#property-map path.leaflet-interactive")
    assert "61.4738" not in browser.page_source


def test_world_map_clusters_points(browser, site):
    browser.get(site + "/map/")
    wait(browser, lambda b: b.find_element(By.ID, "world-map").get_attribute("data-ready") == "1")
    assert "3" in browser.find_element(By.ID, "map-count").text
    wait(
        browser,
        lambda b: b.find_elements(
            By.CSS_SELECTOR, "#world-map .marker-cluster, #world-map .leaflet-marker-icon"
        ),
    )


def test_a_large_registry_maps_as_counts_per_cell_that_open_on_click(browser, site, monkeypatch):
    monkeypatch.setattr(maplayer, "POINTS_MAX", 1)  # the live server runs in this process
    browser.get(site + "/map/")
    wait(browser, lambda b: b.find_element(By.ID, "world-map").get_attribute("data-ready") == "1")
    wait(browser, lambda b: b.find_element(By.ID, "map-count").text == "3 located records in view")

    def cell_of(count):
        try:
            cells = browser.find_elements(By.CSS_SELECTOR, "#world-map .marker-cluster")
            return next((c for c in cells if c.text == count), None)
        except StaleElementReferenceException:  # the map redrew its cells while we read them
            return None

    def click_cell(count):
        try:
            cell_of(count).click()
            return True
        except (StaleElementReferenceException, AttributeError):
            return False

    # Gandzasar and Shusha share a cell, the refuge has its own (once the map has fitted them)
    wait(browser, lambda b: cell_of("2") is not None and cell_of("1") is not None)
    assert not browser.find_elements(
        By.CSS_SELECTOR, "#world-map img.leaflet-marker-icon"
    )  # no single points
    wait(
        browser, lambda b: click_cell("2")
    )  # zooms in on the cell; the map asks for what is now in view
    wait(browser, lambda b: b.find_element(By.ID, "map-count").text == "2 located records in view")
