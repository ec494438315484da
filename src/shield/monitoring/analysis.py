"""The treaty analysis attached to an incident: shield.treaty.offences with the incident's
facts and the property's protection on the date of the act. An analysis, never a verdict."""

from __future__ import annotations

from datetime import date

from shield.parties.register import current_register
from shield.registry.present import protection_on
from shield.treaty import offences, status
from shield.treaty.findings import Finding

from .models import Incident

# What each allegation is, as an act of Art. 15(1), unless the facts name another.
ACT_OF_ALLEGATION = {
    "damage": offences.Act.ATTACK,
    "destruction": offences.Act.EXTENSIVE_DESTRUCTION,
    "looting": offences.Act.PILLAGE,
    "military_use": offences.Act.USE_IN_SUPPORT_OF_MILITARY_ACTION,
    "desecration": offences.Act.VANDALISM,
}
_ORDER = ["provisional_enhanced", "enhanced", "special", "general"]
FACT_KEYS = ("intentional", "in_violation", "territory_state", "offender_nationality", "offender_present_in",
             "offender_in_party_armed_forces", "persecution_grounds")


def act_date(incident: Incident) -> date:
    return incident.occurred_on or incident.reported_on


def protection_level(incident: Incident) -> offences.Protection:
    levels = protection_on(incident.property, act_date(incident))["levels"]
    for level in _ORDER:
        if level in levels:
            return offences.Protection(level)
    return offences.Protection.NONE


def analyse(incident: Incident) -> Finding | None:
    """The Arts. 15-20 analysis, or None where the allegation is no act of Art. 15(1)
    (a denial of access) and the facts name none."""
    facts = incident.facts or {}
    act = facts.get("act") or ACT_OF_ALLEGATION.get(incident.allegation)
    if act is None:
        return None
    on = act_date(incident)
    register = current_register()
    known = {k: facts.get(k) for k in FACT_KEYS}
    return offences.analyse_incident(offences.Incident(
        act=act, protection=protection_level(incident),
        parties=status.parties_on(on, register).result, **known))


def walk(found: Finding, lang: str = "en") -> list[dict]:
    """The reasoning as rows (depth, reason, citation labels) for pages and the dossier."""
    rows = []

    def visit(f: Finding, depth: int) -> None:
        rows.append({"depth": depth, "reason": f.reason_in(lang), "citations": list(f.labels(lang))})
        for part in f.parts:
            visit(part, depth + 1)

    visit(found, 0)
    return rows
