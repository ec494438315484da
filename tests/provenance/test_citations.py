"""The instruments the provenance app cites by label: resolution 76/16, the 1970 Convention,
the First Protocol, beside the Second Protocol's provisions on occupation and suppression."""

from __future__ import annotations

import pytest

from shield.treaty import cite
from shield.treaty.citations import CitationError
from shield.treaty.provisions import provision
from shield.treaty.refusals import KINDS, refusal
from shield.treaty.trafficking import CIRCUMSTANCE_PROVISIONS, LEGAL_BASES


def test_labels_in_both_languages_and_no_text():
    c = provision("resolution.export_certificate")
    assert c.label("en") == "UNGA res. 76/16 para. 31"
    assert c.label("nb") == "FNs generalforsamlings resolusjon 76/16 nr. 31"
    assert c.text("en") is None and c.heading("nb") is None
    assert provision("unesco_1970.return").label("nb") == "1970-konvensjonen art. 7"
    assert provision("first_protocol.return").label("en") == "First Protocol para. 3"


def test_numbers_outside_an_instrument_are_refused():
    with pytest.raises(CitationError, match="has no"):
        cite("1970 Convention 27")
    with pytest.raises(CitationError, match="has no"):
        cite("First Protocol 16")
    with pytest.raises(CitationError):
        cite("Resolution 76/16 3 extra")


def test_protocol_citations_unchanged():
    assert cite("9(1)(a)").label("nb") == "art. 9 nr. 1 bokstav a)"
    assert cite("Convention Art. 18").label("en") == "Convention Art. 18"
    assert cite("21(b)").text("en").startswith("b. any illicit export")


def test_every_circumstance_and_basis_cites_an_existing_provision():
    for text in [*CIRCUMSTANCE_PROVISIONS.values(), *LEGAL_BASES.values()]:
        cite(text)


def test_the_export_refusal_names_object_and_provisions():
    assert "provenance.export_of_registered_loss" in KINDS
    r = refusal(
        "provenance.export_of_registered_loss",
        object="Icon",
        number="SR-2026-0001",
        stage={"en": "reported", "nb": "meldt"},
    )
    assert r.labels("en") == ("Art. 21(b)", "UNGA res. 76/16 para. 31")
    assert "SR-2026-0001, meldt" in r.message("nb")


def test_the_api_vocabularies_are_the_apps():
    from typing import get_args

    from shield.provenance import schemas, vocab

    assert list(get_args(schemas.Circumstance)) == vocab.codes(vocab.CIRCUMSTANCES)
    assert list(get_args(schemas.Status)) == vocab.codes(vocab.STATUSES)
    assert list(get_args(schemas.RedList)) == vocab.codes(vocab.RED_LIST_CATEGORIES)
