"""The audit log is append-only and hash-chained: tampering is found and named."""

from __future__ import annotations

import pytest

from shield import cli
from shield.audit import chain, log
from shield.audit.models import AppendOnlyError, AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import services
from tests.audit.tamper import as_the_database_owner
from tests.registry.factories import record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def entries(users):
    for i in range(4):
        services.create_property(users["admin"], record(f"t:{i}"))
    return list(AuditEntry.objects.order_by("seq"))


def raw(sql, params=()):
    """Plain SQL by the database's owner, past the append-only triggers (tests/audit/tamper)."""
    as_the_database_owner((sql, list(params)))


def test_every_write_is_chained(entries):
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in zip(entries, entries[1:]))
    assert verify_chain() == (None, 4)


def test_the_orm_refuses_to_change_or_delete(entries):
    entry = entries[0]
    entry.summary = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


def test_writing_outside_a_transaction_is_refused(users):
    with pytest.raises(RuntimeError):
        log.record(users["admin"], "create", "property", "x")


def test_a_changed_entry_is_named(entries, capsys):
    raw("UPDATE audit_auditentry SET actor_label = %s WHERE seq = 3", ["someone-else"])
    assert verify_chain()[0] == (3, "entry 3 was changed after it was written")
    assert cli.main(["audit", "verify"]) == 1
    assert "BROKEN at entry 3" in capsys.readouterr().out


def test_a_removed_entry_is_named(entries):
    raw("DELETE FROM audit_auditentry WHERE seq = 2")
    problem = verify_chain()[0]
    assert problem[0] == 3 and "entry 2 is missing" in problem[1]


def test_reordered_entries_are_named(entries):
    as_the_database_owner(
        "UPDATE audit_auditentry SET seq = 100 WHERE seq = 2",
        "UPDATE audit_auditentry SET seq = 2 WHERE seq = 3",
        "UPDATE audit_auditentry SET seq = 3 WHERE seq = 100",
    )
    problem = verify_chain()[0]
    assert problem[0] == 2


def test_intact_log_verifies(entries, capsys):
    assert cli.main(["audit", "verify"]) == 0
    assert "intact (4 entries;" in capsys.readouterr().out
