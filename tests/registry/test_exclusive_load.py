"""The one-transaction load (``bigimport.exclusive``) drops the tables' indexes for the load and
builds them again (``bulk.deferred_indexes``): on SQLite all of them, on PostgreSQL those that
are neither unique nor a constraint's, with the foreign keys between the loaded tables. What it
writes, what it refuses and the schema it leaves must be what they were without that."""

from __future__ import annotations

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import bulk, mapcells, provenance
from shield.registry.bigimport import exclusive
from shield.registry.mapcells import MapCell
from shield.registry.models import CulturalProperty, NameKey, PropertyName
from shield.registry.records import comparable, to_record
from shield.registry.transfer import BULK_TABLES, ImportFailed, import_bytes, import_rows, read_rows

from .test_parallel_import import ROWS, counts, keys_of, sample_csv

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.database("postgresql")  # PostgreSQL's own way of deferring


@pytest.fixture(autouse=True)
def small_batches(settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 200
    settings.SHIELD_IMPORT_BATCH = 50


def schema() -> set[tuple[str, str]]:
    """Every index and constraint of the loaded tables, by name with its definition."""
    tables = [m._meta.db_table for m in (*BULK_TABLES, AuditEntry)]
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cur.execute(
                f"SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({marks})",
                tables,
            )
            return set(cur.fetchall())
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid IN (SELECT to_regclass(t) FROM unnest(%s::text[]) t)",
            [tables, tables],
        )
        return set(cur.fetchall())


def triggers() -> set[tuple]:
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        else:
            cur.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal")
        return set(cur.fetchall())


def cells() -> list[tuple]:
    """The map's cells; sums to 1e-6 (records added in another order sum to the last bit
    otherwise: the load's workers count their batches, the rebuild the whole table)."""
    rows = MapCell.objects.values_list(*mapcells.KEY.split(", "), "count", "sum_lat")
    return sorted((*key, round(total, 6)) for *key, total in rows)


def test_an_exclusive_load_writes_what_the_one_process_import_writes(users, monkeypatch):
    admin = users["admin"]
    before, follow = schema(), triggers()
    dropped = []
    if connection.vendor == "postgresql":
        drop = bulk._drop
        monkeypatch.setattr(
            bulk, "_drop", lambda cur, tables: dropped.append(drop(cur, tables)) or dropped[-1]
        )
    with exclusive():
        result = import_bytes(admin, sample_csv("ex"), "ex.csv")
    assert result.created == ROWS and result.workers >= 1
    assert schema() == before and triggers() == follow
    counted = cells()  # counted by the workers, added at the end, without the per-record trigger
    assert sum(c[-2] for c in counted) == 3 * ROWS  # three levels, no confidential records
    mapcells.rebuild()
    assert cells() == counted
    if connection.vendor == "postgresql":  # the indexes did go, and came back
        [deferred] = dropped
        assert len(deferred.indexes) >= 10 and len(deferred.foreign_keys) >= 5
    plain = import_rows(admin, read_rows(sample_csv("one"), "one.csv"), "one.csv", "x" * 64)
    assert plain.created == ROWS
    assert sum(c[-2] for c in cells()) == 6 * ROWS  # the trigger counted the plain import's
    for i in (0, 1, 7, 11, 35, 50, 211, ROWS - 1):
        ex = CulturalProperty.objects.get(external_id=f"ex:{i}")
        one = CulturalProperty.objects.get(external_id=f"one:{i}")
        a, b = comparable(to_record(ex)), comparable(to_record(one))
        for changing in ("id", "code", "external_id"):
            a.pop(changing, None), b.pop(changing, None)
        assert a == b, i
        assert keys_of(ex) == keys_of(one) and keys_of(ex)
    assert verify_chain()[0] is None and provenance.first_mismatch() is None


def test_a_failed_exclusive_load_leaves_the_schema_and_the_rows_as_they_were(users):
    with exclusive():
        import_bytes(users["admin"], sample_csv("keep", n=3), "keep.csv")
        before_rows, before, follow, counted = counts(), schema(), triggers(), cells()
        with pytest.raises(ImportFailed) as failed:
            import_bytes(users["admin"], sample_csv("bad", bad={377: (6, "north")}), "bad.csv")
    assert [str(e) for e in failed.value.errors] == ["line 756: lat: 'north' is not a number"]
    assert counts() == before_rows and schema() == before
    assert triggers() == follow and cells() == counted
    assert verify_chain()[0] is None


@postgres_only
def test_a_foreign_key_between_the_loaded_tables_is_still_checked(users):
    """The key of a name to its record is checked when the constraint comes back: a row
    pointing nowhere fails the load, and the rollback brings every index back."""
    import uuid

    before = schema()
    with pytest.raises(IntegrityError), transaction.atomic():
        with bulk.deferred_indexes(*BULK_TABLES, rows=10):
            assert schema() != before  # dropped for the load
            bulk.insert(NameKey, ["property_id", "key"], [(uuid.uuid4(), "w:nowhere")])
    assert schema() == before and not NameKey.objects.exists()


@postgres_only
def test_indexes_stay_for_a_load_smaller_than_the_table_or_of_untold_size(users):
    import_bytes(users["admin"], sample_csv("big", n=20), "big.csv")
    before = schema()
    with transaction.atomic():
        with bulk.deferred_indexes(CulturalProperty, PropertyName, rows=5):
            assert schema() == before  # 20 records already there: a rebuild reads them all
        with bulk.deferred_indexes(CulturalProperty, PropertyName):
            assert schema() == before
        with bulk.deferred_indexes(CulturalProperty, PropertyName, rows=20):
            assert schema() != before
    assert schema() == before


@postgres_only
def test_a_table_held_by_a_long_read_keeps_its_indexes(users, monkeypatch):
    """Rather than queue every later reader behind it, a load that cannot have its tables at
    once keeps their indexes and goes on."""
    monkeypatch.setattr(bulk, "LOCK_WAIT", "50ms")
    before = schema()
    given = connection.settings_dict
    keys = {
        "dbname": "NAME",
        "user": "USER",
        "password": "PASSWORD",
        "host": "HOST",
        "port": "PORT",
    }
    with psycopg.connect(**{k: given[v] for k, v in keys.items() if given.get(v)}) as reader:
        reader.execute("SELECT count(*) FROM registry_propertyname")  # holds it until it ends
        with exclusive():
            result = import_bytes(users["admin"], sample_csv("held"), "held.csv")
        reader.rollback()
    assert result.created == ROWS and schema() == before
    assert PropertyName.objects.count() == 3 * ROWS


@postgres_only
def test_rows_packed_for_other_column_types_are_refused(users):
    packed = bulk.pack(["property_id", "key"], [], NameKey)
    assert isinstance(packed, bulk.CopyData)
    wrong = bulk.CopyData((23, 25), b"PGCOPY")
    with pytest.raises(ValueError, match="disagree"):
        bulk.insert_packed(NameKey, ["property_id", "key"], wrong)
