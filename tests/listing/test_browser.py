"""One request through the web pages in headless Chromium: a Party submits, the Secretariat
registers and notifies, another Party represents, the window closes, the Committee votes, the
property enters the List and the feed."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select

from shield.accounts.models import Profile
from tests.browsing import wait
from tests.listing.helpers import MEMBERS, days_ago, prop, seat

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(browser, site, username, next_path):
    browser.delete_all_cookies()
    browser.get(f"{site}/login/?next={next_path}")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def set_value(browser, element_id, value):
    el = browser.find_element(By.ID, element_id)
    browser.execute_script("arguments[0].value = arguments[1]", el, value)


def fill(browser, element_id, text):
    el = browser.find_element(By.ID, element_id)
    el.clear()
    el.send_keys(text)


def click(browser, element_id):
    """Click; a form's submit button waits for the answer's page to replace this one (a next
    step taken before the answer came could race the write)."""
    button = browser.find_element(By.ID, element_id)
    submits = button.tag_name == "button" and button.get_attribute("type") in ("submit", None, "")
    button.click()
    if submits:
        wait(browser, EC.staleness_of(button))


def test_one_request_from_submission_to_the_list_and_the_feed(browser, live_server, users):
    site = live_server.url
    p = prop(users, "t:haghpat", "ARM", names=[{"text": "Haghpat Monastery", "lang": "en"}])
    from shield.parties.models import State

    seat(users)  # the Meeting of the Parties elected MEMBERS
    Profile.objects.create(
        user=users["committee"], state=State.objects.get(code="AUT")
    )  # AUT's seat

    # A Party submits (ARM, the Party with jurisdiction).
    login(browser, site, "officer-arm", f"/requests/new/?property={p.code}")
    wait(browser, EC.presence_of_element_located((By.ID, "request-form")))
    assert browser.find_element(By.ID, "state").get_attribute("value") == "ARM"
    set_value(browser, "submitted_on", days_ago(70).isoformat())
    fill(browser, "evidence_a", "A masterpiece of Armenian religious architecture.")
    fill(browser, "evidence_b", "Protected by the Law on Monuments and a management plan.")
    fill(browser, "evidence_c", "No military use; the Ministry of Defence certifies it.")
    click(browser, "declaration")
    click(browser, "submit-request")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), "submitted"))
    ref = browser.find_element(By.ID, "request-ref").text.split(":")[0]
    request_path = f"/requests/{ref}/"

    # The Secretariat registers and notifies all Parties, sixty-one days ago.
    login(browser, site, "secretariat", request_path)
    browser.execute_script(
        "document.querySelector('#register-form input[name=on]').value = arguments[0]",
        days_ago(65).isoformat(),
    )
    click(browser, "register")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), "registered"))
    set_value(browser, "notified_on", days_ago(61).isoformat())
    click(browser, "notify")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), "notified"))
    closes = days_ago(1).isoformat()
    assert browser.find_element(By.ID, "window").get_attribute("data-closes") == closes
    assert "receipt" in browser.find_element(By.ID, "notices").text

    # Another Party represents on criterion (c), within the sixty days.
    login(browser, site, "officer-aze", request_path)
    Select(browser.find_element(By.ID, "criterion")).select_by_value("c")
    fill(browser, "facts", "Armoured vehicles were seen parked at the monastery wall on 2 May.")
    fill(browser, "attachment_title", "Satellite image, 2 May")
    set_value(browser, "rep_submitted_on", days_ago(30).isoformat())
    click(browser, "represent")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "submissions"), "Armoured vehicles"))
    assert "Art. 10(c)" in browser.find_element(By.ID, "submissions").text

    # The window has closed (yesterday). The Secretariat convenes a session and sets the agenda.
    login(browser, site, "secretariat", "/sessions/")
    fill(browser, "session-ref", "20.COM")
    Select(browser.find_element(By.ID, "session-kind")).select_by_value("ordinary")
    set_value(browser, "held_on", days_ago(0).isoformat())
    fill(browser, "members", ",".join(MEMBERS))
    fill(browser, "present", ",".join(MEMBERS))
    click(browser, "create-session")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "session-title"), "20.COM"))
    browser.get(site + request_path)
    Select(browser.find_element(By.ID, "agenda-session")).select_by_value("20.COM")
    click(browser, "agenda")
    wait(browser, EC.presence_of_element_located((By.ID, "request-ref")))

    # The Committee votes: four-fifths of those voting, because a representation is before it.
    login(browser, site, "committee", "/sessions/20.COM/")
    wait(browser, EC.presence_of_element_located((By.ID, "vote-form")))
    Select(browser.find_element(By.ID, "motion")).select_by_value("grant")
    for member in MEMBERS:
        Select(browser.find_element(By.ID, f"vote_{member}")).select_by_value(
            "no" if member == "AZE" else "yes"
        )
    click(browser, "decide")
    wait(browser, EC.presence_of_element_located((By.ID, "confirm-vote")))  # what follows, first
    click(browser, "confirm")
    wait(browser, EC.text_to_be_present_in_element((By.ID, "decisions"), "20.COM 1"))
    decisions = browser.find_element(By.ID, "decisions").text
    assert "carried" in decisions and "not carried" not in decisions and "Art. 11(5)" in decisions

    # The property is on the List, linked to its decision, and in the feed.
    browser.delete_all_cookies()
    browser.get(site + "/list/")
    row = browser.find_element(By.CSS_SELECTOR, f"tr.entry[data-code='{p.code}']")
    assert "Haghpat Monastery" in row.text and "20.COM 1" in row.text
    row.find_element(By.LINK_TEXT, "20.COM 1").click()
    wait(browser, EC.text_to_be_present_in_element((By.ID, "status"), "granted"))
    timeline = browser.find_element(By.ID, "timeline").text
    for step in (
        "requests enhanced protection",
        "registered",
        "Parties informed",
        "representation by AZE",
        "on the agenda of 20.COM",
        "grant carried in 20.COM",
        "Director-General notifies",
    ):
        assert step in timeline
    browser.get(site + "/list/feed.atom")
    assert (
        f"Haghpat Monastery ({p.code}): enhanced protection entered the List" in browser.page_source
    )
