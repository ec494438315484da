"""The audit log as a transparency log: the database refuses changes, the log signs its
head, proofs check out, a witness cosigns only a log that grew, and each way of rewriting
history that the append-only rule alone could not stop (by someone who owns the database)
is detected and named, against the log's own checkpoints and against one a witness
cosigned and kept."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from shield import cli
from shield.audit import chain, transparency
from shield.audit.models import AuditEntry, Checkpoint, Cosignature
from shield.registry import services
from shield.translog import merkle
from shield.translog.note import COSIGNATURE_V1, Note, Signer, open_checkpoint
from tests.audit.tamper import as_the_database_owner
from tests.registry.factories import record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def log_key(settings):
    signer = Signer.generate("heritage-shield.test/audit-log")
    settings.SHIELD_LOG_KEY = signer.skey()
    settings.SHIELD_LOG_KEY_FILE = None
    return signer


@pytest.fixture
def witness(settings):
    signer = Signer.generate("witness.ngo.test", COSIGNATURE_V1)
    settings.SHIELD_LOG_WITNESSES = str(signer.verifier)
    return signer


@pytest.fixture
def entries(users):
    for i in range(6):
        services.create_property(users["admin"], record(f"log:{i}"))
    return AuditEntry.objects.count()


def cosigned(checkpoint: Checkpoint, witness: Signer, at: int = 1_790_000_000) -> str:
    note = Note.parse(checkpoint.note)
    return note.with_lines(witness.signature_line(note.text, at))


# ---- the database itself refuses -----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET summary = 'edited' WHERE seq = 2",
        "UPDATE audit_auditentry SET actor_label = 'someone' WHERE seq = 2",
        "DELETE FROM audit_auditentry WHERE seq = 2",
        "DELETE FROM audit_auditentry",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(entries, sql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(sql)
    assert AuditEntry.objects.count() == entries


def test_checkpoints_and_cosignatures_cannot_be_changed_or_deleted(entries, log_key, witness):
    checkpoint = transparency.issue_checkpoint()
    transparency.accept_cosignatures(cosigned(checkpoint, witness))
    for sql in (
        "UPDATE audit_checkpoint SET root = 'x'",
        "DELETE FROM audit_checkpoint",
        "UPDATE audit_cosignature SET cosigned_at = 1",
        "DELETE FROM audit_cosignature",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cur:
                cur.execute(sql)
    assert Checkpoint.objects.count() == 1 and Cosignature.objects.count() == 1


def test_deleting_a_user_keeps_their_entries_with_their_name(users, entries):
    from tests.conftest import make_user

    clerk = make_user("clerk", "secretariat")
    services.create_property(clerk, record("log:clerk"))
    get_user_model().objects.filter(pk=clerk.pk).delete()  # SET NULL on the entry's actor
    entry = AuditEntry.objects.get(actor_label="clerk")
    assert entry.actor_id is None
    assert cli.main(["audit", "verify"]) == 0


# ---- checkpoints and proofs ----------------------------------------------------------------


def test_a_checkpoint_signs_the_head_and_every_entry_proves_its_inclusion(entries, log_key):
    checkpoint = transparency.issue_checkpoint()
    head, verified = open_checkpoint(checkpoint.note, log_key.verifier)
    assert head.size == entries and verified[0].verifier == log_key.verifier
    for entry in AuditEntry.objects.filter(seq__lte=head.size):
        proof = transparency.inclusion(entry.seq, head.size)
        merkle.verify_inclusion(
            entry.seq - 1,
            head.size,
            transparency.leaf_of(entry.seq, entry.hash),
            proof.path,
            head.root,
        )
    # the checkpoint itself is an audited act (the next entry), covered by the next one
    assert AuditEntry.objects.order_by("-seq").first().action == "checkpoint"
    again = transparency.issue_checkpoint()
    old, new, proof, old_root, new_root = transparency.consistency(head.size, again.size)
    merkle.verify_consistency(old, new, head.root, bytes.fromhex(again.root), proof)
    assert transparency.issue_checkpoint() == again  # nothing new: the same head


def test_without_a_key_the_log_says_how_to_make_one(entries, settings, tmp_path, monkeypatch):
    settings.SHIELD_LOG_KEY, settings.SHIELD_LOG_KEY_FILE = "", None
    monkeypatch.chdir(tmp_path)
    with pytest.raises(transparency.LogProblem, match="shield log keygen"):
        transparency.issue_checkpoint()


def test_the_cli_finds_the_key_the_demo_left_in_the_working_directory(
    entries, settings, tmp_path, monkeypatch
):
    """`shield demo`, then `shield log checkpoint` in the same folder: no setting needed."""
    settings.SHIELD_LOG_KEY, settings.SHIELD_LOG_KEY_FILE = "", None
    monkeypatch.chdir(tmp_path)
    transparency.ensure_demo_key(tmp_path)
    settings.SHIELD_LOG_KEY_FILE = None  # as in a new process
    checkpoint = transparency.issue_checkpoint()
    key = Signer.parse((tmp_path / transparency.DEMO_KEY_FILE).read_text().strip())
    open_checkpoint(checkpoint.note, key.verifier)


# ---- tampering by the database's owner, each detected and named -----------------------------


def _recompute_chain_from(seq: int, **changes) -> list:
    """Rewrite entry ``seq`` and recompute every hash after it, as a forger with sqlite3 and
    hashlib would: the chain alone then says "intact"."""
    statements = []
    prev = chain.GENESIS
    for entry in AuditEntry.objects.order_by("seq"):
        body = entry.body()
        if entry.seq == seq:
            body.update(changes)
        new_hash = chain.link(prev, body)
        statements.append(
            (
                "UPDATE audit_auditentry SET summary = %s, actor_label = %s, prev_hash = %s, "
                "hash = %s WHERE seq = %s",
                [body["summary"], body["actor"], prev, "t" + new_hash[1:], entry.seq],
            )
        )
        statements.append(
            ("UPDATE audit_auditentry SET hash = %s WHERE seq = %s", [new_hash, entry.seq])
        )
        prev = new_hash
    return statements


def _backdated_entry() -> tuple[str, list]:
    last = AuditEntry.objects.order_by("-seq").first()
    body = {
        "seq": last.seq + 1,
        "at": (last.at - timedelta(days=30)).isoformat(),
        "actor": "secretariat",
        "action": "custody",
        "target_type": "evidence",
        "target_id": "forged",
        "summary": "received in good order",
        "changes": {},
    }
    return (
        "INSERT INTO audit_auditentry (seq, at, actor_label, action, target_type, target_id, "
        "summary, changes, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            last.seq + 1,
            last.at - timedelta(days=30),
            "secretariat",
            "custody",
            "evidence",
            "forged",
            "received in good order",
            "{}",
            last.hash,
            chain.link(last.hash, body),
        ],
    )


CASES = {
    "a changed entry": (
        lambda: [("UPDATE audit_auditentry SET summary = 'x' WHERE seq = 3", [])],
        "BROKEN at entry 3",
    ),
    "a removed entry": (
        lambda: [("DELETE FROM audit_auditentry WHERE seq = 2", [])],
        "entry 2 is missing",
    ),
    "a cut tail": (
        lambda: [("DELETE FROM audit_auditentry WHERE seq > 4", [])],
        "the log was cut: a checkpoint signed",
    ),
    "an emptied log": (lambda: [("DELETE FROM audit_auditentry", [])], "the log was emptied"),
    "a whole chain recomputed": (
        lambda: _recompute_chain_from(2, summary="nothing happened here"),
        "rewritten",
    ),
    "a backdated entry": (lambda: [_backdated_entry()], "backdated"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_rewrite_is_named_against_the_log_s_own_checkpoint(entries, log_key, case, capsys):
    transparency.issue_checkpoint()
    assert cli.main(["audit", "verify"]) == 0
    statements, says = CASES[case]
    as_the_database_owner(*statements())
    capsys.readouterr()
    assert cli.main(["log", "verify"]) == 1
    out = capsys.readouterr().out
    assert says in out and "NOT intact" in out
    assert cli.main(["audit", "verify"]) == 1


@pytest.mark.parametrize("case", ["a cut tail", "an emptied log", "a whole chain recomputed"])
def test_checkpoints_deleted_too_are_caught_by_the_one_a_witness_kept(
    entries, log_key, witness, case, tmp_path, capsys
):
    """The forger also deletes the log's own checkpoints, and may sign a new one over the
    rewritten history (the key is on the server). The checkpoint the witness cosigned and
    kept still tells."""
    checkpoint = transparency.issue_checkpoint()
    kept = tmp_path / "witnessed.checkpoint"
    kept.write_text(cosigned(checkpoint, witness))
    statements, says = CASES[case]
    as_the_database_owner(
        *statements(),
        ("DELETE FROM audit_cosignature", []),
        ("DELETE FROM audit_checkpoint", []),
    )
    if AuditEntry.objects.exists():
        transparency.issue_checkpoint()  # a fresh head over the forged history
    capsys.readouterr()
    assert cli.main(["log", "verify", "--checkpoint", str(kept)]) == 1
    out = capsys.readouterr().out
    assert "against the checkpoint given" in out and says in out


def test_a_kept_checkpoint_of_an_honest_log_verifies(entries, log_key, witness, tmp_path, capsys):
    checkpoint = transparency.issue_checkpoint()
    kept = tmp_path / "witnessed.checkpoint"
    kept.write_text(cosigned(checkpoint, witness))
    capsys.readouterr()
    assert (
        cli.main(["log", "verify", "--checkpoint", str(kept), "--key", str(log_key.verifier)]) == 0
    )
    out = capsys.readouterr().out
    assert f"holds the {checkpoint.size} entries of the checkpoint given, unchanged" in out
    assert "cosigned by witness.ngo.test" in out


def test_the_log_refuses_to_sign_over_its_own_rewritten_history(entries, log_key):
    transparency.issue_checkpoint()
    as_the_database_owner(*_recompute_chain_from(2, summary="nothing happened here"))
    with pytest.raises(transparency.LogProblem, match="rewritten"):
        transparency.issue_checkpoint()


# ---- cosignatures --------------------------------------------------------------------------


def test_a_known_witness_s_cosignature_is_kept_and_published(entries, log_key, witness):
    checkpoint = transparency.issue_checkpoint()
    stored = transparency.accept_cosignatures(cosigned(checkpoint, witness))
    assert [(c.witness, c.cosigned_at) for c in stored] == [("witness.ngo.test", 1_790_000_000)]
    _head, verified = open_checkpoint(
        transparency.published(checkpoint), log_key.verifier, (witness.verifier,)
    )
    assert [v.timestamp for v in verified] == [None, 1_790_000_000]
    assert len(transparency.accept_cosignatures(cosigned(checkpoint, witness))) == 1  # once
    assert Cosignature.objects.count() == 1


def test_cosignatures_of_strangers_or_of_other_checkpoints_are_refused(entries, log_key, witness):
    checkpoint = transparency.issue_checkpoint()
    stranger = Signer.generate("stranger.test", COSIGNATURE_V1)
    with pytest.raises(transparency.LogProblem, match="no cosignature of a witness"):
        transparency.accept_cosignatures(cosigned(checkpoint, stranger))
    other = Note.parse(checkpoint.note).text.replace(f"\n{checkpoint.size}\n", "\n999\n")
    with pytest.raises(transparency.LogProblem, match="issued no checkpoint"):
        transparency.accept_cosignatures(other + "\n" + witness.signature_line(other, 1))
    with pytest.raises(transparency.LogProblem, match="not a cosigned checkpoint"):
        transparency.accept_cosignatures("garbage")


# ---- the API and the witness over HTTP -------------------------------------------------------


def test_the_api_serves_checkpoints_proofs_and_takes_cosignatures(
    entries, log_key, witness, client
):
    assert client.get("/api/log/checkpoint").status_code == 404
    checkpoint = transparency.issue_checkpoint()
    text = client.get("/api/log/checkpoint").content.decode()
    assert text == checkpoint.note
    assert client.get("/api/log/key").content.decode().strip() == str(log_key.verifier)
    inc = client.get("/api/log/proof/inclusion", {"seq": 2, "size": checkpoint.size}).json()
    entry = AuditEntry.objects.get(seq=2)
    merkle.verify_inclusion(
        1,
        checkpoint.size,
        transparency.leaf_of(2, entry.hash),
        [bytes.fromhex(h) for h in inc["proof"]],
        bytes.fromhex(checkpoint.root),
    )
    assert (
        inc["leaf_hash"]
        == hashlib.sha256(b"\x00" + f"shield-audit/v1\n2\n{entry.hash}\n".encode()).hexdigest()
    )
    bad = client.get("/api/log/proof/inclusion", {"seq": 10_000})
    assert bad.status_code == 422 and "not in a tree" in bad.json()["error"]
    posted = client.post(
        "/api/log/cosignatures", cosigned(checkpoint, witness), content_type="text/plain"
    )
    assert (
        posted.status_code == 201 and posted.json()["accepted"][0]["witness"] == "witness.ngo.test"
    )
    assert "witness.ngo.test" in client.get("/api/log/checkpoint").content.decode()
    listed = client.get("/api/log/checkpoints").json()
    assert listed[0]["size"] == checkpoint.size and listed[0]["cosigners"][0]["witness"]
    refused = client.post("/api/log/cosignatures", b"\xff\xfe", content_type="text/plain")
    assert refused.status_code == 422 and "UTF-8" in refused.json()["error"]


def test_a_witness_on_its_own_machine_cosigns_a_growing_log_and_refuses_a_forked_one(
    users, entries, log_key, witness, live_server, tmp_path, capsys
):
    key_file = tmp_path / "witness.key"
    key_file.write_text(witness.skey())
    state = tmp_path / "witness-state.json"
    args = [
        "log",
        "witness",
        live_server.url,
        "--key",
        str(key_file),
        "--log-key",
        str(log_key.verifier),
        "--state",
        str(state),
    ]

    transparency.issue_checkpoint()
    assert cli.main(args) == 0
    first = json.loads(state.read_text())
    assert Cosignature.objects.filter(checkpoint__size=first["size"]).exists()

    services.create_property(users["admin"], record("log:grown"))
    transparency.issue_checkpoint()  # the log grew
    assert cli.main(args) == 0
    assert json.loads(state.read_text())["size"] > first["size"]

    # The owner rewrites history, deletes the log's checkpoints and signs a new head.
    as_the_database_owner(
        *_recompute_chain_from(2, summary="nothing happened here"),
        ("DELETE FROM audit_cosignature", []),
        ("DELETE FROM audit_checkpoint", []),
    )
    services.create_property(users["admin"], record("log:after"))
    forged = transparency.issue_checkpoint()
    capsys.readouterr()
    assert cli.main(args) == 1
    said = capsys.readouterr().err
    assert "not consistent with the checkpoint" in said and "witness" in said
    assert not Cosignature.objects.filter(checkpoint=forged).exists()


def test_a_witness_the_log_does_not_know_is_told_its_cosignature_was_not_kept(
    users, entries, log_key, witness, live_server, tmp_path, capsys
):
    """The published note already carries a known witness's cosignature: the log keeps that
    one again and drops the stranger's. The stranger must hear so, not "cosigned"."""
    checkpoint = transparency.issue_checkpoint()
    transparency.accept_cosignatures(cosigned(checkpoint, witness))
    stranger = Signer.generate("stranger.ngo.test", COSIGNATURE_V1)
    key_file = tmp_path / "stranger.key"
    key_file.write_text(stranger.skey())
    args = ["log", "witness", live_server.url, "--key", str(key_file)]
    args += ["--log-key", str(log_key.verifier), "--state", str(tmp_path / "s.json")]
    capsys.readouterr()
    assert cli.main(args) == 1
    assert "did not keep this witness's cosignature" in capsys.readouterr().err
    assert not Cosignature.objects.filter(witness="stranger.ngo.test").exists()
    assert not (tmp_path / "s.json").exists()


# ---- the page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, says", [("en", "Checkpoints and their witnesses"), ("nb", "Kontrollpunkter og vitnene")]
)
def test_the_log_page_shows_the_timeline_of_heads_and_their_witnesses(
    entries, log_key, witness, client, lang, says
):
    empty = client.get("/log/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert 'id="no-checkpoint"' in empty
    checkpoint = transparency.issue_checkpoint()
    transparency.accept_cosignatures(cosigned(checkpoint, witness))
    page = client.get("/log/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert says in page and str(log_key.verifier) in page
    assert "witness.ngo.test" in page and checkpoint.root[:16] in page
    assert Note.parse(checkpoint.note).text.splitlines()[0] in page


@pytest.mark.browser
def test_the_log_page_fits_a_phone(entries, log_key, witness, browser, live_server):
    checkpoint = transparency.issue_checkpoint()
    transparency.accept_cosignatures(cosigned(checkpoint, witness))
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/log/")
    width = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    right = browser.execute_script(
        "return Math.max(...['checkpoint', 'checkpoints', 'log-key'].map("
        "id => document.getElementById(id).getBoundingClientRect().right))"
    )
    assert right <= width
