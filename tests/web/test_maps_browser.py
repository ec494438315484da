"""Maps that orient (issue 14, item 6), in Chromium: no band of land across the world, property
maps with a locator and the confidential cell as an area, the List map with every entry and a
legend, and the records a map leaves out counted and listed beside it."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By

from shield.registry import services
from tests.browsing import wait
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every edge of the land layer, as Leaflet holds it: the widest step in longitude.
WIDEST_LAND_STEP = """
const map = document.getElementById(arguments[0]).shieldMap;
let widest = 0, points = 0;
const walk = (ll) => {
  if (Array.isArray(ll[0])) { ll.forEach(walk); return; }
  points += ll.length;
  for (let i = 1; i < ll.length; i++) widest = Math.max(widest, Math.abs(ll[i].lng - ll[i - 1].lng));
  if (ll.length > 1) widest = Math.max(widest, Math.abs(ll[0].lng - ll[ll.length - 1].lng));
};
map.shieldLand.eachLayer(layer => walk(layer.getLatLngs()));
return [widest, points];
"""


@pytest.fixture
def site(users, live_server):
    admin = users["admin"]
    made = {
        "gandzasar": services.create_property(admin, GANDZASAR),
        "shusha": services.create_property(admin, SHUSHA),
        "refuge": services.create_property(admin, REFUGE),
        "nowhere": services.create_property(
            admin,
            record(
                "t:nowhere",
                "ARM",
                names=[{"text": "Lost Khachkar", "lang": "en"}],
                lat=None,
                lon=None,
                location_certainty="unknown",
            ),
        ),
        "fiji": services.create_property(admin, record("t:levuka", "NOR", lat=-17.68, lon=178.83)),
    }
    for key, level in (
        ("gandzasar", "enhanced"),
        ("shusha", "provisional_enhanced"),
        ("refuge", "enhanced"),
        ("nowhere", "enhanced"),
    ):
        services.add_protection_event(admin, made[key], level, "granted", date(2024, 5, 1), "test")
    return live_server.url


def ready(browser, ident):
    wait(browser, lambda b: b.find_element(By.ID, ident).get_attribute("data-ready") == "1")
    wait(browser, lambda b: b.find_element(By.ID, ident).get_attribute("data-land") == "1")


def test_the_world_map_draws_no_band_of_land_across_it(browser, site):
    browser.get(site + "/map/")
    ready(browser, "world-map")
    widest, points = browser.execute_script(WIDEST_LAND_STEP, "world-map")
    assert points > 50_000  # the whole outline is drawn
    assert widest < 180
    # the record without a location is counted and listed beside the map
    side = browser.find_element(By.ID, "unlocated")
    assert side.get_attribute("data-count") == "1"
    assert "Lost Khachkar" in side.text
    assert "1 record without a location" in side.text
    assert "located records in view" in browser.find_element(By.ID, "map-count").text


def test_a_property_map_has_a_locator_and_shows_a_confidential_cell_as_an_area(browser, site):
    browser.get(site + "/property/NOR-00001/")  # the refuge, anonymously: its area only
    ready(browser, "property-map")
    el = browser.find_element(By.ID, "property-map")
    wait(browser, lambda b: el.get_attribute("data-locator") == "1")
    assert browser.find_elements(
        By.CSS_SELECTOR, "#property-map .locator .leaflet-overlay-pane path"
    )
    # an area (a path), never a point (a marker icon)
    assert not browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-marker-icon")
    area = browser.execute_script(
        "const m = arguments[0].shieldMap; let b = null;"
        "m.eachLayer(l => { if (l instanceof L.Rectangle) b = l.getBounds(); });"
        "return b && [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];",
        el,
    )
    assert area is not None
    south, west, north, east = area
    assert abs((north - south) - 0.1) < 1e-6 and abs((east - west) - 0.1) < 1e-6
    assert "61.473829" not in browser.page_source

    browser.get(site + "/property/AZE-00001/")  # an exact point: a wider view, and the locator
    ready(browser, "property-map")
    el = browser.find_element(By.ID, "property-map")
    wait(browser, lambda b: el.get_attribute("data-locator") == "1")
    assert browser.execute_script("return arguments[0].shieldMap.getZoom()", el) <= 7
    assert browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-marker-icon")
    assert browser.find_elements(By.CSS_SELECTOR, "#property-map .leaflet-control-scale")


def test_the_list_map_shows_every_entry_with_a_legend(browser, site):
    browser.get(site + "/list/")
    ready(browser, "list-map")
    el = browser.find_element(By.ID, "list-map")
    assert el.get_attribute("data-shown") == "3"  # every located entry, the area too
    marks = browser.find_elements(By.CSS_SELECTOR, "#list-map .leaflet-overlay-pane path")
    assert len(marks) >= 3
    legend = browser.find_element(By.ID, "list-legend").text
    assert "undefined" not in legend
    for words in ("enhanced protection", "provisional enhanced protection", "area of about 10 km"):
        assert words in legend
    assert "3 entries on the map" in legend
    side = browser.find_element(By.ID, "unlocated")
    assert "Lost Khachkar" in side.text and side.get_attribute("data-count") == "1"


def test_a_map_beside_the_antimeridian_draws_its_land(browser, site):
    browser.get(site + "/property/NOR-00002/")  # Levuka, Fiji: beside longitude 180
    ready(browser, "property-map")
    widest, _points = browser.execute_script(WIDEST_LAND_STEP, "property-map")
    assert widest < 180
