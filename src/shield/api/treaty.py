"""The treaty calculators (/api/treaty/): each returns a finding with its citations.

The rules live in shield.treaty; these endpoints only read the input and the register.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from ninja import Router, Schema
from ninja.errors import HttpError

from shield import treaty
from shield.parties.register import current_register, listing

from .findings import finding_dict

router = Router(tags=["treaty"])
Lang = Literal["en", "nb"]


def _run(call, lang: str = "en") -> dict:
    try:
        return finding_dict(call(), lang)
    except (ValueError, TypeError, treaty.CitationError) as exc:
        raise HttpError(422, str(exc)) from None


@router.get("/articles/{ref}", summary="The text of a provision, e.g. 11(5) or 15(1)(c)")
def article(request, ref: str, lang: Lang = "en"):
    try:
        c = treaty.cite(ref)
    except treaty.CitationError as exc:
        raise HttpError(404, str(exc)) from None
    return {"label": c.label(lang), "heading": c.heading(lang), "text": c.text(lang)}


@router.get("/protocol", summary="The Protocol's own entry into force (Art. 43(1)), from the register")
def protocol(request, lang: Lang = "en"):
    return _run(lambda: treaty.protocol_entry_into_force(current_register()), lang)


@router.get("/parties", summary="Every State in the register with its entry into force")
def parties(request, on: date | None = None):
    return listing(on)


@router.get("/parties/{state}", summary="When the Protocol bound a State, and whether it is a Party on a date")
def party(request, state: str, on: date | None = None, lang: Lang = "en"):
    register = current_register()
    out = {"entry_into_force": _run(lambda: treaty.entry_into_force_for(state, register), lang)}
    if on is not None:
        out["is_party"] = _run(lambda: treaty.is_party(state, on, register), lang)
    return out


@router.get("/calendar/entry-into-force", summary="Three months after a deposit (Art. 43(2))")
def three_months(request, deposited: date, lang: Lang = "en"):
    return _run(lambda: treaty.three_months_after_deposit(deposited), lang)


@router.get("/calendar/representations", summary="The sixty-day window for representations (Art. 11(5))")
def representations(request, notified: date, submitted: date | None = None, lang: Lang = "en"):
    if submitted is not None:
        return _run(lambda: treaty.representation_in_time(notified, submitted), lang)
    return _run(lambda: treaty.representations_deadline(notified), lang)


@router.get("/calendar/denunciation", summary="One year after a denunciation is received (Art. 45(3))")
def denunciation(request, received: date, lang: Lang = "en"):
    return _run(lambda: treaty.one_year_after_receipt(received), lang)


class VoteIn(Schema):
    members: list[str]
    present: list[str]
    votes: dict[str, Literal["yes", "no", "abstain"]]
    kind: Literal["ordinary", "inclusion_with_representations", "provisional_enhanced_protection"] = "ordinary"
    conflict_parties: list[str] = []


@router.post("/votes", summary="Does a Committee decision carry? (Arts. 26(2), 26(3), 11(5), 11(9))")
def votes(request, payload: VoteIn, lang: Lang = "en"):
    return _run(lambda: treaty.votes.decide(payload.members, payload.present, payload.votes, payload.kind,
                                            conflict_parties=payload.conflict_parties), lang)


class ElectionIn(Schema):
    held_on: date
    elected: list[str]
    first: bool = False
    lot_seed: int | None = None
    short_term_ends: date | None = None


class CommitteeIn(Schema):
    elections: list[ElectionIn]
    on: date


@router.post("/committee", summary="The Committee's members on a date, from its elections (Arts. 24, 25)")
def committee(request, payload: CommitteeIn, lang: Lang = "en"):
    def compute():
        elections = [treaty.Election(e.held_on, tuple(e.elected), e.first, e.lot_seed, e.short_term_ends)
                     for e in payload.elections]
        history = treaty.committee_history(elections, current_register())
        return treaty.members_on(payload.on, history.result)
    return _run(compute, lang)


class IncidentIn(Schema):
    act: Literal["attack", "use_in_support_of_military_action", "extensive_destruction", "appropriation",
                 "theft", "pillage", "misappropriation", "vandalism"]
    protection: Literal["none", "general", "special", "enhanced", "provisional_enhanced"]
    intentional: bool | None = None
    in_violation: bool | None = None
    territory_state: str | None = None
    offender_nationality: str | None = None
    offender_present_in: str | None = None
    offender_in_party_armed_forces: bool | None = None
    parties: list[str] = []
    accepting_states: list[str] = []
    persecution_grounds: bool | None = None


@router.post("/offences", summary="Which Art. 15 offences may apply, and who may prosecute: an analysis, not a verdict")
def offences(request, payload: IncidentIn, lang: Lang = "en"):
    return _run(lambda: treaty.analyse_incident(treaty.Incident(**payload.dict())), lang)


class WaiverIn(Schema):
    purpose: Literal["attack", "use"]
    made_military_objective_by_function: bool | None = None
    no_feasible_alternative: bool | None = None
    no_choice_of_other_method: bool | None = None
    decided_by_battalion_commander_or_higher: bool | None = None
    circumstances_did_not_permit_higher_decision: bool | None = None
    advance_warning_given: bool | None = None
    circumstances_did_not_permit_warning: bool | None = None


@router.post("/necessity/waiver", summary="Art. 6 checklist: the waiver of imperative military necessity")
def waiver(request, payload: WaiverIn, lang: Lang = "en"):
    return _run(lambda: treaty.military_necessity_waiver(**payload.dict()), lang)


class AttackIn(Schema):
    became_military_objective_by_use: bool | None = None
    only_feasible_means: bool | None = None
    all_feasible_precautions: bool | None = None
    immediate_self_defence: bool | None = False
    ordered_at_highest_operational_level: bool | None = None
    effective_advance_warning: bool | None = None
    reasonable_time_given: bool | None = None


@router.post("/necessity/attack", summary="Art. 13(2) checklist: attacking property under enhanced protection")
def attack(request, payload: AttackIn, lang: Lang = "en"):
    return _run(lambda: treaty.enhanced_protection_attack(**payload.dict()), lang)


@router.get("/reports", summary="The next four-yearly report due (Art. 37(2)), for one State or all")
def reports(request, on: date, state: str | None = None, lang: Lang = "en"):
    register = current_register()
    if state:
        return _run(lambda: treaty.next_report_due(state, on, register), lang)
    return _run(lambda: treaty.reports_due(on, register), lang)
