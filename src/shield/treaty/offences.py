"""Serious violations and jurisdiction (Arts. 15-20): an analysis for a lawyer, never a verdict.

From an incident's facts this module lists which offences of Art. 15(1)(a)-(e) *may*
apply, which States *may* have jurisdiction and on what basis (Art. 16), and what follows
for prosecution, extradition and mutual legal assistance (Arts. 17-20). Every statement
is worded "may": whether an offence was committed is for a court. Facts that are not
known are ``None`` and make the corresponding item 'unknown', never 'no'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from shield.treaty.citations import cite
from shield.treaty.findings import Finding, Lang, finding, rule

Applies = Literal["may apply", "unknown", "does not appear to apply"]


class Act(str, Enum):
    ATTACK = "attack"
    USE_IN_SUPPORT_OF_MILITARY_ACTION = "use_in_support_of_military_action"
    EXTENSIVE_DESTRUCTION = "extensive_destruction"
    APPROPRIATION = "appropriation"
    THEFT = "theft"
    PILLAGE = "pillage"
    MISAPPROPRIATION = "misappropriation"
    VANDALISM = "vandalism"


class Protection(str, Enum):
    """The property's protection on the date of the act (a history, read for that day)."""

    NONE = "none"
    GENERAL = "general"
    SPECIAL = "special"
    ENHANCED = "enhanced"
    PROVISIONAL_ENHANCED = "provisional_enhanced"


ENHANCED_LEVELS = frozenset({Protection.ENHANCED, Protection.PROVISIONAL_ENHANCED})
SERIOUS = ("a", "b", "c")
"""Art. 15(1)(a)-(c): the offences with presence jurisdiction, prosecute-or-extradite and
extraditability (Arts. 16(1)(c), 17, 18)."""

# sub-paragraph -> (acts, protection levels, en wording, nb wording)
_OFFENCES: dict[str, tuple[frozenset[Act], frozenset[Protection], str, str]] = {
    "a": (
        frozenset({Act.ATTACK}),
        ENHANCED_LEVELS,
        "making cultural property under enhanced protection the object of attack",
        "å gjøre kulturverdier under forsterket beskyttelse til gjenstand for angrep",
    ),
    "b": (
        frozenset({Act.USE_IN_SUPPORT_OF_MILITARY_ACTION}),
        ENHANCED_LEVELS,
        (
            "using cultural property under enhanced protection or its immediate surroundings "
            "in support of military action"
        ),
        (
            "å bruke kulturverdier under forsterket beskyttelse eller de umiddelbare omgivelsene "
            "som støtte for militære handlinger"
        ),
    ),
    "c": (
        frozenset({Act.EXTENSIVE_DESTRUCTION, Act.APPROPRIATION}),
        frozenset(Protection) - {Protection.NONE},
        "extensive destruction or appropriation of protected cultural property",
        "omfattende ødeleggelse eller tilegnelse av beskyttede kulturverdier",
    ),
    "d": (
        frozenset({Act.ATTACK}),
        frozenset(Protection) - {Protection.NONE},
        "making protected cultural property the object of attack",
        "å gjøre beskyttede kulturverdier til gjenstand for angrep",
    ),
    "e": (
        frozenset({Act.THEFT, Act.PILLAGE, Act.MISAPPROPRIATION, Act.VANDALISM}),
        frozenset(Protection) - {Protection.NONE},
        "theft, pillage, misappropriation or vandalism against protected cultural property",
        ("tyveri, plyndring, urettmessig tilegnelse eller vandalisme mot beskyttede kulturverdier"),
    ),
}


@dataclass(frozen=True)
class Incident:
    """The facts, as far as they are known (``None`` = unknown).

    ``parties`` are the States bound by the Protocol on the date of the act;
    ``accepting_states`` are non-Parties that accept and apply it (Art. 3(2))."""

    act: Act
    protection: Protection
    intentional: bool | None = None
    in_violation: bool | None = None
    territory_state: str | None = None
    offender_nationality: str | None = None
    offender_present_in: str | None = None
    offender_in_party_armed_forces: bool | None = None
    parties: frozenset[str] = field(default_factory=frozenset)
    accepting_states: frozenset[str] = field(default_factory=frozenset)
    persecution_grounds: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "act", Act(self.act))
        object.__setattr__(self, "protection", Protection(self.protection))
        object.__setattr__(self, "parties", frozenset(self.parties))
        object.__setattr__(self, "accepting_states", frozenset(self.accepting_states))


def _state_name(code: str, lang: Lang) -> str:
    """'Armenia (ARM)' in ``lang`` for a known State, the code itself otherwise."""
    from shield.treaty import states

    known = states.lookup(code) if code else None
    return f"{known.name(lang)} ({known.code})" if known is not None else code


def _cite(sub: str) -> str:
    return f"Art. 15(1)({sub})"


@rule
def offence_analysis(incident: Incident) -> Finding[dict[str, Applies]]:
    """Art. 15(1): for each of (a)-(e), whether it may apply, is unknown, or does not
    appear to apply, with the reason."""
    parts = []
    mind = (incident.intentional, incident.in_violation)
    for sub, (acts, levels, en, nb) in _OFFENCES.items():
        if incident.act not in acts or incident.protection not in levels:
            status: Applies = "does not appear to apply"
            why_en = f"does not appear to apply: the facts are not {en}"
            why_nb = f"synes ikke å komme til anvendelse: forholdet gjelder ikke {nb}"
        elif False in mind:
            status = "does not appear to apply"
            why_en = (
                f"{en}, but it does not appear to constitute this offence: the offence "
                f"needs intent and a violation of the Convention or the Protocol"
            )
            why_nb = (
                f"{nb}, men synes ikke å utgjøre denne overtredelsen: den krever "
                f"forsett og brudd på konvensjonen eller protokollen"
            )
        elif None in mind:
            status = "unknown"
            why_en = (
                f"may constitute {en}, if it was intentional and in violation of the "
                f"Convention or the Protocol (not yet established)"
            )
            why_nb = (
                f"kan utgjøre {nb}, dersom det skjedde med hensikt og i strid med "
                f"konvensjonen eller protokollen (ikke fastslått)"
            )
        else:
            status = "may apply"
            why_en = f"may constitute {en}, committed intentionally and in violation"
            why_nb = f"kan utgjøre {nb}, begått med hensikt og i strid med reglene"
        parts.append(finding(status, _cite(sub), why_en, why_nb))
    result = {sub: p.result for sub, p in zip(_OFFENCES, parts, strict=True)}
    open_ = [s for s, v in result.items() if v != "does not appear to apply"]
    listed_en = ", ".join(cite(_cite(s)).label("en") for s in open_) or "none"
    listed_nb = ", ".join(cite(_cite(s)).label("nb") for s in open_) or "ingen"
    return finding(
        result,
        ("Art. 15(1)",) + tuple(_cite(s) for s in open_),
        f"offences that may apply: {listed_en} (an analysis, not a verdict)",
        f"overtredelser som kan komme til anvendelse: {listed_nb} (en analyse, ikke en avgjørelse)",
        parts=tuple(parts),
    )


def _candidates(analysis: dict[str, Applies]) -> list[str]:
    return [s for s, v in analysis.items() if v != "does not appear to apply"]


@rule
def non_party_national_limit(incident: Incident) -> Finding[bool | None]:
    """Art. 16(2)(b): nationals and armed forces of a non-Party (one that does not accept
    and apply the Protocol) incur no responsibility under it, unless serving in a Party's
    armed forces. Result: True if the limitation may apply, None if unknown."""
    nat = incident.offender_nationality
    if nat is None:
        return finding(
            None,
            "Art. 16(2)(b)",
            "the offender's nationality is unknown",
            "gjerningspersonens statsborgerskap er ukjent",
        )
    if nat in incident.parties or nat in incident.accepting_states:
        return finding(
            False,
            "Art. 16(2)(b)",
            f"the limitation does not apply: {nat} is a Party or accepts the Protocol",
            f"begrensningen gjelder ikke: {nat} er part eller godtar protokollen",
        )
    if incident.offender_in_party_armed_forces:
        return finding(
            False,
            ("Art. 16(2)(b)",),
            f"a national of {nat} (not a Party) serving in a Party's armed forces: "
            f"the limitation does not apply",
            f"statsborger av {nat} (ikke part) som tjenestegjør i en parts styrker: "
            f"begrensningen gjelder ikke",
        )
    if incident.offender_in_party_armed_forces is None:
        return finding(
            None,
            "Art. 16(2)(b)",
            f"{nat} is not a Party: the limitation may apply unless the offender "
            f"serves in a Party's armed forces (unknown)",
            f"{nat} er ikke part: begrensningen kan gjelde med mindre gjerningspersonen "
            f"tjenestegjør i en parts styrker (ukjent)",
        )
    return finding(
        True,
        ("Art. 16(2)(b)", "Art. 3(2)"),
        f"{nat} is not a Party: the offender may incur no responsibility by virtue of "
        f"the Protocol, and no State is obliged by it to establish jurisdiction or "
        f"extradite (other law may still apply, Art. 16(2)(a))",
        f"{nat} er ikke part: gjerningspersonen pådrar seg kanskje ikke ansvar i kraft "
        f"av protokollen, og ingen stat er etter den forpliktet til jurisdiksjon eller "
        f"utlevering (annen rett kan gjelde, art. 16 nr. 2 bokstav a))",
    )


@rule
def jurisdiction_bases(incident: Incident) -> Finding[dict[str, tuple[str, ...]]]:
    """Art. 16(1): for each Party, the bases on which it may have to establish jurisdiction:
    territory (a), nationality of the offender (b) and, for 15(1)(a)-(c), presence (c)."""
    subs = _candidates(offence_analysis(incident).result)
    bases: dict[str, list[str]] = {}
    pairs = [(incident.territory_state, "16(1)(a)"), (incident.offender_nationality, "16(1)(b)")]
    if any(s in SERIOUS for s in subs):
        pairs.append((incident.offender_present_in, "16(1)(c)"))
    for state, basis in pairs:
        if state is not None and state in incident.parties and subs:
            bases.setdefault(state, []).append(basis)
    result = {s: tuple(b) for s, b in bases.items()}
    cites = tuple(sorted({f"Art. {b}" for bs in result.values() for b in bs})) or ("Art. 16(1)",)

    def listed(lang: Lang) -> str:
        return "; ".join(
            f"{_state_name(s, lang)}: {', '.join(cite('Art. ' + x).label(lang) for x in b)}"
            for s, b in result.items()
        )

    return finding(
        result,
        cites,
        f"Parties that may have jurisdiction: {listed('en') or 'none'}",
        f"parter som kan ha jurisdiksjon: {listed('nb') or 'ingen'}",
    )


@rule
def cooperation_duties(incident: Incident) -> Finding[dict[str, str]]:
    """Arts. 17-20: prosecute or extradite, extraditability, mutual legal assistance, and
    the political-offence rule with its refusal ground, for the offences that may apply."""
    subs = _candidates(offence_analysis(incident).result)
    serious = [s for s in subs if s in SERIOUS]
    parts: list[Finding[Any]] = []
    out: dict[str, str] = {}
    where = incident.offender_present_in
    if serious and where in incident.parties:
        out["17"] = f"{where} may have to prosecute if it does not extradite"
        parts.append(
            finding(
                out["17"],
                "Art. 17(1)",
                f"{where}, where the alleged offender is present, may have to submit "
                f"the case for prosecution if it does not extradite (15(1)(a)-(c))",
                f"{where}, der den påståtte gjerningspersonen oppholder seg, kan måtte "
                f"fremme saken for påtale dersom den ikke utleverer",
            )
        )
    if serious:
        out["18"] = "may be extraditable"
        parts.append(
            finding(
                out["18"],
                ("Art. 18(1)", "Art. 18(2)", "Art. 18(3)"),
                "offences under 15(1)(a)-(c) may be extraditable between Parties",
                "overtredelser etter 15 nr. 1 bokstav a)-c) kan gi grunnlag for "
                "utlevering mellom partene",
            )
        )
        out["20(1)"] = "not a political offence"
        parts.append(
            finding(
                out["20(1)"],
                "Art. 20(1)",
                "extradition may not be refused on the sole ground that the offence is political",
                "utlevering kan ikke avslås bare fordi overtredelsen er politisk",
            )
        )
    if subs:
        out["19"] = "mutual legal assistance"
        parts.append(
            finding(
                out["19"],
                ("Art. 19(1)", "Art. 20(1)"),
                "Parties may owe each other the greatest measure of legal assistance, "
                "which may not be refused as political",
                "partene kan skylde hverandre mest mulig juridisk bistand, som ikke kan "
                "avslås som politisk",
            )
        )
        pg = incident.persecution_grounds
        state = {True: "may be refused", False: "no refusal ground shown", None: "unknown"}[pg]
        state_nb = {True: "kan avslås", False: "ikke påvist", None: "ukjent"}[pg]
        out["20(2)"] = state
        parts.append(
            finding(
                state,
                "Art. 20(2)",
                f"refusal for persecution on account of race, religion, nationality, "
                f"ethnic origin or political opinion: {state}",
                f"avslag ved forfølgelse på grunn av rase, religion, nasjonalitet, "
                f"etnisk opprinnelse eller politisk oppfatning: {state_nb}",
            )
        )
    if not parts:
        return finding(
            out,
            "Art. 15(1)",
            "no offence may apply: no duties to cooperate follow",
            "ingen overtredelse kan komme til anvendelse: ingen samarbeidsplikter følger",
        )
    return finding(
        out,
        tuple(dict.fromkeys(c for p in parts for c in p.citations)),
        f"duties that may follow: {', '.join(cite('Art. ' + k).label('en') for k in out)}",
        f"plikter som kan følge: {', '.join(cite('Art. ' + k).label('nb') for k in out)}",
        parts=tuple(parts),
    )


@rule
def analyse_incident(incident: Incident) -> Finding[dict[str, Any]]:
    """The whole analysis: offences, jurisdiction, the non-Party limit and cooperation."""
    offences = offence_analysis(incident)
    juris = jurisdiction_bases(incident)
    limit = non_party_national_limit(incident)
    coop = cooperation_duties(incident)
    result = {
        "offences": offences.result,
        "jurisdiction": juris.result,
        "non_party_limit": limit.result,
        "cooperation": coop.result,
    }
    return finding(
        result,
        ("Art. 15(1)", "Art. 16(1)"),
        "analysis for a lawyer to weigh: what may apply, not what is established",
        "analyse for en jurist å vurdere: hva som kan gjelde, ikke hva som er fastslått",
        parts=(offences, juris, limit, coop),
    )
