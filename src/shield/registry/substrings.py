"""The substring index of names: which folded words of the registry contain a fragment.

Search (registry.search) finds names by their index keys (``NameKey``): a whole folded
word, its phonetic skeleton, or the beginning of a word. A fragment from the middle of a
word ("chetsots" of "Ghazanchetsots", a piece of a number) is found here: the table
``registry_nameword`` holds every distinct folded word of the index keys (the ``"w:"``
keys, without their prefix), under a trigram index:

- SQLite: an FTS5 table with the trigram tokenizer (``registry_nameword_fts``), kept by
  triggers on ``registry_nameword``;
- PostgreSQL: a GIN index with pg_trgm's ``gin_trgm_ops`` on the word.

``words_containing`` turns fragments (three characters or more: a trigram index knows
nothing shorter) into the words that contain them; search then looks these words up as
ordinary keys, so the records, their confidentiality and their ranking are decided as for
any other key. The vocabulary is far smaller than the keys (words repeat from record to
record), and one word per row keeps each lookup short.

The words follow the keys by a trigger on ``registry_namekey``, whatever writes them
(services, the admin, an import, a restore): a row trigger on SQLite, a statement trigger
with a transition table on PostgreSQL (one insert per statement, the COPY of a big import
included). A big SQLite import drops the row trigger for its load and adds the words of the
keys it wrote in one statement at the end (``deferred``), inside its transaction. Words are
never removed when keys are (a word no key holds any more finds nothing: its lookup as a key
comes back empty), so deletes and updates need nothing; ``prune`` drops such words.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection as default_connection

TABLE = "registry_nameword"
FTS = "registry_nameword_fts"
MIN_FRAGMENT = 3  # a trigram index finds nothing shorter

_SQLITE_KEY_TRIGGER = (
    "CREATE TRIGGER registry_namekey_word AFTER INSERT ON registry_namekey "
    "WHEN NEW.key >= 'w:' AND NEW.key < 'w;' "
    f"BEGIN INSERT OR IGNORE INTO {TABLE}(word) VALUES (substr(NEW.key, 3)); END"
)
_SQLITE = [
    f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(word, tokenize = 'trigram')",
    f"CREATE TRIGGER registry_nameword_ai AFTER INSERT ON {TABLE} "
    f"BEGIN INSERT INTO {FTS}(rowid, word) VALUES (NEW.id, NEW.word); END",
    f"CREATE TRIGGER registry_nameword_ad AFTER DELETE ON {TABLE} "
    f"BEGIN DELETE FROM {FTS} WHERE rowid = OLD.id; END",
    _SQLITE_KEY_TRIGGER,
    f"INSERT OR IGNORE INTO {TABLE}(word) SELECT substr(key, 3) FROM registry_namekey "
    "WHERE key >= 'w:' AND key < 'w;' ORDER BY key",
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registry_namekey_word",
    f"DROP TABLE IF EXISTS {FTS}",
    f"DROP TABLE IF EXISTS {TABLE}",
]
_POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TABLE {TABLE} (word text PRIMARY KEY)",
    f"CREATE INDEX registry_nameword_trgm ON {TABLE} USING gin (word gin_trgm_ops)",
    # Sorted, so that two writers adding the same new words take them in one order.
    "CREATE FUNCTION registry_namekey_words() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN INSERT INTO {TABLE}(word) SELECT DISTINCT substr(key, 3) FROM new_keys "
    "WHERE left(key, 2) = 'w:' ORDER BY 1 ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER registry_namekey_words AFTER INSERT ON registry_namekey "
    "REFERENCING NEW TABLE AS new_keys FOR EACH STATEMENT "
    "EXECUTE FUNCTION registry_namekey_words()",
    f"INSERT INTO {TABLE}(word) SELECT DISTINCT substr(key, 3) FROM registry_namekey "
    "WHERE left(key, 2) = 'w:' ORDER BY 1",
    f"ANALYZE {TABLE}",
]
_POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS registry_namekey_words ON registry_namekey",
    "DROP FUNCTION IF EXISTS registry_namekey_words()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def install(connection=default_connection) -> None:
    """Create the index and fill it from the keys there are (the migration's work)."""
    _run(connection, _SQLITE if connection.vendor == "sqlite" else _POSTGRES)


def uninstall(connection=default_connection) -> None:
    _run(connection, _SQLITE_DROP if connection.vendor == "sqlite" else _POSTGRES_DROP)


def _run(connection, statements: list[str]) -> None:
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


@contextmanager
def deferred():
    """For a big load on SQLite, inside its transaction: no trigger per key written; at the end,
    one statement adds the words of the keys written meanwhile (before the load's indexes are
    built again: the new keys are read by their row ids, the table's own order). On a failure
    the transaction's rollback restores the trigger. Outside a transaction, or on PostgreSQL
    (whose trigger runs once per statement): nothing changes."""
    conn = default_connection
    if conn.vendor != "sqlite" or not conn.in_atomic_block:
        yield
        return
    with conn.cursor() as cur:
        cur.execute("SELECT coalesce(max(id), 0) FROM registry_namekey")
        (before,) = cur.fetchone()
        cur.execute("DROP TRIGGER registry_namekey_word")
    yield
    with conn.cursor() as cur:
        cur.execute(
            f"INSERT OR IGNORE INTO {TABLE}(word) SELECT substr(key, 3) FROM registry_namekey "
            "WHERE id > %s AND key >= 'w:' AND key < 'w;'",
            [before],
        )
        cur.execute(_SQLITE_KEY_TRIGGER)


def fragments(forms: Iterable[str]) -> list[str]:
    """The forms a trigram index can look up: three characters or more, folded (a-z, 0-9)."""
    return sorted({f for f in forms if len(f) >= MIN_FRAGMENT and f.isascii() and f.isalnum()})


def words_containing(forms: Iterable[str], limit: int) -> list[str]:
    """At most ``limit`` words of the registry containing one of ``forms`` (folded words;
    those shorter than ``MIN_FRAGMENT`` are left out)."""
    wanted = fragments(forms)
    if not wanted:
        return []
    with default_connection.cursor() as cur:
        if default_connection.vendor == "sqlite":
            # Each form a quoted FTS5 string: a substring, whatever it holds.
            expr = " OR ".join('"' + f.replace('"', '""') + '"' for f in wanted)
            cur.execute(f"SELECT word FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s", [expr, limit])
        else:
            likes = " OR ".join(["word LIKE %s"] * len(wanted))
            patterns = ["%" + _escaped(f) + "%" for f in wanted]
            # The matches found apart from the limit: with the limit in the same query the
            # planner hoped to meet enough of them early in a plain scan, and read the whole
            # vocabulary (a million words) for a fragment held by a few hundred.
            cur.execute(
                f"WITH found AS MATERIALIZED (SELECT word FROM {TABLE} WHERE {likes}) "
                "SELECT word FROM found LIMIT %s",
                [*patterns, limit],
            )
        return [w for (w,) in cur.fetchall()]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def prune() -> int:
    """Drop the words no key holds any more (after many deletes); returns how many."""
    with default_connection.cursor() as cur:
        cur.execute(
            f"DELETE FROM {TABLE} WHERE NOT EXISTS (SELECT 1 FROM registry_namekey k "
            f"WHERE k.key = 'w:' || {TABLE}.word)"
        )
        return cur.rowcount
