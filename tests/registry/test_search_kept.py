"""A search asked again at its doors (the search page, ``/api/properties?q=``) is answered from
what was kept for the registry's version once the registry is large (``search.search_kept``):
only the page's records are read. What is kept follows the reader's view, and a write through
an audited door makes the next answer new (issue 12, item 7)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shield.geo import parse_bbox
from shield.registry import aggregates, services
from shield.registry.models import coarse_point
from shield.registry.search import Criteria, search, search_kept
from tests.registry.factories import GANDZASAR, record

pytestmark = pytest.mark.django_db


def _name_lookups(queries) -> int:
    """Queries that look names up (candidates, their names for the ranking)."""
    return sum(
        "registry_namekey" in q["sql"] or "registry_nameword" in q["sql"]
        for q in queries.captured_queries
    )


@pytest.fixture
def admin(users, monkeypatch):
    monkeypatch.setattr(aggregates, "KEEP_FROM", 1)  # keep at any size
    admin = users["admin"]
    services.create_property(admin, GANDZASAR)
    for i in range(3):
        services.create_property(
            admin, record(f"t:g{i}", "ARM", names=[{"text": f"Gandzasar {i}", "lang": "en"}])
        )
    services.create_property(
        admin,
        record(
            "t:hidden",
            "ARM",
            names=[{"text": "Gandzasar Hidden", "lang": "en"}],
            confidentiality="restricted",
        ),
    )
    return admin


def _codes(page) -> list[str]:
    return [p.code for p in page.results]


def test_a_search_asked_again_reads_only_its_page(admin):
    c = Criteria("Gandzasar")
    first = search_kept(None, c, 0, 3)
    assert (first.total, _codes(first)) == (
        search(None, c, 0, 3).total,
        _codes(search(None, c, 0, 3)),
    )
    with CaptureQueriesContext(connection) as again:
        second = search_kept(None, c, 0, 3)
    assert (second.total, _codes(second), second.more) == (first.total, _codes(first), first.more)
    assert _name_lookups(again) == 0
    # its records are read whole, with what a summary reads, as search gives them
    assert [len(p.names.all()) for p in second.results] == [
        len(p.names.all()) for p in first.results
    ]
    # another page, other criteria: computed, not the first one's answer
    assert _codes(search_kept(None, c, 3, 3)) == _codes(search(None, c, 3, 3))
    assert search_kept(None, Criteria("Gandzasar", state="AZE")).total == 1


def test_what_is_kept_follows_the_readers_view(admin):
    c = Criteria("Gandzasar Hidden")
    anonymous = search_kept(None, c)
    assert "t:hidden" not in {p.external_id for p in anonymous.results}
    everything = search_kept(admin, c)
    assert everything.results[0].external_id == "t:hidden"
    assert "t:hidden" not in {p.external_id for p in search_kept(None, c).results}


def test_a_write_makes_the_next_answer_new(admin):
    c = Criteria("Gandzasar")
    before = search_kept(None, c, 0, 50).total
    services.create_property(
        admin, record("t:new", "AZE", names=[{"text": "Gandzasar New", "lang": "en"}])
    )
    after = search_kept(None, c, 0, 50)
    assert after.total == before + 1
    assert "t:new" in {p.external_id for p in after.results}


def test_the_doors_answer_from_what_was_kept(admin, client, api):
    page = client.get("/search/", {"q": "Gandzasar"})
    assert page.status_code == 200
    with CaptureQueriesContext(connection) as again:
        assert client.get("/search/", {"q": "Gandzasar"}).context["total"] == page.context["total"]
    assert _name_lookups(again) == 0
    first = api().get("/api/properties", q="Gandzasar").json()
    with CaptureQueriesContext(connection) as again:
        assert api().get("/api/properties", q="Gandzasar").json() == first
    assert _name_lookups(again) == 0
    assert first["count"] == page.context["total"]


def test_a_box_is_matched_on_the_points_each_reader_sees(admin):
    """A record whose location is confidential lies in a small box at its exact point: the
    Secretariat's kept answer finds it, and the public's (asked after it) does not."""
    lat, lon = 40.1811, 44.5136
    clat, clon = coarse_point(lat, lon)
    box = parse_bbox(f"{lon - 0.001},{lat - 0.001},{lon + 0.001},{lat + 0.001}")
    assert not (box.south <= clat <= box.north and box.west <= clon <= box.east)
    services.create_property(
        admin,
        record("t:secret-place", "ARM", lat=lat, lon=lon, confidentiality="location"),
    )
    c = Criteria(bbox=box)
    for _ in range(2):
        assert "t:secret-place" in {p.external_id for p in search_kept(admin, c).results}
        assert "t:secret-place" not in {p.external_id for p in search_kept(None, c).results}
