"""The substring index of names (registry.substrings): the distinct folded words of every
name, under a trigram index (SQLite: an FTS5 table with the trigram tokenizer; PostgreSQL:
pg_trgm's GIN index), kept by triggers on the index keys and filled for the records there are.

The statements are frozen here as they were when this migration was written: a later change
to ``registry.substrings`` must not change what this migration does (a change to the index
comes as a migration of its own)."""

from django.db import migrations

TABLE = "registry_nameword"
FTS = "registry_nameword_fts"

SQLITE = [
    f"CREATE TABLE {TABLE} (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(word, tokenize = 'trigram')",
    f"CREATE TRIGGER registry_nameword_ai AFTER INSERT ON {TABLE} "
    f"BEGIN INSERT INTO {FTS}(rowid, word) VALUES (NEW.id, NEW.word); END",
    f"CREATE TRIGGER registry_nameword_ad AFTER DELETE ON {TABLE} "
    f"BEGIN DELETE FROM {FTS} WHERE rowid = OLD.id; END",
    "CREATE TRIGGER registry_namekey_word AFTER INSERT ON registry_namekey "
    "WHEN NEW.key >= 'w:' AND NEW.key < 'w;' "
    f"BEGIN INSERT OR IGNORE INTO {TABLE}(word) VALUES (substr(NEW.key, 3)); END",
    f"INSERT OR IGNORE INTO {TABLE}(word) SELECT substr(key, 3) FROM registry_namekey "
    "WHERE key >= 'w:' AND key < 'w;' ORDER BY key",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS registry_namekey_word",
    f"DROP TABLE IF EXISTS {FTS}",
    f"DROP TABLE IF EXISTS {TABLE}",
]
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE TABLE {TABLE} (word text PRIMARY KEY)",
    f"CREATE INDEX registry_nameword_trgm ON {TABLE} USING gin (word gin_trgm_ops)",
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
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS registry_namekey_words ON registry_namekey",
    "DROP FUNCTION IF EXISTS registry_namekey_words()",
    f"DROP TABLE IF EXISTS {TABLE}",
]


def _run(schema_editor, sqlite: list[str], postgres: list[str]) -> None:
    statements = sqlite if schema_editor.connection.vendor == "sqlite" else postgres
    with schema_editor.connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, SQLITE, POSTGRES)


def backward(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_scale_indexes"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
