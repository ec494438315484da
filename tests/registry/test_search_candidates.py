"""How search gathers its candidates (issue 12): a query of several words is driven by its
rarest word and finds what intersecting every word's set finds; and records the reader may
not see (restricted ones, an import not yet published) never crowd out those they may see
when the candidates are capped."""

from __future__ import annotations

from functools import reduce

import pytest
from django.contrib.auth.models import AnonymousUser

from shield import matching
from shield.registry import search, services, staging
from shield.registry.models import CulturalProperty, NameKey
from tests.registry.factories import record

pytestmark = pytest.mark.django_db

WORDS = ["ganvan", "shuvan", "tigmar", "karavan"]


def _make(user, n: int, external_prefix: str = "c", **fields) -> list[CulturalProperty]:
    """``n`` records named from ``WORDS`` ("Ganvan shuvan1 1004"), through the service."""
    made = []
    for i in range(n):
        first = WORDS[i % len(WORDS)]
        second = WORDS[(i // len(WORDS)) % len(WORDS)]
        text = f"{first.capitalize()} {second}{i % 3} {1000 + i}"
        made.append(
            services.create_property(
                user,
                record(
                    f"t:{external_prefix}{i}-{fields.get('confidentiality', 'p')}",
                    names=[{"text": text, "lang": "en"}],
                    **fields,
                ),
            )
        )
    return made


def _intersected(word_keys, how: str) -> set:
    """Every word's set, intersected in Python: the plain definition."""
    sets = []
    for word, keys in search.bounded_terms(word_keys):
        wanted = set(keys)
        if how == search.SUBSTRING:
            found = search.substrings.words_containing(search._forms(word, keys), 10_000)
            wanted |= {search.WORD + w for w in found}
        held = set()
        for pk, key in NameKey.objects.values_list("property_id", "key"):
            if key in wanted or (how and key.startswith(search.WORD + word)):
                held.add(pk)
        sets.append(held)
    return reduce(set.intersection, sets)


QUERIES = ["Ganvan 1004", "shuvan ganvan", "tig 101", "karavan tigmar1 1015", "van 10", "nosuch 1"]


def test_several_words_find_what_the_intersection_finds(users, monkeypatch):
    admin = users["admin"]
    _make(admin, 40)
    for q in QUERIES:
        word_keys = list(zip(matching.tokens(q), matching.query_keys(q)))
        for how in ("", search.PREFIX, search.SUBSTRING):
            expected = _intersected(word_keys, how)
            for drive_from in (1, search.DRIVE_FROM):  # every word common, or one rare enough
                monkeypatch.setattr(search, "DRIVE_FROM", drive_from)
                ids, _capped = search._ids(admin, word_keys, how, 1000)
                assert sorted(ids) == sorted(expected), (q, how, drive_from)
    assert _intersected(list(zip(["1004"], matching.query_keys("1004"))), "")  # not all empty


def test_records_the_reader_may_not_see_do_not_crowd_out_those_they_may(users, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 6)
    admin = users["admin"]
    hidden = {p.pk for p in _make(admin, 48, confidentiality="restricted")}  # the lower ids
    shown = {p.pk for p in _make(admin, 8)}
    for q in ["Shuvan", "shuvan 10", "shuv", "1004"]:
        found = {p.pk for p in search.search(AnonymousUser(), search.Criteria(q), 0, 20).results}
        assert found and found <= shown and not found & hidden, q
        # the administrator, who sees both, is offered the restricted ones first
        assert {p.pk for p in search.search(admin, search.Criteria(q), 0, 20).results} & hidden


def test_an_import_not_yet_published_does_not_crowd_out_the_registry(users, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 4)
    admin = users["admin"]
    stage, _last = staging.begin("test", "hidden.csv", {})
    staged = _make(admin, 40, external_prefix="s")  # first: the lower ids, the first candidates
    CulturalProperty.objects.filter(pk__in=[p.pk for p in staged]).update(staged_in=stage.pk)
    shown = _make(admin, 8)
    for user in (AnonymousUser(), admin):
        page = search.search(user, search.Criteria("Shuvan"), 0, 20)
        found = {p.pk for p in page.results}
        assert found and found <= {p.pk for p in shown}
