"""Checklists: the waiver of imperative military necessity (Art. 6) and an attack on
property under enhanced protection that has become a military objective (Art. 13(2)).

Each condition is 'met', 'missing' or 'unknown' (``True``, ``False``, ``None`` in the
input), with its own citation. The overall result is 'met' only if every condition is met;
'missing' if any is missing; otherwise 'unknown'. A checklist supports a legal adviser's
review; it is not an authorisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from shield.treaty.findings import Finding, Lang, finding, rule

Status = Literal["met", "missing", "unknown"]
Purpose = Literal["attack", "use"]


def _status(value: bool | None) -> Status:
    return "unknown" if value is None else ("met" if value else "missing")


def _either(done: bool | None, excused: bool | None) -> bool | None:
    """A duty met either by doing it or by circumstances that did not permit it."""
    if done or excused:
        return True
    if done is False and excused is False:
        return False
    return None


_WORDS = {
    "met": ("met", "oppfylt"),
    "missing": ("missing", "mangler"),
    "unknown": ("unknown", "ukjent"),
}


def _condition(value: bool | None, cite: str, en: str, nb: str) -> Finding[Status]:
    s = _status(value)
    return finding(s, cite, f"{_WORDS[s][0]}: {en}", f"{_WORDS[s][1]}: {nb}")


def _overall(
    parts: Sequence[Finding[Status]], cites: tuple[str, ...], what_en: str, what_nb: str
) -> Finding[Status]:
    results = [p.result for p in parts]
    overall: Status = (
        "missing" if "missing" in results else "unknown" if "unknown" in results else "met"
    )

    def listed(status: str, lang: Lang) -> str:
        return ", ".join(p.labels(lang)[0] for p in parts if p.result == status)

    if overall == "met":
        en, nb = f"every condition met: {what_en}", f"alle vilkår oppfylt: {what_nb}"
    elif overall == "missing":
        en = f"not allowed: condition(s) missing: {listed('missing', 'en')}"
        nb = f"ikke tillatt: vilkår mangler: {listed('missing', 'nb')}"
    else:
        en = f"cannot tell yet: condition(s) unknown: {listed('unknown', 'en')}"
        nb = f"kan ikke avgjøres ennå: ukjente vilkår: {listed('unknown', 'nb')}"
    return finding(overall, cites, en, nb, parts=tuple(parts))


@rule
def military_necessity_waiver(
    purpose: Purpose,
    made_military_objective_by_function: bool | None = None,
    no_feasible_alternative: bool | None = None,
    no_choice_of_other_method: bool | None = None,
    decided_by_battalion_commander_or_higher: bool | None = None,
    circumstances_did_not_permit_higher_decision: bool | None = None,
    advance_warning_given: bool | None = None,
    circumstances_did_not_permit_warning: bool | None = None,
) -> Finding[Status]:
    """Art. 6: may imperative military necessity be invoked to ``purpose`` ('attack': direct
    an act of hostility, Art. 6(a); 'use': use the property, Art. 6(b))?"""
    if purpose not in ("attack", "use"):
        raise ValueError(f"purpose: {purpose!r} is neither 'attack' nor 'use'")
    parts: list[Finding[Status]] = []
    if purpose == "attack":
        parts.append(
            _condition(
                made_military_objective_by_function,
                "Art. 6(a)(i)",
                "the property has, by its function, been made a military objective",
                "kulturverdien er ut fra sin funksjon gjort til et militært mål",
            )
        )
        parts.append(
            _condition(
                no_feasible_alternative,
                "Art. 6(a)(ii)",
                "no feasible alternative to obtain a similar military advantage",
                "intet gjennomførbart alternativ for en lignende militær fordel",
            )
        )
    else:
        parts.append(
            _condition(
                no_choice_of_other_method,
                "Art. 6(b)",
                "no choice possible between this use and another feasible method",
                "ikke mulig å velge mellom denne bruken og en annen gjennomførbar måte",
            )
        )
    level = _either(
        decided_by_battalion_commander_or_higher, circumstances_did_not_permit_higher_decision
    )
    parts.append(
        _condition(
            level,
            "Art. 6(c)",
            "decided by an officer commanding a battalion-size force or larger "
            "(or a smaller force where circumstances did not permit otherwise)",
            "besluttet av en offiser med kommando over minst en bataljon (eller "
            "en mindre styrke der omstendighetene ikke tillot annet)",
        )
    )
    if purpose == "attack":
        warned = _either(advance_warning_given, circumstances_did_not_permit_warning)
        parts.append(
            _condition(
                warned,
                "Art. 6(d)",
                "effective advance warning given (or circumstances did not permit)",
                "effektivt forhåndsvarsel gitt (eller omstendighetene tillot det ikke)",
            )
        )
    what_en = f"the waiver may be invoked ({'act of hostility' if purpose == 'attack' else 'use'})"
    what_nb = "tilsidesettelsen kan gjøres gjeldende"
    return _overall(parts, ("Art. 6", "Convention Art. 4"), what_en, what_nb)


@rule
def enhanced_protection_attack(
    became_military_objective_by_use: bool | None = None,
    only_feasible_means: bool | None = None,
    all_feasible_precautions: bool | None = None,
    immediate_self_defence: bool | None = False,
    ordered_at_highest_operational_level: bool | None = None,
    effective_advance_warning: bool | None = None,
    reasonable_time_given: bool | None = None,
) -> Finding[Status]:
    """Art. 13: may property under enhanced protection be attacked? Only while it has, by
    its use, become a military objective (13(1)(b)), and only if 13(2)(a), (b) and, unless
    immediate self-defence did not permit, (c)(i)-(iii) are all met."""
    parts = [
        _condition(
            became_military_objective_by_use,
            "Art. 13(1)(b)",
            "the property has, by its use, become a military objective",
            "kulturverdien har på grunn av sin bruk blitt et militært mål",
        ),
        _condition(
            only_feasible_means,
            "Art. 13(2)(a)",
            "the attack is the only feasible means of terminating that use",
            "angrep er den eneste gjennomførlige måten å gjøre slutt på bruken",
        ),
        _condition(
            all_feasible_precautions,
            "Art. 13(2)(b)",
            "all feasible precautions in the choice of means and methods",
            "alle mulige forholdsregler ved valg av angrepsmidler og -metoder",
        ),
    ]
    items = [
        (
            ordered_at_highest_operational_level,
            "Art. 13(2)(c)(i)",
            "ordered at the highest operational level of command",
            "ordre gitt på høyeste operative kommandonivå",
        ),
        (
            effective_advance_warning,
            "Art. 13(2)(c)(ii)",
            "effective advance warning to the opposing forces to terminate the use",
            "effektivt forhåndsvarsel til motstanderens styrker om å opphøre med bruken",
        ),
        (
            reasonable_time_given,
            "Art. 13(2)(c)(iii)",
            "reasonable time given to the opposing forces to redress the situation",
            "rimelig tid gitt til motstanderens styrker til å avhjelpe situasjonen",
        ),
    ]
    for value, cite, en, nb in items:
        if immediate_self_defence:
            parts.append(
                finding(
                    "met",
                    cite,
                    f"not required (immediate self-defence): {en}",
                    f"ikke påkrevd (kortsiktig selvforsvar): {nb}",
                )
            )
        elif immediate_self_defence is None and value is not True:
            parts.append(
                _condition(
                    None,
                    cite,
                    f"{en} (or immediate self-defence: unknown)",
                    f"{nb} (eller kortsiktig selvforsvar: ukjent)",
                )
            )
        else:
            parts.append(_condition(value, cite, en, nb))
    return _overall(
        parts,
        ("Art. 13(1)(b)", "Art. 13(2)"),
        "the attack may be allowed",
        "angrep kan være tillatt",
    )
