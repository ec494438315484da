"""Fast bulk inserts for large imports: executemany on the model's own table and columns.

Django's bulk_create builds a model instance per row; at a million rows that dominates.
Here rows are tuples already in database form, converted once per value by the helpers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from math import floor
from operator import itemgetter
from typing import Any

import orjson
from django.db import connection
from psycopg import postgres, pq
from psycopg.adapt import AdaptersMap, Dumper, Transformer

_BinaryFormatter: Any
try:  # psycopg's own formatter of binary COPY rows (in C); not public, hence the fallback
    from psycopg._copy_base import BinaryFormatter as _BinaryFormatter
except ImportError:  # pragma: no cover - another psycopg: rows go as tuples (pack)
    _BinaryFormatter = None


def _quoted(model, columns: Sequence[str]) -> tuple[str, str]:
    """The model's table and these columns, quoted for SQL."""
    return connection.ops.quote_name(model._meta.db_table), ", ".join(
        connection.ops.quote_name(c) for c in columns
    )


def insert(model, columns: Sequence[str], rows: Iterable[Sequence], chunk: int = 5000) -> int:
    table, cols = _quoted(model, columns)
    if connection.vendor == "postgresql":
        return _copy(table, cols, rows)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    count = 0
    batch: list[Sequence] = []
    with connection.cursor() as cur:
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                cur.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(table: str, cols: str, rows: Iterable[Sequence]) -> int:
    """PostgreSQL's COPY: one stream instead of a statement per row (dozens of times faster),
    in its binary form with the columns' types set beforehand: psycopg then dumps each value
    straight into the type of its column (a quarter of the client's time for text, which it
    would also have to escape) and the server parses no text. A JSON column takes the JSON
    text the rows hold (``DbForm.json``), as it is."""
    count = 0
    with connection.cursor() as cur:
        raw = cur.cursor
        types = _table_types(raw, table, cols)
        raw.adapters.register_dumper(None, _JsonTextBinaryDumper)  # this cursor only
        raw.adapters.register_dumper(None, _JsonbTextBinaryDumper)
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _table_types(raw_cursor, table: str, cols: str) -> list[int]:
    """The type (OID) of each of these columns of ``table``, as the database has them."""
    raw_cursor.execute(f"SELECT {cols} FROM {table} LIMIT 0")
    return [column.type_code for column in raw_cursor.description]


class _JsonTextBinaryDumper(Dumper):
    """A ``json`` value in binary COPY from the JSON text a row holds (psycopg's own dumper
    would take that text for a JSON string and quote it); anything else is dumped as JSON."""

    format = pq.Format.BINARY
    oid = postgres.types["json"].oid

    def dump(self, obj) -> bytes:
        return (obj if isinstance(obj, str) else json_text(obj)).encode()


class _JsonbTextBinaryDumper(_JsonTextBinaryDumper):
    oid = postgres.types["jsonb"].oid

    def dump(self, obj) -> bytes:
        return b"\x01" + super().dump(obj)  # jsonb's binary form: version 1, then the text


_COPY_ADAPTERS = AdaptersMap(postgres.adapters)  # psycopg's, with JSON taken as text
_COPY_ADAPTERS.register_dumper(None, _JsonTextBinaryDumper)
_COPY_ADAPTERS.register_dumper(None, _JsonbTextBinaryDumper)


@dataclass(frozen=True)
class CopyData:
    """Rows as one whole ``COPY ... FROM STDIN (FORMAT BINARY)`` stream, made where they
    were built (a worker process) without a connection, and the column types (OIDs) it was
    made for. The process that writes them sends the bytes as they are: it neither unpickles
    a million tuples nor dumps their values again."""

    types: tuple[int, ...]
    data: bytes


def _copy_data(model, columns: Sequence[str], rows: list[Sequence]) -> CopyData | None:
    """``rows`` of ``model`` as a binary COPY stream (None where that cannot be made here:
    a column of a type not named below, or a psycopg without its copy formatter)."""
    types = _model_types(model, tuple(columns))
    if types is None or _BinaryFormatter is None:
        return None
    transformer = Transformer(_COPY_ADAPTERS)
    transformer.set_dumper_types(list(types), pq.Format.BINARY)
    formatter = _BinaryFormatter(transformer)
    out = bytearray()
    for row in rows:
        out += formatter.write_row(row)
    out += formatter.end()
    return CopyData(types, bytes(out))


@lru_cache(maxsize=64)
def _model_types(model, columns: tuple[str, ...]) -> tuple[int, ...] | None:
    """The OIDs of these columns of ``model`` from its fields' database types (Django's
    names, no query: a worker process has no connection of its own). ``insert_packed``
    checks them against the table before it sends a byte."""
    fields = {f.column: f for f in model._meta.concrete_fields}
    oids = []
    for column in columns:
        field = fields.get(column)
        if field is None:
            return None
        name = (field.db_type(connection) or "").split("(")[0].strip()
        info = postgres.types.get(name)
        if info is None:
            return None
        oids.append(info.oid)
    return tuple(oids)


def _copy_binary(table: str, cols: str, packed: CopyData) -> None:
    if not packed.data:
        return
    with connection.cursor() as cur:
        raw = cur.cursor
        types = tuple(_table_types(raw, table, cols))
        if types != packed.types:
            raise ValueError(
                f"rows packed for column types {packed.types}, but {table} has {types}: "
                "its model and its table disagree (a migration not applied?)"
            )
        with raw.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(packed.data)


def pack(columns: Sequence[str], rows: list[Sequence], model=None) -> Packed:
    """Rows ready to send to the process that writes them (see ``insert_packed``). On SQLite,
    rows of at most ``JSON_MAX_COLUMNS`` columns go as one JSON array, which SQLite unpacks
    itself faster than Python binds row by row (it would parse a wide row's JSON once per
    column); wider rows are split into the columns whose values vary and those that hold one
    value throughout (``Split``). On PostgreSQL, given the rows' ``model``, they go as the
    bytes of a binary COPY (``CopyData``): made here, in C, and sent by the writer as they
    are, they cost a tenth of what pickling the tuples there and back cost. Otherwise the
    rows go as they are."""
    if connection.vendor == "postgresql" and model is not None:
        return _copy_data(model, columns, rows) or rows
    if connection.vendor != "sqlite":
        return rows
    if len(columns) <= JSON_MAX_COLUMNS:
        return _COMPACT.encode(rows)
    return Split.of(rows)


@dataclass(frozen=True)
class Split:
    """Wide rows as their varying columns, and the one value of every other column. SQLite
    gets those values as literals in the statement, so it binds only what varies: in an
    import most of a record's thirty columns hold one value throughout (the empty
    Object-ID fields of immovable property, the time, the import)."""

    varying: tuple[int, ...]  # the columns sent row by row, in ``rows``
    constant: tuple[tuple[int, str], ...]  # (column, its SQL literal)
    rows: list[tuple]

    @classmethod
    def of(cls, rows: list[Sequence]) -> Split:
        varying, constant = [], []
        for i, column in enumerate(zip(*rows)):
            first = column[0]
            literal = sql_literal(first)
            if (
                literal is not None
                and column.count(first) == len(column)
                and len(set(map(type, column))) == 1
            ):
                constant.append((i, literal))
            else:
                varying.append(i)
        if len(varying) == 1:
            at = varying[0]
            return cls(tuple(varying), tuple(constant), [(row[at],) for row in rows])
        pick = itemgetter(*varying) if varying else (lambda _row: ())
        return cls(tuple(varying), tuple(constant), [pick(row) for row in rows])


def sql_literal(value) -> str | None:
    """``value`` as an SQLite literal, for the kinds it writes exactly (None: not one of them).
    Floats are left out: SQLite's reading of a decimal is not guaranteed to be Python's."""
    if value is None:
        return "NULL"
    if type(value) is bool:  # SQLite keeps booleans as 0 and 1
        return "1" if value else "0"
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


Packed = list[Sequence] | str | Split | CopyData

# Encoders made once: json.dumps with options builds a new encoder at every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_PLAIN = json.JSONEncoder(ensure_ascii=False)
_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS


def json_text(value: Any) -> str:
    """``value`` as JSON text for a raw insert: by orjson (several times faster), or by the
    standard library where orjson refuses (an integer past 64 bits)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return _PLAIN.encode(value)


JSON_MAX_COLUMNS = 7  # measured: names (6 columns) go faster as JSON, properties (30) slower


def insert_packed(model, columns: Sequence[str], packed: Packed) -> None:
    if isinstance(packed, CopyData):
        _copy_binary(*_quoted(model, columns), packed)
        return
    if isinstance(packed, Split):
        _insert_split(model, columns, packed)
        return
    if not isinstance(packed, str):
        insert(model, columns, packed)
        return
    table, cols = _quoted(model, columns)
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO {table} ({cols}) SELECT {picks} FROM json_each(%s)", [packed])


def _insert_split(model, columns: Sequence[str], split: Split) -> None:
    if not split.rows:
        return
    order = [columns[i] for i in split.varying] + [columns[i] for i, _literal in split.constant]
    table, cols = _quoted(model, order)
    values = ", ".join(
        ["%s"] * len(split.varying) + [literal.replace("%", "%%") for _i, literal in split.constant]
    )
    with connection.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} ({cols}) VALUES ({values})", split.rows)


def refresh_statistics(*models, rows_written: int) -> None:
    """Tell the query planner how the tables look after a load.

    Without statistics SQLite takes every index for a selective one: at a million records
    it read the whole table through the index on ``deleted_at`` (one value) to fetch 300
    search candidates by id (650 ms; 90 ms with statistics). On SQLite a sampled ANALYZE
    costs milliseconds, so it runs after every import; PostgreSQL's autovacuum keeps up
    with small changes, so there it runs after loads of more than ``STATISTICS_AFTER`` rows.

    A sample reads an index's first ``SAMPLE`` entries only: in an index of few distinct
    values (``deleted_at``, all NULL; a category; confidentiality) it sees one value and
    tells the planner that ``deleted_at IS NULL`` matches a thousand rows of a million, and
    the planner then prefers that index to the bbox's. Those indexes (``_vague``) are read
    whole after a large load (about a second at a million records); after a small one they
    keep the statistics of the last whole reading, which such a load hardly changes. An index
    of a column still NULL throughout says that a value matches one row (``_all_null``); the
    index on ``deleted_at`` holds deleted records only, so no statistic of it speaks of
    ``deleted_at IS NULL``.
    """
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cur:
        if connection.vendor != "sqlite":
            if rows_written <= STATISTICS_AFTER:
                return
            for table in tables:
                cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            return
        before = _index_statistics(cur, tables)
        cur.execute(f"PRAGMA analysis_limit = {SAMPLE}")
        for table in tables:
            cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        vague = [idx for idx, stat in _index_statistics(cur, tables).items() if _vague(stat)]
        keep = {
            idx: before[idx]
            for idx in vague
            if rows_written <= STATISTICS_AFTER and idx in before and not _vague(before[idx])
        }
        for idx, stat in keep.items():
            cur.execute("UPDATE sqlite_stat1 SET stat = %s WHERE idx = %s", [stat, idx])
        cur.execute("PRAGMA analysis_limit = 0")
        for idx in vague:
            if idx not in keep:
                cur.execute(f"ANALYZE {connection.ops.quote_name(idx)}")
        for idx, stat in _index_statistics(cur, tables).items():
            if idx in vague and idx not in keep and _all_null(cur, idx):
                keep[idx] = " ".join([stat.split()[0], "1", *stat.split()[2:]])
                cur.execute("UPDATE sqlite_stat1 SET stat = %s WHERE idx = %s", [keep[idx], idx])
        if keep:
            cur.execute("ANALYZE sqlite_schema")  # the planner reloads the statistics


SAMPLE = 1000  # index entries a sampled ANALYZE reads (SQLite's analysis_limit)


def _index_statistics(cur, tables: list[str]) -> dict[str, str]:
    """sqlite_stat1's row of each index of these tables: "rows, then rows per distinct key
    prefix" (with flags after)."""
    cur.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
    if not cur.fetchone()[0]:
        return {}
    marks = ", ".join(["%s"] * len(tables))
    cur.execute(
        f"SELECT idx, stat FROM sqlite_stat1 WHERE idx IS NOT NULL AND tbl IN ({marks})", tables
    )
    return dict(cur.fetchall())


def _vague(stat: str) -> bool:
    """Whether a sample may have misread this index: its first column takes at most ten
    distinct values in ``SAMPLE`` entries (a whole reading of a large table is never vague:
    its rows per value are its own)."""
    numbers = [int(t) for t in stat.split() if t.isdigit()]
    return len(numbers) >= 2 and SAMPLE // 10 <= numbers[1] <= SAMPLE + 1 < numbers[0]


def _all_null(cur, index: str) -> bool:
    """Whether the first column of ``index`` is NULL in every row (``part_of`` where no record
    is part of another). A whole reading then finds one value throughout, and SQLite would
    take ``part_of_id = ?`` to match every record and read the whole table for a property's
    parts; such a lookup matches none, and its statistic says so (one row per value)."""
    cur.execute(f"PRAGMA index_info({connection.ops.quote_name(index)})")
    first = cur.fetchone()
    cur.fetchall()
    cur.execute("SELECT tbl_name FROM sqlite_schema WHERE name = %s", [index])
    table = cur.fetchone()[0]
    if first is None or first[2] is None:
        return False
    column = connection.ops.quote_name(first[2])
    cur.execute(
        f"SELECT NOT EXISTS (SELECT 1 FROM {connection.ops.quote_name(table)} "
        f"WHERE {column} IS NOT NULL)"
    )
    return bool(cur.fetchone()[0])


STATISTICS_AFTER = 10_000


def tune_for_bulk_load() -> None:
    """A large page cache for the import's connection: index inserts stay in memory.

    Affects SQLite only, and only this connection; durability is unchanged (WAL, the
    transaction commits as usual).
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute(
                "PRAGMA cache_size = -3000000"
            )  # about 3 GB: the indexes of a million records
            _set_temp_store(cur, "MEMORY")
            cur.execute("PRAGMA threads = 4")  # helper threads for the sorts of index builds


@contextmanager
def deferred_indexes(*models, rows: int | None = None, cells: dict | None = None):
    """Drop the indexes of these tables for a load and build them again at the end: one
    sorted build is far cheaper than a million random inserts. Call inside the import's
    transaction: the DDL of both databases is transactional, so a failure restores them.
    Primary keys and unique indexes stay throughout (a duplicate fails the row that brings
    it, as before).

    On SQLite, every index made by CREATE INDEX, unique ones included (a unique index that
    no longer holds fails to build, which fails the transaction).

    On PostgreSQL (``_postgres_deferred``), only when the load is told (``rows``, the records
    it brings) and only for the tables that hold no more rows than that before the load: a
    table's rebuild reads it whole, so a small load into a large table keeps its indexes
    (and a load in many small transactions never rebuilds the same indexes over and over).
    There, the foreign keys between these tables go too and come back at the end, checked
    in one pass each instead of one lookup per row at commit. Elsewhere: does nothing.

    The map's cell counts follow the load (``_cells_deferred``): counted again from every
    record at the end, or, given ``cells`` (filled by the time the load ends, see
    ``count_cells``), those of the load's records added to the counts there were.
    """
    if connection.vendor == "postgresql":
        with _postgres_deferred([m._meta.db_table for m in models], rows, cells):
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    tables = [m._meta.db_table for m in models]
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})",
            tables,
        )
        indexes = cur.fetchall()
        for name, _sql in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        restore = _cells_deferred(cur, tables)
    yield
    with connection.cursor() as cur, _sorting_in_chunks(cur):
        for _name, sql in indexes:
            cur.execute(sql)
        _cells_counted(cur, restore, cells)


@dataclass(frozen=True)
class Deferred:
    """What ``_postgres_deferred`` dropped, to make again: (name, CREATE INDEX statement) and
    (table as a quoted name, constraint name, its definition)."""

    indexes: list[tuple[str, str]]
    foreign_keys: list[tuple[str, str, str]]


@contextmanager
def _postgres_deferred(tables: list[str], rows: int | None, counts: dict | None = None):
    """PostgreSQL's part of ``deferred_indexes``.

    Dropped: the indexes that are neither unique nor a constraint's, and the foreign keys
    from one of these tables to another (a new name's key to its new record). Kept: primary
    keys, unique constraints and indexes, foreign keys to other tables (a State, a user:
    dropping them would lock those tables, which every page reads, until the commit).

    The price: until the commit, the load holds ACCESS EXCLUSIVE locks on the tables whose
    indexes it dropped, so their readers wait for it (the price SQLite's single writer pays
    anyway). The locks are first asked for with a short ``lock_timeout``: when a long read
    holds a table, the load keeps its indexes rather than making every later reader queue
    behind it. Outside a transaction nothing is dropped (a failure could not restore it).
    """
    if rows is None or not connection.in_atomic_block or not tables:
        yield
        return
    with connection.cursor() as cur:
        small = [t for t in tables if _estimated_rows(cur, t) <= rows]
        cells = None
        if small and _locked(cur, small):
            _check_deferred_constraints(cur)
            deferred = _drop(cur, small)
            cells = _cells_deferred(cur, small)
        else:
            deferred = Deferred([], [])
    yield
    if not deferred.indexes and not deferred.foreign_keys and not cells:
        return
    with connection.cursor() as cur, _memory_for_sorts(cur):
        _check_deferred_constraints(cur)
        for _name, sql in deferred.indexes:
            cur.execute(sql)
        _cells_counted(cur, cells, counts)
        for table, name, definition in deferred.foreign_keys:
            cur.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )


# The map's cell counts (registry.mapcells) follow every record written, by a row trigger:
# an insert costs six upserts, most of a load's time on PostgreSQL (100,000 records: 85 s of
# the server's time instead of 8). A load whose indexes are rebuilt goes without it and
# counts the cells again at the end, from the records, in one grouped read per level.
_CELL_TRIGGERS = {"sqlite": "registry_mapcell_ins", "postgresql": "registry_mapcell_follow"}


def _cells_deferred(cur, tables: list[str]) -> str | None:
    """Take the map cells' insert trigger off the records' table for the load (inside its
    transaction: a failure puts it back); returns what to put back (None: nothing taken)."""
    from . import mapcells

    if mapcells.SOURCE not in tables:
        return None
    name = _CELL_TRIGGERS.get(connection.vendor)
    if connection.vendor == "sqlite":
        cur.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s AND tbl_name = %s",
            [name, mapcells.SOURCE],
        )
        found = cur.fetchone()
        if found is None:
            return None
        cur.execute(f'DROP TRIGGER "{name}"')
        return found[0]
    cur.execute(
        "SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND tgname = %s "
        "AND tgenabled <> 'D'",
        [mapcells.SOURCE, name],
    )
    if cur.fetchone() is None:
        return None
    cur.execute(f"ALTER TABLE {mapcells.SOURCE} DISABLE TRIGGER {name}")
    return f"ALTER TABLE {mapcells.SOURCE} ENABLE TRIGGER {name}"


def _cells_counted(cur, restore: str | None, counts: dict | None = None) -> None:
    """Count the map's cells again from the records (``mapcells.rebuild``) and put the trigger
    back. The rebuild reads the whole table, as the indexes' rebuild does: a load defers its
    indexes only when it brings at least as many records as the table held (PostgreSQL), or is
    a big one (SQLite). Given ``counts`` (``count_cells`` of every record the load wrote, and
    of nothing else: the trigger was off for the load alone), they are added to the cells
    instead: the load's worker processes counted them, so that the end of a load (on one
    core) does not group a million records three times over (6 s at a million on SQLite)."""
    if restore is None:
        return
    from . import mapcells

    if counts is None:
        mapcells.rebuild()
    elif counts:
        _add_cells(cur, [(*key, n, lat, lon) for key, (n, lat, lon) in sorted(counts.items())])
    cur.execute(restore)


def _add_cells(cur, rows: list[tuple]) -> None:
    """Merge counted cells (rows of ``mapcells.COLUMNS``) into the map's cells: on SQLite
    statement by statement (executemany runs in C); on PostgreSQL, where each statement is a
    round trip, by COPY into a temporary table and one merging insert from it."""
    from . import mapcells

    merge = mapcells._merge()
    if connection.vendor != "postgresql":
        cur.executemany(
            f"INSERT INTO {mapcells.TABLE} ({mapcells.COLUMNS}) "
            f"VALUES ({', '.join(['%s'] * 9)}) {merge}",
            rows,
        )
        return
    cur.execute(
        f"CREATE TEMPORARY TABLE shield_counted_cells ON COMMIT DROP AS "
        f"SELECT {mapcells.COLUMNS} FROM {mapcells.TABLE} WHERE false"
    )
    with cur.cursor.copy(f"COPY shield_counted_cells ({mapcells.COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cur.execute(
        f"INSERT INTO {mapcells.TABLE} ({mapcells.COLUMNS}) "
        f"SELECT {mapcells.COLUMNS} FROM shield_counted_cells {merge}"
    )
    cur.execute("DROP TABLE shield_counted_cells")


def count_cells(points: Iterable[Sequence], counts: dict) -> None:
    """Add to ``counts`` the map's cells (``registry.mapcells``) of new records, as its insert
    trigger counts them: each record given as (lat, lon, coarse lat, coarse lon,
    confidentiality, inventory State's id), not deleted and not staged; a located one counts
    at its point on every level, and a confidential one also at its coarse point. ``counts``
    maps (level, coarse, cell row, cell column, confidentiality, State) to [records, sum of
    latitudes, sum of longitudes]; the cells as the trigger's ``floor(lat / size)``."""
    from . import mapcells

    sizes = [(level, mapcells.cell_size(level)) for level in mapcells.LEVELS]
    for lat, lon, clat, clon, confidentiality, state in points:
        if lat is None or lon is None:
            continue
        at = [(False, lat, lon)]
        if confidentiality != "public":
            at.append((True, clat, clon))
        for coarse, y, x in at:
            for level, size in sizes:
                key = (level, coarse, floor(y / size), floor(x / size), confidentiality, state)
                cell = counts.get(key)
                if cell is None:
                    counts[key] = [1, y, x]
                else:
                    cell[0] += 1
                    cell[1] += y
                    cell[2] += x


def merge_cells(counts: dict, more: dict) -> None:
    """Add the cell counts ``more`` (``count_cells``) to ``counts``."""
    for key, (n, lat, lon) in more.items():
        cell = counts.get(key)
        if cell is None:
            counts[key] = [n, lat, lon]
        else:
            cell[0] += n
            cell[1] += lat
            cell[2] += lon


def _check_deferred_constraints(cur) -> None:
    """Run the foreign-key checks the transaction has put off until its commit, now (as
    Django's ``check_constraints`` does): PostgreSQL alters no table that has such checks
    pending ("pending trigger events"). They are deferred again afterwards."""
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cur.execute("SET CONSTRAINTS ALL DEFERRED")


def _estimated_rows(cur, table: str) -> float:
    """The planner's idea of how many rows ``table`` holds (-1 before its first ANALYZE or
    VACUUM; then counted, which a table never analysed is small enough for)."""
    cur.execute("SELECT reltuples FROM pg_class WHERE oid = to_regclass(%s)", [_quoted_name(table)])
    found = cur.fetchone()
    if found is None:
        return float("inf")
    if found[0] >= 0:
        return found[0]
    cur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
    return cur.fetchone()[0]


def _quoted_name(table: str) -> str:
    return connection.ops.quote_name(table)


LOCK_WAIT = "2s"  # how long a load waits for its tables before it keeps their indexes


def _locked(cur, tables: list[str]) -> bool:
    """Take the ACCESS EXCLUSIVE locks that dropping an index takes anyway, waiting at most
    ``LOCK_WAIT`` (in a savepoint: a refusal leaves the transaction as it was)."""
    from django.db import transaction
    from django.db.utils import OperationalError

    names = ", ".join(connection.ops.quote_name(t) for t in tables)
    cur.execute("SELECT current_setting('lock_timeout')")
    (before,) = cur.fetchone()
    try:
        with transaction.atomic():
            cur.execute("SELECT set_config('lock_timeout', %s, true)", [LOCK_WAIT])
            cur.execute(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
    except OperationalError:
        return False
    finally:
        cur.execute("SELECT set_config('lock_timeout', %s, true)", [before])
    return True


def _drop(cur, tables: list[str]) -> Deferred:
    regclasses = [_quoted_name(t) for t in tables]
    cur.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE i.indrelid IN (SELECT to_regclass(t) FROM unnest(%s::text[]) t) "
        "AND NOT i.indisunique AND NOT i.indisprimary AND i.indisvalid "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY c.relname",
        [regclasses],
    )
    indexes = cur.fetchall()
    cur.execute(
        "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid) "
        "FROM pg_constraint k WHERE k.contype = 'f' "
        "AND k.conrelid IN (SELECT to_regclass(t) FROM unnest(%s::text[]) t) "
        "AND k.confrelid IN (SELECT to_regclass(t) FROM unnest(%s::text[]) t) "
        "ORDER BY 1, 2",
        [regclasses, regclasses],
    )
    foreign_keys = cur.fetchall()
    for table, name, _definition in foreign_keys:
        cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    for name, _sql in indexes:
        cur.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return Deferred(indexes, foreign_keys)


SORT_MEMORY = "256MB"  # maintenance_work_mem for the rebuilds: a million keys sorted in memory


@contextmanager
def _memory_for_sorts(cur):
    """For the rebuilds, in this transaction only, and back after (not after a failure: the
    transaction is rolled back, and the settings with it): more memory for the index builds'
    sorts, and no just-in-time compilation: without statistics yet, PostgreSQL takes the
    grouped reads of the cell counts and the foreign keys' checks for costly ones and spent
    most of their time compiling them (100,000 records: 0.4 s a read, 0.08 s without)."""
    cur.execute("SELECT current_setting('maintenance_work_mem'), current_setting('jit')")
    memory, jit = cur.fetchone()
    cur.execute("SELECT set_config('maintenance_work_mem', %s, true)", [SORT_MEMORY])
    cur.execute("SELECT set_config('jit', 'off', true)")
    yield
    cur.execute("SELECT set_config('maintenance_work_mem', %s, true)", [memory])
    cur.execute("SELECT set_config('jit', %s, true)", [jit])


@contextmanager
def _sorting_in_chunks(cur):
    """SQLite sorts an index's entries in chunks that helper threads sort side by side, through
    temporary files, when its page cache is small; with the import's large cache it sorts all
    of them in memory on one core. Measured on a 2-core machine, the registry's indexes over
    500,000 records: 11-12 s in one sort, 8-9 s in chunks. The settings come back afterwards."""
    cur.execute("PRAGMA cache_size")
    cache = cur.fetchone()[0]
    cur.execute("PRAGMA temp_store")
    store = cur.fetchone()[0]
    cur.execute("PRAGMA cache_size = -20000")
    _set_temp_store(cur, "FILE")
    cur.execute("PRAGMA threads = 4")
    try:
        yield
    finally:
        _set_temp_store(cur, str(int(store)))
        cur.execute(f"PRAGMA cache_size = {int(cache)}")


def _set_temp_store(cur, value: str) -> None:
    """Where SQLite keeps its temporary sorts: a speed setting, never a reason to fail. Once
    the connection's temporary database is in use, SQLite refuses to change it inside a
    transaction ("temporary storage cannot be changed from within a transaction"); the
    import then goes on with the setting it has."""
    from django.db.utils import OperationalError

    try:
        cur.execute(
            f"PRAGMA temp_store = {value}"
        )  # a refused PRAGMA leaves the transaction as it was
    except OperationalError:
        pass


@dataclass(frozen=True)
class DbForm:
    """Values in the form the connected database takes them from a raw insert (SQLite keeps
    UUIDs as hex text, dates as ISO text, datetimes as naive UTC text). Made once per
    import: asking the connection its vendor costs more than a row's conversion."""

    sqlite: bool

    @classmethod
    def of_connection(cls) -> DbForm:
        return cls(connection.vendor == "sqlite")

    def uuid(self, value: int):
        """A UUID given as its integer (``ids.uuid7_ints``)."""
        return f"{value:032x}" if self.sqlite else uuid.UUID(int=value)

    def date(self, value: date | None):
        if value is None:
            return None
        return value.isoformat() if self.sqlite else value

    def datetime(self, value: datetime):
        if self.sqlite:
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
        return value

    @staticmethod
    def json(value) -> str | None:
        if value is None:
            return None
        return "[]" if value == [] else json_text(value)
