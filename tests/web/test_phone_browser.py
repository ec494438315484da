"""On a 390-px phone (issue 14, item 5): the main pages keep to the screen's width (a wide
table scrolls inside its own box), and the navigation folds behind a menu button."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from shield.listing import committee
from shield.registry import services
from tests.browsing import wait
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, seat, submitted
from tests.registry.factories import GANDZASAR, REFUGE, SHUSHA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390

# The page's widest box past the screen's edge, to name in a failure.
OVERFLOW = """
const width = document.documentElement.clientWidth;
let worst = null;
for (const el of document.querySelectorAll("body *")) {
  const r = el.getBoundingClientRect();
  if (r.right > width + 1 && (!worst || r.right > worst.right)) {
    let inside = el.parentElement, clipped = false;
    while (inside && inside !== document.body) {  // a box that scrolls or clips holds it in
      const o = getComputedStyle(inside).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; }
      inside = inside.parentElement;
    }
    if (!clipped) worst = {right: r.right, tag: el.tagName, id: el.id, cls: el.className};
  }
}
return {scroll: document.documentElement.scrollWidth, width: width, worst: worst};
"""


def on_phone(browser):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )


def login(browser, base, username):
    browser.get(base + "/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def assert_fits(browser, url):
    browser.get(url)
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    found = browser.execute_script(OVERFLOW)
    assert found["scroll"] <= found["width"] + 1, (url, found)
    assert found["worst"] is None, (url, found)


@pytest.fixture
def site(users, live_server):
    admin = users["admin"]
    for rec in (GANDZASAR, SHUSHA, REFUGE):
        services.create_property(admin, rec)
    seat(users)
    waiting = notified(users, prop(users, "t:haghpat"), notified_ago=70)
    submitted(users, prop(users, "t:geghard"), submitted_ago=3)
    s = committee.create_session(
        users["secretariat"], "20.COM", "extraordinary", days_ago(1), MEMBERS, MEMBERS
    )
    committee.add_to_agenda(users["secretariat"], s, waiting)
    return {"url": live_server.url, "request": waiting.ref, "session": s.ref}


def pages(site) -> list[str]:
    return [
        "/",
        "/search/?q=Shusha",
        "/search/",
        "/property/AZE-00001/",
        "/property/NOR-00001/",
        "/map/",
        "/list/",
        "/requests/",
        f"/requests/{site['request']}/",
        "/sessions/",
        f"/sessions/{site['session']}/",
        "/committee/",
        "/monitoring/",
        "/conditions/",
        "/treaty/",
        "/login/",
    ]


def test_the_main_pages_fit_a_phone(browser, site):
    on_phone(browser)
    # the probe sees a box wider than the screen (it would fail a page that had one)
    browser.get(site["url"] + "/")
    browser.execute_script(
        "const d = document.createElement('div'); d.id = 'too-wide'; d.style.width = '600px';"
        "document.querySelector('main').appendChild(d);"
    )
    assert browser.execute_script(OVERFLOW)["worst"]["id"] == "too-wide"
    for path in pages(site):
        assert_fits(browser, site["url"] + path)
    login(browser, site["url"], "secretariat")
    for path in ("/", f"/requests/{site['request']}/", "/requests/", "/property/AZE-00001/"):
        assert_fits(browser, site["url"] + path)


def test_the_navigation_folds_behind_a_menu_button(browser, site):
    on_phone(browser)
    browser.get(site["url"] + "/")
    button = wait(browser, lambda b: b.find_element(By.ID, "nav-toggle"))
    wait(browser, lambda b: button.is_displayed())
    link = browser.find_element(By.CSS_SELECTOR, "#site-nav a[href='/list/']")
    assert not link.is_displayed()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    wait(browser, lambda b: link.is_displayed())
    assert button.get_attribute("aria-expanded") == "true"
    link.click()
    wait(browser, lambda b: b.current_url.endswith("/list/"))
    # on a wide screen there is no button: the links show
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.set_window_size(1400, 1000)
    browser.get(site["url"] + "/")
    assert not browser.find_element(By.ID, "nav-toggle").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#site-nav a[href='/list/']").is_displayed()
