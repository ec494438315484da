"""The bundled demo data (properties.json; the States are shield.treaty.states) against the registry's rules.

Pure checks on the JSON files: no database, no Django setup. The vocabularies are those of
``shield.registry.vocab``; the protection sequence rules are those of
``shield.registry.protection`` (a pure module).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from shield.registry.protection import Event, check_sequence

DATA = Path(__file__).resolve().parents[2] / "src" / "shield" / "demo" / "data"

CATEGORIES = {
    "monument",
    "archaeological_site",
    "group_of_buildings",
    "centre_containing_monuments",
    "museum",
    "library",
    "archive",
    "refuge",
    "movable_object",
    "collection",
}
MOVABLE = {"movable_object", "collection"}
NAME_KINDS = {"official", "local", "historical", "variant"}
CERTAINTY = {"exact", "approximate", "general", "unknown"}
CONFIDENTIALITY = {"public", "location", "restricted"}
ROLES = {"control", "claimant"}
LEVELS = {"general", "special", "enhanced", "provisional_enhanced"}
ACTIONS = {"granted", "suspended", "restored", "cancelled", "lost_military_use", "regained"}
UNITS = {"mm", "cm", "m", "km", "g", "kg", "in", "ft", "lb", "ml", "l"}
BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-[a-zA-Z0-9]{5,8})*$")
# The importer's field limits (shield.registry.validation.TEXT_FIELDS and friends).
TEXT_LIMITS = {
    "description": 20000,
    "significance": 20000,
    "object_type": 200,
    "materials_techniques": 500,
    "inscriptions_markings": 5000,
    "distinguishing_features": 5000,
    "title": 300,
    "subject": 300,
    "date_period": 200,
    "maker": 300,
    "inventory_number": 100,
    "custodian": 300,
    "current_place": 300,
}
ALLOWED_KEYS = {
    "identifiers",  # real ones only, each with its source (SOURCES.md, "External identifiers")
    "external_id",
    "category",
    "state",
    "names",
    "lat",
    "lon",
    "location_certainty",
    "confidentiality",
    "claims",
    "protection",
    "measurements",
    "synthetic",
    *TEXT_LIMITS,
}
SYNTHETIC_EVENT = "synthetic demo event"
SYNTHETIC_RECORD = "synthetic demo record"


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def states() -> list[dict]:
    from shield.treaty.states import all_states

    return [{"code": s.code, "name_en": s.name_en, "name_nb": s.name_nb} for s in all_states()]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return _load("properties.json")


@pytest.fixture(scope="module")
def by_id(records) -> dict[str, dict]:
    return {r["external_id"]: r for r in records}


def _iso(value) -> date:
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return date.fromisoformat(value)


def _names(rec: dict) -> set[tuple[str, str]]:
    return {(n["text"], n["lang"]) for n in rec["names"]}


# ---- the files ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["properties.json"])
def test_files_are_pretty_utf8_without_ascii_escapes(name):
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    assert "\\u" not in text, "written with ensure_ascii=False"
    assert text.startswith("[\n  {"), "pretty-printed with indent 2"


def test_states_are_unique_alpha3_with_both_names(states):
    codes = [s["code"] for s in states]
    assert len(codes) == len(set(codes))
    for s in states:
        assert re.fullmatch(r"[A-Z]{3}", s["code"]), s
        assert s["name_en"].strip() and s["name_nb"].strip(), s


def test_named_parties_are_present(states):
    codes = {s["code"] for s in states}
    assert {
        "NOR",
        "BEL",
        "NLD",
        "CYP",
        "ITA",
        "CHE",
        "FRA",
        "DEU",
        "EGY",
        "LBN",
        "MLI",
        "LTU",
        "AZE",
        "ARM",
        "GEO",
        "UKR",
        "SYR",
        "IRQ",
        "BIH",
        "HRV",
        "AFG",
        "CZE",
    } <= codes


# ---- the records --------------------------------------------------------------------------


def test_counts(records):
    assert len(records) >= 60
    assert len({r["state"] for r in records}) >= 6
    assert len({r["state"] for r in records}) >= 8


def test_spread_across_states(records):
    present = {r["state"] for r in records}
    assert {
        "ARM",
        "AZE",
        "GEO",
        "UKR",
        "SYR",
        "IRQ",
        "MLI",
        "AFG",
        "BIH",
        "HRV",
        "NOR",
        "CYP",
        "ITA",
        "BEL",
        "LTU",
    } <= present


def test_external_ids_are_unique_and_namespaced(records):
    ids = [r["external_id"] for r in records]
    repeated = [i for i, c in Counter(ids).items() if c > 1]
    assert not repeated, repeated
    assert all(re.fullmatch(r"demo:[a-z0-9][a-z0-9-]*", i) for i in ids)


def test_every_state_code_is_known(records, states):
    codes = {s["code"] for s in states}
    for r in records:
        assert r["state"] in codes, r["external_id"]
        for c in r.get("claims", []):
            assert c["state"] in codes, (r["external_id"], c["state"])


def test_shape_and_vocabularies(records):
    for r in records:
        where = r["external_id"]
        assert set(r) <= ALLOWED_KEYS, (where, set(r) - ALLOWED_KEYS)
        assert r["category"] in CATEGORIES, where
        assert r.get("location_certainty", "exact") in CERTAINTY, where
        assert r.get("confidentiality", "public") in CONFIDENTIALITY, where
        assert r.get("description", "").strip(), where
        for field, limit in TEXT_LIMITS.items():
            assert len(str(r.get(field, ""))) <= limit, (where, field)
        for m in r.get("measurements", []):
            assert m["dimension"] and m["unit"] in UNITS and float(m["value"]) > 0, (where, m)


def test_every_record_has_a_named_language(records):
    for r in records:
        assert r["names"], r["external_id"]
        for n in r["names"]:
            assert n["text"].strip() and len(n["text"]) <= 300, (r["external_id"], n)
            assert BCP47.match(n["lang"]), (r["external_id"], n)
            assert n.get("kind", "official") in NAME_KINDS, (r["external_id"], n)
            assert n.get("source", "").strip(), (r["external_id"], n)


def test_locations(records):
    for r in records:
        where = r["external_id"]
        if "lat" in r:
            assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, where
        elif r["category"] not in MOVABLE:
            assert r["location_certainty"] == "unknown", (
                f"{where}: immovable property needs a location"
            )


# ---- required content ---------------------------------------------------------------------


def test_gandzasar_names_and_neutral_claims(by_id):
    rec = by_id["demo:gandzasar"]
    assert {
        ("Gandzasar", "en"),
        ("Գանձասար", "hy"),
        ("Gəncəsər", "az"),
        ("Гандзасар", "ru"),
    } <= _names(rec)
    assert any(n["text"] == "Гандзасар" and n["kind"] == "variant" for n in rec["names"])
    assert {c["state"] for c in rec["claims"]} == {"ARM", "AZE"}
    for c in rec["claims"]:
        assert c["basis"].strip() and c["source"].strip() and c["valid_from"], c


def test_shusha_names_and_claims(by_id):
    rec = by_id["demo:shusha"]
    assert rec["category"] == "centre_containing_monuments"
    assert {
        ("Shusha", "en"),
        ("Shushi", "en"),
        ("Şuşa", "az"),
        ("Шуша", "ru"),
        ("Շուշի", "hy"),
    } <= _names(rec)
    assert any(n["text"] == "Shushi" and n["kind"] == "variant" for n in rec["names"])
    assert {c["state"] for c in rec["claims"]} == {"ARM", "AZE"}


def test_required_places_are_present(by_id):
    for slug in [
        "ghazanchetsots",
        "govhar-agha-mosque",
        "dadivank",
        "amaras",
        "tigranakert-artsakh",
        "aghdam-mosque",
        "agulis",
        "julfa-cemetery",
        "echmiadzin-cathedral",
        "geghard",
        "tatev",
        "haghpat",
        "garni",
        "baku-walled-city",
        "sheki-khans-palace",
        "gobustan",
        "mtskheta",
        "gelati",
        "bagrati",
        "kyiv-st-sophia",
        "kyiv-pechersk-lavra",
        "lviv-historic-centre",
        "odesa-historic-centre",
        "chernihiv-transfiguration",
        "palmyra",
        "aleppo-citadel",
        "crac-des-chevaliers",
        "mosul-al-nuri",
        "nimrud",
        "hatra",
        "timbuktu-mausoleums",
        "djenne",
        "bamiyan",
        "stari-most",
        "dubrovnik",
        "bryggen",
        "urnes",
        "nidaros",
        "choirokoitia",
        "troodos-painted-churches",
        "paphos",
        "castel-del-monte",
        "kernave",
        "tomb-of-askia",
    ]:
        assert f"demo:{slug}" in by_id, slug


def test_movables_are_described_with_object_id(records):
    movables = [r for r in records if r["category"] in MOVABLE and r.get("object_type", "").strip()]
    assert len(movables) >= 10
    for r in movables:
        assert "inventory_number" in r, r["external_id"]  # empty when unknown, never invented
        assert r.get("title", "").strip() and r.get("date_period", "").strip(), r["external_id"]


def test_confidential_records(records):
    hidden = [r for r in records if r.get("confidentiality", "public") != "public"]
    assert len(hidden) >= 5
    assert {r["confidentiality"] for r in hidden} == {"location", "restricted"}
    refuges = [r for r in hidden if r["category"] == "refuge"]
    assert refuges and all(SYNTHETIC_RECORD in r["description"].lower() for r in refuges)


def test_disputed_claims(records):
    multi = [r for r in records if len({c["state"] for c in r.get("claims", [])}) >= 2]
    assert multi
    assert any({c["state"] for c in r["claims"]} >= {"UKR", "RUS"} for r in multi), (
        "a Crimean property"
    )


def test_claims_are_dated_and_sourced(records):
    for r in records:
        for c in r.get("claims", []):
            where = (r["external_id"], c["state"], c["role"])
            assert c["role"] in ROLES, where
            assert c["basis"].strip() and len(c["basis"]) <= 500, where
            assert c["source"].strip() and len(c["source"]) <= 500, where
            start = _iso(c["valid_from"]) if c.get("valid_from") else None
            end = _iso(c["valid_to"]) if c.get("valid_to") else None
            if start and end:
                assert start <= end, where


def test_protection_events_follow_the_rules(records):
    for r in records:
        history: list[Event] = []
        for e in r.get("protection", []):
            where = (r["external_id"], e)
            assert e["level"] in LEVELS and e["action"] in ACTIONS, where
            assert e["basis"].strip() and len(e["basis"]) <= 300, where
            ev = Event(e["level"], e["action"], _iso(e["effective_date"]), e["basis"])
            problem = check_sequence(history, ev)
            assert problem is None, (where, problem)
            history.append(ev)
        dates = [ev.effective_date for ev in history]
        assert dates == sorted(dates), (
            f"{r['external_id']}: list events in date order, as the registry returns them"
        )


def test_protection_examples(records):
    events = [(r, e) for r in records for e in r.get("protection", [])]
    assert any(e["level"] == "provisional_enhanced" and "11(9)" in e["basis"] for _r, e in events)
    assert any(
        e["level"] == "enhanced"
        and e["action"] == "granted"
        and "11(10)" in e["basis"]
        and SYNTHETIC_EVENT not in e["note"]
        for _r, e in events
    )
    # general protection is the law's, not an event's (Convention Art. 1-4; Protocol Chapter 2)
    assert not any(e["level"] == "general" for _r, e in events)
    found = [
        r
        for r in records
        if {e["action"] for e in r.get("protection", []) if SYNTHETIC_EVENT in e["note"]}
        >= {"suspended", "restored"}
    ]
    assert found
    # a synthetic event never sits on a real record
    for r, e in events:
        if SYNTHETIC_EVENT in e["note"]:
            assert r.get("synthetic") is True and SYNTHETIC_RECORD in r["description"].lower(), r[
                "external_id"
            ]


# ---- synthetic and real -------------------------------------------------------------------

SYNTHETIC_IDS = {
    "demo:refuge-b-1",
    "demo:georgia-site-g-5",
    "demo:refuge-a-3",
    "demo:syria-tell-s-9",
    "demo:iraq-tell-t-14",
    "demo:iraq-store-r-1",
    "demo:refuge-c-7",
    "demo:afghanistan-site-k-2",
    "demo:refuge-n-2",
    "demo:synthetic-hillfort-nor",
    "demo:synthetic-arsenal-cze",
}


def _invented(rec: dict) -> bool:
    """What reads as invented: a synthetic name or a description that says so."""
    return (
        any(
            "synthetic" in n.get("source", "").lower()
            or "synthetic" in n["text"].lower()
            or "syntet" in n["text"].lower()
            for n in rec["names"]
        )
        or SYNTHETIC_RECORD in rec.get("description", "").lower()
    )


def test_synthetic_records_are_flagged_and_only_they(records):
    flagged = {r["external_id"] for r in records if r.get("synthetic")}
    assert flagged == SYNTHETIC_IDS
    for r in records:
        assert r.get("synthetic", False) in (True, False), r["external_id"]
        assert _invented(r) == bool(r.get("synthetic")), r["external_id"]
        if not r.get("synthetic"):
            assert "synthetic" not in r or r["synthetic"] is False, r["external_id"]


# The real List entries of the demo with the day of their inclusion (see data/SOURCES.md).
REAL_LIST = {
    "demo:choirokoitia": ("enhanced", "2010-11-24"),
    "demo:troodos-painted-churches": ("enhanced", "2010-11-24"),
    "demo:paphos": ("enhanced", "2010-11-24"),
    "demo:castel-del-monte": ("enhanced", "2010-11-24"),
    "demo:kernave": ("enhanced", "2011-12-16"),
    "demo:spiennes": ("enhanced", "2013-12-18"),
    "demo:plantin-moretus": ("enhanced", "2013-12-18"),
    "demo:horta-house": ("enhanced", "2013-12-18"),
    "demo:gobustan": ("enhanced", "2013-12-19"),
    "demo:mtskheta": ("enhanced", "2016-12-09"),
    "demo:kyiv-st-sophia": ("provisional_enhanced", "2023-09-07"),
    "demo:kyiv-pechersk-lavra": ("provisional_enhanced", "2023-09-07"),
    "demo:lviv-historic-centre": ("provisional_enhanced", "2023-09-07"),
    "demo:odesa-opera": ("enhanced", "2023-12-14"),
    "demo:chernihiv-transfiguration": ("enhanced", "2023-12-14"),
    "demo:baalbek": ("provisional_enhanced", "2024-11-18"),
    "demo:tyre": ("provisional_enhanced", "2024-11-18"),
    "demo:beirut-national-museum": ("provisional_enhanced", "2024-11-18"),
}


def test_real_list_entries_have_their_dates_and_sources(records, by_id):
    listed = {
        r["external_id"]
        for r in records
        if not r.get("synthetic")
        and any(e["level"] in {"enhanced", "provisional_enhanced"} for e in r.get("protection", []))
    }
    assert listed == set(REAL_LIST)
    for ext, (level, day) in REAL_LIST.items():
        rec = by_id[ext]
        (event,) = rec["protection"]
        assert (event["level"], event["action"], event["effective_date"]) == (
            level,
            "granted",
            day,
        ), ext
        assert "meeting" in event["basis"], ext  # the Committee meeting that decided
        assert "Source" in event["note"], ext  # who published it
        assert "approximate" not in event["note"], ext  # no unverified day
        official = [
            n for n in rec["names"] if n["lang"] == "en" and n.get("kind", "official") == "official"
        ]
        assert official and all(n["source"].strip() for n in official), ext


def test_the_horta_entry_has_its_published_name(by_id):
    names = {(n["text"], n["lang"]) for n in by_id["demo:horta-house"]["names"]}
    assert ("Major Town Houses of the Architect Victor Horta (Brussels)", "en") in names
    assert not any("House and Workshop" in text for text, _lang in names)


def test_no_real_record_has_an_invented_or_unsourced_event(records):
    for r in records:
        if r.get("synthetic"):
            continue
        for e in r.get("protection", []):
            assert SYNTHETIC_EVENT not in e["note"] and e["note"].strip(), (r["external_id"], e)
        for n in r["names"]:
            assert "synthetic" not in n.get("source", "").lower(), (r["external_id"], n)


def test_records_pass_the_importers_validation(records, states):
    """Where the registry's validator can be imported, every record passes it."""
    try:
        from shield.registry.validation import clean_record
    except ImportError as exc:  # pragma: no cover - the validator is optional here
        pytest.skip(f"validator not importable: {exc}")
    codes = {s["code"] for s in states}
    problems = {}
    for r in records:
        _clean, errors = clean_record(r, codes)
        if errors:
            problems[r["external_id"]] = [str(e) for e in errors]
    assert not problems, problems
