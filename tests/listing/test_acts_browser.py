"""Issue 14 in Chromium, in English and Norwegian, at 1400 px and 390 px: the Secretariat
registers and notifies a request, each act with its own date, and sees the days left of the
sixty; a Committee member records a vote only after a page that shows its outcome and what
follows. On the phone the Art. 10 evidence is not clipped and the requests and List tables
scroll within the page."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select

from shield.accounts.models import Profile
from shield.listing import committee
from shield.listing.models import Decision, Request
from shield.parties.models import State
from tests.browsing import wait
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session, submitted
from tests.listing.test_browser import click, set_value

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = (
    "A thirteenth-century monastic ensemble of exceptional value whose evidence runs long: "
    + "the chapter house, the refectory and the book depository with their inscriptions; " * 8
)
WORDS = {
    "en": {
        "registered": "registered",
        "notified": "notified to the Parties",
        "left": "days left",
        "carried": "carried",
        "follows": "A recorded vote cannot be changed",
    },
    "nb": {
        "registered": "registrert",
        "notified": "kunngjort for partene",
        "left": "dager igjen",
        "carried": "vedtatt",
        "follows": "En registrert avstemning kan ikke endres",
    },
}


def login(browser, site, username, next_path, lang):
    browser.delete_all_cookies()
    browser.get(f"{site}/login/?next={next_path}")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    browser.get(f"{site}/login/?next={next_path}")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def fits_the_screen(browser) -> bool:
    """The page is no wider than the window: nothing runs off to the right."""
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


@pytest.mark.parametrize("lang", ["en", "nb"])
@pytest.mark.parametrize("width", [1400, 390])
def test_secretariat_registers_and_notifies_and_a_member_votes_after_confirming(
    browser, live_server, users, lang, width
):
    site, w = live_server.url, WORDS[lang]
    browser.set_window_size(width, 900)
    p = prop(users, names=[{"text": "Haghpat Monastery", "lang": "en"}])
    req = submitted(users, p, 20, evidence_a=LONG)
    # A second request, its sixty days over, on the agenda of a session held today.
    other = notified(users, prop(users, "t:sanahin"), 70)
    s = session(users, "30.COM")
    committee.add_to_agenda(users["secretariat"], s, other)
    Profile.objects.create(user=users["committee"], state=State.objects.get(code="AUT"))

    # The Secretariat registers (ten days ago) and notifies (eight days ago).
    path = f"/requests/{req.ref}/"
    login(browser, site, "secretariat", path, lang)
    wait(browser, EC.presence_of_element_located((By.ID, "register-form")))
    set_value(browser, "registered_on", days_ago(10).isoformat())
    click(browser, "register")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), w["registered"]))
    set_value(browser, "notified_on", days_ago(8).isoformat())
    click(browser, "notify")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), w["notified"]))
    window = browser.find_element(By.ID, "window")
    req.refresh_from_db()
    left = (req.window_closes - days_ago(0)).days + 1
    assert f"{left} {w['left']}" in window.text
    assert window.get_attribute("data-days-left") == str(left)
    # Each act with its date: the timeline carries the dates the Secretariat gave.
    steps = browser.find_elements(By.CSS_SELECTOR, "#timeline li")
    dated = [li.get_attribute("data-on") for li in steps]
    assert days_ago(10).isoformat() in dated and days_ago(8).isoformat() in dated
    assert (req.registered_on, req.notified_on) == (days_ago(10), days_ago(8))

    # The evidence is whole on the phone: its box is as wide as its text, the page fits.
    evidence = browser.find_element(By.CSS_SELECTOR, "#evidence dd")
    assert browser.execute_script(
        "const e = arguments[0]; return e.scrollWidth <= e.clientWidth + 1 && e.clientWidth > 200",
        evidence,
    )
    assert fits_the_screen(browser)
    for page, table in (("/requests/", "requests"), ("/list/", "the-list")):
        browser.get(site + page)
        wait(browser, EC.presence_of_element_located((By.ID, table)))
        assert fits_the_screen(browser), page
        assert browser.execute_script(
            "return getComputedStyle(arguments[0].closest('.table-scroll')).overflowX",
            browser.find_element(By.ID, table),
        ) in ("auto", "scroll")

    # A Committee member votes: the first click shows the outcome and what follows, nothing
    # is recorded until the member confirms.
    login(browser, site, "committee", "/sessions/30.COM/", lang)
    wait(browser, EC.presence_of_element_located((By.ID, "vote-form")))
    Select(browser.find_element(By.ID, "motion")).select_by_value("grant")
    for member in MEMBERS:
        Select(browser.find_element(By.ID, f"vote_{member}")).select_by_value("yes")
    click(browser, "decide")
    wait(browser, EC.presence_of_element_located((By.ID, "confirm-vote")))
    assert w["follows"] in browser.find_element(By.ID, "what-follows").text
    assert w["carried"] in browser.find_element(By.ID, "confirm-outcome").text
    assert fits_the_screen(browser)
    assert not Decision.objects.exists()
    click(browser, "confirm")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "decisions"), "30.COM 1"))
    assert w["carried"] in browser.find_element(By.ID, "decisions").text
    assert Request.objects.get(pk=other.pk).status == "granted"
