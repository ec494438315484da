"""Production-safe by default: no SECRET_KEY fallback with DEBUG off (the server and the
commands refuse to start and say how to make a key), and under the documented production
settings (README, "Configuration") `check --deploy` finds nothing.

Each case runs in a fresh process with only the environment it names."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
KEY = "k3y-for-the-deploy-check-" + "Zq8vR2mX5tL9wB4nH7cJ1pF6dK0sG3yE"  # 57 characters


def run(args: list[str], cwd: Path, timeout: int = 120, **env: str) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), **env}
    clean.setdefault("DATABASE_URL", f"sqlite:///{cwd / 'shield.sqlite3'}")
    return subprocess.run(
        args,
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


PRODUCTION = {
    "SHIELD_PRODUCTION": "1",
    "ALLOWED_HOSTS": "shield.example.org",
    "SECRET_KEY": KEY,
}


def test_check_deploy_is_clean_under_the_production_settings(tmp_path):
    done = run([str(BIN / "shield"), "manage", "check", "--deploy"], tmp_path, **PRODUCTION)
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert "WARNINGS" not in done.stdout + done.stderr
    # The same through Django's own command line.
    done = run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        tmp_path,
        DJANGO_SETTINGS_MODULE="shield.config.settings",
        **PRODUCTION,
    )
    assert done.returncode == 0 and "no issues (0 silenced)" in done.stdout, done.stderr


def test_production_settings_need_allowed_hosts(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    done = run([str(BIN / "shield"), "manage", "check", "--deploy"], tmp_path, **env)
    assert done.returncode != 0 and "ALLOWED_HOSTS is not set" in done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


HOW = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"


@pytest.mark.parametrize(
    "command",
    [
        ["gunicorn", "shield.config.wsgi", "--bind", "127.0.0.1:{port}", "--workers", "1"],
        ["shield", "serve", "--port", "{port}"],
        ["shield", "manage", "runserver", "127.0.0.1:{port}", "--noreload"],
        ["shield", "export"],
        ["shield", "migrate"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_without_a_secret_key_the_server_and_the_commands_refuse_to_start(tmp_path, command):
    port = str(free_port())
    args = [str(BIN / command[0]), *(a.replace("{port}", port) for a in command[1:])]
    done = run(args, tmp_path, timeout=60)
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "SECRET_KEY is not set" in said and HOW in said
    assert not (tmp_path / "shield.sqlite3").exists()  # refused before touching a database


def test_django_s_own_runserver_refuses_to_start_without_a_key(tmp_path):
    """Not only the product's doors: Django's own command line stops at its start-up checks
    (shield.core.startup_checks), before any request can fail on the missing key."""
    port = str(free_port())
    done = run(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        tmp_path,
        timeout=60,
        DJANGO_SETTINGS_MODULE="shield.config.settings",
    )
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "shield.E001" in said and "SECRET_KEY is not set" in said and HOW in said


def test_debug_and_the_demo_have_a_development_key(tmp_path):
    done = run([str(BIN / "shield"), "manage", "check"], tmp_path, DEBUG="1")
    assert done.returncode == 0, done.stderr
    demo = run(
        [
            sys.executable,
            "-c",
            "from shield import cli; cli._secret_key(demo=True);"
            "from django.conf import settings; print(len(settings.SECRET_KEY))",
        ],
        tmp_path,
    )
    assert demo.returncode == 0 and int(demo.stdout) >= 50, demo.stderr


def test_the_commands_beside_the_demo_share_its_key_and_only_there(tmp_path):
    """`shield demo` keeps its development key beside its database (mode 600), keeps it across
    restarts, and a command on the demo's database uses it; a command on a database server still
    refuses without a key of its own."""
    key_of = "from django.conf import settings; print(settings.SECRET_KEY)"
    demo = run(
        [sys.executable, "-c", f"from shield import cli; cli._secret_key(demo=True); {key_of}"],
        tmp_path,
    )
    assert demo.returncode == 0, demo.stderr
    key_file = tmp_path / "shield-demo-secret.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    again = run(
        [sys.executable, "-c", f"from shield import cli; cli._secret_key(demo=True); {key_of}"],
        tmp_path,
    )
    assert again.stdout == demo.stdout  # a restart keeps the sessions and certificates valid
    beside = run(
        [sys.executable, "-c", f"from shield import cli; cli._secret_key(demo=False); {key_of}"],
        tmp_path,
    )
    assert beside.returncode == 0 and beside.stdout == demo.stdout, beside.stderr
    elsewhere = run(
        [str(BIN / "shield"), "export"],
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
    )
    assert (
        elsewhere.returncode != 0 and "SECRET_KEY is not set" in elsewhere.stdout + elsewhere.stderr
    )


def test_behind_the_proxy_the_production_server_answers_https_only(tmp_path):
    """gunicorn under the production settings: plain HTTP is redirected; what the proxy
    forwards as HTTPS gets HSTS, a CSP and secure cookies."""
    import time
    import urllib.error
    import urllib.request

    assert run([str(BIN / "shield"), "migrate"], tmp_path, **PRODUCTION).returncode == 0
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shield.sqlite3'}",
        **PRODUCTION,
    }
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "shield.config.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "1"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def get(path: str, **headers: str):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Host": "shield.example.org", **headers}
        )
        try:
            return opener.open(request, timeout=10)
        except urllib.error.HTTPError as answer:
            return answer

    try:
        for _ in range(100):
            try:
                plain = get("/login/")
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert plain.status == 301
        assert plain.headers["Location"] == "https://shield.example.org/login/"
        secure = get("/login/", **{"X-Forwarded-Proto": "https"})
        assert secure.status == 200
        assert secure.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert "default-src 'self'" in secure.headers["Content-Security-Policy"]
        assert secure.headers["X-Frame-Options"] == "DENY"
        cookie = secure.headers["Set-Cookie"]
        assert "csrftoken=" in cookie and "Secure" in cookie
    finally:
        server.terminate()
        server.wait(timeout=10)
