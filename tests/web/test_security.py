"""Login throttling (django-axes), Django's password validators, and the
Content-Security-Policy on every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

import shield
from shield.web.security import policy, tile_source
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"  # tests/conftest.py make_user


def log_in(client: Client, username: str, password: str, lang: str = "en"):
    return client.post(
        "/login/",
        {"username": username, "password": password, "next": "/"},
        HTTP_ACCEPT_LANGUAGE=lang,
    )


def test_thirty_wrong_passwords_lock_the_user_name_even_against_the_right_one(users):
    client = Client()
    answers = [log_in(client, "secretariat", f"wrong-{i}").status_code for i in range(30)]
    assert answers[:4] == [200] * 4  # the form again, "did not match"
    assert set(answers[5:]) == {429}  # locked from the fifth failure on
    right = log_in(client, "secretariat", PASSWORD)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    page = right.content.decode()
    assert 'id="locked-out"' in page and "Too many failed logins" in page and "15 minutes" in page
    norsk = log_in(Client(), "secretariat", PASSWORD, lang="nb").content.decode()
    assert "For mange mislykkede innlogginger" in norsk and "15 minutter" in norsk
    # Another user name from the same address is not locked.
    assert log_in(Client(), "committee", PASSWORD).status_code == 302
    # API tokens are not logins: the locked user's token still reads and writes.
    api = ApiClient(users["secretariat"])
    assert api.get("/api/properties").status_code == 200


def test_the_lock_ends_after_its_cooloff(users):
    from axes.models import AccessAttempt

    client = Client()
    for i in range(5):
        log_in(client, "assessor", f"wrong-{i}")
    assert log_in(client, "assessor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time.replace(year=2000)
    )
    assert log_in(client, "assessor", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(users["assessor"].pk)


def test_a_success_resets_the_count(users):
    client = Client()
    for round_ in range(3):
        for i in range(4):
            assert log_in(client, "assessor", f"wrong-{round_}-{i}").status_code == 200
        assert log_in(client, "assessor", PASSWORD).status_code == 302
        client.post("/logout/")


@pytest.mark.parametrize(
    "password, why",
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("83927461029384", "entirely numeric"),
        ("secretariat-2026", "too similar"),
    ],
)
def test_password_validators_refuse_weak_passwords(users, password, why):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, users["secretariat"])
    assert why in " ".join(refused.value.messages)


def test_a_good_password_passes(users):
    validate_password("quiet-harbour-lantern-7", users["secretariat"])


def directives(header: str) -> dict[str, str]:
    return {d.split()[0]: d.partition(" ")[2] for d in (p.strip() for p in header.split(";")) if d}


@pytest.mark.parametrize(
    "path", ["/", "/search/?q=x", "/map/", "/list/", "/treaty/", "/login/", "/api/docs"]
)
def test_pages_carry_a_content_security_policy(path):
    r = Client().get(path)
    assert r.status_code == 200
    csp = directives(r["Content-Security-Policy"])
    assert csp["default-src"] == "'self'" and csp["script-src"] == "'self'"
    assert csp["img-src"] == "'self' data:" and csp["connect-src"] == "'self'"
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"


def test_online_tiles_are_allowed_from_their_host_only(settings):
    assert tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://*.tile.openstreetmap.org"
    )
    assert tile_source("https://tiles.example.org:8443/{z}/{x}/{y}.png") == (
        "https://tiles.example.org:8443"
    )
    assert tile_source("") == ""
    assert "img-src 'self' data: https://tiles.example.org;" in policy(
        "https://tiles.example.org/{z}/{x}/{y}.png"
    )
    settings.SHIELD_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    csp = directives(Client().get("/map/")["Content-Security-Policy"])
    assert csp["img-src"] == "'self' data: https://tiles.example.org"


TEMPLATES = sorted(Path(shield.__file__).parent.glob("**/templates/**/*.html"))


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_template_has_an_inline_script_or_event_handler(template):
    """The policy runs no inline script: behaviour lives in static files."""
    html = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html), "an inline event handler"
    assert "javascript:" not in html
