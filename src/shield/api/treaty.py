"""The treaty calculators (/api/treaty/): each returns a finding with its citations.

The rules live in shield.treaty; these endpoints only read the input and the register.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field, Router, Schema
from ninja.errors import HttpError

from shield import treaty
from shield.core.schemas import READ, READ_ONE, Body, Bool, FindingOut, Int, IsoDate, cite, errors
from shield.parties.register import current_register, listing
from shield.parties.schemas import RegisterEntryOut

from .findings import finding_dict

router = Router(tags=["treaty"])


Lang = Literal["en", "nb"]
FINDING = {200: FindingOut, **READ}
REFUSABLE = {200: FindingOut, **errors(403, 409)}
"""A calculator that checks its input against the treaty: a refusal answers 403, 409 or 422."""


class ArticleOut(Schema):
    label: str
    heading: str
    text: str


class PartyOut(Schema):
    state: str
    name: dict[str, str] = Field(description="`en` and `nb`")
    treaty: Literal["protocol", "convention"]
    entry_into_force: FindingOut
    is_party: FindingOut | None = Field(None, description="only when `on` is given")


class ReadingOut(Schema):
    key: str
    title: str
    text: str
    translated: Bool
    citations: list[str]


def _run(call, lang: str = "en") -> dict:
    try:
        return finding_dict(call(), lang)
    except (ValueError, TypeError, treaty.CitationError) as exc:
        raise HttpError(422, str(exc)) from None


@router.get(
    "/articles/{ref}",
    response={200: ArticleOut, **READ_ONE},
    summary="The text of a provision, e.g. 11(5) or 15(1)(c)",
)
def article(request, ref: str, lang: Lang = "en"):
    try:
        c = treaty.cite(ref)
    except treaty.CitationError as exc:
        raise HttpError(404, str(exc)) from None
    return {"label": c.label(lang), "heading": c.heading(lang), "text": c.text(lang)}


@router.get(
    "/protocol",
    response=FINDING,
    summary=f"The Protocol's own entry into force ({cite('status.entry_into_force')}), from the register",
)
def protocol(request, lang: Lang = "en"):
    return _run(lambda: treaty.protocol_entry_into_force(current_register()), lang)


Treaty = Literal["protocol", "convention"]


@router.get(
    "/parties",
    response={200: list[RegisterEntryOut], **READ},
    summary="Every State in a register (the Protocol's or the Convention's), by code, "
    "with its names and its entry into force",
)
def parties(
    request, treaty: Treaty = "protocol", on: IsoDate | None = None, lang: Lang | None = None
):
    from shield.core.language import reader_lang

    return listing(on, treaty=treaty, lang=reader_lang(lang))


@router.get(
    "/parties/{state}",
    response={200: PartyOut, **READ_ONE},
    summary="When a treaty bound a State (a code or any known name), and whether "
    "it is bound on a date",
)
def party(
    request,
    state: str,
    treaty: Treaty = "protocol",
    on: IsoDate | None = None,
    lang: Lang | None = None,
):
    from shield.core.language import reader_lang
    from shield.treaty import states, status

    known = states.lookup(state)
    if known is None:
        raise HttpError(404, states.unknown_message(state))
    lang = reader_lang(lang)
    register = current_register(treaty)
    out = {
        "state": known.code,
        "name": {"en": known.name_en, "nb": known.name_nb},
        "treaty": treaty,
        "entry_into_force": _run(
            lambda: status.entry_into_force_for(known.code, register, treaty), lang
        ),
    }
    if on is not None:
        out["is_party"] = _run(lambda: status.is_party(known.code, on, register, treaty), lang)
    return out


@router.get(
    "/calendar/entry-into-force",
    response=FINDING,
    summary=f"Three months after a deposit ({cite('status.entry_into_force.later')})",
)
def three_months(request, deposited: IsoDate, lang: Lang = "en"):
    return _run(lambda: treaty.three_months_after_deposit(deposited), lang)


@router.get(
    "/calendar/representations",
    response=FINDING,
    summary=f"The sixty-day window for representations ({cite('enhanced.representations')})",
)
def representations(
    request, notified: IsoDate, submitted: IsoDate | None = None, lang: Lang = "en"
):
    if submitted is not None:
        return _run(lambda: treaty.representation_in_time(notified, submitted), lang)
    return _run(lambda: treaty.representations_deadline(notified), lang)


@router.get(
    "/calendar/denunciation",
    response=FINDING,
    summary=f"One year after a denunciation is received ({cite('status.denunciation.effect')})",
)
def denunciation(request, received: IsoDate, lang: Lang = "en"):
    return _run(lambda: treaty.one_year_after_receipt(received), lang)


class VoteIn(Body):
    members: list[str] = Field(min_length=1, description="the Committee's members (State codes)")
    present: list[str]
    votes: dict[str, Literal["yes", "no", "abstain"]]
    kind: Literal[
        "ordinary", "inclusion_with_representations", "provisional_enhanced_protection"
    ] = "ordinary"
    conflict_parties: list[str] = []


@router.post(
    "/votes",
    response=REFUSABLE,
    summary=f"Does a Committee decision carry? ({cite('committee.quorum_and_majority', 'committee.recusal', 'enhanced.representations', 'enhanced.emergency')})",
)
def votes(request, payload: VoteIn, lang: Lang = "en"):
    return _run(
        lambda: treaty.votes.decide(
            payload.members,
            payload.present,
            payload.votes,
            payload.kind,
            conflict_parties=payload.conflict_parties,
        ),
        lang,
    )


class ElectionCheckIn(Body):
    held_on: IsoDate
    elected: list[str]
    first: Bool = False
    lot_seed: Int | None = None
    short_term_ends: IsoDate | None = None
    ordinary: Bool = True


class CommitteeIn(Body):
    elections: list[ElectionCheckIn]
    on: IsoDate


def _committee_summary() -> str:
    from shield.treaty.provisions import provision

    return (
        f"The Committee's members on a date, from its elections ({provision('committee').label()}, "
        f"{provision('committee.terms').label()}); an election that breaks a rule is refused"
    )


@router.post("/committee", response=REFUSABLE, summary=_committee_summary())
def committee(request, payload: CommitteeIn, lang: Lang = "en"):
    """Each election is checked in date order against the terms before it; the first that
    breaks a rule (a non-Party, a third consecutive term, a thirteenth seat...) is refused
    with every problem it has (``committee.*``), so an ineligible State is never answered as
    a member. The members are those seated and Parties on ``on``."""
    from shield.treaty import committee as C
    from shield.treaty.refusals import refuse_all
    from shield.treaty.states import lookup

    def code(text: str) -> str:
        known = lookup(text)
        return known.code if known else text.strip()

    try:
        elections = [
            treaty.Election(
                e.held_on,
                tuple(code(s) for s in e.elected),
                e.first,
                e.lot_seed,
                e.short_term_ends,
                e.ordinary,
            )
            for e in payload.elections
        ]
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    register = current_register()
    terms: tuple = ()
    for election in sorted(elections, key=lambda e: e.held_on):
        refuse_all(C.election_refusals(election, terms, register))
        terms = C.terms_ended_by(election, terms).result + C.terms_from_election(election).result
    return _run(lambda: C.sitting_members(payload.on, terms, register), lang)


class IncidentIn(Body):
    act: Literal[
        "attack",
        "use_in_support_of_military_action",
        "extensive_destruction",
        "appropriation",
        "theft",
        "pillage",
        "misappropriation",
        "vandalism",
    ]
    protection: Literal["none", "general", "special", "enhanced", "provisional_enhanced"]
    intentional: Bool | None = None
    in_violation: Bool | None = None
    territory_state: str | None = None
    offender_nationality: str | None = None
    offender_present_in: str | None = None
    offender_in_party_armed_forces: Bool | None = None
    parties: list[str] = []
    accepting_states: list[str] = []
    persecution_grounds: Bool | None = None


@router.post(
    "/offences",
    response=REFUSABLE,
    summary=f"Which offences of {cite('offences.article')} may apply, and who may prosecute: an analysis, not a verdict",
)
def offences(request, payload: IncidentIn, lang: Lang = "en"):
    return _run(lambda: treaty.analyse_incident(treaty.Incident(**payload.dict())), lang)


class WaiverIn(Body):
    purpose: Literal["attack", "use"]
    made_military_objective_by_function: Bool | None = None
    no_feasible_alternative: Bool | None = None
    no_choice_of_other_method: Bool | None = None
    decided_by_battalion_commander_or_higher: Bool | None = None
    circumstances_did_not_permit_higher_decision: Bool | None = None
    advance_warning_given: Bool | None = None
    circumstances_did_not_permit_warning: Bool | None = None


@router.post(
    "/necessity/waiver",
    response=REFUSABLE,
    summary=f"{cite('waiver')} checklist: the waiver of imperative military necessity",
)
def waiver(request, payload: WaiverIn, lang: Lang = "en"):
    return _run(lambda: treaty.military_necessity_waiver(**payload.dict()), lang)


class AttackIn(Body):
    became_military_objective_by_use: Bool | None = None
    only_feasible_means: Bool | None = None
    all_feasible_precautions: Bool | None = None
    immediate_self_defence: Bool | None = False
    ordered_at_highest_operational_level: Bool | None = None
    effective_advance_warning: Bool | None = None
    reasonable_time_given: Bool | None = None


@router.post(
    "/necessity/attack",
    response=REFUSABLE,
    summary=f"{cite('enhanced.attack_conditions')} checklist: attacking property under enhanced protection",
)
def attack(request, payload: AttackIn, lang: Lang = "en"):
    return _run(lambda: treaty.enhanced_protection_attack(**payload.dict()), lang)


@router.get(
    "/reports",
    response={200: FindingOut, **READ_ONE},
    summary=f"The next four-yearly report due ({cite('reports')}), for one State or all",
)
def reports(request, on: IsoDate, state: str | None = None, lang: Lang = "en"):
    register = current_register()
    if state:
        return _run(lambda: treaty.next_report_due(state, on, register), lang)
    return _run(lambda: treaty.reports_due(on, register), lang)


@router.get(
    "/readings",
    response={200: list[ReadingOut], **READ},
    summary="The named readings: where the treaty leaves a question open, the answer chosen",
)
def readings(request, lang: Lang | None = None):
    from shield.core.language import reader_lang
    from shield.treaty.readings import all_readings

    lang = reader_lang(lang)
    return [
        {
            "key": r.key,
            "title": r.title_in(lang),
            "text": r.text_in(lang) or r.text_in("en"),
            "translated": bool(r.text_in(lang)),
            "citations": [c.label(lang) for c in r.citations],
        }
        for r in all_readings()
    ]
