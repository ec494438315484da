"""Custody that cannot be forged (issue 13, item 3) and the store, the records and the log
compared (item 5).

The handler is the authenticated user and the time the server's (what the client says is a
claim, shown as one); only those who hold the item add events; events are chained per item
and each is an audit entry; downloads of originals and package exports are custody events.
``shield evidence verify`` (no package) names each item swapped, deleted or rewritten behind
the product's back, by comparing the records and the store with the receipts in the log."""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps

from shield import cli
from shield.audit.models import AuditEntry
from shield.monitoring import custodychain, evidence, package, package_verify, reconcile, store
from shield.monitoring.models import CustodyEvent, Evidence
from shield.registry.services import NotAllowed
from tests.audit.tamper import as_the_database_owner

from .conftest import jpeg_with_exif

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def item(users, props):
    """A file submitted by Armenia's officer (so Armenia's officers hold it)."""
    return evidence.add_evidence(
        users["officer_arm"], "statement.txt", b"witness statement", {"description": "w"}
    )


def chain_of(ev) -> list[CustodyEvent]:
    return list(ev.custody.filter(seq__isnull=False).order_by("seq"))


# ---- who and when -----------------------------------------------------------------------


def test_the_handler_is_the_user_and_the_time_the_servers_the_clients_words_a_claim(
    users, item, api
):
    r = api(users["secretariat"]).post(
        f"/api/evidence/{item.pk}/custody",
        {
            "action": "examined",
            "stated_by": "Dr A. Expert",
            "stated_at": "2020-01-01T10:00:00Z",
            "note": "hash checked",
        },
    )
    assert r.status_code == 201, r.content
    last = r.json()["custody"][-1]
    assert last["by"] == "secretariat" and last["role"] == "secretariat"
    assert last["stated_by"] == "Dr A. Expert"
    assert last["stated_at"].startswith("2020-01-01T10:00:00")
    assert last["at"] > "2026" and last["chained"] and last["seq"] == 2
    event = chain_of(item)[-1]
    entry = AuditEntry.objects.get(seq=event.audit_seq)
    assert entry.actor_label == "secretariat" and entry.action == "custody_examined"
    assert entry.changes["custody_hash"] == event.hash
    assert entry.changes["stated_at"].startswith("2020-01-01")


def test_a_handler_or_time_from_the_client_is_refused_naming_the_field(users, item, api):
    for field, value in (("by", "secretariat"), ("at", "2020-01-01T00:00:00Z")):
        r = api(users["secretariat"]).post(
            f"/api/evidence/{item.pk}/custody", {"action": "examined", field: value}
        )
        assert r.status_code == 422 and field in r.content.decode()
    from shield.core.errors import RecordInvalid

    with pytest.raises(RecordInvalid):
        evidence.add_custody(users["secretariat"], item, {"action": "examined", "by": "x"})


def test_only_those_holding_the_item_add_events(users, item, api):
    """The other State's officer cannot add an event (the forgery of the issue); the
    submitting State's officer can; downloads and exports cannot be stated by hand."""
    r = api(users["officer_aze"]).post(
        f"/api/evidence/{item.pk}/custody",
        {"action": "transferred", "to": "x", "stated_by": "secretariat"},
    )
    assert r.status_code in (403, 404)
    with pytest.raises(NotAllowed):
        evidence.add_custody(users["officer_aze"], item, {"action": "examined"})
    with pytest.raises(NotAllowed):
        evidence.add_custody(users["committee"], item, {"action": "examined"})
    assert len(chain_of(item)) == 1
    r = api(users["officer_arm"]).post(f"/api/evidence/{item.pk}/custody", {"action": "examined"})
    assert r.status_code == 201, r.content
    assert chain_of(item)[-1].handler_state == "ARM"
    for action in ("downloaded", "exported"):
        r = api(users["secretariat"]).post(f"/api/evidence/{item.pk}/custody", {"action": action})
        assert r.status_code == 422


def test_readers_not_holding_the_item_see_no_names(users, props, api):
    ev = evidence.add_evidence(
        users["assessor"], "a.jpg", jpeg_with_exif(), {"property": props["shusha"].code}
    )
    evidence.add_custody(
        users["secretariat"], ev, {"action": "transferred", "to": "Court X", "stated_by": "Mr Y"}
    )
    public = api().get(f"/api/evidence/{ev.pk}").json()["custody"]
    assert [c["by"] for c in public] == ["Assessor", "Secretariat"]
    assert all(c["to"] == "" and c["stated_by"] == "" and c["note"] == "" for c in public)
    held = api(users["assessor"]).get(f"/api/evidence/{ev.pk}").json()["custody"]
    assert [c["by"] for c in held] == ["assessor", "secretariat"] and held[1]["to"] == "Court X"


# ---- the chain --------------------------------------------------------------------------


def test_events_are_chained_over_the_previous_hash_and_the_items_hash(users, item):
    evidence.add_custody(users["secretariat"], item, {"action": "transferred", "to": "court"})
    evidence.add_custody(users["assessor"], item, {"action": "examined"})
    events = chain_of(item)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == custodychain.GENESIS
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    from shield.monitoring.custody import fields_of

    rows = [fields_of(e) | {"prev": e.prev_hash, "hash": e.hash} for e in events]
    assert custodychain.first_break(item.sha256, rows) == ""
    assert "changed after it was recorded" in custodychain.first_break("0" * 64, rows)


def test_downloads_of_originals_and_exports_are_custody_events(users, props, api):
    ev = evidence.add_evidence(
        users["assessor"], "a.jpg", jpeg_with_exif(), {"property": props["shusha"].code}
    )
    assert api(users["secretariat"]).get(f"/api/evidence/{ev.pk}/file").status_code == 200
    r = api(users["assessor"]).get("/api/evidence/package", property=props["shusha"].code)
    assert r.status_code == 200
    events = chain_of(ev)
    assert [(e.action, e.handler_label) for e in events] == [
        ("received", "assessor"),
        ("downloaded", "secretariat"),
        ("exported", "assessor"),
    ]
    assert events[-1].reference  # the package's id
    assert AuditEntry.objects.filter(action="custody_downloaded", target_id=str(ev.pk)).exists()


def test_events_recorded_before_the_chain_are_kept_marked_and_new_ones_chained_after(
    users, log_key
):
    """The migration keeps old rows, their words as claims, and marks them as before the
    chain; new events are chained from 1."""
    ev = evidence.add_evidence(users["assessor"], "old.txt", b"old file")
    CustodyEvent.objects.filter(evidence=ev).delete()  # as if received before the chain
    legacy = CustodyEvent.objects.create(
        evidence=ev, action="received", stated_by="field team", sha256_checked=ev.sha256
    )
    migration = importlib.import_module("shield.monitoring.migrations.0003_custody_chain")
    migration.mark_before_the_chain(apps, None)
    legacy.refresh_from_db()
    assert legacy.seq is None and legacy.stated_at == legacy.at
    assert legacy.handler_label == "assessor"  # from the receipt's audit entry
    event = evidence.add_custody(users["secretariat"], ev, {"action": "examined"})
    assert event.seq == 1 and event.prev_hash == custodychain.GENESIS
    shown = evidence.present(users["secretariat"], ev)["custody"]
    assert [(c["chained"], c["seq"]) for c in shown] == [(False, None), (True, 1)]
    body, _ = package.build(users["assessor"], [Evidence.objects.get(pk=ev.pk)])
    report = package_verify.verify(body, log_key.verifier)
    assert report.ok, report.problems
    assert any("recorded before the chain: as stated, not proven" in n for n in report.notes)


# ---- store, records and log compared (item 5) ---------------------------------------------


@pytest.fixture
def three(users, props):
    return [
        evidence.add_evidence(
            users["assessor"],
            f"p{i}.jpg",
            jpeg_with_exif(colour=(i, i, i)),
            {"property": props["shusha"].code},
        )
        for i in range(3)
    ]


def walk_text() -> str:
    problems, _count = reconcile.walk()
    return "\n".join(problems)


def test_an_intact_store_passes(three, capsys):
    assert reconcile.walk() == ([], 3)
    assert cli.main(["evidence", "verify"]) == 0
    assert "intact (3 file(s) checked)" in capsys.readouterr().out


def test_an_original_swapped_with_its_row_updated_is_named(three, capsys):
    ev = three[0]
    forged = jpeg_with_exif(lat=1.0, lon=2.0, colour=(9, 0, 0))
    new_sha, _path = store.put(forged)
    as_the_database_owner(
        ("UPDATE monitoring_evidence SET sha256 = %s WHERE id = %s", [new_sha, _sql_id(ev)])
    )
    assert Evidence.objects.get(pk=ev.pk).sha256 == new_sha
    text = walk_text()
    assert (
        f"evidence {ev.pk} (p0.jpg, {new_sha[:12]}): swapped: the record says SHA-256 {new_sha} but {ev.sha256} was received"
        in text
    )
    assert cli.main(["evidence", "verify"]) == 1
    assert "swapped" in capsys.readouterr().out


def _sql_id(ev):
    from django.db import connection

    return str(ev.pk) if connection.vendor == "postgresql" else ev.pk.hex


def test_an_item_deleted_with_its_file_is_named(three):
    ev = three[1]
    as_the_database_owner(
        ("DELETE FROM monitoring_custodyevent WHERE evidence_id = %s", [_sql_id(ev)]),
        ("DELETE FROM monitoring_evidence WHERE id = %s", [_sql_id(ev)]),
    )
    path = store.original_path(ev.sha256)
    os.chmod(path, 0o600)
    path.unlink()
    assert f"evidence {ev.pk} (p1.jpg, {ev.sha256[:12]}) received in audit entry" in walk_text()
    assert "is missing from the records; its original is gone from the store too" in walk_text()


def test_rewritten_capture_metadata_is_named(three):
    ev = three[2]
    as_the_database_owner(
        (
            "UPDATE monitoring_evidence SET captured_at = %s, lat = %s WHERE id = %s",
            ["2019-05-05 05:05:05+00:00", 10.5, _sql_id(ev)],
        )
    )
    text = walk_text()
    assert f"evidence {ev.pk} (p2.jpg, {ev.sha256[:12]}): captured_at rewritten" in text
    assert f"evidence {ev.pk} (p2.jpg, {ev.sha256[:12]}): lat rewritten: 10.5 in the record" in text


def test_custody_dropped_or_rewritten_in_the_records_is_named(users, three):
    ev = three[0]
    evidence.add_custody(users["secretariat"], ev, {"action": "transferred", "to": "court"})
    evidence.add_custody(users["assessor"], ev, {"action": "examined"})
    as_the_database_owner(
        (
            "DELETE FROM monitoring_custodyevent WHERE evidence_id = %s AND seq = 2",
            [_sql_id(ev)],
        ),
        (
            "UPDATE monitoring_custodyevent SET handler_label = 'secretariat' "
            "WHERE evidence_id = %s AND seq = 1",
            [_sql_id(ev)],
        ),
    )
    text = walk_text()
    assert "custody event 1 (received) was changed after it was recorded" in text
    assert "custody event 2 (transferred), recorded in audit entry" in text
    assert "is missing from the records" in text


def test_a_file_planted_in_the_store_is_named(three):
    sha, _ = store.put(b"planted by someone with the disk")
    assert f"store: originals/{sha[:2]}/{sha} belongs to no record and no receipt" in walk_text()


def test_the_dossier_shows_custody_as_recorded_and_claims_as_claims_in_norwegian(users, props):
    from django.test import Client
    from django.urls import reverse

    ev = evidence.add_evidence(
        users["assessor"], "a.jpg", jpeg_with_exif(), {"property": props["shusha"].code}
    )
    evidence.add_custody(
        users["secretariat"],
        ev,
        {"action": "examined", "stated_by": "Dr A. Expert", "stated_at": "2020-01-01T10:00:00Z"},
    )
    url = reverse("monitoring:dossier", args=[props["shusha"].code]) + "?lang=nb"
    client = Client()
    client.force_login(users["secretariat"])
    page = client.get(url).content.decode()
    assert "som oppgitt: Dr A. Expert 2020-01-01T10:00" in page
    assert "— secretariat" in page
    public = Client().get(url).content.decode()
    assert "Dr A. Expert" not in public and "— Sekretariatet" in public
