"""Serious violations and jurisdiction: what may apply, never a verdict."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shield.treaty.offences import (
    Act,
    Incident,
    Protection,
    analyse_incident,
    cooperation_duties,
    jurisdiction_bases,
    non_party_national_limit,
    offence_analysis,
)

PARTIES = frozenset({"Territory", "Home", "Refuge"})
BASE = Incident(
    Act.ATTACK,
    Protection.ENHANCED,
    intentional=True,
    in_violation=True,
    territory_state="Territory",
    offender_nationality="Home",
    offender_present_in="Refuge",
    parties=PARTIES,
)


def _applies(incident: Incident) -> set[str]:
    return {s for s, v in offence_analysis(incident).result.items() if v == "may apply"}


@pytest.mark.parametrize(
    ("act", "protection", "expected"),
    [
        (Act.ATTACK, Protection.ENHANCED, {"a", "d"}),
        (Act.ATTACK, Protection.PROVISIONAL_ENHANCED, {"a", "d"}),
        (Act.ATTACK, Protection.GENERAL, {"d"}),
        (Act.ATTACK, Protection.SPECIAL, {"d"}),
        (Act.ATTACK, Protection.NONE, set()),
        (Act.USE_IN_SUPPORT_OF_MILITARY_ACTION, Protection.ENHANCED, {"b"}),
        (Act.USE_IN_SUPPORT_OF_MILITARY_ACTION, Protection.GENERAL, set()),
        (Act.EXTENSIVE_DESTRUCTION, Protection.GENERAL, {"c"}),
        (Act.APPROPRIATION, Protection.ENHANCED, {"c"}),
        (Act.THEFT, Protection.GENERAL, {"e"}),
        (Act.PILLAGE, Protection.SPECIAL, {"e"}),
        (Act.MISAPPROPRIATION, Protection.GENERAL, {"e"}),
        (Act.VANDALISM, Protection.ENHANCED, {"e"}),
        (Act.VANDALISM, Protection.NONE, set()),
    ],
)
def test_which_offences_may_apply(act: Act, protection: Protection, expected: set[str]) -> None:
    incident = replace(BASE, act=act, protection=protection)
    assert _applies(incident) == expected
    found = offence_analysis(incident)
    for sub in expected:
        assert f"Art. 15(1)({sub})" in found.labels()


def test_intent_and_violation_are_required_and_unknowns_stay_unknown() -> None:
    unknown = offence_analysis(replace(BASE, intentional=None))
    assert unknown.result["a"] == unknown.result["d"] == "unknown"
    assert unknown.parts[0].reason_in("en").startswith("may constitute")
    assert "not yet established" in unknown.parts[0].reason_in("en")
    no_intent = offence_analysis(replace(BASE, in_violation=False))
    assert set(no_intent.result.values()) == {"does not appear to apply"}


def test_jurisdiction_bases_16_1() -> None:
    found = jurisdiction_bases(BASE)
    assert found.result == {
        "Territory": ("16(1)(a)",),
        "Home": ("16(1)(b)",),
        "Refuge": ("16(1)(c)",),
    }
    # presence is a basis for 15(1)(a)-(c) only
    theft = jurisdiction_bases(replace(BASE, act=Act.THEFT, protection=Protection.GENERAL))
    assert "Refuge" not in theft.result
    # a non-Party has no duty under the Protocol
    outside = jurisdiction_bases(replace(BASE, parties=frozenset({"Home"})))
    assert outside.result == {"Home": ("16(1)(b)",)}
    same = jurisdiction_bases(replace(BASE, offender_present_in="Territory"))
    assert same.result["Territory"] == ("16(1)(a)", "16(1)(c)")


def test_non_party_nationals_16_2_b() -> None:
    stranger = replace(BASE, offender_nationality="Outsider")
    assert non_party_national_limit(stranger).result is None  # armed forces unknown
    assert (
        non_party_national_limit(replace(stranger, offender_in_party_armed_forces=False)).result
        is True
    )
    assert (
        non_party_national_limit(replace(stranger, offender_in_party_armed_forces=True)).result
        is False
    )
    accepting = replace(stranger, accepting_states=frozenset({"Outsider"}))
    assert non_party_national_limit(accepting).result is False
    assert non_party_national_limit(BASE).result is False
    assert non_party_national_limit(replace(BASE, offender_nationality=None)).result is None


def test_prosecute_or_extradite_extradition_and_refusal() -> None:
    duties = cooperation_duties(BASE)
    assert set(duties.result) == {"17", "18", "19", "20(1)", "20(2)"}
    assert "Refuge" in duties.result["17"]
    assert duties.result["20(2)"] == "unknown"
    persecuted = cooperation_duties(replace(BASE, persecution_grounds=True))
    assert persecuted.result["20(2)"] == "may be refused"
    theft = cooperation_duties(replace(BASE, act=Act.THEFT, protection=Protection.GENERAL))
    assert set(theft.result) == {"19", "20(2)"}  # (e): no 17, 18, 20(1) extradition duties
    nothing = cooperation_duties(replace(BASE, protection=Protection.NONE))
    assert nothing.result == {}


def test_the_whole_analysis_is_worded_as_may() -> None:
    found = analyse_incident(BASE)
    assert set(found.result) == {"offences", "jurisdiction", "non_party_limit", "cooperation"}
    for f in found.walk():
        assert " is an offence" not in f.reason_in("en")
        assert "constitutes" not in f.reason_in("en")
    assert "not a verdict" in found.parts[0].reason_in("en")


@given(
    st.sampled_from(list(Act)),
    st.sampled_from(list(Protection)),
    st.sampled_from([True, False, None]),
    st.sampled_from([True, False, None]),
)
def test_every_incident_is_analysed_and_cited(
    act: Act, protection: Protection, intent: bool | None, violation: bool | None
) -> None:
    found = analyse_incident(
        replace(BASE, act=act, protection=protection, intentional=intent, in_violation=violation)
    )
    for f in found.walk():
        assert f.citations and f.reason_in("nb")
    if protection is Protection.NONE:
        assert _applies(replace(BASE, act=act, protection=protection)) == set()
