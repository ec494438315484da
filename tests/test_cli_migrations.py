"""Only `shield demo` and `shield migrate` change the database's schema; every other command
refuses, changing nothing, when a migration is missing. Run as the real command in a
subprocess, on an SQLite file of its own (whatever database the suite itself runs on)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

# Runs each command line through shield.cli.main in one process (one Django start-up) and
# prints, per command, its exit status or the message it exited with.
RUN_ALL = textwrap.dedent(
    """
    import contextlib, io, json, sys
    from shield.cli import main

    results = []
    for argv in json.loads(sys.argv[1]):
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                code = main(argv)
        except SystemExit as exc:
            code = exc.code
        results.append([argv, code, out.getvalue()])
    print(json.dumps(results))
    """
)


def _env(db) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{db}", SECRET_KEY="tests-cli-migrations-key", DEBUG="")
    return env


def shield(db, *argv, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "shield.cli", *argv],
        env=_env(db),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def shield_many(db, commands, cwd) -> list:
    done = subprocess.run(
        [sys.executable, "-c", RUN_ALL, json.dumps(commands)],
        env=_env(db),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def applied(db) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_command_on_a_missing_database_refuses_and_creates_nothing(tmp_path):
    db = tmp_path / "none.sqlite3"
    done = shield(db, "export", cwd=tmp_path)
    assert done.returncode == 1
    assert "the database needs `shield migrate`" in done.stderr
    assert str(db) in done.stderr
    assert "Traceback" not in done.stderr
    assert not db.exists()


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A database brought up to date by `shield migrate` (its output kept for the test)."""
    where = tmp_path_factory.mktemp("cli-migrations")
    db = where / "shield.sqlite3"
    first = shield(db, "migrate", cwd=where)
    return db, where, first


def test_shield_migrate_brings_the_schema_up_to_date_and_says_so(migrated):
    db, where, first = migrated
    assert first.returncode == 0, first.stderr
    assert "applied" in first.stdout and "up to date" in first.stdout
    check = shield(db, "migrate", "--check", cwd=where)
    assert check.returncode == 0 and "up to date" in check.stdout


def test_commands_refuse_a_schema_missing_a_migration_and_change_nothing(migrated, tmp_path):
    db, _where, first = migrated
    assert first.returncode == 0, first.stderr
    copy = tmp_path / "behind.sqlite3"
    copy.write_bytes(db.read_bytes())
    con = sqlite3.connect(copy)
    app, name = con.execute("SELECT app, name FROM django_migrations ORDER BY id DESC").fetchone()
    con.execute("DELETE FROM django_migrations WHERE app = ? AND name = ?", (app, name))
    con.commit()
    con.close()
    before = applied(copy)
    schema = copy.read_bytes()
    (tmp_path / "empty.csv").write_text("external_id,state,category,name\n", encoding="utf-8")

    commands = [
        ["export"],
        ["import", str(tmp_path / "empty.csv")],
        ["token", "nobody"],
        ["audit", "verify"],
        ["parties", "list"],
        ["parties", "committee"],
        ["listing", "list"],
        ["evidence", "verify"],
    ]
    results = shield_many(copy, commands, tmp_path)
    for argv, code, _out in results:
        assert isinstance(code, str), f"shield {' '.join(argv)} ran: {code!r}"
        assert "the database needs `shield migrate`" in code, code
        assert f"{app}.{name}" in code, code
    assert applied(copy) == before
    assert copy.read_bytes() == schema

    check = shield(copy, "migrate", "--check", cwd=tmp_path)
    assert check.returncode == 1 and f"{app}.{name}" in check.stdout


def test_commands_run_on_an_up_to_date_schema(migrated, tmp_path):
    db, where, first = migrated
    assert first.returncode == 0, first.stderr
    before = applied(db)
    results = shield_many(db, [["export"], ["parties", "committee"]], where)
    for argv, code, _out in results:
        assert code == 0, f"shield {' '.join(argv)}: {code!r}"
    assert results[0][2].startswith("id,code,")
    assert applied(db) == before
