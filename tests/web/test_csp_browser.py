"""In Chromium, under the Content-Security-Policy: the maps, search (HTMX), the List, the
language switch, the treaty's provision box and the API docs work, and the browser reports
no violation of the policy on any of them."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select

from shield.registry import services
from tests.browsing import wait
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in every page before its own scripts (DevTools bypasses the policy); the page's
# violations collect in sessionStorage so that a navigation keeps them.
WATCH = """
document.addEventListener("securitypolicyviolation", e => {
  const seen = JSON.parse(sessionStorage.getItem("csp") || "[]");
  seen.push(location.pathname + ": " + e.violatedDirective + " " + e.blockedURI);
  sessionStorage.setItem("csp", JSON.stringify(seen));
});
"""


@pytest.fixture
def site(users, live_server, browser):
    for rec in (GANDZASAR, SHUSHA, REFUGE):
        services.create_property(users["admin"], rec)
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    return live_server.url


def violations(browser) -> list[str]:
    return browser.execute_script('return JSON.parse(sessionStorage.getItem("csp") || "[]")')


def ready(browser, element_id: str) -> None:
    wait(browser, lambda b: b.find_element(By.ID, element_id).get_attribute("data-ready") == "1")


def test_every_page_works_under_the_policy(browser, site):
    browser.get(site + "/map/")
    ready(browser, "world-map")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#world-map path.leaflet-interactive"))

    browser.get(site + "/search/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Gandzasar", Keys.ENTER)  # HTMX swaps the results in, with their map
    wait(browser, lambda b: "Gandzasar" in b.find_element(By.ID, "results").text)
    ready(browser, "results-map")
    # the results may be swapped in once more while we look (typing, then Enter): click the
    # link as it stands when clicked
    wait(browser, lambda b: b.find_element(By.CSS_SELECTOR, "#results .result-name").click() or 1)
    ready(browser, "property-map")

    browser.get(site + "/list/")
    ready(browser, "list-map")

    browser.get(site + "/treaty/")
    box = browser.find_element(By.NAME, "ref")
    box.send_keys("11(5)", Keys.ENTER)  # site.js: the provision's own page
    wait(
        browser,
        lambda b: "/treaty/article/11(5)/" in b.current_url.replace("%28", "(").replace("%29", ")"),
    )

    Select(browser.find_element(By.ID, "language")).select_by_value("nb")  # site.js submits
    wait(browser, lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb")

    browser.get(site + "/api/docs")
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#swagger-ui .opblock"))

    assert violations(browser) == []
    # The watch does see a violation: an inline script is refused and reported.
    browser.execute_script(
        "const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        "document.body.appendChild(s);"
    )
    wait(browser, lambda b: violations(b))
    assert browser.execute_script("return window.ran === undefined")
