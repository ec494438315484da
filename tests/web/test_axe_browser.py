"""Accessibility (issue 14, item 9): axe-core, run in Chromium over the main pages in English
and Norwegian, finds no serious or critical violation.

axe-core is vendored (tests/vendor/axe-core: its version, MPL-2.0 licence and third-party
notices beside it), so nothing is downloaded at test time; the pages' Content-Security-Policy
allows no foreign script, so the test injects it through WebDriver."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.browsing import wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}

RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").slice(0, 160))
  }))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), nodes: []}]));
"""


@pytest.fixture
def demo(live_server):
    from shield.demo.loader import load_demo
    from shield.listing.models import Request

    load_demo()
    request = Request.objects.filter(status="granted").order_by("ref").first()
    return {"url": live_server.url, "request": request.ref, "property": request.property.code}


def pages(demo) -> list[str]:
    return [
        "/",
        "/search/?q=a",
        "/map/",
        "/list/",
        "/requests/",
        f"/requests/{demo['request']}/",
        f"/property/{demo['property']}/",
        "/committee/",
        "/sessions/",
        "/monitoring/",
        "/conditions/",
        "/treaty/",
        "/treaty/offences/",
        "/treaty/readings/",
        "/treaty/article/10/",
        "/log/",
        f"/timeline/{demo['property']}/",
        f"/dossier/{demo['property']}/",
        # the forms: each field labelled, errors beside it
        "/property/new/",
        f"/property/{demo['property']}/edit/",
        "/requests/new/",
        "/monitoring/missions/new/",
        "/monitoring/assessments/new/",
        "/monitoring/incidents/new/",
    ]


def login(browser, base, username, password):
    browser.get(base + "/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def violations(browser, url, lang) -> list[dict]:
    browser.get(url)
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")
    assert browser.execute_script("return document.documentElement.lang") == lang, url
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    found = browser.execute_async_script(RUN)
    return [v for v in found if v["impact"] in SERIOUS]


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_no_serious_violation(browser, demo, lang):
    base = demo["url"]
    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    bad = {}
    found = violations(browser, base + "/login/", lang)  # the anonymous reader's login page
    if found:
        bad["/login/"] = found
    login(browser, base, "secretariat", "secretariat-demo")
    for path in pages(demo):
        found = violations(browser, base + path, lang)
        if found:
            bad[path] = found
    assert not bad, "\n".join(
        f"{path}: {v['impact']} {v['id']} ({v['help']}): {v['nodes']}"
        for path, found in bad.items()
        for v in found
    )
