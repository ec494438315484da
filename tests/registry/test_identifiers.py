"""Typed external identifiers: each checked by its scheme, written through the services,
found by search, carried by every export and import."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client

from shield.audit.models import AuditEntry
from shield.core.errors import RecordInvalid
from shield.registry import identifiers, services
from shield.registry.models import CulturalProperty, ExternalIdentifier
from shield.registry.transfer import ImportFailed, import_bytes, write_csv, write_geojson
from tests.registry.factories import record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "scheme, raw, value",
    [
        ("whc", "848", "848"),
        ("whc", " 208BIS ", "208bis"),
        ("whc", "1133ter", "1133ter"),
        ("wikidata", "q42", "Q42"),
        ("wikidata", "https://www.wikidata.org/wiki/Q42", "Q42"),
        ("wikidata", "http://www.wikidata.org/entity/Q217", "Q217"),
        ("interpol", "2019/1234-a", "2019/1234-A"),
        ("national", "5.1.12/3", "5.1.12/3"),
    ],
)
def test_valid_identifiers_take_their_canonical_spelling(scheme, raw, value):
    assert identifiers.check(scheme, raw) == (value, "")


@pytest.mark.parametrize(
    "scheme, raw, words",
    [
        ("whc", "0848", "not a World Heritage List id"),
        ("whc", "848x", "not a World Heritage List id"),
        ("whc", "Q42", "not a World Heritage List id"),
        ("wikidata", "P31", "not a Wikidata item id"),
        ("wikidata", "Q0", "not a Wikidata item id"),
        ("wikidata", "42", "not a Wikidata item id"),
        ("interpol", "ABC", "not an INTERPOL reference"),
        ("interpol", "12 34", "not an INTERPOL reference"),
        ("national", "a\x07b", "control character"),
        ("whc", "", "is required"),
    ],
)
def test_bad_identifiers_are_refused_by_their_scheme(scheme, raw, words):
    assert words in identifiers.check(scheme, raw).problem


def test_search_keys_of_a_query():
    assert "wikidata:q42" in identifiers.parse_query("Q42")
    assert identifiers.parse_query("whc:848") == ["whc:848"]
    assert "whc:848" in identifiers.parse_query("848")
    assert identifiers.parse_query("national:arm:5.1") == ["national:arm:5.1"]
    assert identifiers.parse_query("Gandzasar monastery") == []
    assert identifiers.parse_filter("848")[1]  # no scheme: refused with a reason
    assert identifiers.parse_filter("whc:x")[1]


def with_ids(ext="t:ids", **more):
    return record(
        ext,
        "ARM",
        identifiers=[
            {"scheme": "whc", "value": "960", "source": "World Heritage List"},
            {"scheme": "wikidata", "value": "q1234567"},
            {"scheme": "national", "value": "5.1.2/7", "state": "ARM", "source": "inventory"},
        ],
        **more,
    )


def test_the_services_write_identifiers_in_one_audited_transaction(users):
    prop = services.create_property(users["admin"], with_ids())
    stored = list(ExternalIdentifier.objects.filter(property=prop).order_by("id"))
    assert [(i.scheme, i.value, i.state_code) for i in stored] == [
        ("whc", "960", ""),
        ("wikidata", "Q1234567", ""),
        ("national", "5.1.2/7", "ARM"),
    ]
    created = AuditEntry.objects.get(target_id=str(prop.id), action="create")
    assert created.changes["record"]["identifiers"][1]["value"] == "Q1234567"
    services.update_property(
        users["admin"], prop, {"identifiers": [{"scheme": "interpol", "value": "2020/77"}]}
    )
    update = AuditEntry.objects.get(target_id=str(prop.id), action="update")
    assert "identifiers" in update.changes
    assert list(prop.identifiers.values_list("value", flat=True)) == ["2020/77"]


def test_each_bad_identifier_is_named_by_field_and_nothing_is_written(users):
    bad = record(
        "t:bad",
        identifiers=[
            {"scheme": "whc", "value": "Q42"},
            {"scheme": "national", "value": "12"},
            {"scheme": "wikidata", "value": "Q5", "state": "ARM"},
            {"scheme": "isbn", "value": "1"},
            {"scheme": "wikidata", "value": "q7"},
            {"scheme": "wikidata", "value": "Q7"},
        ],
    )
    with pytest.raises(RecordInvalid) as refused:
        services.create_property(users["admin"], bad)
    named = {(e.field, e.message) for e in refused.value.errors}
    fields = {f for f, _m in named}
    assert {
        "identifiers[0].value",
        "identifiers[1].state",
        "identifiers[2].state",
        "identifiers[3].scheme",
        "identifiers[5].value",
    } <= fields
    assert any("'Q42' is not a World Heritage List id" in m for _f, m in named)
    assert CulturalProperty.objects.count() == 0


def test_the_api_takes_and_answers_typed_identifiers(users, api):
    admin = api(users["admin"])
    created = admin.post("/api/properties", with_ids())
    assert created.status_code == 201, created.content
    body = api().get(f"/api/properties/{created.json()['code']}").json()
    assert body["identifiers"][0] == {
        "scheme": "whc",
        "value": "960",
        "state": "",
        "source": "World Heritage List",
        "url": "https://whc.unesco.org/en/list/960",
    }
    assert body["identifiers"][1]["url"] == "https://www.wikidata.org/wiki/Q1234567"
    assert body["identifiers"][2]["url"] == ""
    refused = admin.post(
        "/api/properties", record("t:x", identifiers=[{"scheme": "wikidata", "value": "P31"}])
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "identifiers[0].value"
    unknown = admin.post(
        "/api/properties", record("t:y", identifiers=[{"scheme": "isbn", "value": "1"}])
    )
    assert unknown.status_code == 422


def test_an_exact_identifier_finds_its_record(users, api):
    admin = api(users["admin"])
    code = admin.post("/api/properties", with_ids()).json()["code"]
    admin.post(
        "/api/properties", record("t:other", names=[{"text": "Q1234567 lane", "lang": "en"}])
    )
    client = api()
    for q in ("Q1234567", "q1234567", "wikidata:Q1234567", "whc:960", "national:ARM:5.1.2/7"):
        found = client.get("/api/properties", q=q).json()["results"]
        assert found and found[0]["code"] == code, q
    for ident in ("whc:960", "wikidata:q1234567", "national:arm:5.1.2/7"):
        found = client.get("/api/properties", identifier=ident).json()
        assert [r["code"] for r in found["results"]] == [code], ident
    assert client.get("/api/properties", identifier="whc:961").json()["count"] == 0
    bad = client.get("/api/properties", identifier="960")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "identifier"
    page = Client().get("/search/", {"q": "Q1234567"})
    assert code in page.content.decode()
    assert code in Client().get("/search/", {"identifier": "whc:960"}).content.decode()
    assert Client().get("/search/", {"identifier": "nonsense"}).status_code == 400


def test_a_restricted_record_is_not_found_by_its_identifier(users, api):
    admin = api(users["admin"])
    admin.post("/api/properties", with_ids(confidentiality="restricted"))
    assert api().get("/api/properties", q="Q1234567").json()["count"] == 0
    assert api().get("/api/properties", identifier="whc:960").json()["count"] == 0
    assert admin.get("/api/properties", identifier="whc:960").json()["count"] == 1


def _csv_export(user) -> str:
    out = io.StringIO()
    write_csv(user, CulturalProperty.objects.all(), out)
    return out.getvalue()


def test_exports_carry_identifiers_and_round_trip(users):
    admin = users["admin"]
    services.create_property(admin, with_ids())
    text = _csv_export(admin)
    row = next(csv.DictReader(io.StringIO(text)))
    assert json.loads(row["identifiers"])[2] == {
        "scheme": "national",
        "state": "ARM",
        "value": "5.1.2/7",
        "source": "inventory",
    }
    geo = io.StringIO()
    write_geojson(admin, CulturalProperty.objects.all(), geo)
    feature = json.loads(geo.getvalue())["features"][0]
    assert feature["properties"]["identifiers"][0]["value"] == "960"
    # the export read back changes nothing
    assert import_bytes(admin, text.encode(), "again.csv").unchanged == 1
    assert import_bytes(admin, geo.getvalue().encode(), "again.geojson").unchanged == 1


def test_identifier_columns_of_a_csv_import(users):
    content = (
        b"external_id,category,state,name:en,lat,lon,identifier:whc,identifier:wikidata,"
        b"identifier:national:ARM,identifiers\n"
        b't:c1,monument,ARM,Geghard,40.14,44.82,960,Q1 | Q2,5.1.2/7,"[{""scheme"": ""whc"", '
        b'""value"": ""960"", ""source"": ""WHL""}]"\n'
    )
    result = import_bytes(users["admin"], content, "ids.csv")
    assert result.created == 1
    prop = CulturalProperty.objects.get(external_id="t:c1")
    got = [(i.scheme, i.value, i.state_code, i.source) for i in prop.identifiers.all()]
    assert got == [
        ("whc", "960", "", "WHL"),
        ("wikidata", "Q1", "", ""),
        ("wikidata", "Q2", "", ""),
        ("national", "5.1.2/7", "ARM", ""),
    ]


def test_a_bad_identifier_in_an_import_names_its_line_and_writes_nothing(users):
    content = (
        b"external_id,category,state,name:en,lat,lon,identifier:wikidata\n"
        b"t:c1,monument,ARM,One,40.1,44.8,Q1\n"
        b"t:c2,monument,ARM,Two,40.1,44.8,P2\n"
    )
    with pytest.raises(ImportFailed) as failed:
        import_bytes(users["admin"], content, "ids.csv")
    assert [(e.where, e.field) for e in failed.value.errors] == [("line 3", "identifiers[0].value")]
    assert CulturalProperty.objects.count() == 0
    with pytest.raises(ImportFailed):
        import_bytes(
            users["admin"],
            b"external_id,category,state,name:en,lat,lon,identifier:isbn\n",
            "bad.csv",
        )


def test_the_property_page_shows_identifiers_with_links(users, api):
    code = api(users["admin"]).post("/api/properties", with_ids()).json()["code"]
    page = Client().get(f"/property/{code}/").content.decode()
    assert 'href="https://whc.unesco.org/en/list/960"' in page
    assert 'href="https://www.wikidata.org/wiki/Q1234567"' in page
    assert "5.1.2/7" in page
    norsk = Client(HTTP_ACCEPT_LANGUAGE="nb").get(f"/property/{code}/").content.decode()
    assert "Identifikatorer i andre registre" in norsk
    assert "Verdensarvlisten" in norsk


def test_the_property_form_writes_identifiers_and_names_a_bad_one_in_norwegian(users):
    from tests.web.test_property_forms import NEW, client_for, form_data, rows

    officer = users["officer_arm"]
    good = {"scheme": "wikidata", "value": "q217", "state": "", "source": "Wikidata"}
    bad = {"scheme": "whc", "value": "Q217", "state": "", "source": ""}
    refused = client_for(officer, "nb").post(NEW, {**form_data(), **rows("identifiers", [bad])})
    assert refused.status_code == 400
    assert "Q217 er ikke et nummer i verdensarvlisten" in refused.content.decode()
    assert CulturalProperty.objects.count() == 0
    saved = client_for(officer).post(NEW, {**form_data(), **rows("identifiers", [good])})
    assert saved.status_code == 302
    prop = CulturalProperty.objects.get()
    assert [(i.scheme, i.value) for i in prop.identifiers.all()] == [("wikidata", "Q217")]
    # a post without the identifiers' rows leaves them as they are
    edit = client_for(officer).post(f"/property/{prop.code}/edit/", form_data())
    assert edit.status_code == 302
    assert prop.identifiers.count() == 1
    page = client_for(officer, "nb").get(f"/property/{prop.code}/edit/").content.decode()
    assert "identifiers-0-value" in page and "Q217" in page


@pytest.mark.django_db(transaction=True)
def test_a_large_import_on_worker_processes_writes_identifiers_as_one_process_does(users, settings):
    """registry.bigimport (worker processes, COPY on PostgreSQL) builds the same rows."""
    settings.SHIELD_IMPORT_PARALLEL_FROM = 200
    settings.SHIELD_IMPORT_BATCH = 50
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["external_id", "category", "state", "name:en", "lat", "lon", "identifier:wikidata"]
        + ["identifier:national:ARM", "identifiers"]
    )
    for i in range(260):
        listed = [{"scheme": "interpol", "value": f"2020/{i}", "source": "test"}] if i % 4 else []
        writer.writerow(
            [f"big:{i}", "monument", "ARM", f"Place {i}", "40.1", "44.5", f"Q{i + 1}"]
            + [f"A-{i}" if i % 2 else "", json.dumps(listed) if listed else ""]
        )
    result = import_bytes(users["admin"], out.getvalue().encode(), "big.csv")
    assert result.created == 260 and result.workers
    assert ExternalIdentifier.objects.count() == 260 + 130 + 195
    prop = CulturalProperty.objects.get(external_id="big:7")
    got = {(i.scheme, i.value, i.state_code, i.key) for i in prop.identifiers.all()}
    assert got == {
        ("interpol", "2020/7", "", "interpol:2020/7"),
        ("wikidata", "Q8", "", "wikidata:q8"),
        ("national", "A-7", "ARM", "national:arm:a-7"),
    }
    found = Client().get("/api/properties", {"q": "Q8"}).json()["results"]
    assert [r["code"] for r in found] == [prop.code]
