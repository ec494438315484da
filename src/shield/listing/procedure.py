"""The enhanced-protection procedure as rules over plain values (no Django, no I/O).

Each rule either returns quietly or raises :class:`ProcedureRefused` whose message starts
with the article it applies, so a refusal reads the same in the API, the pages and the CLI.
The treaty's own calculations (the sixty days, quorum, recusals, majorities) come from
``shield.treaty``; this module only decides which step may follow which.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from shield.treaty import calendar, votes

CRITERIA = ("a", "b", "c")
"""Art. 10 (a) greatest importance, (b) domestic protection, (c) no military use + declaration."""

CRITERION_TEXT = {
    "a": "Art. 10(a): cultural heritage of the greatest importance for humanity",
    "b": "Art. 10(b): protected by adequate domestic legal and administrative measures",
    "c": "Art. 10(c): not used for military purposes or to shield military sites, with a declaration",
}
SUSPENSION_GROUNDS = CRITERIA + ("art12",)
"""Art. 14(1): a criterion of Art. 10 no longer met; Art. 14(2): serious violation of Art. 12."""

# Request states and the motions the Committee may decide in each.
SUBMITTED, REGISTERED, NOTIFIED = "submitted", "registered", "notified"
DEFERRED, PROVISIONAL, GRANTED = "deferred", "provisional", "granted"
DENIED, WITHDRAWN = "denied", "withdrawn"
STATUSES = (SUBMITTED, REGISTERED, NOTIFIED, DEFERRED, PROVISIONAL, GRANTED, DENIED, WITHDRAWN)
OPEN = (SUBMITTED, REGISTERED, NOTIFIED, DEFERRED, PROVISIONAL)

GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER = "grant", "exceptional_grant", "provisional", "deny", "defer"
SUSPEND, CANCEL, LIFT = "suspend", "cancel", "lift"
MOTIONS = (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER, SUSPEND, CANCEL, LIFT)
ON_REQUEST = (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER)
ON_LISTED = (SUSPEND, CANCEL, LIFT)

MOTION_CITATION = {
    GRANT: "Art. 11(10)", EXCEPTIONAL: "Art. 11(8)", PROVISIONAL_GRANT: "Art. 11(9)",
    DENY: "Art. 11(7)", DEFER: "Art. 11(5)", SUSPEND: "Art. 14(1)", CANCEL: "Art. 14(2)",
    LIFT: "Art. 14(1)",
}
# What a carried motion makes of the request.
MOTION_RESULT = {GRANT: GRANTED, EXCEPTIONAL: GRANTED, PROVISIONAL_GRANT: PROVISIONAL,
                 DENY: DENIED, DEFER: DEFERRED}


@dataclass
class ProcedureRefused(Exception):
    """A step the Protocol does not allow; ``message`` begins with ``citation``."""

    citation: str
    text: str
    field: str = "request"
    status: int = 409

    @property
    def message(self) -> str:
        return f"{self.citation}: {self.text}"

    def __str__(self) -> str:
        return self.message


def refuse(citation: str, text: str, field: str = "request", status: int = 409):
    raise ProcedureRefused(citation, text, field, status)


# --- who may act ---------------------------------------------------------------------------

def check_acts_for(actor_state: str | None, on_behalf_of: str, what: str) -> None:
    """A Party's officer acts only for its own State (the Party with jurisdiction or control
    requests, Art. 11(2); each Party speaks for itself in representations, Art. 11(5))."""
    if actor_state is None:
        refuse("Art. 11(2)", f"{what}: you act for no State", "state", 403)
    if actor_state != on_behalf_of:
        refuse("Art. 11(2)", f"{what}: you act for {actor_state}, not for {on_behalf_of}; "
               "a Party may act only for itself", "state", 403)


def check_jurisdiction(requesting_state: str, states_with_jurisdiction: Collection[str]) -> None:
    """Art. 11(2): only the Party with jurisdiction or control over the property requests."""
    if requesting_state not in states_with_jurisdiction:
        held = ", ".join(sorted(states_with_jurisdiction)) or "no State"
        refuse("Art. 11(2)", f"{requesting_state} has no recorded jurisdiction or control over this "
               f"property ({held}); it may recommend it instead (Art. 11(3))", "state", 403)


# --- the request -----------------------------------------------------------------------------

def request_problems(evidence: Mapping[str, str], declaration: bool, emergency: bool,
                     assistance_ref: str, conflict_parties: Collection[str]) -> list[tuple[str, str]]:
    """What a request lacks, as (field, message): evidence for each criterion of Art. 10 and
    the declaration of non-military use (Art. 10(c), 11(2)). Criterion (b) may be missing
    when international assistance is requested (Art. 11(8)); an emergency request needs (a)
    and (c) and the parties to the conflict (Art. 11(9))."""
    out = []
    for c in CRITERIA:
        if (evidence.get(c) or "").strip():
            continue
        if c == "b" and (assistance_ref.strip() or emergency):
            continue
        out.append((f"evidence_{c}", f"is required: {CRITERION_TEXT[c]} (Art. 11(2))"))
    if not declaration:
        out.append(("declaration", "is required: the declaration that the property will not be used "
                                   "for military purposes (Art. 10(c))"))
    if emergency and not conflict_parties:
        out.append(("conflict_parties", "an emergency request names the parties to the conflict (Art. 11(9))"))
    return out


def check_step(status: str, step: str) -> None:
    """Which administrative step may follow which (Art. 11(5): receipt, then informing all Parties)."""
    allowed = {
        "register": (SUBMITTED,),
        "notify": (REGISTERED,),
        "withdraw": OPEN,
        "represent": (NOTIFIED, DEFERRED, PROVISIONAL),
        "respond": (NOTIFIED, DEFERRED, PROVISIONAL),
        "advise": (REGISTERED, NOTIFIED, DEFERRED, PROVISIONAL),
        "agenda": (NOTIFIED, DEFERRED, PROVISIONAL, GRANTED),
    }[step]
    if status not in allowed:
        refuse("Art. 11(5)", f"a request that is {status} cannot be {_PAST[step]} "
               f"(allowed when {', '.join(allowed)})", "status")


_PAST = {"register": "registered", "notify": "notified", "withdraw": "withdrawn",
         "represent": "the subject of representations", "respond": "answered",
         "advise": "the subject of advice", "agenda": "put on an agenda"}


def check_representation(criterion: str, facts: str, notified_on: date | None, submitted_on: date,
                         emergency: bool) -> None:
    """Art. 11(5): representations are specific, related to facts, on Art. 10 criteria only,
    within sixty days of the notification (expedited on the emergency path, Art. 11(9))."""
    if criterion not in CRITERIA:
        refuse("Art. 11(5)", f"representations concern the criteria of Art. 10 only ((a), (b) or (c)); "
               f"{criterion!r} is not one", "criterion", 422)
    if not facts.strip():
        refuse("Art. 11(5)", "representations are specific and related to facts: state the facts",
               "facts", 422)
    if notified_on is None:
        refuse("Art. 11(5)", "the Parties have not yet been informed of this request", "status")
    if not emergency:
        in_time = calendar.representation_in_time(notified_on, submitted_on)
        if not in_time.result:
            refuse("Art. 11(5)", in_time.reason_in("en"), "submitted_on")


def window_closes(notified_on: date) -> date:
    """The last day for representations (shield.treaty.calendar, Art. 11(5))."""
    return calendar.representations_deadline(notified_on).result


def check_decision_time(notified_on: date | None, decided_on: date, emergency: bool) -> None:
    """Art. 11(5): no decision before the sixty days are over, except on the emergency path
    (Art. 11(9): representations considered on an expedited basis)."""
    if emergency:
        if notified_on is None:
            refuse("Art. 11(9)", "an emergency request is transmitted to the parties to the conflict "
                   "before the Committee decides", "status")
        return
    if notified_on is None:
        refuse("Art. 11(5)", "the Parties have not been informed of the request; the Committee cannot decide",
               "status")
    last = window_closes(notified_on)
    if decided_on <= last:
        refuse("Art. 11(5)", f"the sixty-day window for representations closes on {last.isoformat()}; "
               f"the Committee cannot decide before then (decision date {decided_on.isoformat()})", "held_on")


def check_motion(motion: str, status: str, emergency: bool, assistance_ref: str, grounds: Iterable[str],
                 listed: str | None, views_opened: Iterable[tuple[str, date]], decided_on: date) -> None:
    """May the Committee decide ``motion`` now? ``listed`` is the enhanced protection's status
    on the decision date (active, suspended, ...), ``views_opened`` the (proposal, date) pairs
    on which the Parties were invited to make their views known (Art. 14(4))."""
    grounds = list(grounds)
    if motion not in MOTIONS:
        refuse("Art. 11(7)", f"{motion!r} is not a decision the Committee takes here", "motion", 422)
    if motion in ON_REQUEST and status not in (NOTIFIED, DEFERRED, PROVISIONAL):
        refuse("Art. 11(5)", f"the request is {status}; the Committee decides only on a notified request", "status")
    if motion == DENY:
        bad = [g for g in grounds if g not in CRITERIA]
        if not grounds or bad:
            refuse("Art. 11(7)", "a refusal rests only on the criteria of Art. 10 ((a), (b), (c)); "
                   f"got {', '.join(grounds) or 'no ground'}", "grounds", 422)
    elif motion in (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DEFER, LIFT) and grounds:
        bad = [g for g in grounds if g not in CRITERIA]
        if bad:
            refuse("Art. 11(7)", f"a decision rests only on the criteria of Art. 10; {', '.join(bad)} is not one",
                   "grounds", 422)
    if motion == EXCEPTIONAL and not assistance_ref.strip():
        refuse("Art. 11(8)", "an exceptional grant without criterion (b) needs the Party's request for "
               "international assistance under Art. 32", "assistance_ref", 422)
    if motion == PROVISIONAL_GRANT and not emergency:
        refuse("Art. 11(9)", "provisional enhanced protection is granted only on an emergency request", "motion")
    if motion in ON_LISTED:
        _check_listed_motion(motion, grounds, listed, views_opened, decided_on)


def _check_listed_motion(motion, grounds, listed, views_opened, decided_on) -> None:
    if motion == LIFT:
        if listed != "suspended":
            refuse("Art. 14(1)", f"only a suspension can be lifted; enhanced protection is {listed or 'never granted'}",
                   "motion")
        return
    if listed not in ("active", "suspended", "lost_military_use"):
        refuse("Art. 14(1)", f"enhanced protection is {listed or 'never granted'}; nothing to {motion}", "motion")
    bad = [g for g in grounds if g not in SUSPENSION_GROUNDS]
    if not grounds or bad:
        refuse("Art. 14(1)", "a suspension or cancellation rests on a criterion of Art. 10 no longer met "
               "(Art. 14(1)) or on a serious violation of Art. 12 (Art. 14(2)); "
               f"got {', '.join(grounds) or 'no ground'}", "grounds", 422)
    if motion == CANCEL and set(grounds) == {"art12"} and listed != "suspended":
        refuse("Art. 14(2)", "for serious violations of Art. 12 the Committee suspends; it cancels only "
               "exceptionally, where violations are continuous, after a suspension", "motion")
    if not any(p == motion and opened < decided_on for p, opened in views_opened):
        refuse("Art. 14(4)", f"the Parties have not been given an opportunity to make their views known on "
               f"the proposed {motion}; open the views step first", "views")


def check_votes(members: Collection[str], present: Collection[str], cast: Mapping[str, str],
                conflict_parties: Collection[str]) -> None:
    """Art. 26(2): a quorum before any vote; Art. 26(3): no member votes on property affected
    by an armed conflict to which it is a party."""
    q = votes.quorum(members, present)
    if not q.result:
        refuse("Art. 26(2)", f"the Committee cannot vote: {q.reason_in('en')}", "present")
    recused = votes.recusals(members, conflict_parties).result
    for member, vote in cast.items():
        if member in recused and vote in votes.VOTES:
            refuse("Art. 26(3)", f"{member} is a party to the armed conflict affecting the property "
                   "and does not vote on it", f"votes.{member}")


def majority_kind(motion: str, has_representations: bool) -> votes.DecisionKind:
    """Art. 11(9): four-fifths for provisional protection; Art. 11(5): four-fifths for inclusion
    when representations are before the Committee; otherwise two-thirds (Art. 26(2))."""
    if motion == PROVISIONAL_GRANT:
        return votes.DecisionKind.PROVISIONAL_ENHANCED_PROTECTION
    if motion in (GRANT, EXCEPTIONAL) and has_representations:
        return votes.DecisionKind.INCLUSION_WITH_REPRESENTATIONS
    return votes.DecisionKind.ORDINARY
