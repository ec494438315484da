"""Wide rows written as their varying columns plus literals for the rest (bulk.Split) land
in the database exactly as the rows were: the same values, the same types."""

from __future__ import annotations

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shield.registry import bulk

pytestmark = pytest.mark.django_db

TEXTS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["", "'", "%", "%s", "a''b", "x\x00y", "; DROP TABLE t; --", "\\'"]),
)
COLUMNS = [f"c{i}" for i in range(10)]


def values():
    """What a column may hold: on SQLite anything (its columns here have no type); on
    PostgreSQL text, which cannot hold NUL."""
    if connection.vendor == "sqlite":
        return st.one_of(
            st.none(),
            st.integers(min_value=-(2**63), max_value=2**63 - 1),
            TEXTS,
            st.floats(allow_nan=False, allow_infinity=False),
        )
    return st.one_of(st.none(), TEXTS.filter(lambda t: "\x00" not in t))


@pytest.fixture
def scratch():
    kind = "" if connection.vendor == "sqlite" else " text"
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMP TABLE scratch ({', '.join(c + kind for c in COLUMNS)})")
    yield
    with connection.cursor() as cur:
        cur.execute("DROP TABLE scratch")


class Scratch:
    class _meta:
        db_table = "scratch"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_split_rows_are_written_as_they_were(scratch, data):
    constant = data.draw(st.tuples(*[values()] * 10))
    rows = data.draw(st.lists(st.tuples(*[values()] * 10), min_size=1, max_size=6))
    rows = [
        tuple(c if i % 2 else v for i, (v, c) in enumerate(zip(row, constant))) for row in rows
    ]  # odd columns constant
    split = bulk.Split.of(rows)
    assert all(
        i in split.varying
        for i, column in enumerate(zip(*rows))
        if None in map(bulk.sql_literal, column)
    )
    with connection.cursor() as cur:
        cur.execute("DELETE FROM scratch")
        bulk.insert_packed(Scratch, COLUMNS, split)
        cur.execute(f"SELECT {', '.join(COLUMNS)} FROM scratch")
        written = [tuple(row) for row in cur.fetchall()]
    assert sorted(map(repr, written)) == sorted(
        map(repr, rows)
    )  # the same values of the same types


def test_only_the_varying_columns_of_records_go_row_by_row():
    rows = [
        ("id1", "ARM-00001", "", "", None, "[]", 0.5),
        ("id2", "ARM-00002", "", "", None, "[]", 0.5),
    ]
    split = bulk.Split.of(rows)
    assert split.varying == (0, 1, 6) and split.rows == [
        ("id1", "ARM-00001", 0.5),
        ("id2", "ARM-00002", 0.5),
    ]
    assert dict(split.constant) == {
        2: "''",
        3: "''",
        4: "NULL",
        5: "'[]'",
    }  # a float always goes as a value
