"""Doors that cost what their answer holds, not what the registry holds (issue 12, item 7).

Each query is checked against a plain computation of the same answer (the same records, in
the same order), its number of queries against the registry's size, and on SQLite its plan
(EXPLAIN QUERY PLAN) against the indexes it should use.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shield.geo import parse_bbox
from shield.listing import public
from shield.registry import aggregates, bulk, maplayer, search, services
from shield.registry.disclosure import bbox_filter, visible_to
from shield.registry.models import CulturalProperty, ProtectionEvent, coarse_point
from shield.registry.protection import ACTIVATES, IGNORED_ACTIONS
from tests.registry.factories import record

pytestmark = pytest.mark.django_db

ON = date(2020, 1, 1)
ACTIONS = ["granted", "suspended", "restored", "cancelled", "lost_military_use", "regained"]


def _properties(states, n: int, prefix: str = "S", **fields) -> list[CulturalProperty]:
    """``n`` plain records, made directly (the queries are what is tested here)."""
    rnd = random.Random(n)
    made = []
    for i in range(n):
        lat, lon = rnd.uniform(35, 60), rnd.uniform(20, 50)
        clat, clon = coarse_point(lat, lon)
        values = {
            "code": f"{prefix}-{i:05d}",
            "category": "monument",
            "inventory_state": states[["ARM", "AZE", "NOR"][i % 3]],
            "lat": lat,
            "lon": lon,
            "coarse_lat": clat,
            "coarse_lon": clon,
            "confidentiality": ["public", "public", "location", "restricted"][i % 4],
        }
        values.update(fields)
        made.append(CulturalProperty(**values))
    return CulturalProperty.objects.bulk_create(made)


def _histories(props, seed: int = 12) -> None:
    """Random histories of the List's levels and of special protection: same-day events,
    ignored military-use events, events after ``ON``."""
    rnd = random.Random(seed)
    events = []
    for prop in props:
        for _ in range(rnd.randint(0, 4)):
            events.append(
                ProtectionEvent(
                    property=prop,
                    level=rnd.choice(["enhanced", "provisional_enhanced", "special"]),
                    action=rnd.choice(ACTIONS),
                    effective_date=date(rnd.choice([2010, 2015, 2020, 2025]), 1, 1),
                    basis="test",
                )
            )
    ProtectionEvent.objects.bulk_create(events)


def _in_force_by_hand(level: str, on: date) -> set:
    """The old definition, in Python: the latest read event of the level decides."""
    latest: dict = {}
    for ev in ProtectionEvent.objects.filter(level=level).order_by("effective_date", "id"):
        if ev.effective_date <= on and ev.action not in IGNORED_ACTIONS:
            latest[ev.property_id] = ev.action
    return {pk for pk, action in latest.items() if action in ACTIVATES}


@pytest.fixture
def registry(states):
    props = _properties(states, 120)
    _histories(props)
    return props


@pytest.mark.parametrize("level", ["enhanced", "provisional_enhanced", "special"])
@pytest.mark.parametrize("on", [date(2009, 1, 1), date(2015, 1, 1), ON, date(2030, 1, 1)])
def test_protection_on_a_date_is_the_latest_read_event(registry, level, on):
    everyone = CulturalProperty.objects.all()
    found = set(search.with_protection_on(everyone, level, on).values_list("pk", flat=True))
    assert found == _in_force_by_hand(level, on)


def test_the_list_and_its_changes_do_not_grow_with_the_registry(registry, states, users):
    def queries(user) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as entries:
            public.entries_on(user, ON)
        with CaptureQueriesContext(connection) as changes:
            public.changes(user, 20)
        return len(entries), len(changes)

    for user in (users["admin"], users["officer_arm"]):
        queries(user)  # once for what is looked up once per process
        before = queries(user)
        _properties(states, 300, prefix=f"X{user.pk}")  # records off the List
        assert queries(user) == before


@pytest.mark.parametrize("limit", [1, 3, 20, 500])
def test_the_changes_are_the_newest_events_the_reader_may_see(registry, users, limit):
    for user in (users["admin"], users["officer_arm"], users["assessor"]):
        visible = set(visible_to(user).values_list("pk", flat=True))
        expected = [
            ev.pk
            for ev in ProtectionEvent.objects.filter(level__in=public.LEVELS).order_by(
                "-effective_date", "-id"
            )
            if ev.property_id in visible
        ][:limit]
        assert [ev.pk for ev in public.changes(user, limit)] == expected


def _plan(qs) -> str:
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        else:  # the demo is small: ask which index the planner can use, not whether it would
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN " + sql, params)
        return " ".join(str(row[-1]) for row in cur.fetchall())


def test_protection_on_a_date_starts_from_the_events_of_the_level(registry):
    bulk.refresh_statistics(CulturalProperty, ProtectionEvent, rows_written=10**6)
    plan = _plan(search.with_protection_on(visible_to(None), "enhanced", ON))
    assert "registry_pe_level_date" in plan
    if connection.vendor == "sqlite":
        # the ids come once, as a list, from the level's events (each probed for a later
        # event of its property): no subquery per property, as before
        assert "LIST SUBQUERY" in plan


@pytest.mark.django_db(transaction=True)
def test_postgresql_is_analysed_after_a_large_load_only(states):
    """On PostgreSQL autovacuum follows small changes; a large load is analysed at once. On
    SQLite a (sampled) ANALYZE runs after every import."""
    _properties(states, 10)

    def analyses(rows_written: int) -> list[str]:
        with CaptureQueriesContext(connection) as seen:
            bulk.refresh_statistics(CulturalProperty, rows_written=rows_written)
        return [q["sql"] for q in seen.captured_queries if q["sql"].startswith("ANALYZE")]

    small = analyses(5)
    large = analyses(bulk.STATISTICS_AFTER + 1)
    assert any(TABLE in sql for sql in large)
    if connection.vendor == "sqlite":
        assert any(TABLE in sql for sql in small)
    else:
        assert small == []


TABLE = CulturalProperty._meta.db_table


@pytest.mark.django_db(transaction=True)
def test_statistics_after_a_load_lead_the_planner_to_the_right_index(states):
    if connection.vendor != "sqlite":
        # PostgreSQL reads a sample of rows, not of index entries: a whole ANALYZE, then
        # the bbox is read through its index, never through deleted_at
        _properties(states, 3 * bulk.SAMPLE)
        bulk.refresh_statistics(CulturalProperty, rows_written=bulk.STATISTICS_AFTER + 1)
        box = bbox_filter(None, visible_to(None), parse_bbox("44,39,44.5,39.5"))
        plan = _plan(box)
        assert "registry_cu_lat" in plan
        assert "deleted" not in plan.split("Filter")[0]  # a filter on the rows found, no index
        return
    """A sampled ANALYZE read 1,000 entries of each index and told the planner that
    deleted_at IS NULL matches 1,000 records of any number: then it preferred that index to
    the bbox's. Now deleted_at is indexed where set only, indexes of few values are read
    whole after a load, and one still all NULL (part_of) keeps the sample, so that a
    property's parts are still looked up through it."""
    _properties(states, 3 * bulk.SAMPLE)

    def confidentiality() -> list[str]:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT stat FROM sqlite_stat1 "
                "WHERE idx LIKE 'registry_culturalproperty_confidentiality%'"
            )
            return cur.fetchone()[0].split()[:2]

    bulk.refresh_statistics(CulturalProperty, rows_written=bulk.STATISTICS_AFTER + 1)
    assert confidentiality() == [str(3 * bulk.SAMPLE), str(bulk.SAMPLE)]  # three values
    box = bbox_filter(None, visible_to(None), parse_bbox("44,39,44.5,39.5"))
    parts = visible_to(None, CulturalProperty.objects.filter(part_of_id="0" * 32))
    for _load in (bulk.STATISTICS_AFTER + 1, 5):  # a large load, then a small one
        bulk.refresh_statistics(CulturalProperty, rows_written=_load)
        assert confidentiality() == [str(3 * bulk.SAMPLE), str(bulk.SAMPLE)]
        assert "deleted" not in _plan(box) and "registry_cu_lat" in _plan(box)
        assert "part_of" in _plan(parts)


@pytest.mark.parametrize("box", ["20,35,50,60", "30,40,40,50", "44,39,46,41", "170,35,-170,60"])
@pytest.mark.parametrize("page", [0, 1, 3])
def test_a_bbox_page_is_the_same_whichever_way_it_is_read(registry, users, box, page, monkeypatch):
    for user in (None, users["admin"], users["officer_aze"]):
        criteria = search.Criteria(bbox=parse_bbox(box))
        plain = bbox_filter(user, visible_to(user), criteria.bbox).order_by("code")
        expected = [p.code for p in plain[page * 7 : page * 7 + 7]]
        for budget in (0, 10**9):  # never walk in code order; always
            monkeypatch.setattr(search, "WALK_BUDGET", budget)
            found = search.search(user, criteria, page * 7, 7)
            assert found.total == plain.count()
            assert [p.code for p in found.results] == expected


def test_large_counts_are_kept_until_the_registry_changes(registry, users, client, monkeypatch):
    """Kept per version of the registry (its latest audit entry): a change through an audited
    door makes the home page count again."""
    monkeypatch.setattr(aggregates, "KEEP_FROM", 1)
    admin = users["admin"]
    services.create_property(admin, record("t:first"))
    expected = visible_to(None).count()
    states = visible_to(None).values("inventory_state").distinct().count()
    page = client.get("/")
    assert page.context["count"] == expected and page.context["state_count"] == states
    with CaptureQueriesContext(connection) as kept:
        assert client.get("/").context["count"] == expected
    assert not any(
        "COUNT(*)" in q["sql"]
        and "registry_culturalproperty" in q["sql"]
        and "parties_state" not in q["sql"]
        for q in kept.captured_queries
    )
    services.create_property(admin, record("t:second", "MLI"))
    page = client.get("/")
    assert page.context["count"] == expected + 1
    assert (
        page.context["state_count"] == visible_to(None).values("inventory_state").distinct().count()
    )


def test_map_clusters_are_kept_until_the_registry_changes(registry, users, monkeypatch):
    monkeypatch.setattr(aggregates, "KEEP_FROM", 1)
    monkeypatch.setattr(maplayer, "POINTS_MAX", 5)
    admin = users["admin"]
    services.create_property(admin, record("t:first"))
    first = maplayer.map_layer(None, visible_to(None), "en", zoom=2)
    assert first["total"] == visible_to(None).filter(lat__isnull=False).count()
    with CaptureQueriesContext(connection) as kept:
        assert maplayer.map_layer(None, visible_to(None), "en", zoom=2) == first
    assert len(kept.captured_queries) == 1  # the registry's version only
    # another reader sees other records: not the public's answer
    everyone = maplayer.map_layer(admin, visible_to(admin), "en", zoom=2)
    assert everyone["total"] == visible_to(admin).filter(lat__isnull=False).count()
    services.create_property(admin, record("t:second"))
    assert maplayer.map_layer(None, visible_to(None), "en", zoom=2)["total"] == first["total"] + 1
