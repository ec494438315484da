"""The treaty calculators through the API and the pages, in English and Norwegian."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

TWELVE = [f"S{i:02d}" for i in range(12)]


def test_article_text_in_both_languages(client):
    en = client.get("/api/treaty/articles/11(5)").json()
    nb = client.get("/api/treaty/articles/11(5)", {"lang": "nb"}).json()
    assert en["label"] == "Art. 11(5)" and "sixty days" in en["text"]
    assert nb["label"].startswith("art. 11") and "seksti dager" in nb["text"]
    missing = client.get("/api/treaty/articles/11(12)")
    assert missing.status_code == 404 and "Article 11 has no part (12)" in missing.json()["error"]


def test_protocol_and_parties_from_the_shipped_register(client):
    protocol = client.get("/api/treaty/protocol").json()
    assert protocol["result"] == "2004-03-09" and protocol["citations"][0]["label"] == "Art. 43(1)"
    switzerland = client.get("/api/treaty/parties/Switzerland", {"on": "2020-01-01"}).json()
    assert switzerland["is_party"]["result"] is True
    assert switzerland["entry_into_force"]["citations"][0]["text"]


def test_vote_needs_four_fifths_with_representations(client):
    body = {
        "members": TWELVE,
        "present": TWELVE[:10],
        "votes": {m: "yes" for m in TWELVE[:7]} | {"S07": "no", "S08": "no", "S09": "abstain"},
    }
    ordinary = client.post("/api/treaty/votes", body, content_type="application/json").json()
    assert ordinary["result"] is True  # 7 of 9 voting >= 2/3
    strict = client.post(
        "/api/treaty/votes",
        body | {"kind": "inclusion_with_representations"},
        content_type="application/json",
    ).json()
    assert strict["result"] is False  # 7 of 9 < 4/5
    assert "Art. 11(5)" in [c["label"] for c in strict["citations"]]
    bad = client.post(
        "/api/treaty/votes", body | {"kind": "unanimity"}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"


def test_offences_are_an_analysis_never_a_verdict(client):
    facts = {
        "act": "attack",
        "protection": "enhanced",
        "intentional": True,
        "in_violation": True,
        "territory_state": "Utopia",
        "parties": ["Utopia"],
    }
    body = client.post("/api/treaty/offences", facts, content_type="application/json").json()
    text = str(body)
    assert "Art. 15(1)(a)" in text and "may" in text
    assert " is guilty" not in text and "constitutes" not in text.replace("may constitute", "")


def test_calendar_and_reports(client):
    assert (
        client.get("/api/treaty/calendar/entry-into-force", {"deposited": "2005-11-29"}).json()[
            "result"
        ]
        == "2006-02-28"
    )
    late = client.get(
        "/api/treaty/calendar/representations",
        {"notified": "2026-01-01", "submitted": "2026-03-03"},
    ).json()
    assert late["result"] is False and late["citations"][0]["label"] == "Art. 11(5)"
    reports = client.get("/api/treaty/reports", {"on": "2026-01-01", "state": "Switzerland"}).json()
    assert reports["citations"][0]["label"].startswith("Art. 37")


def _reason(body: str) -> str:
    match = re.search(r'id="finding-reason">([^<]*)<', body)
    return match.group(1) if match else ""


@pytest.mark.parametrize(
    "slug,query",
    [
        ("status", {"state": "Switzerland", "on": "2020-01-01"}),
        ("representations", {"notified": "2026-01-01"}),
        (
            "vote",
            {
                "members": ",".join(TWELVE),
                "present": ",".join(TWELVE[:8]),
                "yes": ",".join(TWELVE[:6]),
                "no": "S06",
                "kind": "ordinary",
            },
        ),
        (
            "committee",
            {"elections": "2005-11-01: " + ", ".join(TWELVE), "seed": "1954", "on": "2006-01-01"},
        ),
        (
            "offences",
            {"act": "theft", "protection": "general", "intentional": "yes", "in_violation": "yes"},
        ),
        ("waiver", {"purpose": "attack", "made_military_objective_by_function": "yes"}),
        ("attack", {"became_military_objective_by_use": "no"}),
        ("reports", {"on": "2026-01-01"}),
    ],
)
def test_every_calculator_page_gives_a_cited_finding_in_both_languages(slug, query):
    en = Client().get(f"/treaty/{slug}/", query)
    assert en.status_code == 200 and _reason(en.content.decode())
    assert 'class="citation"' in en.content.decode()
    nb_client = Client()
    nb_client.cookies["django_language"] = "nb"
    nb = nb_client.get(f"/treaty/{slug}/", query, HTTP_ACCEPT_LANGUAGE="nb")
    assert nb.status_code == 200
    assert _reason(nb.content.decode()) != _reason(en.content.decode())


def test_bad_input_is_named_and_nothing_computed():
    page = Client().get("/treaty/representations/", {"notified": "yesterday"}).content.decode()
    assert "yesterday is not a date" in page and 'id="finding"' not in page
    page = (
        Client()
        .get("/treaty/vote/", {"members": "A", "present": "A", "kind": "nonsense"})
        .content.decode()
    )
    assert "nonsense is not one of the choices" in page
