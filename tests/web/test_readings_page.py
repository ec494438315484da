"""The named readings on one page, in English and in Norwegian, and at 390 px."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.treaty.readings import all_readings


@pytest.mark.parametrize(
    "lang, title, label",
    [
        ("en", "Readings of the treaty", "Art. 26(2)"),
        ("nb", "Tolkninger av traktaten", "art. 26 nr. 2"),
    ],
)
def test_every_reading_is_on_the_page_in_the_readers_language(db, lang, title, label):
    page = Client(HTTP_ACCEPT_LANGUAGE=lang).get("/treaty/readings/").content.decode()
    assert title in page and label in page
    for reading in all_readings():
        assert f'id="{reading.key}"' in page
        assert reading.title_in(lang) in page.replace("&#x27;", "'").replace("&quot;", '"')
    if lang == "nb":
        assert "Art. 26(2)" not in page and "Present and voting" not in page


def test_the_readings_api_answers_in_the_language_asked(db):
    rows = Client().get("/api/treaty/readings", {"lang": "nb"}).json()
    assert {r["key"] for r in rows} == {r.key for r in all_readings()}
    assert all(r["translated"] for r in rows)
    voting = next(r for r in rows if r["key"] == "votes.PRESENT_AND_VOTING_READING")
    assert "art. 26 nr. 2" in voting["citations"] and "FNs praksis" in voting["text"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_readings_page_fits_a_phone(browser, live_server):
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/treaty/readings/?lang=nb")
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at 390 px"
    assert "Tolkninger av traktaten" in browser.page_source
