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
from operator import itemgetter

from django.db import connection


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
    """PostgreSQL's COPY: one stream instead of a statement per row (dozens of times faster)."""
    count = 0
    with connection.cursor() as cur, cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def pack(columns: Sequence[str], rows: list[Sequence]) -> Packed:
    """Rows ready to send to the process that writes them (see ``insert_packed``). On SQLite,
    rows of at most ``JSON_MAX_COLUMNS`` columns go as one JSON array, which SQLite unpacks
    itself faster than Python binds row by row (it would parse a wide row's JSON once per
    column); wider rows are split into the columns whose values vary and those that hold one
    value throughout (``Split``). Elsewhere the rows go as they are."""
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


Packed = list[Sequence] | str | Split

# Encoders made once: json.dumps with options builds a new encoder at every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_PLAIN = json.JSONEncoder(ensure_ascii=False)
JSON_MAX_COLUMNS = 7  # measured: names (6 columns) go faster as JSON, properties (30) slower


def insert_packed(model, columns: Sequence[str], packed: Packed) -> None:
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
def deferred_indexes(*models):
    """On SQLite, drop the indexes of these tables made by CREATE INDEX and build them
    again at the end: one sorted build is far cheaper than a million random inserts. Call
    inside the import's transaction: SQLite's DDL is transactional, so a failure restores
    them. A unique index that no longer holds fails to build, which fails the transaction;
    primary keys and UNIQUE columns (part of the table) stay throughout. Elsewhere: does
    nothing.
    """
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
    yield
    with connection.cursor() as cur, _sorting_in_chunks(cur):
        for _name, sql in indexes:
            cur.execute(sql)


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
        return "[]" if value == [] else _PLAIN.encode(value)
