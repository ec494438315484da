"""Trusted time (issue 13, item 2): RFC 3161 tokens from a local authority (Debian's
``openssl ts -reply`` behind a loopback HTTP server) on every checkpoint; token times rise;
a token over other data, or from an authority the log does not know, is refused and named;
without an authority everything works and says that no trusted time was obtained."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shield import cli
from shield.audit import timestamps, transparency
from shield.audit.models import AuditEntry, CheckpointTimestamp
from shield.registry import services
from shield.translog.note import Signer
from tests import tsa
from tests.audit.tamper import as_the_database_owner
from tests.registry.factories import record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def log_key(settings):
    signer = Signer.generate("heritage-shield.test/audit-log")
    settings.SHIELD_LOG_KEY = signer.skey()
    settings.SHIELD_LOG_KEY_FILE = None
    return signer


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    made = tsa.authority(tmp_path_factory.mktemp("tsa"))
    yield made
    made.stop()


@pytest.fixture
def trusted(settings, authority):
    settings.SHIELD_TSA_URL = authority.url
    settings.SHIELD_TSA_CA_FILE = str(authority.ca_file)
    return authority


@pytest.fixture(scope="module")
def stranger(tmp_path_factory):
    """An authority the log does not know (its own CA)."""
    return tsa.make_ca(tmp_path_factory.mktemp("other-tsa"), "Unknown TSA")


def grow(users, n, tag):
    for i in range(n):
        services.create_property(users["admin"], record(f"{tag}:{i}"))


def test_without_an_authority_checkpoints_are_signed_and_say_no_trusted_time(
    users, log_key, settings, capsys
):
    settings.SHIELD_TSA_URL = ""
    grow(users, 2, "plain")
    checkpoint = transparency.issue_checkpoint()
    assert checkpoint.trusted_time == timestamps.NO_TRUSTED_TIME
    assert not CheckpointTimestamp.objects.exists()
    grow(users, 1, "plain-more")
    assert cli.main(["log", "checkpoint"]) == 0
    assert "no trusted time was obtained" in capsys.readouterr().err
    assert transparency.verify().ok


def test_every_checkpoint_gets_a_token_whose_times_rise(users, log_key, trusted, capsys):
    grow(users, 3, "tsa")
    first = transparency.issue_checkpoint()
    assert first.trusted_time.startswith("trusted time ") and "CN=Test TSA" in first.trusted_time
    stamp = CheckpointTimestamp.objects.get(checkpoint=first)
    token = timestamps.check(bytes(stamp.token), first.note.encode(), trusted.ca_file.read_bytes())
    assert token.gen_time == stamp.gen_time
    entry = AuditEntry.objects.order_by("-seq").first()
    assert (entry.action, entry.target_id) == ("timestamp", str(first.pk))
    # nothing new: the same checkpoint, no second token, no entry added
    size = AuditEntry.objects.count()
    assert transparency.issue_checkpoint().pk == first.pk
    assert AuditEntry.objects.count() == size and CheckpointTimestamp.objects.count() == 1
    grow(users, 2, "tsa-more")
    assert cli.main(["log", "checkpoint"]) == 0
    assert "trusted time" in capsys.readouterr().err
    second = transparency.latest()
    assert second.size > first.size
    assert CheckpointTimestamp.objects.get(checkpoint=second).gen_time >= stamp.gen_time
    report = transparency.verify()
    assert report.ok, report.problems


def test_a_token_that_goes_back_in_time_is_not_kept(users, log_key, trusted, monkeypatch):
    grow(users, 2, "back")
    first = transparency.issue_checkpoint()
    held = CheckpointTimestamp.objects.get(checkpoint=first)
    grow(users, 1, "back-more")
    early = timestamps.Token(bytes(held.token), held.gen_time - timedelta(hours=1), "CN=Test TSA")
    monkeypatch.setattr(timestamps, "stamp", lambda data: (early, "trusted time (early)"))
    second = transparency.issue_checkpoint()
    assert "before the token of the checkpoint of" in second.trusted_time
    assert second.trusted_time.startswith("no trusted time was obtained")
    assert not CheckpointTimestamp.objects.filter(checkpoint=second).exists()


def test_a_token_moved_to_another_checkpoint_is_named(users, log_key, trusted, capsys):
    grow(users, 2, "swap")
    first = transparency.issue_checkpoint()
    grow(users, 2, "swap-more")
    second = transparency.issue_checkpoint()
    a = CheckpointTimestamp.objects.get(checkpoint=first)
    b = CheckpointTimestamp.objects.get(checkpoint=second)
    as_the_database_owner(
        (
            "UPDATE audit_checkpointtimestamp SET checkpoint_id = %s WHERE id = %s",
            [second.pk, a.pk],
        ),
        ("UPDATE audit_checkpointtimestamp SET checkpoint_id = %s WHERE id = %s", [first.pk, b.pk]),
    )
    report = transparency.verify()
    assert any(
        f"the timestamp token of the checkpoint of {first.size} entries: the token is over "
        "other data" in p
        for p in report.problems
    ), report.problems
    assert cli.main(["log", "verify"]) == 1
    assert "over other data" in capsys.readouterr().out


def test_a_token_from_an_unknown_authority_is_refused_and_named(
    users, log_key, trusted, stranger, settings
):
    grow(users, 2, "stranger")
    transparency.issue_checkpoint()
    settings.SHIELD_TSA_CA_FILE = str(stranger / "ca.crt")  # the log now trusts another CA
    problems = transparency.verify().problems
    assert any("unknown authority" in p for p in problems), problems
    grow(users, 1, "stranger-more")
    refused = transparency.issue_checkpoint()
    assert refused.trusted_time.startswith("no trusted time was obtained")
    assert "unknown authority" in refused.trusted_time


def test_an_unreachable_authority_leaves_the_checkpoint_signed_and_says_why(
    users, log_key, trusted, settings
):
    settings.SHIELD_TSA_URL = "http://127.0.0.1:9/tsa"
    grow(users, 1, "down")
    checkpoint = transparency.issue_checkpoint()
    assert checkpoint.pk and "cannot reach the timestamp authority" in checkpoint.trusted_time
    settings.SHIELD_TSA_URL = trusted.url
    again = transparency.issue_checkpoint()  # nothing new to sign: the same one, now stamped
    assert again.pk == checkpoint.pk and again.trusted_time.startswith("trusted time")


def test_a_configured_url_without_its_ca_is_named(users, log_key, trusted, settings):
    settings.SHIELD_TSA_CA_FILE = None
    grow(users, 1, "noca")
    said = transparency.issue_checkpoint().trusted_time
    assert "SHIELD_TSA_CA_FILE" in said and said.startswith("no trusted time was obtained")
