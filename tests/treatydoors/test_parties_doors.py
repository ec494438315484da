"""The registers of Parties through the API and the status calculator: a code or any known
name, answered with the code and the names in English and Norwegian."""

from __future__ import annotations

import html

import pytest
from django.test import Client

from shield.parties.register import import_register

pytestmark = pytest.mark.django_db


def test_a_code_and_any_name_give_the_same_answer_with_the_code(client):
    answers = [
        client.get(f"/api/treaty/parties/{text}", {"on": "2026-01-01"}).json()
        for text in ("ITA", "Italy", "italia", "it")
    ]
    assert all(a == answers[0] for a in answers)
    ita = answers[0]
    assert ita["state"] == "ITA" and ita["name"] == {"en": "Italy", "nb": "Italia"}
    assert ita["treaty"] == "protocol"
    cyp = client.get("/api/treaty/parties/CYP", {"on": "2010-01-01"}).json()
    assert cyp["is_party"]["result"] is True and cyp["name"]["nb"] == "Kypros"
    mali = client.get("/api/treaty/parties/Mali").json()
    assert mali["state"] == "MLI" and mali["entry_into_force"]["result"] == "2012-11-15"


def test_an_unknown_state_is_a_404_naming_the_text_with_suggestions(client):
    missing = client.get("/api/treaty/parties/Itlay")
    assert missing.status_code == 404
    assert "Itlay" in missing.json()["error"] and "Italy (ITA)" in missing.json()["error"]


def test_the_convention_and_the_readers_language(client):
    ita = client.get(
        "/api/treaty/parties/Italia",
        {"treaty": "convention", "on": "2000-01-01"},
        HTTP_ACCEPT_LANGUAGE="nb",
    ).json()
    assert ita["treaty"] == "convention" and ita["is_party"]["result"] is True
    assert ita["is_party"]["reason"]["nb"].startswith("Italia (ITA) er høy kontraherende part")
    assert ita["entry_into_force"]["citations"][0]["label"].startswith("konvensjonen art. 33")
    assert client.get("/api/treaty/parties/ITA", {"treaty": "third"}).status_code == 422


def test_the_list_is_keyed_by_code_with_names(client):
    rows = client.get("/api/treaty/parties", {"on": "2004-03-09"}).json()
    assert len(rows) == 21  # the twenty, and Slovakia (deposited before the entry into force)
    svk = next(r for r in rows if r["state"] == "SVK")
    assert svk["name"] == {"en": "Slovakia", "nb": "Slovakia"} and svk["citations"] == [
        "Art. 43(1)"
    ]
    conv = client.get("/api/treaty/parties", {"treaty": "convention", "lang": "nb"}).json()
    assert {r["treaty"] for r in conv} == {"convention"}
    assert all(c.startswith("konvensjonen art.") for r in conv for c in r["citations"])


def test_the_recorded_register_is_what_the_doors_answer(client):
    import_register(None, "state,deposit_date,instrument_type\nNorge,2016-06-23,accession\n")
    nor = client.get("/api/treaty/parties/NOR", {"on": "2016-09-23"}).json()
    assert nor["entry_into_force"]["result"] == "2016-09-23" and nor["is_party"]["result"] is True
    assert client.get("/api/treaty/protocol").json()["result"] == "2004-03-09"


def test_the_status_calculator_takes_a_name_and_names_an_unknown_state():
    nb = Client()
    nb.cookies["django_language"] = "nb"
    page = nb.get(
        "/treaty/status/",
        {"state": "Italia", "on": "2000-01-01", "treaty": "convention"},
        HTTP_ACCEPT_LANGUAGE="nb",
    ).content.decode()
    assert "Italia (ITA) er høy kontraherende part 2000-01-01" in html.unescape(page)
    page = Client().get("/treaty/status/", {"state": "Itlay"}).content.decode()
    assert "did you mean Italy (ITA)" in html.unescape(page) and 'id="finding"' not in page
