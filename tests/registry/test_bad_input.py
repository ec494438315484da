"""No input gives a server error at the registry's doors: long searches, wild pages, unknown or
read-only fields, bad geometry, files in other encodings or not files at all, and imports
with more errors than anyone can read (a bounded report)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.accounts.models import ApiToken
from shield.registry.models import CulturalProperty
from shield.registry.transfer import ImportFailed, import_bytes
from tests.registry.factories import GANDZASAR, SHUSHA, record

pytestmark = pytest.mark.django_db

LONG_TITLE = (
    "Gandzasar monastery of Saint John the Baptist with its gavit bell tower and the "
    "surrounding walls and cells of the brotherhood"
)  # 20 words, more than SQLite's compound-query limit allows as one INTERSECT each


@pytest.fixture
def loaded(users, api):
    admin = api(users["admin"])
    for rec in (GANDZASAR, SHUSHA):
        assert admin.post("/api/properties", rec).status_code == 201
    long_named = record("t:long", names=[{"text": " ".join(LONG_TITLE.split()[:17]), "lang": "en"}])
    assert admin.post("/api/properties", long_named).status_code == 201
    return admin


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


@pytest.mark.parametrize("words", [16, 17, 20])
def test_a_long_search_finds_the_record_it_names(loaded, api, words):
    q = " ".join(LONG_TITLE.split()[:words])
    long_code = CulturalProperty.objects.get(external_id="t:long").code
    assert long_code in codes(api().get("/api/properties", q=q))
    r = api().get("/api/suggest", q=q)
    assert r.status_code == 200 and long_code in [s["code"] for s in r.json()]
    page = Client().get("/search/", {"q": q})
    assert page.status_code == 200 and long_code in page.content.decode()


def test_a_200_word_search_answers_at_every_door(loaded, api):
    q = " ".join(f"word{i}" for i in range(200))
    assert codes(api().get("/api/properties", q=q)) == []
    assert api().get("/api/suggest", q=q).json() == []
    assert Client().get("/search/", {"q": q}).status_code == 200
    # the same word 200 times is one word
    shusha = CulturalProperty.objects.get(external_id="t:shusha").code
    assert codes(api().get("/api/properties", q=" ".join(["Shusha"] * 200))) == [shusha]


def test_normal_searches_are_unchanged(loaded, api):
    shusha = CulturalProperty.objects.get(external_id="t:shusha").code
    gandzasar = CulturalProperty.objects.get(external_id="t:gandzasar").code
    assert codes(api().get("/api/properties", q="Шуша")) == [shusha]
    assert codes(api().get("/api/properties", q="Gandzasar"))[0] == gandzasar  # the best match
    assert codes(api().get("/api/properties", q="Gandzasar Shusha")) == []


@pytest.mark.parametrize(
    "params, field",
    [
        ({"page": "9223372036854775807"}, "page"),
        ({"page": "99999999999999999999999999"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
    ],
)
def test_pages_out_of_bounds_are_refused_by_name(loaded, api, params, field):
    r = api().get("/api/properties", **params)
    assert r.status_code == 422, r.content
    assert field in [e["field"] for e in r.json()["errors"]]


def test_the_last_allowed_page_answers(loaded, api):
    r = api().get("/api/properties", page="10000", page_size="200")
    assert r.status_code == 200 and r.json()["results"] == []


# ---- writes: unknown and read-only fields ----------------------------------------------------


def test_patching_the_state_is_refused_and_says_how_to_move_a_record(loaded):
    code = CulturalProperty.objects.get(external_id="t:gandzasar").code
    r = loaded.patch(f"/api/properties/{code}", {"state": "ARM"})
    assert r.status_code == 422, r.content
    (error,) = r.json()["errors"]
    assert error["field"] == "state"
    assert "read-only" in error["message"] and "create it anew" in error["message"]
    assert CulturalProperty.objects.get(code=code).inventory_state.code == "AZE"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"colour": "red"}, "colour"),
        ({"code": "X-1"}, "code"),
        ({"names": [{"text": "Gandzasar", "lang": "en", "tone": "high"}]}, "names[0].tone"),
        ({"claims": [{"state": "ARM", "role": "claimant", "since": "2001"}]}, "claims[0].since"),
    ],
)
def test_unknown_or_read_only_fields_are_refused_by_name(loaded, body, field):
    code = CulturalProperty.objects.get(external_id="t:gandzasar").code
    before = loaded.get(f"/api/properties/{code}").json()
    r = loaded.patch(f"/api/properties/{code}", {"description": "changed", **body})
    assert r.status_code == 422, r.content
    assert [e["field"] for e in r.json()["errors"]] == [field]
    assert loaded.get(f"/api/properties/{code}").json() == before


def test_creating_with_an_unknown_field_is_refused(users, api):
    r = api(users["admin"]).post("/api/properties", {**record("t:x"), "colour": "red"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "colour"
    assert not CulturalProperty.objects.filter(external_id="t:x").exists()


def test_a_lowercase_bearer_authenticates_like_bearer(users):
    _t, raw = ApiToken.issue(users["admin"], "t")
    for scheme in ("bearer", "BEARER", "Bearer"):
        r = Client().post(
            "/api/properties",
            record(f"t:{scheme}"),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"{scheme} {raw}",
        )
        assert r.status_code == 201, (scheme, r.content)
    r = Client().post(
        "/api/properties",
        record("t:bad"),
        content_type="application/json",
        HTTP_AUTHORIZATION="bearer not-a-token",
    )
    assert r.status_code == 401 and "token" in r.json()["error"]


# ---- geometry -----------------------------------------------------------------------------

UNCLOSED = {"type": "Polygon", "coordinates": [[[44.5, 40.1], [44.6, 40.1], [44.6, 40.2]]]}
OPEN_RING = {
    "type": "Polygon",
    "coordinates": [[[44.5, 40.1], [44.6, 40.1], [44.6, 40.2], [44.5, 40.2]]],
}
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[44.5, 40.1], [44.6, 40.2], [44.6, 40.1], [44.5, 40.2], [44.5, 40.1]]],
}
GOOD = {
    "type": "Polygon",
    "coordinates": [[[44.5, 40.1], [44.6, 40.1], [44.6, 40.2], [44.5, 40.1]]],
}


@pytest.mark.parametrize(
    "boundary, reason",
    [
        (UNCLOSED, "at least 4"),
        (OPEN_RING, "not closed"),
        (BOWTIE, "Self-intersection"),
        ({"type": "Polygon", "coordinates": [[[200, 0], [1, 0], [1, 1], [200, 0]]]}, "outside"),
        ({"type": "Polygon", "coordinates": [[["a", 0], [1, 0], [1, 1], ["a", 0]]]}, "numbers"),
        ({"type": "Point", "coordinates": [1, 2]}, "Polygon"),
    ],
)
def test_a_bad_boundary_is_refused_with_its_reason_at_the_api(users, api, boundary, reason):
    r = api(users["admin"]).post("/api/properties", record("t:b", boundary=boundary))
    assert r.status_code == 422, r.content
    (error,) = r.json()["errors"]
    assert error["field"] == "boundary" and reason in error["message"]
    assert not CulturalProperty.objects.filter(external_id="t:b").exists()


def test_a_bad_boundary_is_refused_when_patched_and_in_an_import(users, api):
    admin = api(users["admin"])
    assert admin.post("/api/properties", record("t:b", boundary=GOOD)).status_code == 201
    code = CulturalProperty.objects.get(external_id="t:b").code
    r = admin.patch(f"/api/properties/{code}", {"boundary": BOWTIE})
    assert r.status_code == 422 and "Self-intersection" in r.json()["errors"][0]["message"]
    assert CulturalProperty.objects.get(code=code).boundary == GOOD
    feature = {
        "type": "Feature",
        "geometry": OPEN_RING,
        "properties": {**record("t:c"), "lat": 40.15, "lon": 44.55},
    }
    doc = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    with pytest.raises(ImportFailed) as exc:
        import_bytes(users["admin"], doc, "b.geojson")
    assert [(e.field, "not closed" in e.message) for e in exc.value.errors] == [("boundary", True)]


def test_the_admin_form_refuses_a_bad_boundary(users, states):
    client = Client()
    client.force_login(users["admin"])
    r = client.post(
        "/admin/registry/culturalproperty/add/",
        {
            "category": "monument",
            "inventory_state": states["ARM"].pk,
            "boundary": json.dumps(BOWTIE),
            "confidentiality": "public",
            "location_certainty": "exact",
            **{
                f"{prefix}-{k}": "0"
                for prefix in ("names", "claims", "protection_events", "photographs")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert r.status_code == 200 and "Self-intersection" in r.content.decode()
    assert not CulturalProperty.objects.exists()


# ---- files --------------------------------------------------------------------------------

TEXT = "external_id,category,state,name:en,name:hy,lat,lon\nt:e1,monument,ARM,Zvartnots,Զվարթնոց,40.16,44.34\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_files_import_in_any_of_their_encodings(users, encoding):
    result = import_bytes(users["admin"], TEXT.encode(encoding), "e.csv", dry_run=True)
    assert result.created == 1


def test_a_latin1_file_is_refused_naming_the_file(users, api):
    content = TEXT.replace("Zvartnots", "Zvartnóts").replace("Զվարթնոց", "x").encode("latin-1")
    with pytest.raises(ImportFailed) as exc:
        import_bytes(users["admin"], content, "inventaire.csv")
    (error,) = exc.value.errors
    assert error.field == "encoding" and "inventaire.csv: not UTF-8" in error.message
    r = upload(users, content, "inventaire.csv")
    assert r.status_code == 422 and "inventaire.csv: not UTF-8" in r.json()["errors"][0]["message"]


def upload(users, content: bytes, name: str):
    _t, raw = ApiToken.issue(users["admin"], "t")
    return Client().post(
        "/api/import",
        {"file": SimpleUploadedFile(name, content, "text/csv")},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )


@pytest.mark.parametrize(
    "content, name, says",
    [
        (b"external_id,category\nt:1,mon\x00ument\n", "nul.csv", "nul.csv: a NUL character"),
        (b"external_id,boundary\nt:1," + b"[" * 5000 + b"\n", "deep.csv", "boundary"),
        (b"[" * 100_000, "deep.geojson", "nested too deeply"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": 5}]}',
            "p.geojson",
            "properties",
        ),
        (b"a" * 100_000 + b"\n", "wide.csv", "unknown column"),
        (b"a" * 200_000 + b"\n", "wide.csv", "line 1: not CSV"),
        (b"external_id,name:en\nt:1," + b"x" * 200_000 + b"\n", "big-cell.csv", "not CSV"),
    ],
)
def test_files_that_are_not_what_they_claim_get_a_named_error(users, content, name, says):
    r = upload(users, content, name)
    assert r.status_code == 422, r.content[:500]
    assert says in json.dumps(r.json())
    assert len(r.content) < 20_000


def test_an_import_with_thousands_of_errors_answers_a_bounded_report(users, settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 10**9  # the plain path here; the parallel one below
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "category", "state", "name:en", "lat", "lon"])
    for i in range(5000):
        writer.writerow([f"g{i}", "palace", "QQ", "", "99", "0"])
    r = upload(users, out.getvalue().encode(), "many.csv")
    assert r.status_code == 422
    body = r.json()
    assert len(body["errors"]) == 100 and body["total_is_lower_bound"] is True
    assert body["total"] == 1000 and len(r.content) < 100_000
    by_field = {c["field"]: c["count"] for c in body["counts"]}
    assert by_field["category"] == by_field["state"] == by_field["lat"] == 250
    assert body["errors"][0]["field"] == "line 2: category"
    assert not CulturalProperty.objects.exists()


def test_a_few_errors_are_all_listed_with_their_counts(users):
    rows = "\n".join(f"g{i},palace,ARM,Name {i},40,44" for i in range(3))
    r = upload(users, f"external_id,category,state,name:en,lat,lon\n{rows}\n".encode(), "f.csv")
    body = r.json()
    assert r.status_code == 422 and body["total"] == 3 and body["total_is_lower_bound"] is False
    assert [e["field"] for e in body["errors"]] == [f"line {n}: category" for n in (2, 3, 4)]
    assert body["counts"] == [
        {"field": "category", "reason": body["counts"][0]["reason"], "count": 3}
    ]


def test_the_cli_shows_the_same_bounded_report(users, tmp_path, capsys):
    from shield import cli

    path = tmp_path / "many.csv"
    rows = "\n".join(f"g{i},palace,QQ,,99,0" for i in range(3000))
    path.write_text(f"external_id,category,state,name:en,lat,lon\n{rows}\n")
    assert cli.main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "checking stopped at 1000 errors" in err
    assert err.count("line ") < 150 and "by field and reason" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes(TEXT.replace("Զվարթնոց", "Zvartnóts").encode("latin-1"))
    assert cli.main(["import", str(latin)]) == 1
    err = capsys.readouterr().err
    assert "latin.csv: not UTF-8" in err and "Traceback" not in err


def test_a_nul_character_in_a_record_is_refused_by_name(users):
    from shield.registry import services
    from shield.registry.validation import RecordInvalid

    rec = record("t:nul", names=[{"text": "Zvart\u0000nots", "lang": "en"}])
    with pytest.raises(RecordInvalid) as exc:
        services.create_property(users["admin"], rec)
    assert [e.field for e in exc.value.errors] == ["names[0].text"]


@pytest.mark.parametrize(
    "doc",
    [
        {"type": "FeatureCollection", "features": []},
        {"features": [{"type": "Feature", "properties": {"a": [1, {"b": "]}"}]}}, 5, "x"]},
        {
            "name": "x",
            "crs": {"type": "name"},
            "features": [None, [], {}],
            "type": "FeatureCollection",
        },
        {"type": "FeatureCollection"},
        [1, 2],
    ],
)
@pytest.mark.parametrize("indent", [None, 2])
def test_features_read_one_at_a_time_are_the_features(doc, indent):
    from shield.registry.fileformats import iter_features

    expected = doc.get("features", []) if isinstance(doc, dict) else []
    assert list(iter_features(json.dumps(doc, indent=indent))) == expected


def test_a_big_file_of_junk_features_fails_fast_with_the_first_errors(users):
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": 5},
        "properties": {"external_id": "x", "category": "palace", "state": "QQ"},
    }
    doc = {"type": "FeatureCollection", "features": [feature] * 40_000}
    content = json.dumps(doc).encode()
    assert len(content) > 4 * 1024 * 1024
    with pytest.raises(ImportFailed) as exc:
        import_bytes(users["admin"], content, "junk.geojson")
    report = exc.value.report()
    assert 1000 <= report["total"] < 1010 and report["total_is_lower_bound"]
    assert report["shown"][0]["where"] == "feature 1"
    assert {c["field"] for c in report["counts"]} >= {"geometry", "category", "state"}
