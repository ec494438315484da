"""Shared fixtures: States, users for each role, an API client, and a real browser.

Tests run on the database that DATABASE_URL names (SQLite by default; .ci/run also runs
them on PostgreSQL). Under CI=true nothing may be skipped for want of a browser.
"""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from shield.accounts import roles
from shield.accounts.models import ApiToken, Profile

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Property-based tests judge what a function does, never how fast: on a loaded machine a
# slow example is not a failure (speed is measured in bench/).
hypothesis_settings.register_profile(
    "shield", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("shield")


def pytest_configure(config):
    """The suite runs with no environment: where no SECRET_KEY is set (the settings have no
    fallback with DEBUG off), the tests use a key of their own."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django's word for an empty key
        key = ""
    if not key:
        settings.SECRET_KEY = "tests-only-key-" + "x" * 50
    _flush_past_append_only_triggers()


def _flush_past_append_only_triggers() -> None:
    """Between transactional tests Django empties every table (``flush``). On PostgreSQL that
    is a TRUNCATE, which row triggers do not see; on SQLite it is a DELETE per table, which
    the audit log's append-only triggers refuse, as they should anywhere else. So on SQLite
    the flush of the tests drops those triggers, empties the tables and puts the same
    triggers back (read from the schema), as an administrator with DDL rights could: the
    triggers themselves are real in every test (tests/audit/test_transparency_log.py)."""
    from django.db.backends.sqlite3 import base  # loads the backend whole (no import cycle)

    DatabaseOperations = base.DatabaseOperations

    plain = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *args, **kwargs):
        statements = plain(self, style, tables, *args, **kwargs)
        if not statements:
            return statements
        with self.connection.cursor() as cur:
            cur.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                "AND name LIKE 'shield_append_only_%'"
            )
            triggers = cur.fetchall()
        drops = [f'DROP TRIGGER "{name}"' for name, _sql in triggers]
        return drops + list(statements) + [sql for _name, sql in triggers]

    DatabaseOperations.sql_flush = sql_flush


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def states(db):
    """Six States by code. Migration 0004 loads every State; ensure_states() loads them again
    where a transactional test flushed the table."""
    from shield.parties.identity import ensure_states
    from shield.parties.models import State

    ensure_states()
    return {
        s.code: s for s in State.objects.filter(code__in=["ARM", "AZE", "NOR", "UKR", "GEO", "MLI"])
    }


def make_user(username: str, role: str | None = None, state=None, password: str = "pw-for-tests-1"):
    user = get_user_model().objects.create_user(username=username, password=password)
    if role == roles.ADMINISTRATOR:
        user.is_superuser = user.is_staff = True
        user.save()
    if role:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    if state is not None:
        Profile.objects.create(user=user, state=state)
    return user


@pytest.fixture
def users(states):
    return {
        "admin": make_user("admin", roles.ADMINISTRATOR),
        "secretariat": make_user("secretariat", roles.SECRETARIAT),
        "committee": make_user("committee", roles.COMMITTEE_MEMBER),
        "assessor": make_user("assessor", roles.ASSESSOR),
        "officer_arm": make_user("officer-arm", roles.PARTY_OFFICER, states["ARM"]),
        "officer_aze": make_user("officer-aze", roles.PARTY_OFFICER, states["AZE"]),
        "officer_nor": make_user("officer-nor", roles.PARTY_OFFICER, states["NOR"]),
    }


class ApiClient:
    """A test client speaking JSON, authenticated by an API token when given a user."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, raw = ApiToken.issue(user, "tests")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, path, **params):
        return self.client.get(path, params, **self.headers)

    def post(self, path, data):
        return self.client.post(path, data, content_type="application/json", **self.headers)

    def patch(self, path, data):
        return self.client.patch(path, data, content_type="application/json", **self.headers)

    def delete(self, path, data=None):
        return self.client.delete(path, data or {}, content_type="application/json", **self.headers)


@pytest.fixture
def api():
    return ApiClient


def browser_or_skip():
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not shutil.which(p)]
    if missing:
        if IN_CI:
            pytest.fail(
                f"browser tests need {', '.join(missing)} under CI (apt-get install chromium chromium-driver)"
            )
        pytest.skip(f"no {', '.join(missing)} on this machine")


@pytest.fixture
def browser():
    browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture(autouse=True)
def _answers_are_what_views_wrote(monkeypatch):
    """Every 2xx JSON answer of the API is the JSON its view returned (``typed_contract``)."""
    from tests.typed_contract import install

    install(monkeypatch)


@pytest.fixture(autouse=True)
def _evidence_dir(settings, tmp_path):
    """Each test keeps evidence files (the demo's too) in a folder of its own, and reads no
    log key that ``shield demo`` left in the working directory (a test that signs sets one)."""
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    if not getattr(settings, "SHIELD_LOG_KEY_FILE", None):
        settings.SHIELD_LOG_KEY_FILE = str(tmp_path / "no-log-key-here")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """A test marked ``database("postgresql")`` examines that database's own machinery: on
    another database it is deselected (reported as such), not skipped; CI runs the suite on
    SQLite and on PostgreSQL, so each such test runs there."""
    from django.db import connection

    kept, other = [], []
    for item in items:
        marker = item.get_closest_marker("database")
        (other if marker and marker.args[0] != connection.vendor else kept).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    """Under CI a skipped test is a failure: CI installs everything the tests need."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(f"FAIL: {len(skipped)} test(s) skipped under CI=true", red=True)
        session.exitstatus = 1
