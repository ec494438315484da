"""In Chromium, on a 390-px phone, in English and in Norwegian (issue 19, done-when): a Party
requests emergency assistance; the Secretariat puts it on a session's agenda; a member of the
Committee records the decision at the session; the Fund disburses; the ledger balances and its
statement shows the movement. Every page on the way keeps to the screen's width and has no
serious accessibility violation (axe-core)."""

from __future__ import annotations

from datetime import date

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from shield.accounts.models import Profile
from shield.fund import ledger
from shield.parties.models import State
from tests.browsing import wait
from tests.listing.helpers import session
from tests.web.test_axe_browser import _axe_here
from tests.web.test_phone_browser import OVERFLOW, login, on_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {
        "granted": "granted",
        "balanced": "yes: every debit has its credit",
        "paid": "Paid under",
        "disbursement": "disbursement",
        "recused": "conflict: ARM, AZE (Art. 26(3))",
    },
    "nb": {
        "granted": "innvilget",
        "balanced": "ja: hver debet har sin kredit",
        "paid": "Utbetalt etter",
        "disbursement": "utbetaling",
        "recused": "konflikten: ARM, AZE (art. 26 nr. 3)",
    },
}


def _ready(browser):
    wait(browser, lambda b: b.execute_script("return document.readyState") == "complete")


def _check(browser, lang, bad, label):
    _ready(browser)
    found = browser.execute_script(OVERFLOW)
    assert found["scroll"] <= found["width"] + 1 and found["worst"] is None, (label, found)
    _axe_here(browser, lang, bad, label)


def _fill(browser, form_id, values):
    for name, value in values.items():
        el = browser.find_element(By.CSS_SELECTOR, f"#{form_id} [name={name}]")
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        else:
            el.clear()
            el.send_keys(value)


def _submit(browser, form_id):
    old = browser.current_url
    button = browser.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView()", button)
    button.click()
    wait(
        browser,
        lambda b: (
            b.current_url != old
            or b.find_elements(By.ID, "form-errors")
            or b.find_elements(By.CSS_SELECTOR, "ul.messages")
        ),
    )
    _ready(browser)
    errors = browser.find_elements(By.ID, "form-errors")
    assert not errors, (
        errors[0].text
        + " "
        + " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, ".field-error"))
    )


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_emergency_assistance_decided_disbursed_and_stated(browser, live_server, users, lang):
    base = live_server.url
    words = WORDS[lang]
    sitting = session(users, "19.COM", date.today())
    Profile.objects.create(user=users["committee"], state=State.objects.get(code="AUT"))
    ledger.contribute(
        users["secretariat"],
        {"source": "a", "contributor_state": "CHE", "amount": "20000", "currency": "EUR"},
    )
    on_phone(browser)
    browser.get(base + "/login/")
    browser.add_cookie({"name": "django_language", "value": lang, "path": "/"})
    bad: dict[str, list] = {}

    # Armenia's officer requests emergency assistance.
    login(browser, base, "officer-arm")
    browser.get(base + "/assistance/new/")
    _check(browser, lang, bad, "request form")
    _fill(
        browser,
        "assistance-form",
        {
            "kind": "emergency",
            "title": "Shelter the manuscripts",
            "description": "The roof of the repository was hit; temporary shelter and packing.",
            "amount": "5000",
            "currency": "EUR",
            "conflict_parties": "ARM, AZE",
        },
    )
    _submit(browser, "assistance-form")
    assert "/assistance/IA-" in browser.current_url
    ref = browser.current_url.rstrip("/").rsplit("/", 1)[1]
    _check(browser, lang, bad, "request")

    # The Secretariat assesses it and puts it on the agenda of 19.COM.
    login(browser, base, "secretariat")
    browser.get(f"{base}/assistance/{ref}/")
    _fill(
        browser,
        "agenda-form",
        {"session": sitting.ref, "assessment": "Urgent; within the Fund's means."},
    )
    _submit(browser, "agenda-form")

    # A member present at the session records the Committee's decision.
    login(browser, base, "committee")
    browser.get(f"{base}/assistance/{ref}/")
    _check(browser, lang, bad, "decision form")
    votes = {f"vote_{m}": "yes" for m in sitting.present}
    _fill(
        browser,
        "decide-form",
        {"motion": "grant", "purpose_clause": "b", "amount": "5000", "currency": "EUR", **votes},
    )
    _submit(browser, "decide-form")
    assert browser.find_element(By.ID, "request-status").text == words["granted"]
    reasons = browser.find_element(By.ID, "decision-list").text
    assert words["recused"] in reasons  # the parties to the conflict do not vote

    # The Secretariat disburses from the Fund.
    login(browser, base, "secretariat")
    browser.get(f"{base}/assistance/{ref}/")
    _fill(browser, "pay-form", {"amount": "5000"})
    _submit(browser, "pay-form")
    assert browser.find_elements(By.CSS_SELECTOR, "#disbursements li")
    _check(browser, lang, bad, "paid")

    # The statement: the movement, and a ledger that balances.
    browser.get(base + "/fund/statement/")
    _check(browser, lang, bad, "statement")
    eur = browser.find_element(By.ID, "statement-EUR")
    assert eur.find_element(By.CLASS_NAME, "disbursed").text == "5000.00 EUR"
    assert eur.find_element(By.CLASS_NAME, "closing").text == "15000.00 EUR"
    assert eur.find_element(By.CLASS_NAME, "balanced").text == words["balanced"]
    text = eur.find_element(By.CLASS_NAME, "movements").text
    assert f"{words['paid']} 19.COM F1" in text and words["disbursement"] in text.lower()
    assert not bad, bad
