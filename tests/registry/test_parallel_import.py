"""A large CSV import runs on worker processes (registry.bigimport); it must mean exactly
what the one-process import means, on SQLite and on PostgreSQL. The thresholds are set
low here so that a few hundred rows take the parallel way."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import history, provenance, services
from shield.registry.models import (
    CulturalProperty,
    JurisdictionClaim,
    NameKey,
    PropertyName,
    ProtectionEvent,
)
from shield.registry.records import comparable, to_record
from shield.registry.transfer import ImportFailed, import_bytes, import_rows, read_rows

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = [
    "external_id",
    "category",
    "state",
    "name:en",
    "name:hy",
    "name:ru:variant",
    "lat",
    "lon",
    "claims",
    "protection",
    "measurements",
    "description",
]
ROWS = 430  # several batches of 50, the last one short


@pytest.fixture(autouse=True)
def small_batches(settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 200
    settings.SHIELD_IMPORT_BATCH = 50


def sample_csv(prefix: str, n: int = ROWS, bad: dict[int, tuple[int, str]] | None = None) -> bytes:
    """``bad`` maps a record's index to (column index, replacement cell). Each record
    takes two lines (its description has a line break): record i starts on line 2 + 2i."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(n):
        state = ["ARM", "AZE", "GEO"][i % 3]
        claims = (
            json.dumps(
                [
                    {"state": "AZE", "role": "control", "valid_from": "1994-05-12"},
                    {"state": "ARM", "role": "claimant"},
                ]
            )
            if i % 7 == 0
            else ""
        )
        protection = (
            json.dumps(
                [
                    {
                        "level": "special",
                        "action": "granted",
                        "effective_date": "2004-03-09",
                        "basis": "Convention Art. 8",
                    }
                ]
            )
            if i % 5 == 0
            else ""
        )
        measurements = (
            json.dumps([{"dimension": "height", "value": 12.5, "unit": "m"}]) if i % 11 == 0 else ""
        )
        row = [
            f"{prefix}:{i}",
            "monument",
            state,
            f"Gandzasar {i}",
            "Գանձասար",
            "Гандзасар",
            f"{40 + i / 1000:.5f}",
            "46.5",
            claims,
            protection,
            measurements,
            f"Entry «{i}», line two\nof it",
        ]
        if bad and i in bad:
            column, cell = bad[i]
            row[column] = cell
        writer.writerow(row)
    return out.getvalue().encode()


def keys_of(prop) -> set[str]:
    return set(NameKey.objects.filter(property=prop).values_list("key", flat=True))


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count()
        for m in (
            CulturalProperty,
            PropertyName,
            NameKey,
            JurisdictionClaim,
            ProtectionEvent,
            AuditEntry,
        )
    )


def index_names() -> set[str]:
    with connection.cursor() as cur:
        return {
            name
            for table in connection.introspection.table_names(cur)
            for name in connection.introspection.get_constraints(cur, table)
        }


def test_parallel_import_builds_what_the_one_process_import_builds(users, api):
    admin = users["admin"]
    result = import_bytes(admin, sample_csv("par"), "par.csv")
    assert (result.created, result.updated, result.unchanged) == (ROWS, 0, 0)
    assert result.workers >= 1
    plain = import_rows(admin, read_rows(sample_csv("one"), "one.csv"), "one.csv", "x" * 64)
    assert plain.created == ROWS and plain.workers == 0
    for i in (0, 1, 7, 35, 49, 50, 211, ROWS - 1):
        par = CulturalProperty.objects.get(external_id=f"par:{i}")
        one = CulturalProperty.objects.get(external_id=f"one:{i}")
        a, b = comparable(to_record(par)), comparable(to_record(one))
        for changing in ("id", "code", "external_id"):
            a.pop(changing, None), b.pop(changing, None)
        assert a == b, i
        assert keys_of(par) == keys_of(one) and keys_of(par)
        assert (par.coarse_lat, par.coarse_lon) == (one.coarse_lat, one.coarse_lon)
    assert verify_chain()[0] is None
    wanted = set(
        CulturalProperty.objects.filter(external_id__in=["par:211", "one:211"]).values_list(
            "code", flat=True
        )
    )
    for query in ("Gandzasar 211", "Գանձասար 211", "Gəncəsər 211"):
        found = {r["code"] for r in api().get("/api/properties", q=query).json()["results"]}
        assert wanted <= found and len(wanted) == 2, query


def test_codes_follow_the_file_order_per_state_after_the_highest_code(users):
    services.create_property(
        users["admin"],
        {
            "category": "monument",
            "state": "AZE",
            "names": [{"text": "Shusha", "lang": "en"}],
            "lat": 39.76,
            "lon": 46.75,
        },
    )
    CulturalProperty.objects.filter(inventory_state__code="AZE").update(code="AZE-99999")
    import_bytes(users["admin"], sample_csv("c"), "c.csv")
    arm = [CulturalProperty.objects.get(external_id=f"c:{i}").code for i in range(0, ROWS, 3)]
    assert arm == [f"ARM-{n:05d}" for n in range(1, len(arm) + 1)]
    aze = [CulturalProperty.objects.get(external_id=f"c:{i}").code for i in range(1, ROWS, 3)]
    assert aze[0] == "AZE-100000" and aze[-1] == f"AZE-{99999 + len(aze)}"
    assert (
        services.next_code("AZE") == f"AZE-{100000 + len(aze)}"
    )  # ARM-100000 sorts before ARM-99999 as text


def test_audit_has_one_entry_for_the_import_which_every_record_it_created_names(users):
    before = AuditEntry.objects.count()
    result = import_bytes(
        users["officer_arm"],
        sample_csv("a", bad=None).replace(b",AZE,", b",ARM,").replace(b",GEO,", b",ARM,"),
        "a.csv",
    )
    [entry] = AuditEntry.objects.order_by("seq")[before:]
    assert result.audit_entry == entry.seq and result.workers >= 1
    assert entry.action == "import" and entry.changes["created"] == ROWS
    assert entry.actor_label == "officer-arm" and entry.summary == "import of a.csv"
    assert provenance.records_of(entry.seq).count() == ROWS
    lines = [
        provenance.line(pid.hex, code)
        for pid, code in CulturalProperty.objects.values_list("id", "code")
    ]
    assert entry.changes["created_records"] == {"count": ROWS, "sha256": provenance.digest(lines)}
    assert verify_chain()[0] is None and provenance.first_mismatch() is None
    prop = CulturalProperty.objects.get(external_id="a:7")
    assert [e.seq for e in history.entries_for(prop)] == [entry.seq]


def test_bad_rows_anywhere_write_nothing_and_are_all_named(users):
    import_bytes(users["admin"], sample_csv("keep", n=3), "keep.csv")
    before, indexes = counts(), index_names()
    content = sample_csv("bad", bad={1: (1, "castle"), 377: (6, "north"), 400: (0, "bad:5")})
    with pytest.raises(ImportFailed) as failed:
        import_bytes(users["admin"], content, "bad.csv")
    text = str(failed.value)
    assert "line 4: category: 'castle' is not one of" in text
    assert "line 756: lat: 'north' is not a number" in text
    assert "line 802: external_id: 'bad:5' is repeated (first at line 12)" in text
    assert len(failed.value.errors) == 3
    assert counts() == before and index_names() == indexes
    assert verify_chain()[0] is None


def test_a_nul_character_a_json_cell_brings_is_named_by_row_and_field(users):
    """The workers skip the search for NUL characters when the file holds none; a JSON cell's
    ``\\u0000`` (no NUL in the file's text) is still found, and named."""
    event = {"level": "special", "action": "granted", "effective_date": "2004-03-09"}
    cell = json.dumps([{**event, "basis": "Convention Art. 8", "note": "a\x00b"}])
    assert "\x00" not in cell and "\\u0000" in cell
    with pytest.raises(ImportFailed) as failed:
        import_bytes(users["admin"], sample_csv("nul", bad={300: (9, cell)}), "nul.csv")
    [error] = failed.value.errors
    assert (error.where, error.field) == ("line 602", "protection[0].note")
    assert "NUL character" in error.message
    assert CulturalProperty.objects.count() == 0


def test_rows_of_another_state_are_refused_for_a_party_officer(users):
    with pytest.raises(ImportFailed) as failed:
        import_bytes(users["officer_arm"], sample_csv("o"), "o.csv")
    refused = [e for e in failed.value.errors if e.field == "state"]
    assert len(refused) == ROWS - len(range(0, ROWS, 3))
    assert (
        refused[0].where == "line 4"
        and "you may not write to the inventory of AZE" in refused[0].message
    )
    assert CulturalProperty.objects.count() == 0


def test_dry_run_checks_every_row_and_writes_nothing(users):
    result = import_bytes(users["admin"], sample_csv("d"), "d.csv", dry_run=True)
    assert result.created == ROWS and result.workers >= 1
    assert counts() == (0, 0, 0, 0, 0, 0)
    with pytest.raises(ImportFailed):
        import_bytes(users["admin"], sample_csv("d", bad={300: (1, "")}), "d.csv", dry_run=True)


def test_reimport_takes_the_comparing_way_and_changes_nothing(users):
    content = sample_csv("r")
    import_bytes(users["admin"], content, "r.csv")
    before = counts()
    again = import_bytes(users["admin"], content, "r.csv")
    assert (again.created, again.updated, again.unchanged, again.workers) == (0, 0, ROWS, 0)
    assert counts() == before


def test_a_file_touching_one_known_record_takes_the_comparing_way_however_the_sizes_compare(users):
    import_bytes(
        users["admin"], sample_csv("s", n=5), "small.csv"
    )  # the registry holds fewer than the file
    mixed = import_bytes(users["admin"], sample_csv("s"), "s.csv")
    assert (mixed.created, mixed.unchanged, mixed.workers) == (ROWS - 5, 5, 0)
    import_bytes(users["admin"], sample_csv("t"), "t.csv")  # now it holds more than the next file
    small = import_bytes(
        users["admin"], sample_csv("u", n=300).replace(b"u:2,", b"s:2,"), "u.csv"
    )  # both GEO
    assert (small.created, small.unchanged, small.workers) == (299, 1, 0)  # s:2 as it was


def test_the_progress_bar_counts_every_row(users):
    seen: list[int] = []
    phases: list[tuple[str, int]] = []
    import_bytes(
        users["admin"],
        sample_csv("p"),
        "p.csv",
        progress=seen.append,
        phase=lambda n, t: phases.append((n, t)),
    )
    assert sum(seen) >= ROWS and phases[-1][1] == ROWS


def test_the_planner_learns_the_new_sizes_after_an_import(users, settings):
    """Without statistics SQLite read a million rows through the deleted_at index to fetch
    300 search candidates by id; an import leaves statistics behind (see bulk.refresh_statistics)."""
    settings.SHIELD_IMPORT_PARALLEL_FROM = 10**9  # both ways of importing leave them
    table = CulturalProperty._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
            if cur.fetchone()[0]:  # left by an earlier test: forget them first
                cur.execute("DELETE FROM sqlite_stat1")
                cur.execute(
                    "ANALYZE sqlite_schema"
                )  # the planner reloads the (now empty) statistics
            import_bytes(users["admin"], sample_csv("s", n=30), "s.csv")
            cur.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
            assert cur.fetchone()[0] >= 1
            cur.execute(
                "EXPLAIN QUERY PLAN SELECT id FROM registry_culturalproperty "
                "WHERE deleted_at IS NULL AND id IN ('a', 'b')"
            )
            assert "deleted_at" not in " ".join(str(r) for r in cur.fetchall())
        else:
            from shield.registry import bulk

            bulk.refresh_statistics(CulturalProperty, rows_written=bulk.STATISTICS_AFTER + 1)
            cur.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = %s", [table])
            assert cur.fetchone()[0] is not None
