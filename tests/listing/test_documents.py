"""Generated notifications (HTML and PDF, English and Norwegian) and the List's public outputs."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from shield.listing import committee, services
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session
from tests.registry.factories import REFUGE

pytestmark = pytest.mark.django_db
ALL_YES = {m: "yes" for m in MEMBERS}


@pytest.fixture
def listed(users):
    """A property entered in the List 100 days ago, by decision G.1 1."""
    sec = users["secretariat"]
    req = notified(users, prop(users), notified_ago=200)
    s = session(users, "G.1", days_ago(100))
    committee.add_to_agenda(sec, s, req)
    assert committee.decide(sec, s, req, "grant", ALL_YES).carried
    return req


@pytest.mark.parametrize("kind", ["receipt", "inclusion"])
def test_notices_in_english_and_norwegian_html(listed, kind):
    c = Client()
    en = c.get(f"/requests/{listed.ref}/notices/{kind}.html?lang=en").content.decode()
    nb = c.get(f"/requests/{listed.ref}/notices/{kind}.html?lang=nb").content.decode()
    assert 'lang="en"' in en and 'lang="nb"' in nb
    if kind == "receipt":
        closes = days_ago(200).toordinal() + 60
        from datetime import date

        d = date.fromordinal(closes).isoformat()
        assert f"Parties may submit representations to the Committee until {d}" in en
        assert f"Partene kan avgi uttalelser til komiteen til og med {d}" in nb
        assert "Armenia" in en  # an addressee row per Party
    else:
        assert (
            "was entered in the List on " + days_ago(100).isoformat() + " by decision G.1 1" in en
        )
        assert (
            "ble ført inn i listen " + days_ago(100).isoformat() + " ved komiteens vedtak G.1 1"
            in nb
        )
        assert (
            "Secretary-General of the United Nations" in en
            and "De forente nasjoners generalsekretær" in nb
        )
        assert "art. 11 nr. 10, art. 11 nr. 11" in nb and "Art. 11(10), Art. 11(11)" in en


def test_notices_as_pdf_in_both_languages(listed):
    pytest.importorskip("weasyprint")
    c = Client()
    for lang in ("en", "nb"):
        r = c.get(f"/requests/{listed.ref}/notices/inclusion.pdf?lang={lang}")
        assert r.status_code == 200, r.content[:300]
        assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
        assert f"inclusion-{lang}.pdf" in r["Content-Disposition"]


def test_notice_that_was_never_sent_is_404(listed):
    assert Client().get(f"/requests/{listed.ref}/notices/suspension.html").status_code == 404


def test_list_page_csv_geojson_and_feed(listed, api):
    code = listed.property.code
    page = Client().get("/list/").content.decode()
    assert (
        f'data-code="{code}"' in page
        and f'href="/requests/{listed.ref}/"' in page
        and "G.1 1" in page
    )
    old = Client().get("/list/", {"on": days_ago(101).isoformat()}).content.decode()
    assert f'data-code="{code}"' not in old and "No property was on the List on that date." in old
    rows = list(csv.DictReader(io.StringIO(api().get("/api/list.csv").content.decode())))
    assert [r["code"] for r in rows] == [code] and rows[0]["decision"] == "G.1 1"
    gj = api().get("/api/list.geojson").json()
    assert gj["features"][0]["properties"]["code"] == code
    assert gj["features"][0]["properties"]["request"] == listed.ref
    feed = ET.fromstring(Client().get("/list/feed.atom").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert any(code in t and "entered the List" in t for t in titles)


def test_public_outputs_keep_confidential_points_hidden(users, api):
    from shield.parties.register import import_register
    from shield.registry.services import create_property

    # The shipped register does not (yet) hold Norway's instrument: this test records one of its own.
    import_register(
        users["secretariat"], "state,deposit_date,instrument_type\nNOR,2016-06-01,accession\n"
    )
    refuge = create_property(
        users["admin"],
        dict(REFUGE, claims=[{"state": "NOR", "role": "control", "source": "test fixture"}]),
    )
    req = services.submit_request(
        users["admin"],
        refuge,
        {
            "state": "NOR",
            "evidence_a": "a",
            "evidence_b": "b",
            "evidence_c": "c",
            "declaration": True,
            "submitted_on": days_ago(210).isoformat(),
        },
    )
    services.register(users["secretariat"], req, days_ago(205))
    services.notify(users["secretariat"], req, days_ago(200))
    s = session(users, "G.2", days_ago(100))
    committee.add_to_agenda(users["secretariat"], s, req)
    assert committee.decide(users["secretariat"], s, req, "grant", ALL_YES).carried
    for body in (
        api().get("/api/list").content,
        api().get("/api/list.csv").content,
        api().get("/api/list.geojson").content,
        Client().get("/list/").content,
        Client().get("/list/feed.atom").content,
    ):
        assert b"61.473829" not in body and b"8.916357" not in body
    loc = api().get("/api/list").json()["entries"][0]["location"]
    assert loc["precision"] == "area"
    assert (
        api(users["officer_nor"]).get("/api/list").json()["entries"][0]["location"]["lat"]
        == 61.473829
    )


def test_request_page_shows_window_and_timeline(listed):
    html = Client().get(f"/requests/{listed.ref}/").content.decode()
    closes = listed.window_closes.isoformat()
    assert f"representations until {closes}" in html
    for words in (
        "requests enhanced protection",
        "registered",
        "Parties informed",
        "grant carried in G.1",
    ):
        assert words in html
    idx = Client().get("/requests/").content.decode()
    assert closes in idx
