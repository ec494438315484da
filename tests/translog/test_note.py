"""Signed notes, checkpoints and cosignatures in the C2SP formats, checked against the
published example of golang.org/x/mod/sumdb/note (its keys and its signed note) and against
the key IDs of other implementations' published keys."""

from __future__ import annotations

import pytest

from shield.translog import merkle
from shield.translog.note import (
    COSIGNATURE_V1,
    Checkpoint,
    Note,
    NoteError,
    Signer,
    Verifier,
    open_checkpoint,
    sign,
)

PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
SIGNED = (
    TEXT + "\n\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def test_the_published_note_signs_and_verifies_byte_for_byte():
    signer = Signer.parse(PETER_SKEY)
    assert str(signer.verifier) == PETER_VKEY
    assert signer.skey() == PETER_SKEY
    assert sign(TEXT, signer) == SIGNED  # Ed25519 is deterministic
    verified = Note.parse(SIGNED).verify(Verifier.parse(PETER_VKEY))
    assert [v.verifier.name for v in verified] == ["PeterNeumann"]
    with pytest.raises(NoteError, match="does not verify"):
        Note.parse(SIGNED.replace("cryptography", "cryptographY")).verify(
            Verifier.parse(PETER_VKEY)
        )


@pytest.mark.parametrize(
    "vkey",
    [
        "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop",
        "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
    ],
)
def test_other_implementations_keys_are_read_and_written_back(vkey):
    assert str(Verifier.parse(vkey)) == vkey


@pytest.mark.parametrize(
    "bad, says",
    [
        ("PeterNeumann+c74f20a3", "a verifier key is"),
        (
            "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
            "not that of the key",
        ),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lowercase"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "without spaces"),
        ("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!", "base64"),
        ("PeterNeumann+c74f20a3+AQI=", "Ed25519"),
    ],
)
def test_a_bad_key_is_refused_with_the_reason(bad, says):
    with pytest.raises(NoteError, match=says):
        Verifier.parse(bad)


def test_a_checkpoint_signed_by_the_log_and_cosigned_by_witnesses():
    tree = merkle.Tree([merkle.leaf_hash(str(i).encode()) for i in range(11)])
    log = Signer.generate("heritage-shield.example/log")
    witness = Signer.generate("witness.example", COSIGNATURE_V1)
    other = Signer.generate("elsewhere.example")  # a key the reader does not know
    body = Checkpoint(log.name, 11, tree.root()).text()
    note = sign(body, log) + other.signature_line(body)
    cosigned = Note.parse(note).with_lines(witness.signature_line(body, timestamp=1_790_000_000))
    checkpoint, verified = open_checkpoint(cosigned, log.verifier, (witness.verifier,))
    assert (checkpoint.origin, checkpoint.size, checkpoint.root) == (log.name, 11, tree.root())
    assert [(v.verifier.name, v.timestamp) for v in verified] == [
        (log.name, None),
        ("witness.example", 1_790_000_000),
    ]
    # A cosignature moved to another time no longer verifies.
    forged = cosigned.replace(
        witness.signature_line(body, 1_790_000_000), witness.signature_line(body, 1_790_000_000)
    )
    assert forged == cosigned  # deterministic
    with pytest.raises(NoteError, match="not signed by the log"):
        open_checkpoint(sign(body, other), log.verifier)
    with pytest.raises(NoteError, match="not of"):
        open_checkpoint(sign(Checkpoint("another/log", 11, tree.root()).text(), log), log.verifier)


@pytest.mark.parametrize(
    "note, says",
    [
        ("no signatures\n", "blank line"),
        ("text\n\n- name AAAA\n", "em dash"),
        ("text\n\n\u2014 name QUFBQUFB", "newline"),
        ("text\n\n\u2014 name !!!!\n", "base64"),
        ("text\n\n\u2014 name QUFB\n", "too short"),
        ("a\x07b\n\n\u2014 name QUFBQUFB\n", "control character"),
    ],
)
def test_a_malformed_note_is_refused_with_the_reason(note, says):
    with pytest.raises(NoteError, match=says):
        Note.parse(note)


@pytest.mark.parametrize(
    "text, says",
    [
        ("log\n11\n", "one per line"),
        ("log\n011\nAAAA\n", "whole number"),
        ("log\n11\nAAAA\n", "32 bytes"),
        (" log\n11\n" + "A" * 43 + "=\n", "names its log"),
    ],
)
def test_a_malformed_checkpoint_is_refused(text, says):
    with pytest.raises(NoteError, match=says):
        Checkpoint.parse(text)


def test_a_key_that_signs_twice_fails_the_note():
    log = Signer.generate("log")
    body = Checkpoint("log", 0, merkle.EMPTY_ROOT).text()
    twice = sign(body, log) + log.signature_line(body)
    with pytest.raises(NoteError, match="twice"):
        Note.parse(twice).verify(log.verifier)
