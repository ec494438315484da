"""How the settings open an SQLite database (the default, embedded store), whichever
database the suite itself runs on."""

from __future__ import annotations

import sqlite3

import pytest
from django.db.utils import ConnectionHandler

from shield.config.settings import _database


@pytest.fixture
def opened(monkeypatch, django_db_blocker):
    """Opens an SQLite file the way the settings do (outside the suite's own test database)."""

    def open_(path):
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
        return ConnectionHandler({"default": _database()})["default"]

    with django_db_blocker.unblock():
        yield open_


def test_a_new_sqlite_database_gets_wal_and_16_kb_pages(tmp_path, opened):
    path = tmp_path / "new.sqlite3"
    new = opened(path)
    with new.cursor() as cur:
        cur.execute("CREATE TABLE t (x integer)")
    new.close()

    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA page_size").fetchone()[0] == 16384
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()


def test_an_existing_database_keeps_its_page_size(tmp_path, opened):
    path = tmp_path / "old.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x integer)")
    raw.commit()
    raw.close()

    old = opened(path)
    with old.cursor() as cur:
        cur.execute("SELECT count(*) FROM t")
        cur.execute("PRAGMA page_size")
        assert cur.fetchone()[0] == 4096
        cur.execute("PRAGMA journal_mode")
        assert cur.fetchone()[0] == "wal"
    old.close()
