"""A demo that tells the truth: the List's synthetic entries are flagged in JSON, CSV, GeoJSON,
Atom and on the page, and every page that shows a synthetic record says so; the real entries
carry their published names and dates with their sources; ``synthetic`` survives an export
and an import unchanged.

Everything runs on the loaded demo (``shield.demo.loader.load_demo``), through real HTTP
(Django's test client) as the public sees it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from shield.listing.models import Decision, Request, Session
from shield.registry import transfer
from shield.registry.disclosure import visible_to
from shield.registry.models import CulturalProperty

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
MARK = "(synthetic demo data)"
# The real entries of the demo's List today, with the day each entered it (demo/data/SOURCES.md).
REAL_LIST = {
    "demo:choirokoitia": "2010-11-24",
    "demo:troodos-painted-churches": "2010-11-24",
    "demo:paphos": "2010-11-24",
    "demo:castel-del-monte": "2010-11-24",
    "demo:kernave": "2011-12-16",
    "demo:spiennes": "2013-12-18",
    "demo:plantin-moretus": "2013-12-18",
    "demo:horta-house": "2013-12-18",
    "demo:gobustan": "2013-12-19",
    "demo:mtskheta": "2016-12-09",
    "demo:kyiv-st-sophia": "2023-09-07",
    "demo:kyiv-pechersk-lavra": "2023-09-07",
    "demo:lviv-historic-centre": "2023-09-07",
    "demo:odesa-opera": "2023-12-14",
    "demo:chernihiv-transfiguration": "2023-12-14",
    "demo:baalbek": "2024-11-18",
    "demo:tyre": "2024-11-18",
    "demo:beirut-national-museum": "2024-11-18",
}
# What the demo invents that stands on its List today: two bundled records with an invented
# history, and the three properties its invented procedure lists.
SYNTHETIC_LISTED = {
    "demo:synthetic-hillfort-nor",
    "demo:synthetic-arsenal-cze",
    "demo-listing:synthetic-monastery-arm",
    "demo-listing:synthetic-mausoleum-mli",
    "demo-listing:synthetic-theatre-ukr",
}


@pytest.fixture
def demo():
    from shield.demo.loader import load_demo

    load_demo()
    return {p.external_id: p.code for p in CulturalProperty.objects.all()}


def _codes(codes: dict, ids) -> set[str]:
    return {codes[i] for i in ids}


def _public_list() -> dict:
    r = Client().get("/api/list")
    assert r.status_code == 200
    return {e["code"]: e for e in r.json()["entries"]}


# ---- the List's outputs --------------------------------------------------------------------


def test_json_flags_exactly_the_synthetic_entries(demo):
    entries = _public_list()
    assert set(entries) == _codes(demo, REAL_LIST) | _codes(demo, SYNTHETIC_LISTED)
    assert {c for c, e in entries.items() if e["synthetic"] is True} == _codes(
        demo, SYNTHETIC_LISTED
    )
    assert all(e["synthetic"] is False for c, e in entries.items() if c in _codes(demo, REAL_LIST))
    # the entries a synthetic procedure made point to synthetic decisions
    for e in entries.values():
        if e["decision"]:
            d = Decision.objects.get(ref=e["decision"])
            assert e["synthetic"] and d.request.synthetic and d.session.synthetic


def test_real_entries_carry_published_names_dates_and_sources(demo):
    entries = _public_list()
    for ext, day in REAL_LIST.items():
        e = entries[demo[ext]]
        assert e["since"] == day, ext
        assert e["name_source"].strip(), ext  # the name shown has its source
        assert "meeting" in e["basis"], ext  # the Committee meeting that decided
        assert "Source" in e["note"] and "approximate" not in e["note"], ext
        assert e["decision"] is None, ext  # no invented decision behind a real entry
    horta = entries[demo["demo:horta-house"]]
    assert horta["name"] == "Major Town Houses of the Architect Victor Horta (Brussels)"
    assert "2013" in horta["name_source"]


def test_csv_has_a_synthetic_column(demo):
    r = Client().get("/api/list.csv")
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8"))))
    assert rows and "synthetic" in rows[0]
    assert {row["synthetic"] for row in rows} == {"true", "false"}
    assert {row["code"] for row in rows if row["synthetic"] == "true"} == _codes(
        demo, SYNTHETIC_LISTED
    )


def test_geojson_features_carry_synthetic(demo):
    r = Client().get("/api/list.geojson")
    assert r.status_code == 200
    doc = r.json()
    flagged = {
        f["properties"]["code"] for f in doc["features"] if f["properties"]["synthetic"] is True
    }
    assert flagged == _codes(demo, SYNTHETIC_LISTED)
    assert all(isinstance(f["properties"]["synthetic"], bool) for f in doc["features"])
    assert doc["synthetic_entries"] == len(SYNTHETIC_LISTED)


@pytest.mark.parametrize("path", ["/api/list/feed.atom", "/list/feed.atom"])
def test_atom_marks_each_synthetic_change(demo, path):
    r = Client().get(path)
    assert r.status_code == 200
    feed = ET.fromstring(r.content)
    assert "(with synthetic demo entries)" in feed.find(f"{ATOM}title").text
    synthetic_codes = set(
        CulturalProperty.objects.filter(synthetic=True).values_list("code", flat=True)
    )
    seen_real = seen_synthetic = 0
    for entry in feed.findall(f"{ATOM}entry"):
        title = entry.find(f"{ATOM}title").text
        summary = entry.find(f"{ATOM}summary").text
        terms = {c.get("term") for c in entry.findall(f"{ATOM}category")}
        code = re.search(r"\(([A-Z]{3}-\d+)\)", title).group(1)
        synthetic = code in synthetic_codes
        assert (MARK in title) == synthetic, title
        assert (MARK in summary) == synthetic, summary
        assert ("synthetic" in terms) == synthetic, title
        seen_real += not synthetic
        seen_synthetic += synthetic
    assert seen_real and seen_synthetic


# ---- the pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, title, notice",
    [
        (
            "en",
            "International List of Cultural Property under Enhanced Protection (with synthetic demo entries)",
            "This database holds synthetic demo data",
        ),
        (
            "nb",
            "Den internasjonale listen over kulturverdier under forsterket beskyttelse (med syntetiske demooppføringer)",
            "Denne databasen inneholder syntetiske demodata",
        ),
    ],
)
def test_the_list_page_says_it_holds_synthetic_data_and_marks_each_row(demo, lang, title, notice):
    r = Client().get("/list/", HTTP_ACCEPT_LANGUAGE=lang)
    html = r.content.decode()
    assert r.status_code == 200
    assert f'<h1 id="list-title">{title}</h1>' in html
    assert 'id="synthetic-notice"' in html and notice in html
    for code in _codes(demo, SYNTHETIC_LISTED):
        assert f'data-code="{code}" data-synthetic="true"' in html, code
    for code in _codes(demo, REAL_LIST):
        assert f'data-code="{code}" data-synthetic="false"' in html, code
    assert html.count('data-synthetic="true"><td>') == len(SYNTHETIC_LISTED)


def test_without_synthetic_data_the_list_keeps_its_title_and_no_notice(users):
    from tests.listing.helpers import prop

    prop(
        users,
        "t:real",
        "ARM",
        protection=[
            {
                "level": "enhanced",
                "action": "granted",
                "effective_date": "2020-01-10",
                "basis": "a decision of the Committee",
                "note": "a test source",
            }
        ],
    )
    html = Client().get("/list/").content.decode()
    assert (
        '<h1 id="list-title">International List of Cultural Property under Enhanced Protection</h1>'
        in html
    )
    assert "synthetic-notice" not in html and 'data-synthetic="true"' not in html
    (entry,) = Client().get("/api/list").json()["entries"]
    assert entry["synthetic"] is False


@pytest.mark.parametrize(
    "lang, words", [("en", "Synthetic demo data"), ("nb", "Syntetiske demodata")]
)
def test_every_page_showing_a_synthetic_record_says_so(demo, lang, words):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    invented = CulturalProperty.objects.get(external_id="demo:synthetic-hillfort-nor")
    real = CulturalProperty.objects.get(external_id="demo:spiennes")
    page = client.get(f"/property/{invented.code}/").content.decode()
    assert 'id="synthetic-banner"' in page and words in page
    assert 'id="synthetic-banner"' not in client.get(f"/property/{real.code}/").content.decode()

    results = client.get("/search/", {"q": "Hillfort D-7"}).content.decode()
    assert invented.code in results and 'class="badge badge-synthetic"' in results
    results = client.get("/search/", {"q": "Spiennes"}).content.decode()
    assert real.code in results and "badge-synthetic" not in results

    req = Request.objects.filter(synthetic=True).first()  # every request of the demo is invented
    assert req is not None
    page = client.get(f"/requests/{req.ref}/").content.decode()
    assert 'id="synthetic-banner"' in page and words in page
    index = client.get("/requests/").content.decode()
    assert index.count('data-synthetic="true"') == Request.objects.filter(synthetic=True).count()
    index = client.get("/sessions/").content.decode()
    assert index.count('data-synthetic="true"') == Session.objects.filter(synthetic=True).count()
    session = Session.objects.filter(synthetic=True).first()
    page = client.get(f"/sessions/{session.ref}/").content.decode()
    assert 'id="synthetic-banner"' in page and words in page


def test_the_demo_flags_everything_its_procedure_invents(demo):
    assert Session.objects.exists() and not Session.objects.filter(synthetic=False).exists()
    assert Request.objects.exists() and not Request.objects.filter(synthetic=False).exists()
    invented = set(
        CulturalProperty.objects.filter(synthetic=True).values_list("external_id", flat=True)
    )
    assert {i for i in SYNTHETIC_LISTED if i.startswith("demo-listing:")} <= invented
    api = Client().get(f"/api/properties/{demo['demo:synthetic-arsenal-cze']}").json()
    assert api["synthetic"] is True
    assert (
        Client().get(f"/api/properties/{demo['demo:castel-del-monte']}").json()["synthetic"]
        is False
    )


# ---- import and export ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "geojson"])
def test_synthetic_survives_export_and_import_unchanged(demo, fmt):
    admin = get_user_model().objects.get(username="admin")  # the demo's administrator
    qs = CulturalProperty.objects.filter(external_id__startswith="demo")
    out = io.StringIO()
    (transfer.write_csv if fmt == "csv" else transfer.write_geojson)(admin, qs, out)
    text = out.getvalue()
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        flags = {row["external_id"]: row["synthetic"] for row in rows}
        assert set(flags.values()) == {"true", "false"}
    else:
        feats = json.loads(text)["features"]
        flags = {f["properties"]["external_id"]: f["properties"]["synthetic"] for f in feats}
        assert set(flags.values()) == {True, False}
    expected = set(qs.filter(synthetic=True).values_list("external_id", flat=True))
    assert {i for i, v in flags.items() if v in ("true", True)} == expected

    result = transfer.import_bytes(admin, text.encode(), f"round-trip.{fmt}")
    assert (result.created, result.updated) == (0, 0) and result.unchanged == qs.count()
    assert set(qs.filter(synthetic=True).values_list("external_id", flat=True)) == expected

    # a record's flag changed in the file is changed in the registry
    spiennes = "demo:spiennes"
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        for row in rows:
            if row["external_id"] == spiennes:
                row["synthetic"] = "true"
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
        flipped = buf.getvalue()
    else:
        doc = json.loads(text)
        for f in doc["features"]:
            if f["properties"]["external_id"] == spiennes:
                f["properties"]["synthetic"] = True
        flipped = json.dumps(doc)
    result = transfer.import_bytes(admin, flipped.encode(), f"flip.{fmt}")
    assert (result.created, result.updated) == (0, 1)
    assert CulturalProperty.objects.get(external_id=spiennes).synthetic is True


def test_a_bad_flag_is_named():
    from shield.registry.validation import clean_record

    _clean, errors = clean_record({"synthetic": "perhaps"}, {"ARM"}, partial=True)
    assert [(e.field, "is not true or false" in e.message) for e in errors] == [("synthetic", True)]
    for given, flag in [
        ("true", True),
        ("False", False),
        ("", False),
        (None, False),
        (True, True),
        ("1", True),
    ]:
        clean, errors = clean_record({"synthetic": given}, {"ARM"}, partial=True)
        assert not errors and clean["synthetic"] is flag, given


def test_the_public_list_shows_only_what_the_public_may_see(demo):
    visible = set(visible_to(AnonymousUser()).values_list("code", flat=True))
    assert set(_public_list()) <= visible
