"""Protection derived from the law (shield.treaty.protection): general protection for any
cultural property, bound per State on a date from the registers, special and enhanced
protection from their histories, Art. 4(b), and the refusals of events the law does not allow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shield.registry import protection as registry_protection
from shield.treaty import protection as law
from shield.treaty.protection import Claim, Conflict, Event, PropertyFacts
from shield.treaty.refusals import KINDS, Refused
from shield.treaty.status import Instrument

FILLERS = [
    "BGR",
    "QAT",
    "BLR",
    "PAN",
    "LBY",
    "ARG",
    "NIC",
    "ESP",
    "SLV",
    "EGY",
    "PER",
    "LTU",
    "CRI",
    "GRC",
    "HRV",
    "SRB",
    "MKD",
    "CYP",
    "MEX",
    "AUT",
]
# The Protocol in force on 2001-04-20 (three months after the twentieth accession); Norway from 2010-04-04.
PROTOCOL = (
    *(Instrument(c, date(2001, 1, 1 + i), "accession") for i, c in enumerate(FILLERS)),
    Instrument("NOR", date(2010, 1, 4), "accession"),
)
# The Convention in force on 1955-04-05; Norway from 1961-12-19, the United States from 2009-06-13.
CONVENTION = (
    *(Instrument(c, date(1955, 1, 1 + i), "ratification") for i, c in enumerate(FILLERS[:5])),
    Instrument("NOR", date(1961, 9, 19), "accession"),
    Instrument("USA", date(2009, 3, 13), "ratification"),
)
REG = {"protocol_register": PROTOCOL, "convention_register": CONVENTION}


def on(facts: PropertyFacts, day: date, conflict: Conflict | None = None) -> law.ProtectionOn:
    return law.protection_on(facts, day, conflict=conflict, **REG).result


def labels(found) -> set[str]:
    return set(found.labels("en"))


def every_finding_is_cited_in_both_languages(found) -> None:
    for f in found.walk():
        assert f.citations, f.reason
        for lang in ("en", "nb"):
            assert f.reason_in(lang).strip()
            for c in f.citations:
                assert c.label(lang)
        assert "Art." not in f.reason_in("nb") and "Arts." not in f.reason_in("nb"), f.reason_in(
            "nb"
        )


# -- general protection ----------------------------------------------------------------------


@pytest.mark.parametrize("category", sorted(law.ART1_SUBPARAGRAPH))
def test_every_category_is_cultural_property_with_general_protection_and_no_event(category):
    found = law.protection_on(PropertyFacts(category, "NOR"), date(2020, 1, 1), **REG)
    assert found.result.levels == ("general",)
    assert found.result.is_cultural_property
    sub = law.ART1_SUBPARAGRAPH[category]
    assert f"Convention Art. 1({sub})" in labels(found.result.cultural_property)
    general = labels(found.result.general)
    assert {"Convention Art. 4", "Convention Art. 18", "Convention Art. 19", "Art. 3"} <= general
    assert {f"Art. {n}" for n in range(5, 10)} <= general
    every_finding_is_cited_in_both_languages(found)


def test_a_category_outside_the_convention_has_no_protection():
    found = law.protection_on(PropertyFacts("garden_gnome", "NOR"), date(2020, 1, 1), **REG)
    assert found.result.levels == () and found.result.general is None
    assert labels(found.result.cultural_property) == {"Convention Art. 1"}
    assert found.reason_in("en").endswith("no protection")


def test_general_protection_binds_each_state_from_the_day_it_is_bound():
    facts = PropertyFacts("monument", "NOR")
    before = on(facts, date(2010, 4, 3)).bindings[0]
    after = on(facts, date(2010, 4, 4)).bindings[0]
    assert (before.state, before.convention, before.protocol) == ("NOR", True, False)
    assert (after.convention, after.protocol) == (True, True)
    assert on(facts, date(2010, 4, 3)).levels == ("general",)  # the level is the law's either way
    early = on(facts, date(1961, 12, 18)).bindings[0]
    assert (early.convention, early.protocol) == (False, False) and not early.bound


def test_the_states_concerned_are_the_inventory_state_and_the_claims_in_force_that_day():
    facts = PropertyFacts(
        "monument",
        "NOR",
        claims=(
            Claim("USA", "control", date(2009, 1, 1), date(2012, 12, 31)),
            Claim("AUT", "claimant", date(2015, 1, 1)),
        ),
    )
    assert [b.state for b in on(facts, date(2008, 12, 31)).bindings] == ["NOR"]
    in_2010 = on(facts, date(2010, 6, 1))
    assert [b.state for b in in_2010.bindings] == ["NOR", "USA"]
    assert in_2010.bound("convention") == ("NOR", "USA") and in_2010.bound("protocol") == ("NOR",)
    assert [b.state for b in on(facts, date(2012, 12, 31)).bindings] == [
        "NOR",
        "USA",
    ]  # last day included
    assert [b.state for b in on(facts, date(2013, 1, 1)).bindings] == ["NOR"]
    assert [b.state for b in on(facts, date(2016, 1, 1)).bindings] == ["NOR", "AUT"]


def test_the_parties_to_a_conflict_are_concerned_too():
    facts = PropertyFacts("museum", "NOR")
    found = on(facts, date(2011, 1, 1), Conflict(("NOR", "USA")))
    assert [b.state for b in found.bindings] == ["NOR", "USA"]
    usa = found.bindings[1]
    assert (usa.convention, usa.protocol, usa.respect_minimum) == (True, False, False)


def test_the_art19_minimum_binds_a_party_to_a_non_international_conflict():
    facts = PropertyFacts("monument", "NOR")
    found = law.protection_on(
        facts, date(2011, 1, 1), conflict=Conflict(("NOR", "ZZZ"), international=False), **REG
    )
    group = found.result.bindings[1]
    assert group.state == "ZZZ" and not group.convention and not group.protocol
    assert group.respect_minimum and group.protocol_in_conflict and group.bound
    part = found.result.general.parts[1]
    assert {"Convention Art. 19(1)", "Convention Art. 4", "Art. 22(1)"} <= labels(part)
    every_finding_is_cited_in_both_languages(found)
    # The same party in an international conflict: bound only as far as it is itself bound.
    assert not on(facts, date(2011, 1, 1), Conflict(("NOR", "ZZZ"))).bindings[1].bound


# -- special and enhanced protection ---------------------------------------------------------

HISTORY = (
    Event("enhanced", "granted", date(2010, 11, 16), "decision 5.COM"),
    Event("enhanced", "suspended", date(2015, 1, 1), "decision 9.COM"),
    Event("enhanced", "restored", date(2016, 1, 1), "decision 10.COM"),
    Event("enhanced", "cancelled", date(2020, 1, 1), "decision 14.COM"),
)


@pytest.mark.parametrize(
    ("day", "levels", "status"),
    [
        (date(2010, 11, 15), ("general",), None),
        (date(2010, 11, 16), ("general", "enhanced"), "active"),
        (date(2015, 6, 1), ("general",), "suspended"),
        (date(2016, 1, 1), ("general", "enhanced"), "active"),
        (date(2021, 1, 1), ("general",), "cancelled"),
    ],
)
def test_enhanced_protection_is_a_history(day, levels, status):
    found = law.protection_on(PropertyFacts("monument", "NOR", events=HISTORY), day, **REG)
    assert found.result.levels == levels
    if status is None:
        assert "enhanced" not in found.result.history
    else:
        assert found.result.history["enhanced"].status == status
        cites = labels(found.result.by_level["enhanced"])
        assert cites == ({"Art. 11(10)"} if status == "active" else {"Art. 14(1)", "Art. 14(2)"})
    every_finding_is_cited_in_both_languages(found)


def test_special_protection_rests_on_the_convention():
    facts = PropertyFacts("refuge", "NOR", events=(Event("special", "granted", date(1978, 4, 22)),))
    found = on(facts, date(1990, 1, 1))
    assert found.levels == ("general", "special")
    assert labels(found.by_level["special"]) == {"Convention Art. 8"}
    assert found.art4b is None


@pytest.mark.parametrize("enhanced", ["enhanced", "provisional_enhanced"])
def test_art_4b_between_parties_only_enhanced_applies(enhanced):
    facts = PropertyFacts(
        "refuge",
        "NOR",
        events=(
            Event("special", "granted", date(1978, 4, 22)),
            Event(enhanced, "granted", date(2011, 1, 1)),
        ),
    )
    found = on(facts, date(2012, 1, 1))
    assert found.in_force == ("general", "special", enhanced)
    assert found.levels == ("general", enhanced)
    assert labels(found.art4b) == {"Art. 4(b)"}
    assert "High Contracting Party not bound by the Protocol" in found.art4b.reason_in("en")
    before = on(facts, date(2010, 12, 31))
    assert before.levels == ("general", "special") and before.art4b is None
    assert law.art_4b(("general", "special")).result == ("general", "special")


def test_recorded_general_grants_and_military_use_are_kept_but_not_read():
    facts = PropertyFacts(
        "monument",
        "NOR",
        events=(
            Event("general", "granted", date(2004, 3, 9)),
            Event("enhanced", "granted", date(2019, 12, 12)),
            Event("enhanced", "lost_military_use", date(2022, 4, 2)),
            Event("enhanced", "regained", date(2022, 5, 20)),
        ),
    )
    found = on(facts, date(2022, 4, 10))
    assert found.levels == ("general", "enhanced")  # use as a military objective changes no status
    assert [e.action for e, _why in found.ignored] == ["granted", "lost_military_use", "regained"]
    assert labels(found.ignored[0][1]) == {"Convention Art. 4", "Convention Art. 18", "Art. 3(1)"}
    assert labels(found.ignored[1][1]) == {"Art. 13(1)(b)", "Art. 14(1)", "Art. 14(2)"}
    assert law.levels_in_force("monument", facts.events, date(2022, 4, 10)).result == (
        "general",
        "enhanced",
    )
    assert (
        registry_protection.state_on(facts.events, date(2022, 4, 10))["enhanced"].status == "active"
    )


def test_levels_in_force_reads_no_register():
    events = (
        Event("special", "granted", date(1978, 4, 22)),
        Event("enhanced", "granted", date(2011, 1, 1)),
    )
    found = law.levels_in_force("archive", events, date(2012, 1, 1))
    assert found.result == ("general", "enhanced")
    assert "Art. 4(b)" in labels(found)
    assert law.levels_in_force("garden_gnome", events, date(2012, 1, 1)).result == ()


# -- refusals of events ----------------------------------------------------------------------


def refused(existing, new) -> Refused | None:
    return law.event_allowed(existing, new).result


def test_a_grant_of_general_protection_is_refused_with_its_law_in_both_languages():
    r = refused((), Event("general", "granted", date(2020, 1, 1)))
    assert (
        r.code == "protection.general_needs_no_grant"
        and r.status == 422
        and r.field == "protection"
    )
    assert r.labels("en") == ("Convention Art. 4", "Convention Art. 18", "Art. 3(1)")
    assert r.labels("nb") == ("konvensjonen art. 4", "konvensjonen art. 18", "art. 3 nr. 1")
    assert "Art." not in r.reason_in("nb") and "konvensjonen art. 1" in r.reason_in("nb")
    body = r.as_dict("nb")
    assert body["code"] == r.code and body["citations"] == list(r.labels("nb"))


@pytest.mark.parametrize("action", ["lost_military_use", "regained"])
def test_military_use_is_no_protection_event(action):
    r = refused(
        (Event("enhanced", "granted", date(2019, 1, 1)),),
        Event("enhanced", action, date(2020, 1, 1)),
    )
    assert r.code == "protection.military_use_is_no_event"
    assert r.labels("en") == ("Art. 13(1)(b)", "Art. 14(1)", "Art. 14(2)")


@pytest.mark.parametrize(
    ("existing", "new", "code", "cites"),
    [
        (
            (Event("enhanced", "granted", date(2010, 1, 1)),),
            Event("enhanced", "granted", date(2011, 1, 1)),
            "protection.enhanced.already_in_force",
            ("Art. 11(10)",),
        ),
        (
            (),
            Event("enhanced", "suspended", date(2011, 1, 1)),
            "protection.enhanced.not_in_force",
            ("Art. 14(1)", "Art. 14(2)"),
        ),
        (
            (Event("enhanced", "granted", date(2010, 1, 1)),),
            Event("enhanced", "restored", date(2011, 1, 1)),
            "protection.enhanced.not_suspended",
            ("Art. 14(1)", "Art. 14(2)"),
        ),
        (
            (),
            Event("provisional_enhanced", "cancelled", date(2011, 1, 1)),
            "protection.provisional_enhanced.nothing_to_cancel",
            ("Art. 14(1)", "Art. 14(2)"),
        ),
        (
            (Event("special", "granted", date(1978, 1, 1)),),
            Event("special", "granted", date(1979, 1, 1)),
            "protection.special.already_in_force",
            ("Convention Art. 8",),
        ),
    ],
)
def test_a_step_out_of_sequence_is_refused_with_a_code_per_level(existing, new, code, cites):
    r = refused(existing, new)
    assert r.code == code and r.labels("en") == cites
    assert new.effective_date.isoformat() in r.reason_in(
        "en"
    ) and new.effective_date.isoformat() in r.reason_in("nb")
    assert "Art." not in r.reason_in("nb")
    # the registry's check gives the same refusal, as its English message
    assert registry_protection.check_sequence(existing, new) == r.message("en")
    assert registry_protection.refusal_for(existing, new).code == code


def test_steps_that_follow_the_history_are_allowed():
    history = []
    for ev in HISTORY:
        assert refused(history, ev) is None, ev
        history.append(ev)
    assert (
        registry_protection.check_sequence(history, Event("enhanced", "granted", date(2021, 1, 1)))
        is None
    )


def test_every_protection_refusal_kind_is_declared_in_both_languages():
    codes = {c for c in KINDS if c.startswith("protection.")}
    assert {"protection.general_needs_no_grant", "protection.military_use_is_no_event"} <= codes
    for level in law.EVENT_LEVELS:
        for problem in ("already_in_force", "not_in_force", "not_suspended", "nothing_to_cancel"):
            assert f"protection.{level}.{problem}" in codes


# -- the readings ----------------------------------------------------------------------------


def test_the_readings_are_named_listed_and_in_norwegian():
    readme = (Path(law.__file__).parent / "README.md").read_text(encoding="utf-8")
    assert "`protection.CULTURAL_PROPERTY_READING`" in readme
    assert "`protection.ART19_MINIMUM_READING`" in readme
    from shield.treaty.readings import all_readings

    found = {r.key: r for r in all_readings()}
    for key in ("protection.CULTURAL_PROPERTY_READING", "protection.ART19_MINIMUM_READING"):
        assert found[key].text_in("nb") and "Art." not in found[key].text_in("nb")
    assert "Convention Art. 4" in {
        c.label() for c in found["protection.ART19_MINIMUM_READING"].citations
    }
