"""Checklists: Art. 6 waiver and Art. 13(2) attack on enhanced protection."""

from __future__ import annotations

from itertools import product

import pytest

from shield.treaty.necessity import enhanced_protection_attack, military_necessity_waiver


def _statuses(found) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.labels()[0]: p.result for p in found.parts}


def test_waiver_for_an_attack_all_met() -> None:
    found = military_necessity_waiver(
        "attack",
        made_military_objective_by_function=True,
        no_feasible_alternative=True,
        decided_by_battalion_commander_or_higher=True,
        advance_warning_given=True,
    )
    assert found.result == "met"
    assert list(_statuses(found)) == ["Art. 6(a)(i)", "Art. 6(a)(ii)", "Art. 6(c)", "Art. 6(d)"]


def test_waiver_smaller_force_and_no_warning_when_circumstances_did_not_permit() -> None:
    found = military_necessity_waiver(
        "attack",
        True,
        True,
        decided_by_battalion_commander_or_higher=False,
        circumstances_did_not_permit_higher_decision=True,
        advance_warning_given=False,
        circumstances_did_not_permit_warning=True,
    )
    assert found.result == "met"
    unclear = military_necessity_waiver(
        "attack",
        True,
        True,
        decided_by_battalion_commander_or_higher=False,
        advance_warning_given=True,
    )
    assert unclear.result == "unknown" and _statuses(unclear)["Art. 6(c)"] == "unknown"
    refused = military_necessity_waiver("attack", True, True, None, False, False, True)
    assert refused.result == "missing"


def test_waiver_for_use_checks_6_b_not_6_a_or_6_d() -> None:
    found = military_necessity_waiver(
        "use", no_choice_of_other_method=True, decided_by_battalion_commander_or_higher=True
    )
    assert found.result == "met" and list(_statuses(found)) == ["Art. 6(b)", "Art. 6(c)"]
    with pytest.raises(ValueError, match="purpose"):
        military_necessity_waiver("occupy")  # type: ignore[arg-type]


def test_missing_beats_unknown_and_unknown_beats_met() -> None:
    found = military_necessity_waiver("attack", made_military_objective_by_function=False)
    assert found.result == "missing" and "Art. 6(a)(i)" in found.reason_in("en")
    assert military_necessity_waiver("attack", True, True, None, True).result == "unknown"


@pytest.mark.parametrize("values", list(product([True, False, None], repeat=4)))
def test_overall_rule_over_all_combinations(values: tuple[bool | None, ...]) -> None:
    a, b, c, d = values
    found = military_necessity_waiver("attack", a, b, None, c, None, d, None)
    statuses = list(_statuses(found).values())
    if "missing" in statuses:
        assert found.result == "missing"
    elif "unknown" in statuses:
        assert found.result == "unknown"
    else:
        assert found.result == "met"


def test_enhanced_protection_attack_all_conditions() -> None:
    found = enhanced_protection_attack(True, True, True, False, True, True, True)
    assert found.result == "met"
    assert list(_statuses(found)) == [
        "Art. 13(1)(b)",
        "Art. 13(2)(a)",
        "Art. 13(2)(b)",
        "Art. 13(2)(c)(i)",
        "Art. 13(2)(c)(ii)",
        "Art. 13(2)(c)(iii)",
    ]
    no_warning = enhanced_protection_attack(True, True, True, False, True, False, True)
    assert no_warning.result == "missing" and "Art. 13(2)(c)(ii)" in no_warning.reason_in("en")


def test_immediate_self_defence_waives_c_only() -> None:
    found = enhanced_protection_attack(True, True, True, immediate_self_defence=True)
    assert found.result == "met"
    assert "not required" in found.parts[3].reason_in("en")
    still = enhanced_protection_attack(True, False, True, immediate_self_defence=True)
    assert still.result == "missing"
    not_objective = enhanced_protection_attack(False, True, True, True)
    assert not_objective.result == "missing"


def test_unknown_self_defence_leaves_c_unknown_unless_met() -> None:
    found = enhanced_protection_attack(True, True, True, immediate_self_defence=None)
    assert found.result == "unknown"
    met = enhanced_protection_attack(True, True, True, None, True, True, True)
    assert met.result == "met"
    assert enhanced_protection_attack().result == "unknown"
