"""Every map's popup marks an invented record, in Chromium: a reader who clicks an invented
record's marker on the world map, the List's map, the condition map or the search results' map
sees the pages' badge ("synthetic demo data", "syntetiske demodata" in Norwegian) beside its
name; a real record's popup has no mark."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By

from shield.registry import services
from tests.browsing import wait
from tests.monitoring.helpers import assessment
from tests.registry.factories import GANDZASAR, INVENTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {"en": "synthetic demo data", "nb": "syntetiske demodata"}

# Tags the element of the marker whose popup links to ``code`` (a marker's icon, or a circle's
# path) and answers "tagged"; "clustered" where the map's clusters still hold it (it is then
# brought out of its cluster: asked again, it answers "tagged"), "moved" where it was out of
# view (the map is centred on it), "busy" while the map moves, "missing" where there is none.
FIND_MARKER = """
const map = document.getElementById(arguments[0]).shieldMap, code = arguments[1];
const links = (l) => {
  const c = l.getPopup && l.getPopup() && l.getPopup().getContent();
  const a = c && (c.tagName === "A" ? c : c.querySelector("a"));
  return Boolean(a && a.getAttribute("href").includes("/" + encodeURIComponent(code) + "/"));
};
let group = null, found = null;
map.eachLayer(l => {
  if (L.MarkerClusterGroup && l instanceof L.MarkerClusterGroup) group = l;
  if (!found && links(l)) found = l;
});
if (map._animatingZoom || (map._panAnim && map._panAnim._inProgress)) return "busy";
const m = found || (group && group.getLayers().find(links));
if (!m) return "missing";
const node = m._icon || m._path;
if (!node) {
  if (group && !map._zooming) group.zoomToShowLayer(m);
  return "clustered";
}
if (!map.getBounds().pad(-0.2).contains(m.getLatLng())) {  // out of view (a popup panned it)
  map.setView(m.getLatLng(), map.getZoom(), {animate: false});
  return "moved";
}
node.setAttribute("data-test-code", code);
return "tagged";
"""


def popup_of(browser, ident: str, code: str):
    """Click the marker of ``code`` on the map ``ident`` and return its popup's content."""
    browser.execute_script("document.getElementById(arguments[0]).shieldMap.closePopup()", ident)

    def clicked(b) -> bool:  # as a reader would; a click the moving map caught is tried again
        if b.execute_script(FIND_MARKER, ident, code) != "tagged":
            return False
        b.find_element(By.CSS_SELECTOR, f'[data-test-code="{code}"]').click()
        return True

    wait(browser, clicked)
    wait(
        browser,
        lambda b: (
            code
            in b.find_element(By.CSS_SELECTOR, f"#{ident} .leaflet-popup-content a").get_attribute(
                "href"
            )
        ),
    )
    return browser.find_element(By.CSS_SELECTOR, f"#{ident} .leaflet-popup-content")


def marks(popup) -> list[str]:
    return [b.text for b in popup.find_elements(By.CSS_SELECTOR, ".badge-synthetic")]


@pytest.fixture
def site(users, live_server):
    """A real monastery and an invented fortress, both on the List and both assessed."""
    admin = users["admin"]
    real = services.create_property(admin, GANDZASAR)
    invented = services.create_property(admin, INVENTED)
    for p in (real, invented):
        services.add_protection_event(admin, p, "enhanced", "granted", date(2024, 5, 1), "t")
        assessment(users["assessor"], p, condition="poor")
    return {"url": live_server.url, "real": real.code, "invented": invented.code}


def _open(browser, site: dict, path: str, lang: str, ident: str) -> None:
    browser.get(site["url"] + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    browser.get(site["url"] + path)
    wait(browser, lambda b: b.find_element(By.ID, ident).get_attribute("data-ready") == "1")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_the_world_map_popup_marks_an_invented_record(browser, site, lang):
    _open(browser, site, "/map/", lang, "world-map")
    popup = popup_of(browser, "world-map", site["invented"])
    assert "Invented Fortress" in popup.text
    assert marks(popup) == [WORDS[lang]]
    badge = popup.find_element(By.CSS_SELECTOR, ".badge-synthetic")
    assert badge.is_displayed() and badge.get_attribute("data-synthetic") == "true"

    popup = popup_of(browser, "world-map", site["real"])
    assert "Gandzasar" in popup.text
    assert marks(popup) == []
    assert WORDS[lang] not in popup.text


def test_the_list_map_popup_marks_an_invented_entry(browser, site):
    _open(browser, site, "/list/", "nb", "list-map")
    popup = popup_of(browser, "list-map", site["invented"])
    assert marks(popup) == [WORDS["nb"]]
    assert marks(popup_of(browser, "list-map", site["real"])) == []


def test_the_condition_map_popup_marks_an_invented_record(browser, site):
    _open(browser, site, "/conditions/", "en", "condition-map")
    popup = popup_of(browser, "condition-map", site["invented"])
    assert marks(popup) == [WORDS["en"]]
    assert marks(popup_of(browser, "condition-map", site["real"])) == []


def test_the_search_results_map_popup_marks_an_invented_record(browser, site):
    _open(browser, site, "/search/?state=ARM", "nb", "results-map")
    popup = popup_of(browser, "results-map", site["invented"])
    assert marks(popup) == [WORDS["nb"]]
    assert marks(popup_of(browser, "results-map", site["real"])) == []
