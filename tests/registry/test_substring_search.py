"""Search by a fragment of a word (registry.substrings): found on SQLite and on PostgreSQL,
through every way names are written, never past confidentiality, and no query makes it fail."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from shield.registry import search, substrings
from shield.registry.models import CulturalProperty
from shield.registry.transfer import import_bytes
from tests.registry.factories import GANDZASAR, record

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()["results"]]


def code_of(external_id: str) -> str:
    return CulturalProperty.objects.get(external_id=external_id).code


def words() -> set[str]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT word FROM {substrings.TABLE}")
        return {w for (w,) in cur.fetchall()}


GHAZANCHETSOTS = record(
    "t:ghaz",
    names=[
        {"text": "Ghazanchetsots Cathedral", "lang": "en"},
        {"text": "Ղազանչեցոց եկեղեցի", "lang": "hy"},
    ],
)


@pytest.fixture
def admin(users, api):
    client = api(users["admin"])
    for rec in (GANDZASAR, GHAZANCHETSOTS):
        assert client.post("/api/properties", rec).status_code == 201
    return client


@pytest.mark.parametrize("q", ["chetsots", "CHETSOTS", "anchets", "չեցոց", "zanchetsots cathedral"])
def test_a_fragment_finds_the_name_it_lies_in(admin, q):
    assert codes(admin.get("/api/properties", q=q)) == [code_of("t:ghaz")]


def test_a_fragment_of_a_number_is_found(admin):
    admin.post("/api/properties", record("t:inv", names=[{"text": "Hoard 20417733", "lang": "en"}]))
    assert codes(admin.get("/api/properties", q="4177")) == [code_of("t:inv")]


def test_exact_matches_still_come_first(admin):
    admin.post("/api/properties", record("t:sar", names=[{"text": "Sar", "lang": "en"}]))
    admin.post("/api/properties", record("t:asar", names=[{"text": "Kasar", "lang": "en"}]))
    found = codes(admin.get("/api/properties", q="sar"))
    assert found[0] == code_of("t:sar")
    assert set(found) == {code_of("t:sar"), code_of("t:asar"), code_of("t:gandzasar")}


def test_two_letters_stay_a_prefix(admin):
    # "ts" lies inside "Ghazanchetsots" but begins none of its words: no fragment search.
    assert codes(admin.get("/api/properties", q="ts")) == []
    assert codes(admin.get("/api/properties", q="gh")) == [code_of("t:ghaz")]


def test_a_restricted_records_names_never_leak_by_fragment(users, api, admin):
    secret = record(
        "t:secret",
        "NOR",
        confidentiality="restricted",
        names=[{"text": "Hemmeligkvelvet", "lang": "nb"}],
    )
    assert admin.post("/api/properties", secret).status_code == 201
    for reader in (None, users["officer_arm"], users["officer_aze"], users["committee"]):
        client = api(reader)
        assert codes(client.get("/api/properties", q="ligkvel")) == []
        assert client.get("/api/suggest", q="ligkvel").content.count(b"emmelig") == 0
        page = search.search(reader or AnonymousUser(), search.Criteria(q="ligkvel"))
        assert page.total == 0 and page.results == []
    assert codes(api(users["officer_nor"]).get("/api/properties", q="ligkvel")) == [
        code_of("t:secret")
    ]
    assert codes(admin.get("/api/properties", q="ligkvel")) == [code_of("t:secret")]


def test_the_index_follows_updates_and_deletes(admin):
    ref = code_of("t:ghaz")
    assert admin.patch(
        f"/api/properties/{ref}", {"names": [{"text": "Surb Amenaprkich", "lang": "en"}]}
    ).status_code in (200, 204)
    assert codes(admin.get("/api/properties", q="chetsots")) == []
    assert codes(admin.get("/api/properties", q="naprki")) == [ref]
    assert "amenaprkich" in words()
    assert admin.delete(f"/api/properties/{ref}").status_code in (200, 204)
    assert codes(admin.get("/api/properties", q="naprki")) == []


def _csv(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "category", "state", "name:en", "lat", "lon"])
    for ext, name in rows:
        writer.writerow([ext, "monument", "ARM", name, "40.1", "44.5"])
    return out.getvalue().encode()


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_a_big_import_and_a_reimport(users, settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 200
    settings.SHIELD_IMPORT_BATCH = 50
    rows = [(f"t:b{i}", f"Vorotnavank{i:04d} Plain") for i in range(300)]
    rows[7] = ("t:b7", "Spitakavor Astvatsatsin")
    import_bytes(users["admin"], _csv(rows), "big.csv")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:  # the trigger is back after the load
            cur.execute("SELECT count(*) FROM sqlite_master WHERE name = 'registry_namekey_word'")
            assert cur.fetchone() == (1,)
    found = search.search(users["admin"], search.Criteria(q="takavo"))
    assert [p.external_id for p in found.results] == ["t:b7"]
    many = search.search(users["admin"], search.Criteria(q="otnavank"))
    assert many.total == 300 - 1 and not many.more
    # A re-import (known external ids: the plain way) renames one record.
    import_bytes(users["admin"], _csv([("t:b7", "Noravank Amaghu")]), "again.csv")
    assert search.search(users["admin"], search.Criteria(q="takavo")).total == 0
    assert [
        p.external_id for p in search.search(users["admin"], search.Criteria(q="aghu")).results
    ] == ["t:b7"]


ODD = [
    '"',
    '""',
    '"chetsots',
    "chets*",
    "*",
    "chetsots NEAR cathedral",
    "NEAR(chetsots cathedral, 2)",
    "chetsots AND cathedral",
    "chetsots OR NOT cathedral",
    "(((chetsots",
    "chetsots)))",
    "chetsots\x00cathedral",
    "\x00",
    "word:chetsots",
    "^chetsots",
    "chetsots -cathedral",
    "%chets_ts%",
    "\\",
    "'; DROP TABLE registry_nameword; --",
    " ".join(f"fragment{i}xyz" for i in range(500)),
    "chetsots " * 500,
    "a" * 5000,
]


@pytest.mark.parametrize("q", ODD)
def test_odd_queries_never_fail(admin, client, q):
    assert admin.get("/api/properties", q=q).status_code in (200, 400)
    assert admin.get("/api/suggest", q=q).status_code in (200, 400)
    assert client.get("/search/", {"q": q}).status_code in (200, 400)
    search.search(AnonymousUser(), search.Criteria(q=q))  # no error, whatever it finds


def test_fts_operators_are_read_as_text(admin):
    # A quote, a star or an operator word is no FTS5 syntax: the fragments around it are looked up.
    assert codes(admin.get("/api/properties", q='"chetsots')) == [code_of("t:ghaz")]
    assert codes(admin.get("/api/properties", q="chetsots*")) == [code_of("t:ghaz")]


def test_words_containing_is_bounded(admin):
    for i in range(12):
        admin.post(
            "/api/properties", record(f"t:m{i}", names=[{"text": f"Zzqword{i}", "lang": "en"}])
        )
    assert len(substrings.words_containing(["zzq"], 5)) == 5
    assert substrings.words_containing(["zz", ""], 5) == []  # too short for a trigram
