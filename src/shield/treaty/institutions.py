"""The Protocol's other machinery, as the ``fund`` app uses it: the Fund (Art. 29),
international assistance (Arts. 32, 33, 11(8)), the reports (Art. 37), the Meeting of the
Parties (Art. 23), dissemination (Arts. 30, 31) and the depositary's notifications
(Arts. 44, 46).

Pure Python: vocabularies with the provision each item rests on, the refusals the app raises,
and three rules (an extraordinary Meeting's one-fifth, a report's status in a cycle, and the
depositary's notifications generated from a register). Readings left open by the text are
written down once each: :data:`FUND_READING`, :data:`REPORT_STATUS_READING`,
:data:`NOTIFICATION_READING`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shield.treaty import states
from shield.treaty.citations import Citation, cite
from shield.treaty.findings import Finding, finding, rule
from shield.treaty.refusals import declare
from shield.treaty.status import (
    InstrumentType,
    Register,
    binding_instruments,
    denunciation_takes_effect,
    entry_into_force_for,
    load_register,
    protocol_entry_into_force,
)

# ---- the Fund (Art. 29) ------------------------------------------------------------------------

FUND_SOURCES: dict[str, str] = {
    "a": "29(4)(a)",  # voluntary contributions by the Parties
    "b.i": "29(4)(b)(i)",  # other States
    "b.ii": "29(4)(b)(ii)",  # UNESCO or other organizations of the United Nations system
    "b.iii": "29(4)(b)(iii)",  # other intergovernmental or non-governmental organizations
    "b.iv": "29(4)(b)(iv)",  # public or private bodies or individuals
    "c": "29(4)(c)",  # interest accruing on the Fund
    "d": "29(4)(d)",  # collections and receipts from events
    "e": "29(4)(e)",  # other resources authorized by the guidelines
}
"""The resources of the Fund by source, with the provision each rests on."""

FUND_PURPOSES: dict[str, str] = {
    "a": "29(1)(a)",  # preparatory or other measures in peacetime
    "b": "29(1)(b)",  # emergency, provisional or other measures in armed conflict or recovery
}
"""The purposes of the Fund."""

FUND_READING = (
    "Art. 29(3) is read as two rules of the ledger: a contribution may be earmarked only for a "
    "programme or project whose implementation the Committee decided on or before the day it "
    "is received; and an amount leaves the Fund's free resources (an allocation) or the Fund "
    "(a disbursement) only under a carried decision of the Committee for a purpose of "
    "Art. 29(1), and never beyond the amount that decision set. Interest (29(4)(c)) is "
    "recorded as a contribution from that source. The Fund keeps each currency apart; a "
    "conversion moves an amount through an exchange account, so that each currency balances "
    "on its own."
)

# ---- international assistance (Arts. 32, 33; 11(8)) ------------------------------------------

ASSISTANCE_KINDS: dict[str, str] = {
    "enhanced": "32(1)",  # for cultural property under enhanced protection
    "preparatory": "32(1)",  # the laws, administrative provisions and measures of Art. 10
    "emergency": "32(1)",  # emergency assistance (through the Fund: 29(1)(b))
    "exceptional": "11(8)",  # the Party asks for assistance under an exceptional grant
}
ASSISTANCE_CHANNELS: dict[str, str] = {
    "committee": "32(1)",  # from the Committee (and the Fund)
    "unesco": "33(1)",  # UNESCO's technical assistance
}

# ---- reports, dissemination ------------------------------------------------------------------

MEASURE_KINDS: dict[str, str] = {
    "public_information": "30(1)",
    "dissemination": "30(2)",
    "military_instructions": "30(3)(a)",
    "training": "30(3)(b)",
    "communication": "30(3)(c)",
    "legislation": "30(3)(d)",
    "cooperation": "31",
}
"""The kinds of measure and programme a Party reports under Arts. 30 and 31."""

REPORT_STATUS_READING = (
    "Art. 37(2) ('every four years') is read through the cycles the Committee sets: each cycle "
    "names its period and the day reports fall due. A State owes a report for a cycle when it "
    "is a Party on the last day of the period. Before the due day a report not yet submitted "
    "is 'due'; after it, 'overdue'; once received, 'submitted'; once the Committee publishes "
    "it, 'published'."
)


@rule
def report_status(
    due_on: date, today: date, submitted_on: date | None = None, published_on: date | None = None
) -> Finding[str]:
    """Art. 37(2): where a Party's report for a cycle stands on ``today``."""
    if published_on is not None and published_on <= today:
        return finding(
            "published",
            "37(2)",
            f"published on {published_on.isoformat()}",
            f"offentliggjort {published_on.isoformat()}",
        )
    if submitted_on is not None and submitted_on <= today:
        late = submitted_on > due_on
        return finding(
            "submitted",
            "37(2)",
            f"submitted on {submitted_on.isoformat()}" + (" (after the due day)" if late else ""),
            f"levert {submitted_on.isoformat()}" + (" (etter fristen)" if late else ""),
        )
    if today > due_on:
        return finding(
            "overdue",
            "37(2)",
            f"overdue: due on {due_on.isoformat()}",
            f"forsinket: forfalt {due_on.isoformat()}",
        )
    return finding(
        "due", "37(2)", f"due on {due_on.isoformat()}", f"forfaller {due_on.isoformat()}"
    )


# ---- the Meeting of the Parties (Art. 23) -----------------------------------------------------


@rule
def extraordinary_meeting_requested(requesting: int, parties: int) -> Finding[bool]:
    """Art. 23(4): an Extraordinary Meeting at the request of at least one-fifth of the
    Parties."""
    ok = parties > 0 and requesting * 5 >= parties
    need = -(-parties // 5)
    return finding(
        ok,
        "23(4)",
        f"{requesting} of {parties} Parties request it; at least one-fifth ({need}) is needed",
        f"{requesting} av {parties} parter ber om det; minst en femdel ({need}) kreves",
    )


# ---- the depositary's notifications (Arts. 44, 46) ---------------------------------------------

NOTIFICATION_READING = (
    "Art. 46 is read as one notification for each deposit of an instrument of ratification, "
    "acceptance, approval, accession or notification of succession in the register, one for "
    "each denunciation received, and, as the depositary does, one for each entry into force "
    "(the Protocol's own, Art. 43(1), and each later Party's, Art. 43(2) or 44). A deposit by "
    "a party to a conflict with immediate effect (Art. 44) is to be transmitted by the "
    "speediest method; its notifications carry that flag. Notifications are generated from the "
    "register each time they are read: they cannot disagree with it."
)


@dataclass(frozen=True)
class Notification:
    """One notification of the Director-General: ``kind`` is deposit, entry_into_force or
    denunciation; ``on`` the day of the act it notifies."""

    key: str
    kind: str
    state: str
    on: date
    instrument_type: str
    speediest: bool
    citations: tuple[Citation, ...]
    reason: dict[str, str]


def _name(code: str) -> dict[str, str]:
    known = states.lookup(code)
    return {"en": known.name_en, "nb": known.name_nb} if known else {"en": code, "nb": code}


_TYPE_NB = {
    "ratification": "ratifikasjon",
    "acceptance": "godtakelse",
    "approval": "godkjenning",
    "accession": "tiltredelse",
    "succession": "suksesjon",
}


@rule
def depositary_notifications(register: Register | None = None) -> Finding[list[Notification]]:
    """Arts. 46 and 44: the notifications due for every act in ``register`` (the shipped one
    when omitted), oldest first (:data:`NOTIFICATION_READING`)."""
    reg = tuple(register) if register is not None else load_register("protocol")
    out: list[Notification] = []
    deposits = [i for i in reg if i.instrument_type != InstrumentType.SIGNATURE]
    for inst in deposits:
        n = _name(inst.state)
        kind = inst.instrument_type.value
        speed = inst.art44
        cites = (cite("46"), cite("44")) if speed else (cite("46"),)
        out.append(
            Notification(
                f"deposit/{inst.state}/{kind}/{inst.deposit_date.isoformat()}",
                "deposit",
                inst.state,
                inst.deposit_date,
                kind,
                speed,
                cites,
                {
                    "en": f"{n['en']} ({inst.state}) deposited its instrument of {kind} on "
                    f"{inst.deposit_date.isoformat()}"
                    + (": by the speediest method" if speed else ""),
                    "nb": f"{n['nb']} ({inst.state}) deponerte sitt dokument om "
                    f"{_TYPE_NB.get(kind, kind)} {inst.deposit_date.isoformat()}"
                    + (": raskeste vei" if speed else ""),
                },
            )
        )
    general = protocol_entry_into_force(reg).result
    if general is not None:
        out.append(
            Notification(
                f"in-force/{general.isoformat()}",
                "entry_into_force",
                "",
                general,
                "",
                False,
                (cite("43(1)"),),
                {
                    "en": f"the Protocol enters into force on {general.isoformat()}",
                    "nb": f"protokollen trer i kraft {general.isoformat()}",
                },
            )
        )
    for inst in binding_instruments(reg):
        eif = entry_into_force_for(inst.state, reg)
        if eif.result is None or (general is not None and eif.result <= general):
            continue
        n = _name(inst.state)
        out.append(
            Notification(
                f"in-force/{inst.state}/{eif.result.isoformat()}",
                "entry_into_force",
                inst.state,
                eif.result,
                inst.instrument_type.value,
                inst.art44,
                eif.citations,
                {
                    "en": f"the Protocol enters into force for {n['en']} ({inst.state}) on "
                    f"{eif.result.isoformat()}",
                    "nb": f"protokollen trer i kraft for {n['nb']} ({inst.state}) "
                    f"{eif.result.isoformat()}",
                },
            )
        )
    for inst in deposits:
        if inst.denunciation_date is None:
            continue
        n = _name(inst.state)
        effect = denunciation_takes_effect(inst).result
        then_en = f"; it takes effect on {effect.isoformat()}" if effect else ""
        then_nb = f"; den får virkning {effect.isoformat()}" if effect else ""
        out.append(
            Notification(
                f"denunciation/{inst.state}/{inst.denunciation_date.isoformat()}",
                "denunciation",
                inst.state,
                inst.denunciation_date,
                inst.instrument_type.value,
                inst.art44,
                (cite("46"), cite("45")),
                {
                    "en": f"{n['en']} ({inst.state}) denounced the Protocol on "
                    f"{inst.denunciation_date.isoformat()}{then_en}",
                    "nb": f"{n['nb']} ({inst.state}) sa opp protokollen "
                    f"{inst.denunciation_date.isoformat()}{then_nb}",
                },
            )
        )
    out.sort(key=lambda x: (x.on, x.kind != "deposit", x.state))
    return finding(
        out,
        "46",
        f"{len(out)} notifications: {len(deposits)} deposits",
        f"{len(out)} notifikasjoner: {len(deposits)} deponeringer",
    )


# ---- refusals ----------------------------------------------------------------------------------

declare(
    "fund.earmark_not_decided",
    ("29(3)",),
    "a contribution may be earmarked only for a programme or project the Committee has decided "
    "to implement: {earmark} is not such a decision on {on}",
    "et bidrag kan øremerkes bare for et program eller prosjekt komiteen har besluttet å "
    "gjennomføre: {earmark} er ikke et slikt vedtak per {on}",
    status=409,
    field="earmark",
)
declare(
    "fund.purpose_not_decided",
    ("29(3)", "27(1)(f)"),
    "the Fund is used only for purposes the Committee decided: {purpose} is not a carried "
    "decision of the Committee on {on}",
    "fondet brukes bare til formål komiteen har besluttet: {purpose} er ikke et vedtak "
    "komiteen har fattet per {on}",
    status=409,
    field="purpose",
)
declare(
    "fund.purpose_outside",
    ("29(1)",),
    "{purpose} is not a purpose of the Fund: the purposes are {known}",
    "{purpose} er ikke et av fondets formål: formålene er {known}",
    status=422,
    field="purpose_clause",
)
declare(
    "fund.beyond_decision",
    ("29(3)",),
    "{amount} is more than the Committee decided for {purpose}: {left} is left of {ceiling}",
    "{amount} er mer enn komiteen besluttet for {purpose}: {left} gjenstår av {ceiling}",
    status=409,
    field="amount",
)
declare(
    "fund.unknown_source",
    ("29(4)",),
    "{source} is not a source of the Fund's resources: the sources are {known}",
    "{source} er ikke en kilde til fondets midler: kildene er {known}",
    status=422,
    field="source",
)
declare(
    "fund.party_source",
    ("29(4)(a)", "29(4)(b)(i)"),
    "{state} is not a Party on {on}: a State's contribution is then one of another State",
    "{state} er ikke part {on}: et bidrag fra staten er da et bidrag fra en annen stat",
    status=409,
    field="source",
)
declare(
    "fund.other_state_source",
    ("29(4)(a)", "29(4)(b)(i)"),
    "{state} is a Party on {on}: its contribution is a Party's voluntary contribution",
    "{state} er part {on}: bidraget er et frivillig bidrag fra en part",
    status=409,
    field="source",
)
declare(
    "fund.not_a_member",
    ("27(1)(f)", "26(2)"),
    "only the Secretariat or a member present at session {session} records its decisions",
    "bare sekretariatet eller et medlem til stede på sesjon {session} registrerer vedtakene",
    status=403,
    field="session",
)
declare(
    "fund.vote_not_present",
    ("26(2)",),
    "{member} is not present at session {session}: no vote is recorded for it",
    "{member} er ikke til stede på sesjon {session}: ingen stemme registreres",
    status=409,
    field="votes",
)
declare(
    "assistance.not_a_party",
    ("32(1)", "32(2)", "3(2)"),
    "{state} is not a Party on {on}, and has not accepted and applied the Protocol's "
    "provisions as a party to a conflict: it cannot request international assistance",
    "{state} er ikke part {on}, og har ikke som part i en konflikt godtatt og anvendt "
    "protokollens bestemmelser: den kan ikke be om internasjonal bistand",
    status=409,
    field="state",
)
declare(
    "assistance.unesco_party_only",
    ("33(1)",),
    "{state} is not a Party on {on}: a Party calls upon UNESCO for technical assistance",
    "{state} er ikke part {on}: det er en part som kan be UNESCO om teknisk bistand",
    status=409,
    field="state",
)
declare(
    "assistance.own_state_only",
    ("32(1)",),
    "an officer of {mine} requests assistance for {mine}, not for {state}",
    "en tjenesteperson for {mine} ber om bistand for {mine}, ikke for {state}",
    status=403,
    field="state",
)
declare(
    "assistance.not_on_agenda",
    ("27(1)(e)",),
    "{request} is not on the agenda of session {session}",
    "{request} står ikke på dagsordenen for sesjon {session}",
    status=409,
    field="session",
)
declare(
    "assistance.step",
    ("27(1)(e)",),
    "{request} is {stage}: {step} is not possible now",
    "{request} har status {stage}: {step} er ikke mulig nå",
    status=409,
    field="request",
)
declare(
    "assistance.exceptional_needs_request",
    ("11(8)",),
    "assistance under an exceptional grant names the Party's request for enhanced protection",
    "bistand ved unntaksvis innvilgelse må vise til partens anmodning om forsterket beskyttelse",
    status=422,
    field="listing_request",
)
declare(
    "meeting.extraordinary_fifth",
    ("23(4)",),
    "an Extraordinary Meeting is convened at the request of at least one-fifth of the "
    "Parties: {requesting} of {parties} ask for it",
    "et ekstraordinært partsmøte innkalles når minst en femdel av partene ber om det: "
    "{requesting} av {parties} ber om det",
    status=409,
    field="requested_by",
)
declare(
    "reports.not_a_party",
    ("37(2)",),
    "{state} is not a Party on {on}, the last day of the cycle's period: it owes no report",
    "{state} er ikke part {on}, siste dag i syklusens periode: den skylder ingen rapport",
    status=409,
    field="state",
)
