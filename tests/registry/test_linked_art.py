"""Linked Art records read by outside clients: a JSON-LD processor (pyld) expands each one,
and cromulent's own reader reads it back with its names, identifiers and claims."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import cromulent
import pytest
from cromulent import model
from cromulent.reader import Reader
from django.test import Client
from pyld import jsonld

from shield import cli
from shield.monitoring.models import Assessment
from shield.registry import services
from tests.registry.factories import REFUGE, SECRET, record

pytestmark = pytest.mark.django_db

CONTEXT = json.loads((Path(cromulent.__file__).parent / "data" / "linked-art.json").read_text())
CRM = "http://www.cidoc-crm.org/cidoc-crm/"


def _loader(url, options=None):
    """The Linked Art context from the copy cromulent ships (the tests reach no network)."""
    assert url == "https://linked.art/ns/v1/linked-art.json", url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def expand(doc: dict) -> list:
    return jsonld.expand(doc, {"documentLoader": _loader})


GEGHARD = record(
    "t:geghard",
    "ARM",
    names=[
        {"text": "Monastery of Geghard", "lang": "en", "source": "World Heritage List"},
        {"text": "Գեղարդավանք", "lang": "hy"},
        {"text": "Ayrivank", "lang": "hy-Latn", "kind": "historical"},
    ],
    lat=40.1403,
    lon=44.8183,
    claims=[
        {
            "state": "ARM",
            "role": "control",
            "valid_from": "1991-09-21",
            "basis": "inventory",
            "source": "national register",
        }
    ],
    protection=[
        {
            "level": "enhanced",
            "action": "granted",
            "effective_date": "2020-01-10",
            "basis": "Committee decision (test)",
        }
    ],
    identifiers=[
        {"scheme": "whc", "value": "960", "source": "World Heritage List"},
        {"scheme": "national", "value": "5.1.2/7", "state": "ARM"},
    ],
)
GOSPEL = record(
    "t:gospel",
    "ARM",
    category="movable_object",
    names=[{"text": "Test Gospel", "lang": "en"}],
    lat=None,
    lon=None,
    object_type="illuminated manuscript",
    materials_techniques="parchment, ink, ivory covers",
    measurements=[
        {"dimension": "height", "value": 35, "unit": "cm"},
        {"dimension": "spine", "value": 6, "unit": "cm"},
    ],
    inscriptions_markings="colophon",
    distinguishing_features="ivory covers",
    title="The Test Gospel",
    subject="the Gospels",
    date_period="989",
    maker="unknown scribe",
    inventory_number="MS 2374",
    custodian="Matenadaran",
    current_place="Yerevan",
    identifiers=[{"scheme": "interpol", "value": "2019/77"}],
)


@pytest.fixture
def props(users):
    admin = users["admin"]
    made = {r["external_id"]: services.create_property(admin, r) for r in (GEGHARD, GOSPEL)}
    Assessment.objects.create(
        property=made["t:geghard"],
        assessed_on=date(2024, 5, 2),
        method="field",
        condition="fair",
        damage_extent="1-10",
        assessor="Test team",
        lat=40.14,
        lon=44.82,
    )
    return made


def _doc(client: Client, code: str, **headers) -> dict:
    response = client.get(f"/property/{code}/", **headers)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/ld+json")
    assert "Accept" in response["Vary"]
    return response.json()


def _types(expanded: list) -> set[str]:
    out: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for t in node.get("@type", []):
                out.add(t)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(expanded)
    return out


def test_content_negotiation_answers_linked_art_on_the_records_url(props):
    code = props["t:geghard"].code
    client = Client()
    by_accept = _doc(client, code, HTTP_ACCEPT="application/ld+json")
    by_format = client.get(f"/property/{code}/", {"format": "jsonld"}).json()
    by_api = client.get(f"/api/properties/{code}/linked-art").json()
    assert by_accept == by_format == by_api
    assert by_accept["id"] == f"http://testserver/property/{code}/"
    assert by_accept["type"] == "HumanMadeObject"
    html = client.get(f"/property/{code}/", HTTP_ACCEPT="text/html,*/*")
    assert html["Content-Type"].startswith("text/html") and "Accept" in html["Vary"]


def test_pyld_expands_each_record_into_cidoc_crm(props):
    for prop in props.values():
        expanded = expand(_doc(Client(), prop.code, HTTP_ACCEPT="application/ld+json"))
        assert expanded[0]["@id"].endswith(f"/property/{prop.code}/")
        types = _types(expanded)
        assert CRM + "E22_Human-Made_Object" in types
        assert CRM + "E33_E41_Linguistic_Appellation" in types or CRM + "E41_Appellation" in types
        assert CRM + "E42_Identifier" in types
    immovable = expand(_doc(Client(), props["t:geghard"].code, HTTP_ACCEPT="application/ld+json"))
    types = _types(immovable)
    assert CRM + "E13_Attribute_Assignment" in types and CRM + "E53_Place" in types
    movable = expand(_doc(Client(), props["t:gospel"].code, HTTP_ACCEPT="application/ld+json"))
    assert CRM + "E54_Dimension" in _types(movable) and CRM + "E12_Production" in _types(movable)


def _contents(items, cls_name: str | None = None) -> list[str]:
    return [
        i.content
        for i in items
        if hasattr(i, "content") and (cls_name is None or type(i).__name__ == cls_name)
    ]


def test_cromulent_reads_the_record_back_with_names_identifiers_and_claims(props):
    doc = _doc(Client(), props["t:geghard"].code, HTTP_ACCEPT="application/ld+json")
    obj = Reader().read(json.dumps(doc))
    names = [i for i in obj.identified_by if isinstance(i, model.Name)]
    got = {(n.content, n.language[0].notation) for n in names}
    assert got == {
        ("Monastery of Geghard", "en"),
        ("Գեղարդավանք", "hy"),
        ("Ayrivank", "hy-Latn"),
    }
    ids = {
        (i.classified_as[0].id.split("/vocab/")[-1], i.content)
        for i in obj.identified_by
        if isinstance(i, model.Identifier)
    }
    assert {("identifier/whc", "960"), ("identifier/national", "5.1.2/7")} <= ids
    assert props["t:geghard"].code in {v for _k, v in ids}
    national = [i for i in obj.identified_by if getattr(i, "content", "") == "5.1.2/7"][0]
    assert "ARM" in _contents(national.assigned_by[0].carried_out_by[0].identified_by)
    claims = [a for a in obj.attributed_by if a.id.split("#")[-1].startswith("claim-")]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.classified_as[0].id.endswith("/jurisdiction-role/control")
    state = claim.carried_out_by[0]
    assert "ARM" in _contents(state.identified_by)
    assert claim.timespan.begin_of_the_begin.startswith("1991-09-21")
    assert "national register" in _contents(claim.referred_to_by)
    protection = [a for a in obj.attributed_by if "#protection-" in a.id][0]
    cited = _contents(protection.referred_to_by)
    assert "Art. 11(10)" in cited and "art. 11 nr. 10" in cited  # through shield.treaty
    assessment = [a for a in obj.attributed_by if "#assessment-" in a.id][0]
    assert "condition: fair" in assessment.assigned[0].content


def test_object_id_fields_of_a_movable_object(props):
    doc = _doc(Client(), props["t:gospel"].code, HTTP_ACCEPT="application/ld+json")
    obj = Reader().read(json.dumps(doc))
    text = json.dumps(doc, ensure_ascii=False)
    for value in (
        "illuminated manuscript",
        "parchment, ink, ivory covers",
        "colophon",
        "ivory covers",
        "The Test Gospel",
        "the Gospels",
        "989",
        "unknown scribe",
        "MS 2374",
        "Matenadaran",
        "Yerevan",
        "2019/77",
    ):
        assert value in text, value
    dims = {(d.value, d.unit.id if hasattr(d.unit, "id") else "") for d in obj.dimension}
    assert (35, "http://vocab.getty.edu/aat/300379098") in dims  # centimetres in the AAT
    assert "current_location" in doc and "defined_by" not in doc["current_location"]


def test_hidden_and_deleted_records_have_no_linked_art(users):
    admin = users["admin"]
    secret = services.create_property(admin, SECRET)
    gone = services.create_property(admin, record("t:gone"))
    services.delete_property(admin, gone, "test")
    anonymous = Client()
    for code in (secret.code, gone.code):
        assert anonymous.get(f"/property/{code}/", {"format": "jsonld"}).status_code == 404
        assert anonymous.get(f"/api/properties/{code}/linked-art").status_code == 404
    lines = anonymous.get("/api/export", {"format": "linked-art"})
    assert b"".join(lines.streaming_content) == b""


def test_a_confidential_location_is_the_area_every_output_shows(users):
    refuge = services.create_property(users["admin"], REFUGE)
    anonymous = Client()
    doc = _doc(anonymous, refuge.code, HTTP_ACCEPT="application/ld+json")
    shown = anonymous.get(f"/api/properties/{refuge.code}").json()["location"]
    assert shown["precision"] == "area"
    place = doc["current_location"]
    assert place["defined_by"] == f"POINT ({shown['lon']} {shown['lat']})"
    assert place["classified_as"][0]["id"].endswith("/location-precision/area")
    text = json.dumps(doc)
    assert "61.4738" not in text and "8.9163" not in text


def test_bulk_export_by_api_and_cli(props):
    response = Client().get("/api/export", {"format": "linked-art"})
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    docs = [json.loads(line) for line in lines]
    assert [d["id"].rsplit("/", 2)[-2] for d in docs] == sorted(p.code for p in props.values())
    for doc in docs:
        assert expand(doc)
        Reader().read(json.dumps(doc))
    out = io.StringIO()
    with redirect_stdout(out):
        assert (
            cli.main(
                ["export", "--format", "linked-art", "--base-url", "https://shield.example.org"]
            )
            == 0
        )
    cli_docs = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["id"] for d in cli_docs] == [
        f"https://shield.example.org/property/{d['id'].rsplit('/', 2)[-2]}/" for d in docs
    ]
