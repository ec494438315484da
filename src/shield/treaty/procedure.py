"""The enhanced-protection procedure (Arts. 10-14, 24, 26, 28) as rules over plain values.

Pure Python: no Django, no I/O. Each rule returns quietly (or returns what it found) or
raises a :class:`~shield.treaty.refusals.Refused` of a kind declared here, once, with its
citations and its reason in English and Norwegian bokmål; the doors (API, pages, CLI)
render it in the reader's language. The treaty's own calculations (the sixty days, quorum,
recusals, majorities, party status) come from the rest of ``shield.treaty``; this module
decides who may act, on what date, and which step may follow which.

Codes: a family of kinds for one kind of refusal across the acts of the procedure has the
request's kind as its base code and ``.<act>`` for the others: ``procedure.not_a_party``
(a request, Art. 11(2)), ``procedure.not_a_party.representation`` (Art. 11(5)), ...

>>> from datetime import date
>>> check_claims("ARM", [Claim("ARM", "control", date(1992, 5, 9), date(2020, 11, 8))],
...              date(2021, 1, 1))
Traceback (most recent call last):
shield.treaty.refusals.Refused: Art. 11(2): the recorded control of Armenia (ARM) over the property ended on 2020-11-08 (no source recorded); on 2021-01-01 Armenia (ARM) has no jurisdiction or control over it
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from shield.treaty import (
    calendar,
    procedure_refusals,  # noqa: F401  (declares the kinds raised here)
    status,
    votes,
)
from shield.treaty.procedure_terms import (  # the doors read the terms here too (__all__)
    ACTS,
    ART12,
    BEFORE_COMMITTEE,
    CANCEL,
    CANCELLATION_READING,
    CLAIM_ROLES,
    CRITERIA,
    CRITERION_TEXT,
    DEFER,
    DEFERRED,
    DENIED,
    DENY,
    EXCEPTIONAL,
    GRANT,
    GRANTED,
    JURISDICTION_READING,
    LIFT,
    LISTED,
    LISTED_LABELS,
    MILITARY_USE_READING,
    MOTION_LABELS,
    MOTION_RESULT,
    MOTIONS,
    NOTICE_CITATIONS,
    NOTIFIED,
    ON_LISTED,
    ON_REQUEST,
    OPEN,
    OWN_ACTS,
    PARTY_ACTS,
    PROVISIONAL,
    PROVISIONAL_GRANT,
    REGISTERED,
    SECRETARIAT_TASKS,
    STATUS_LABELS,
    STATUSES,
    STEPS,
    SUBMITTED,
    SUSPEND,
    SUSPENSION_GROUNDS,
    VIEWS_READING,
    WITHDRAWN,
    act_code,
    act_name,
    criterion_citation,
    criterion_label,
    ground_label,
    grounds_value,
    motion_citations,
)
from shield.treaty.refusals import Cited, Refused, refusal, refuse, refuse_all

__all__ = [
    "act_code",
    "act_name",
    "ACTS",
    "ART12",
    "BEFORE_COMMITTEE",
    "CANCEL",
    "CANCELLATION_READING",
    "check_acts_for",
    "check_assertion",
    "check_claims",
    "check_decision_time",
    "check_emergency",
    "check_motion",
    "check_not_future",
    "check_party",
    "check_representation",
    "check_request",
    "check_secretariat",
    "check_step",
    "check_views_period",
    "check_votes",
    "Claim",
    "CLAIM_ROLES",
    "claims_on",
    "CRITERIA",
    "criterion_citation",
    "criterion_label",
    "CRITERION_TEXT",
    "DEFER",
    "DEFERRED",
    "DENIED",
    "DENY",
    "describe_claim",
    "EXCEPTIONAL",
    "GRANT",
    "GRANTED",
    "ground_label",
    "grounds_value",
    "JURISDICTION_READING",
    "LIFT",
    "LISTED",
    "LISTED_LABELS",
    "majority_kind",
    "MILITARY_USE_READING",
    "motion_citations",
    "MOTION_LABELS",
    "MOTION_RESULT",
    "MOTIONS",
    "named",
    "Names",
    "NOTICE_CITATIONS",
    "NOTIFIED",
    "ON_LISTED",
    "ON_REQUEST",
    "OPEN",
    "OWN_ACTS",
    "PARTY_ACTS",
    "PROVISIONAL",
    "PROVISIONAL_GRANT",
    "refusal_codes",
    "REGISTERED",
    "request_refusals",
    "ROLE_WORDS",
    "SECRETARIAT_TASKS",
    "STATUS_LABELS",
    "STATUSES",
    "STEPS",
    "SUBMITTED",
    "SUSPEND",
    "SUSPENSION_GROUNDS",
    "VIEWS_READING",
    "ViewsOpportunity",
    "window_closes",
    "WITHDRAWN",
]


# --- who may act, and when -------------------------------------------------------------------------

Names = Callable[[str], Any]
"""A State code to the value a refusal names it by (``states.named``, or the database's names)."""


def named(code: str) -> Any:
    """``{"en": "Italy (ITA)", "nb": "Italia (ITA)"}``; the bare code for one the list lacks."""
    from shield.treaty import states

    try:
        return states.named(code)
    except (LookupError, ValueError):
        return code


def _iso(day: date) -> str:
    return day.isoformat()


def check_not_future(act: str, day: date, today: date, field: str | None = None) -> None:
    """A record of the procedure says what happened on a day: an act dated after ``today`` has
    not happened and is refused, citing the provision that governs the act."""
    if day > today:
        refuse(
            act_code("procedure.in_future", act),
            field=field,
            act=act_name(act),
            day=_iso(day),
            today=_iso(today),
        )


def check_acts_for(
    actor_state: str | None, on_behalf_of: str, act: str, names: Names = named
) -> None:
    """A State's officer acts only in its own State's name (the Secretariat records for any)."""
    if actor_state != on_behalf_of:
        mine = names(actor_state) if actor_state else {"en": "no State", "nb": "ingen stat"}
        refuse(
            act_code("procedure.acts_for_another", act),
            mine=mine,
            state=names(on_behalf_of),
            act=act_name(act),
        )


def check_party(
    state: str,
    on: date,
    act: str,
    register: Sequence[status.Instrument] | None = None,
    names: Names = named,
    field: str | None = None,
) -> None:
    """Acts reserved to Parties (``PARTY_ACTS``) are refused to a State that is not a Party to
    the Protocol on the act's date (from the register of instruments, ``status.is_party``)."""
    found = status.is_party(state, on, register)
    if found.result:
        return
    eif = status.entry_into_force_for(state, register).result
    if eif is not None and on < eif:
        detail = {
            "en": f" (the Protocol enters into force for it on {_iso(eif)})",
            "nb": f" (protokollen trer i kraft for den {_iso(eif)})",
        }
    elif eif is not None:
        detail = {
            "en": " (its denunciation has taken effect)",
            "nb": " (oppsigelsen har fått virkning)",
        }
    else:
        detail = {
            "en": " (no instrument of ratification, acceptance, approval, accession or succession is "
            "recorded for it)",
            "nb": " (ingen ratifikasjon, godtakelse, godkjenning, tiltredelse eller suksesjon er "
            "registrert for den)",
        }
    refuse(
        act_code("procedure.not_a_party", act),
        field=field,
        state=names(state),
        on=_iso(on),
        detail=detail,
        act=act_name(act),
    )


def check_emergency(state: str, conflict_parties: Collection[str], names: Names = named) -> None:
    """Art. 11(9): on the outbreak of hostilities a Party *to the conflict* requests."""
    if not conflict_parties:
        refuse("procedure.conflict_parties_missing")
    if state not in conflict_parties:
        refuse(
            "procedure.not_party_to_conflict",
            state=names(state),
            parties=[names(c) for c in sorted(conflict_parties)],
        )


def check_secretariat(is_secretariat: bool, task: str) -> None:
    """Art. 28: the Secretariat prepares the documentation and the agenda and implements the
    Committee's decisions."""
    if not is_secretariat:
        refuse("procedure.secretariat_only", task=SECRETARIAT_TASKS[task])


# --- jurisdiction or control on the day -------------------------------------------------------------


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip()[:10])


@dataclass(frozen=True)
class Claim:
    """A State's recorded control of, or claim to, the place where property lies, with its
    dates (``None``: open) and source. A claim, never a finding (Art. 11(4))."""

    state: str
    role: str
    valid_from: date | None = None
    valid_to: date | None = None
    basis: str = ""
    source: str = ""

    @classmethod
    def of(cls, value: Any) -> Claim:
        """From a mapping or a record with these attributes (a ``state`` object with ``code``
        will do); dates may be ``date``, ISO text or blank."""
        get = value.get if isinstance(value, Mapping) else (lambda k, d=None: getattr(value, k, d))
        state = get("state_code", None) or get("state")
        state = getattr(state, "code", state)
        return cls(
            str(state or "").upper(),
            str(get("role") or ""),
            _day(get("valid_from")),
            _day(get("valid_to")),
            str(get("basis") or ""),
            str(get("source") or ""),
        )

    def in_force_on(self, day: date) -> bool:
        """From ``valid_from`` (included) until ``valid_to`` (excluded): the day control passes
        belongs to the new holder (``JURISDICTION_READING``)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    def as_dict(self, names: Names = named) -> dict[str, Any]:
        return {
            "state": self.state,
            "state_name": names(self.state),
            "role": self.role,
            "valid_from": _iso(self.valid_from) if self.valid_from else None,
            "valid_to": _iso(self.valid_to) if self.valid_to else None,
            "basis": self.basis,
            "source": self.source,
        }


ROLE_WORDS = {
    "control": {"en": "control", "nb": "kontroll"},
    "claimant": {
        "en": "claim to sovereignty or jurisdiction",
        "nb": "krav på suverenitet eller jurisdiksjon",
    },
}


def describe_claim(claim: Mapping[str, Any] | Claim, lang: str = "en", names: Names = named) -> str:
    """'Azerbaijan (AZE) claims control since 2020-11-08 (source: ...)': a claim, with who
    makes it, never stated as established."""
    c = claim if isinstance(claim, Claim) else Claim.of(claim)
    lang = "nb" if lang == "nb" else "en"
    who = names(c.state)
    who = who[lang] if isinstance(who, Mapping) else str(who)
    what = {
        "control": {"en": "claims control", "nb": "hevder kontroll"},
        "claimant": {
            "en": "claims sovereignty or jurisdiction",
            "nb": "gjør krav på suverenitet eller jurisdiksjon",
        },
    }.get(c.role, {"en": f"claims ({c.role})", "nb": f"hevder ({c.role})"})[lang]
    if c.valid_from and c.valid_to:
        when = {
            "en": f"from {_iso(c.valid_from)} until {_iso(c.valid_to)}",
            "nb": f"fra {_iso(c.valid_from)} til {_iso(c.valid_to)}",
        }[lang]
    elif c.valid_from:
        when = {"en": f"since {_iso(c.valid_from)}", "nb": f"siden {_iso(c.valid_from)}"}[lang]
    elif c.valid_to:
        when = {"en": f"until {_iso(c.valid_to)}", "nb": f"til {_iso(c.valid_to)}"}[lang]
    else:
        when = {"en": "(no dates recorded)", "nb": "(ingen datoer registrert)"}[lang]
    source = (
        (f"source: {c.source}" if lang == "en" else f"kilde: {c.source}")
        if c.source
        else {"en": "no source recorded", "nb": "ingen kilde registrert"}[lang]
    )
    return f"{who} {what} {when} ({source})"


def claims_on(claims: Iterable[Any], day: date) -> tuple[Claim, ...]:
    """The claims of jurisdiction or control in force on ``day``."""
    return tuple(
        c
        for c in (x if isinstance(x, Claim) else Claim.of(x) for x in claims)
        if c.role in CLAIM_ROLES and c.in_force_on(day)
    )


def check_claims(
    state: str,
    claims: Iterable[Any],
    on: date,
    property_name: Any = None,
    names: Names = named,
    field: str | None = None,
) -> tuple[Claim, ...]:
    """Art. 11(2) on the day: ``state`` has jurisdiction or control over the property on ``on``
    when a recorded claim of it is in force that day (``JURISDICTION_READING``). Returns the
    competing claims to record with the act (Art. 11(4)): every claim in force that day when
    more than one State claims the place, else ``()``."""
    every = [c if isinstance(c, Claim) else Claim.of(c) for c in claims]
    today = claims_on(every, on)
    prop = (
        property_name
        if property_name is not None
        else {"en": "the property", "nb": "kulturverdien"}
    )
    if not any(c.state == state for c in today):
        ended = sorted(
            (
                c
                for c in every
                if c.state == state
                and c.role in CLAIM_ROLES
                and c.valid_to is not None
                and c.valid_to <= on
            ),
            key=lambda c: c.valid_to or on,
        )
        if ended:
            last = ended[-1]
            assert last.valid_to is not None
            refuse(
                "procedure.control_ended",
                field=field,
                role=ROLE_WORDS.get(last.role, {"en": last.role, "nb": last.role}),
                state=names(state),
                property=prop,
                ended=_iso(last.valid_to),
                on=_iso(on),
                source=last.source or {"en": "no source recorded", "nb": "ingen kilde registrert"},
            )
        recorded = (
            {
                "en": "; claims in force that day: "
                + "; ".join(describe_claim(c, "en", names) for c in today),
                "nb": "; krav som gjelder den dagen: "
                + "; ".join(describe_claim(c, "nb", names) for c in today),
            }
            if today
            else {
                "en": "; no claim is recorded for that day",
                "nb": "; ingen krav er registrert for den dagen",
            }
        )
        refuse(
            "procedure.no_jurisdiction_on_date",
            field=field,
            state=names(state),
            property=prop,
            on=_iso(on),
            recorded=recorded,
        )
    if len({c.state for c in today}) > 1:
        return today
    return ()


# --- the request ----------------------------------------------------------------------------------


def request_refusals(
    evidence: Mapping[str, str], declaration: bool, emergency: bool, assistance_ref: str
) -> list[Refused]:
    """What a request lacks: evidence for each criterion of Art. 10 (criterion (b) may wait
    when international assistance is requested, Art. 11(8), or on the emergency path, where
    provisional protection needs (a) and (c), Art. 11(9)), and the declaration of Art. 10(c)."""
    out = []
    for c in CRITERIA:
        if (evidence.get(c) or "").strip():
            continue
        if c == "b" and ((assistance_ref or "").strip() or emergency):
            continue
        out.append(
            refusal(
                "procedure.evidence_missing",
                field=f"evidence_{c}",
                criterion=Cited(criterion_citation(c)),
                text=CRITERION_TEXT[c],
            )
        )
    if not declaration:
        out.append(refusal("procedure.declaration_missing"))
    return out


def check_request(
    evidence: Mapping[str, str], declaration: bool, emergency: bool, assistance_ref: str
) -> None:
    refuse_all(request_refusals(evidence, declaration, emergency, assistance_ref))


def check_step(status_: str, step: str) -> None:
    """Which administrative step may follow which (Art. 11(5): receipt, then informing all Parties)."""
    allowed, past = STEPS[step]
    if status_ not in allowed:
        refuse(
            "procedure.step_out_of_order",
            current=STATUS_LABELS.get(status_, {"en": status_, "nb": status_}),
            step=past,
            allowed={
                lang: ", ".join(STATUS_LABELS[s][lang] for s in allowed) for lang in ("en", "nb")
            },
        )


def check_representation(
    criterion: str, facts: str, notified_on: date | None, submitted_on: date, emergency: bool
) -> None:
    """Art. 11(5): representations are specific, related to facts, on Art. 10 criteria only,
    within sixty days of the notification (expedited on the emergency path, Art. 11(9))."""
    if criterion not in CRITERIA:
        refuse("procedure.representation_criterion", criterion=criterion)
    if not (facts or "").strip():
        refuse("procedure.representation_facts")
    if notified_on is None:  # the Parties have not been informed yet
        check_step(REGISTERED, "represent")
    if not emergency and notified_on is not None:
        in_time = calendar.representation_in_time(notified_on, submitted_on)
        if not in_time.result:
            refuse("procedure.representations_closed", reason=dict(in_time.reason))


def window_closes(notified_on: date) -> date:
    """The last day for representations (``calendar.representations_deadline``)."""
    return calendar.representations_deadline(notified_on).result


def check_decision_time(notified_on: date | None, decided_on: date, emergency: bool) -> None:
    """Art. 11(5): no decision before the sixty days are over, except on the emergency path
    (Art. 11(9): representations considered on an expedited basis)."""
    if (
        notified_on is None
    ):  # the Parties (on the emergency path, the parties to the conflict) not informed
        refuse("procedure.not_before_committee", current=STATUS_LABELS[REGISTERED])
    if emergency:
        return
    last = window_closes(notified_on)
    if decided_on <= last:
        refuse("procedure.decision_before_window", closes=_iso(last), day=_iso(decided_on))


@dataclass(frozen=True)
class ViewsOpportunity:
    """An invitation to the Parties to make their views known (Art. 14(4))."""

    proposal: str
    grounds: tuple[str, ...]
    opened_on: date
    closes_on: date | None = None

    @property
    def last_day(self) -> date:
        return self.closes_on or self.opened_on


def check_views_period(opened_on: date, closes_on: date | None) -> None:
    if closes_on is None or closes_on <= opened_on:
        refuse(
            "procedure.views_period",
            opened=_iso(opened_on),
            closes=_iso(closes_on) if closes_on else "—",
        )


def check_motion(
    motion: str,
    status_: str,
    emergency: bool,
    assistance_ref: str,
    grounds: Iterable[str],
    listed: str | None,
    views_opened: Iterable[ViewsOpportunity | tuple[Any, ...]],
    decided_on: date,
    continuous: bool = False,
) -> None:
    """May the Committee decide ``motion`` now? ``listed`` is the enhanced protection's status
    on the decision date (active, suspended, ...); ``views_opened`` the invitations to make views
    known (Art. 14(4)); ``continuous`` the Committee's finding that violations of Art. 12 are
    continuous (``CANCELLATION_READING``)."""
    grounds = list(grounds)
    if motion not in MOTIONS:
        refuse("procedure.unknown_motion", motion=motion)
    if motion in ON_REQUEST and status_ not in BEFORE_COMMITTEE:
        refuse(
            "procedure.not_before_committee",
            current=STATUS_LABELS.get(status_, {"en": status_, "nb": status_}),
        )
    if motion == DENY:
        if not grounds or any(g not in CRITERIA for g in grounds):
            refuse("procedure.grounds_not_article_10", grounds=grounds_value(grounds))
    elif motion in (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DEFER, LIFT) and any(
        g not in CRITERIA for g in grounds
    ):
        refuse("procedure.grounds_not_article_10", grounds=grounds_value(grounds))
    if motion == EXCEPTIONAL and not (assistance_ref or "").strip():
        refuse("procedure.exceptional_needs_assistance")
    if motion == PROVISIONAL_GRANT and not emergency:
        refuse("procedure.provisional_needs_emergency")
    if motion in ON_LISTED:
        views = [
            v if isinstance(v, ViewsOpportunity) else ViewsOpportunity(*v) for v in views_opened
        ]
        _check_listed_motion(motion, grounds, listed, views, decided_on, continuous)


def _check_listed_motion(
    motion: str,
    grounds: list[str],
    listed: str | None,
    views: list[ViewsOpportunity],
    decided_on: date,
    continuous: bool,
) -> None:
    label = LISTED_LABELS.get(listed, {"en": str(listed), "nb": str(listed)})
    if motion == LIFT:
        if listed != "suspended":
            refuse("procedure.nothing_to_lift", listed=label, on=_iso(decided_on))
        return
    if listed not in ("active", "suspended", "lost_military_use"):
        refuse(
            "procedure.not_under_enhanced_protection",
            listed=label,
            on=_iso(decided_on),
            motion=MOTION_LABELS[motion],
        )
    if not grounds or any(g not in SUSPENSION_GROUNDS for g in grounds):
        refuse("procedure.suspension_grounds", grounds=grounds_value(grounds))
    if motion == CANCEL and ART12 in grounds and not continuous:
        refuse("procedure.cancellation_not_continuous")
    invited = [v for v in views if v.proposal == motion and v.opened_on <= decided_on]
    if not invited or not set(grounds) <= {g for v in invited for g in v.grounds}:
        refuse(
            "procedure.views_not_invited",
            motion=MOTION_LABELS[motion],
            grounds=grounds_value(grounds),
        )
    waiting = [
        g for g in grounds if not any(g in v.grounds and v.last_day < decided_on for v in invited)
    ]
    if waiting:
        closes = min(v.last_day for v in invited if set(v.grounds) & set(waiting))
        refuse(
            "procedure.views_open",
            motion=MOTION_LABELS[motion],
            closes=_iso(closes),
            day=_iso(decided_on),
        )


def check_votes(
    members: Collection[str],
    present: Collection[str],
    cast: Mapping[str, str],
    conflict_parties: Collection[str],
    names: Names = named,
) -> None:
    """Art. 26(2): a quorum before any vote; Art. 26(3): no member votes on property affected
    by an armed conflict to which it is a party."""
    q = votes.quorum(members, present)
    if not q.result:
        refuse("procedure.no_quorum", reason=dict(q.reason))
    recused = votes.recusals(members, conflict_parties).result
    for member, vote in cast.items():
        if member in recused and vote in votes.VOTES:
            refuse("procedure.member_recused", field=f"votes.{member}", member=names(member))


def majority_kind(motion: str, has_representations: bool) -> votes.DecisionKind:
    """Art. 11(9): four-fifths for provisional protection; Art. 11(5): four-fifths for inclusion
    when representations are before the Committee; otherwise two-thirds (Art. 26(2)). Only
    representations that were received count: a refused one was never recorded."""
    if motion == PROVISIONAL_GRANT:
        return votes.DecisionKind.PROVISIONAL_ENHANCED_PROTECTION
    if motion in (GRANT, EXCEPTIONAL) and has_representations:
        return votes.DecisionKind.INCLUSION_WITH_REPRESENTATIONS
    return votes.DecisionKind.ORDINARY


# --- assertions of military use (Art. 13(1)(b)) ---------------------------------------------------


def check_assertion(
    request_status: str,
    by_state: str | None,
    by_organisation: str,
    facts: str,
    period_from: date,
    period_to: date | None,
    property_name: Any = None,
) -> None:
    """An assertion that the property has by its use become a military objective: attributed,
    dated and factual (``MILITARY_USE_READING``). It is a claim and changes nothing on the List."""
    if request_status not in LISTED:
        refuse(
            "procedure.assertion_not_listed",
            property=property_name
            if property_name is not None
            else {"en": "the property", "nb": "kulturverdien"},
            current=STATUS_LABELS.get(request_status, {"en": request_status, "nb": request_status}),
        )
    if not by_state and not (by_organisation or "").strip():
        refuse("procedure.assertion_by")
    if not (facts or "").strip():
        refuse("procedure.assertion_facts")
    if period_to is not None and period_to < period_from:
        refuse("procedure.assertion_period", to=_iso(period_to), start=_iso(period_from))


def refusal_codes() -> tuple[str, ...]:
    """Every refusal kind this module declares."""
    from shield.treaty.refusals import KINDS

    return tuple(sorted(k for k in KINDS if k.startswith("procedure.")))
