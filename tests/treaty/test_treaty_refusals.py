"""Refusals, provisions and the Norwegian citation forms of the seed text."""

from __future__ import annotations

import pytest

from shield import treaty
from shield.treaty import refusals
from shield.treaty.citations import Citation, CitationError
from shield.treaty.provisions import PROVISIONS, provision


@pytest.mark.parametrize(
    "text, labels",
    [
        ("artikkel 18 og 19 i konvensjonen", ["Convention Art. 18", "Convention Art. 19"]),
        (
            "artikkel 15 nr. 1 bokstav a) til c)",
            ["Art. 15(1)(a)", "Art. 15(1)(b)", "Art. 15(1)(c)"],
        ),
        ("artikkel 15 bokstav a) til c)", ["Art. 15(1)(a)", "Art. 15(1)(b)", "Art. 15(1)(c)"]),
        ("artikkel 10 bokstav a) og c)", ["Art. 10(a)", "Art. 10(c)"]),
        ("artikkel 4 i konvensjonen", ["Convention Art. 4"]),
        ("artiklene 10 og 11", ["Art. 10", "Art. 11"]),
        ("artikkel 5, artikkel 10 bokstav b) og artikkel 30", ["Art. 5", "Art. 10(b)", "Art. 30"]),
        ("Arts. 5-9", ["Art. 5", "Art. 6", "Art. 7", "Art. 8", "Art. 9"]),
        ("Art. 15(1)(a)-(c)", ["Art. 15(1)(a)", "Art. 15(1)(b)", "Art. 15(1)(c)"]),
        ("Art. 11(2), (3) and (5)", ["Art. 11(2)", "Art. 11(3)", "Art. 11(5)"]),
        ("Convention Arts. 18, 19", ["Convention Art. 18", "Convention Art. 19"]),
    ],
)
def test_parse_many_reads_the_seed_forms(text, labels):
    assert [c.label("en") for c in Citation.parse_many(text)] == labels


def test_every_norwegian_form_in_the_seed_parses():
    """Each 'artikkel N ...' reference of the Norwegian text (as the product ships it, from the
    seed) reads as citations that exist."""
    import re
    from importlib import resources

    text = resources.files("shield.treaty").joinpath("data", "protocol_nb.json").read_text("utf-8")
    refs = re.findall(
        r"(?:artikkel|artiklene) [0-9]+(?: nr\. [0-9]+)?(?: bokstav [a-z]\))?"
        r"(?: (?:og|til) (?:[0-9]+|[a-z]\)))?(?: i konvensjonen)?",
        text,
    )
    assert len(refs) > 40
    for ref in refs:
        if (
            re.search(r"artikkel (?:102|5[0-9]|[6-9][0-9]) ", ref + " ")
            and "konvensjonen" not in ref
        ):
            continue  # the UN Charter's Art. 102 and other treaties' articles
        try:
            Citation.parse_many(ref)
        except CitationError as exc:
            if "konvensjonen" not in ref:
                raise AssertionError(f"{ref!r}: {exc}") from None


def test_a_range_must_stay_within_one_level():
    with pytest.raises(CitationError):
        Citation.parse_many("Art. 15(1)(a) to Art. 16(1)(b)")


def test_every_provision_key_names_a_provision_that_exists():
    for key in PROVISIONS:
        c = provision(key)
        assert c.label("en") and c.label("nb")
    with pytest.raises(KeyError, match="no provision is known"):
        provision("no.such.key")


def test_a_refusal_renders_both_languages_with_their_label_forms():
    kind = refusals.KINDS.get("test.example") or refusals.declare(
        "test.example",
        ("11(5)", "Convention 18"),
        "{state} is late for [[11(5)]] on {on}",
        "{state} er for sent ute etter [[11(5)]] {on}",
        status=409,
    )
    r = refusals.refusal(
        kind.code, state={"en": "Italy (ITA)", "nb": "Italia (ITA)"}, on="2020-01-01"
    )
    assert r.reason_in("en") == "Italy (ITA) is late for Art. 11(5) on 2020-01-01"
    assert r.reason_in("nb") == "Italia (ITA) er for sent ute etter art. 11 nr. 5 2020-01-01"
    assert r.labels("nb") == ("art. 11 nr. 5", "konvensjonen art. 18")
    body = r.as_dict("nb")
    assert body["code"] == "test.example" and body["citations"] == [
        "art. 11 nr. 5",
        "konvensjonen art. 18",
    ]
    assert body["errors"][0]["field"] == "request" and "Art." not in body["error"]
    assert r.finding().citations == kind.citations


def test_refusal_declarations_are_checked():
    with pytest.raises(CitationError):
        refusals.declare("test.bad_citation", "11(12)", "x", "x")
    with pytest.raises(ValueError, match="reason in 'nb'"):
        refusals.declare("test.no_nb", "11(5)", "x", " ")
    same = refusals.declare("test.twice", "11(5)", "late", "for sent")
    assert refusals.declare("test.twice", "11(5)", "late", "for sent") == same  # a module reloaded
    with pytest.raises(ValueError, match="declared twice, differently"):
        refusals.declare("test.twice", "11(5)", "too late", "for sent")
    with pytest.raises(LookupError, match="no refusal is declared"):
        refusals.refusal("test.never_declared")


def test_every_declared_refusal_renders_in_both_languages():
    """Every kind the package declares renders with placeholder values in en and nb, and its
    Norwegian reason uses the Norwegian label form."""
    import string

    assert treaty.refusals.KINDS
    for kind in list(refusals.KINDS.values()):
        names = {f for _, f, _, _ in string.Formatter().parse(kind.en + kind.nb) if f}
        r = refusals.Refused(kind, {n: "X" for n in names})
        assert r.reason_in("en").strip() and r.reason_in("nb").strip()
        assert "Art." not in r.reason_in("nb"), (kind.code, r.reason_in("nb"))


def test_every_named_reading_is_on_the_readings_page_in_both_languages():
    from shield.treaty.readings import all_readings

    readings = all_readings()
    keys = {r.key for r in readings}
    assert {
        "calendar.MONTH_END_RULE",
        "votes.PRESENT_AND_VOTING_READING",
        "status.ART44_READING",
    } <= keys
    missing = [r.key for r in readings if not r.text["nb"]]
    assert not missing, (
        f"readings without a Norwegian text in shield.treaty.readings.NORWEGIAN: {missing}"
    )
    for r in readings:
        assert r.citations, r.key
        assert "Art." not in r.text["nb"], r.key


def test_a_refusal_survives_pickling():
    """An import's worker processes send their errors back to the parent by pickle."""
    import pickle

    kind = refusals.KINDS.get("test.example") or refusals.declare(
        "test.example",
        ("11(5)", "Convention 18"),
        "{state} late for [[11(5)]] on {on}",
        "{state} for sent etter [[11(5)]] {on}",
    )
    r = refusals.refusal(
        kind.code, field="x", state={"en": "Italy", "nb": "Italia"}, on="2020-01-01"
    )
    back = pickle.loads(pickle.dumps(r))
    assert (back.code, back.field, back.reason, back.status) == (
        r.code,
        r.field,
        r.reason,
        r.status,
    )
