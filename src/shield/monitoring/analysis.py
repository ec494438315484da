"""The treaty analysis attached to an incident: shield.treaty.offences with the incident's
facts and the property's protection on the date of the act. An analysis, never a verdict.

Every cultural property has at least general protection by the law (shield.treaty.protection),
so the offences against protected cultural property are reachable for any of it; those against
property under enhanced protection only while enhanced (or provisional enhanced) protection is
in force. The Parties are those bound by the Protocol on the date of the act, by code.
"""

from __future__ import annotations

from datetime import date

from shield.registry.present import facts_of, levels_on, register_for
from shield.treaty import offences, status
from shield.treaty import protection as law
from shield.treaty.findings import Finding

from .models import Incident

# What each allegation is, as an act of the offences article, unless the facts name another.
ACT_OF_ALLEGATION = {
    "damage": offences.Act.ATTACK,
    "destruction": offences.Act.EXTENSIVE_DESTRUCTION,
    "looting": offences.Act.PILLAGE,
    "military_use": offences.Act.USE_IN_SUPPORT_OF_MILITARY_ACTION,
    "desecration": offences.Act.VANDALISM,
}
_ORDER = ["provisional_enhanced", "enhanced", "special", "general"]
FACT_KEYS = (
    "intentional",
    "in_violation",
    "territory_state",
    "offender_nationality",
    "offender_present_in",
    "offender_in_party_armed_forces",
    "persecution_grounds",
)


def act_date(incident: Incident) -> date:
    return incident.occurred_on or incident.reported_on


def protection_level(incident: Incident) -> offences.Protection:
    """The highest level in force on the date of the act: at least general for cultural property."""
    levels = levels_on(incident.property, act_date(incident))
    for level in _ORDER:
        if level in levels:
            return offences.Protection(level)
    return offences.Protection.NONE


def parties_on(on: date) -> frozenset[str]:
    """The Parties to the Protocol on ``on``, by code."""
    return status.parties_on(on, register_for("protocol"), treaty="protocol").result


def protection_finding(incident: Incident) -> Finding:
    """The property's protection on the date of the act, as the law derives it."""
    return law.protection_on(
        facts_of(incident.property),
        act_date(incident),
        register_for("protocol"),
        register_for("convention"),
    )


def _outline(found: Finding, depth: int) -> Finding:
    """``found`` with its reasoning cut ``depth`` levels down (the protection, the States it
    binds; not how each State's instruments entered into force)."""
    parts = () if depth <= 0 else tuple(_outline(p, depth - 1) for p in found.parts)
    return Finding(result=found.result, citations=found.citations, reason=found.reason, parts=parts)


def analyse(incident: Incident) -> Finding | None:
    """The offences and jurisdiction analysis, led by the property's protection on the date of
    the act; None where the allegation is no act of the offences article (a denial of access)
    and the facts name none."""
    facts = incident.facts or {}
    act = facts.get("act") or ACT_OF_ALLEGATION.get(incident.allegation)
    if act is None:
        return None
    on = act_date(incident)
    known = {k: facts.get(k) for k in FACT_KEYS}
    found = offences.analyse_incident(
        offences.Incident(
            act=act, protection=protection_level(incident), parties=parties_on(on), **known
        )
    )
    # The same result and reason, with the protection it rests on as the first step of the reasoning.
    return Finding(
        result=found.result,
        citations=found.citations,
        reason=found.reason,
        parts=(_outline(protection_finding(incident), 2), *found.parts),
    )


def walk(found: Finding, lang: str = "en") -> list[dict]:
    """The reasoning as rows (depth, reason, citation labels) for pages and the dossier."""
    rows = []

    def visit(f: Finding, depth: int) -> None:
        rows.append(
            {"depth": depth, "reason": f.reason_in(lang), "citations": list(f.labels(lang))}
        )
        for part in f.parts:
            visit(part, depth + 1)

    visit(found, 0)
    return rows
