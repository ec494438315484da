"""Reads with an API token never wait on a write: while another connection holds SQLite's
write lock (as a big import does), token GETs answer 200 at once. A token's last use is
recorded at most once a minute, and skipped while the database is locked.

The server runs as `shield serve` in a subprocess on an SQLite file of its own (WAL mode, as
in production on one machine), whatever database the suite itself runs on."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request

import pytest

ISSUE_TOKEN = textwrap.dedent(
    """
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from shield.accounts.models import ApiToken
    user = get_user_model().objects.create_user("reader", password="pw-for-tests-1")
    print(ApiToken.issue(user, "reads")[1])
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str) -> tuple[int, float]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.monotonic() - started


def _last_used(db) -> str | None:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT last_used_at FROM accounts_apitoken").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    where = tmp_path_factory.mktemp("token-reads")
    db = where / "shield.sqlite3"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        SECRET_KEY="tests-token-reads-key",
        DEBUG="",
        DJANGO_SETTINGS_MODULE="shield.config.settings",
    )
    run = dict(env=env, cwd=where, capture_output=True, text=True, timeout=300)
    migrated = subprocess.run([sys.executable, "-m", "shield.cli", "migrate"], **run)
    assert migrated.returncode == 0, migrated.stderr
    issued = subprocess.run([sys.executable, "-c", ISSUE_TOKEN], **run)
    assert issued.returncode == 0, issued.stderr
    token = issued.stdout.strip().splitlines()[-1]

    port = _free_port()
    log = open(where / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "shield.cli", "serve", "--port", str(port)],
        env=env,
        cwd=where,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/openapi.json", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail(f"the server did not start: {(where / 'server.log').read_text()}")
            time.sleep(0.2)
    yield base, token, db
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def test_token_reads_answer_while_another_connection_holds_the_write_lock(server):
    base, token, db = server
    before = _last_used(db)
    writer = sqlite3.connect(db, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE accounts_apitoken SET name = 'held by a long import'")
    try:
        # The lock is real: any other writer is refused at once.
        other = sqlite3.connect(db, isolation_level=None, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("UPDATE accounts_apitoken SET revoked = revoked")
        other.close()

        for path in ("/api/properties", "/api/list", "/api/properties?q=Shusha"):
            status, seconds = _get(base + path, token)
            assert status == 200, path
            assert seconds < 5, f"{path} waited {seconds:.1f} s on the write lock"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    # Skipped while locked (the reads did not wait for the lock to record it).
    assert _last_used(db) == before


def test_last_use_is_recorded_at_most_once_a_minute(server):
    base, token, db = server
    status, _ = _get(base + "/api/properties", token)
    assert status == 200
    first = _last_used(db)
    assert first is not None
    for _ in range(3):
        assert _get(base + "/api/properties", token)[0] == 200
    assert _last_used(db) == first


def test_a_bad_token_is_still_refused_while_the_database_is_locked(server):
    base, _token, db = server
    writer = sqlite3.connect(db, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    try:
        status, seconds = _get(base + "/api/properties", "hs_not-a-token")
        assert status == 401 and seconds < 5
    finally:
        writer.execute("ROLLBACK")
        writer.close()
