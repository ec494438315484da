"""The enhanced-protection procedure's terms: its readings, the criteria and grounds, the
request's states, the Committee's motions and the acts of the procedure, each with the
provision that governs it. The rules are in :mod:`shield.treaty.procedure`, the refusal kinds
in :mod:`shield.treaty.procedure_refusals`."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from shield.treaty.citations import Citation
from shield.treaty.findings import Lang
from shield.treaty.provisions import citation_of

# --- readings -----------------------------------------------------------------------------------

JURISDICTION_READING = (
    "Art. 11(2) gives the request to 'the Party which has jurisdiction or control over the cultural "
    "property' (and Art. 11(9) the emergency request to a Party to the conflict for property 'under its "
    "jurisdiction or control'). Read here: a State has jurisdiction or control on a day when a claim "
    "recorded for the property, with its source, is in force that day: a claim of control, or a claim of "
    "sovereignty or jurisdiction over the place (a claimant). A claim is in force from its first day "
    "(open if none is recorded) until the day it ended, that day excluded (open if none is recorded), so "
    "the day control passes belongs to the new holder. The inventory a record sits in is not a claim and "
    "gives no right. Where more than one State claims the place on that day, the request goes on and "
    "every claim in force is recorded with it, each as a claim with who makes it and its source, none "
    "as established (Art. 11(4)). A tentative list (Art. 11(1)) and the Committee's invitation (Art. "
    "11(2)) follow the same test on their own dates."
)

MILITARY_USE_READING = (
    "Art. 13(1)(b): property under enhanced protection loses it 'if, and for as long as, the property "
    "has, by its use, become a military objective'. That is a consequence of facts, not a decision: an "
    "assertion of such use is recorded as a claim, with who asserts it, when, for which period and on "
    "what evidence, and it never changes the List or the protection history. Only the Committee's "
    "decisions under Art. 14 suspend or cancel enhanced protection (Art. 13(1)(a)); whether an attack "
    "on the property was lawful is judged against Art. 13(2) on the facts of the attack."
)

CANCELLATION_READING = (
    "Art. 14(1): where property no longer meets a criterion of Art. 10, the Committee may suspend or "
    "cancel its enhanced protection. Art. 14(2): for a serious violation of Art. 12 arising from the "
    "property's use in support of military action the Committee may suspend; 'where such violations are "
    "continuous, the Committee may exceptionally cancel'. Read here: a cancellation on an Art. 12 ground "
    "needs the Committee's own finding, recorded with the motion, that the violations are continuous; "
    "it does not need a prior suspension, and whether the case is exceptional is the Committee's "
    "judgement, expressed in its vote. A cancellation on a criterion of Art. 10 rests on Art. 14(1) and "
    "is cited so; one on Art. 12 is cited Art. 14(2)."
)

VIEWS_READING = (
    "Art. 14(4): before suspending or cancelling, the Committee 'shall afford an opportunity to the "
    "Parties to make their views known'. Read here: the opportunity is the period set when the views "
    "were invited (its last day is recorded with the invitation); the Committee decides on a suspension "
    "or cancellation only after that day, and only on grounds on which the views were invited."
)

# --- vocabulary ----------------------------------------------------------------------------------

CRITERIA = ("a", "b", "c")
"""The criteria of Art. 10."""
ART12 = "art12"
"""The ground code for a serious violation of Art. 12 (Art. 14(2))."""
SUSPENSION_GROUNDS = CRITERIA + (ART12,)

CRITERION_TEXT: dict[str, dict[str, str]] = {
    "a": {
        "en": "cultural heritage of the greatest importance for humanity",
        "nb": "kulturarv av største betydning for menneskeheten",
    },
    "b": {
        "en": "protected by adequate domestic legal and administrative measures",
        "nb": "beskyttet av høvelige nasjonale rettslige og forvaltningsmessige tiltak",
    },
    "c": {
        "en": "not used for military purposes or to shield military sites, with a declaration",
        "nb": "brukes ikke til militære formål eller til å skjerme militæranlegg, og en erklæring er gitt",
    },
}


def _cite(text: str) -> Citation:
    return citation_of(text)


def criterion_citation(c: str) -> Citation:
    return _cite(f"10({c})")


def criterion_label(c: str, lang: str = "en") -> str:
    """'Art. 10(a): cultural heritage ...' in the reader's language."""
    form: Lang = "nb" if lang == "nb" else "en"
    return f"{criterion_citation(c).label(form)}: {CRITERION_TEXT[c][form]}"


def ground_label(g: str, lang: str = "en") -> str:
    """A ground of a decision: a criterion of Art. 10 or a serious violation of Art. 12."""
    form: Lang = "nb" if lang == "nb" else "en"
    if g == ART12:
        words = {"en": "serious violation of", "nb": "alvorlig brudd på"}[form]
        return f"{words} {_cite('12').label(form)}"
    if g in CRITERIA:
        return criterion_citation(g).label(form)
    return repr(g)


def _both(fn: Callable[[str], str]) -> dict[str, str]:
    return {"en": fn("en"), "nb": fn("nb")}


def grounds_value(grounds: Iterable[str]) -> dict[str, str]:
    items = list(grounds)
    if not items:
        return {"en": "no ground", "nb": "ingen grunnlag"}
    return _both(lambda lang: "; ".join(ground_label(g, lang) for g in items))


# Request states.
SUBMITTED, REGISTERED, NOTIFIED = "submitted", "registered", "notified"
DEFERRED, PROVISIONAL, GRANTED = "deferred", "provisional", "granted"
DENIED, WITHDRAWN = "denied", "withdrawn"
STATUSES = (SUBMITTED, REGISTERED, NOTIFIED, DEFERRED, PROVISIONAL, GRANTED, DENIED, WITHDRAWN)
OPEN = (SUBMITTED, REGISTERED, NOTIFIED, DEFERRED, PROVISIONAL)
BEFORE_COMMITTEE = (NOTIFIED, DEFERRED, PROVISIONAL)
LISTED = (GRANTED, PROVISIONAL)
STATUS_LABELS: dict[str, dict[str, str]] = {
    SUBMITTED: {"en": "submitted", "nb": "innsendt"},
    REGISTERED: {"en": "registered", "nb": "registrert"},
    NOTIFIED: {"en": "notified to the Parties", "nb": "kunngjort for partene"},
    DEFERRED: {"en": "deferred", "nb": "utsatt"},
    PROVISIONAL: {
        "en": "provisional enhanced protection",
        "nb": "foreløpig forsterket beskyttelse",
    },
    GRANTED: {"en": "granted", "nb": "innvilget"},
    DENIED: {"en": "denied", "nb": "avslått"},
    WITHDRAWN: {"en": "withdrawn", "nb": "trukket tilbake"},
}

# Motions the Committee decides.
GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER = (
    "grant",
    "exceptional_grant",
    "provisional",
    "deny",
    "defer",
)
SUSPEND, CANCEL, LIFT = "suspend", "cancel", "lift"
MOTIONS = (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER, SUSPEND, CANCEL, LIFT)
ON_REQUEST = (GRANT, EXCEPTIONAL, PROVISIONAL_GRANT, DENY, DEFER)
ON_LISTED = (SUSPEND, CANCEL, LIFT)
MOTION_LABELS: dict[str, dict[str, str]] = {
    GRANT: {"en": "grant", "nb": "innvilgelse"},
    EXCEPTIONAL: {"en": "exceptional grant", "nb": "innvilgelse i unntakstilfelle"},
    PROVISIONAL_GRANT: {
        "en": "provisional enhanced protection",
        "nb": "foreløpig forsterket beskyttelse",
    },
    DENY: {"en": "refusal", "nb": "avslag"},
    DEFER: {"en": "deferral", "nb": "utsettelse"},
    SUSPEND: {"en": "suspension", "nb": "midlertidig opphevelse"},
    CANCEL: {"en": "cancellation", "nb": "varig opphevelse"},
    LIFT: {"en": "lifting of a suspension", "nb": "gjeninnføring etter midlertidig opphevelse"},
}
MOTION_RESULT = {
    GRANT: GRANTED,
    EXCEPTIONAL: GRANTED,
    PROVISIONAL_GRANT: PROVISIONAL,
    DENY: DENIED,
    DEFER: DEFERRED,
}
"""What a carried motion makes of the request."""

LISTED_LABELS: dict[str | None, dict[str, str]] = {
    "active": {"en": "in force", "nb": "i kraft"},
    "suspended": {"en": "suspended", "nb": "midlertidig opphevet"},
    "cancelled": {"en": "cancelled", "nb": "varig opphevet"},
    "lost_military_use": {
        "en": "recorded as lost by military use",
        "nb": "registrert som tapt ved militær bruk",
    },
    None: {"en": "never granted", "nb": "aldri innvilget"},
}


def motion_citations(motion: str, grounds: Iterable[str] = ()) -> tuple[Citation, ...]:
    """The provisions a motion rests on: a suspension or cancellation on a criterion of Art. 10
    rests on Art. 14(1), on a serious violation of Art. 12 on Art. 14(2)."""
    grounds = list(grounds)
    if motion in (SUSPEND, CANCEL):
        out = []
        if not grounds or any(g in CRITERIA for g in grounds):
            out.append(_cite("14(1)"))
        if ART12 in grounds:
            out.append(_cite("14(2)"))
        return tuple(out)
    return tuple(
        _cite(t)
        for t in {
            GRANT: ("11(10)",),
            EXCEPTIONAL: ("11(8)", "11(10)"),
            PROVISIONAL_GRANT: ("11(9)",),
            DENY: ("11(7)",),
            DEFER: ("11(5)",),
            LIFT: ("27(1)(b)",),
        }[motion]
    )


NOTICE_CITATIONS: dict[str, tuple[Citation, ...]] = {
    "receipt": (_cite("11(5)"),),
    "emergency": (_cite("11(9)"),),
    "inclusion": (_cite("11(10)"), _cite("11(11)")),
    "suspension": (_cite("14(3)"),),
    "cancellation": (_cite("14(3)"),),
    "restoration": (_cite("27(1)(b)"),),
    "views": (_cite("14(4)"),),
}
"""What each generated notification rests on."""

CLAIM_ROLES = ("control", "claimant")

# --- acts ---------------------------------------------------------------------------------------

ACTS: dict[str, tuple[str, dict[str, str]]] = {
    "request": (
        "11(2)",
        {"en": "a request for enhanced protection", "nb": "en anmodning om forsterket beskyttelse"},
    ),
    "emergency_request": ("11(9)", {"en": "an emergency request", "nb": "en hasteanmodning"}),
    "tentative_list": (
        "11(1)",
        {"en": "an entry on a tentative list", "nb": "en oppføring på en foreløpig liste"},
    ),
    "recommendation": (
        "11(3)",
        {"en": "a recommendation by a State", "nb": "en anbefaling fra en stat"},
    ),
    "invitation": (
        "11(2)",
        {"en": "the Committee's invitation to request", "nb": "komiteens oppfordring om å anmode"},
    ),
    "representation": ("11(5)", {"en": "a representation", "nb": "en uttalelse"}),
    "response": (
        "11(5)",
        {"en": "a response to the representations", "nb": "et svar på uttalelsene"},
    ),
    "advice": ("11(6)", {"en": "advice on a request", "nb": "råd om en anmodning"}),
    "registration": (
        "11(5)",
        {"en": "the registration of a request", "nb": "registreringen av en anmodning"},
    ),
    "notification": (
        "11(5)",
        {"en": "the notification of the Parties", "nb": "underretningen av partene"},
    ),
    "withdrawal": (
        "11(2)",
        {"en": "the withdrawal of a request", "nb": "tilbaketrekkingen av en anmodning"},
    ),
    "views": (
        "14(4)",
        {"en": "the invitation to make views known", "nb": "invitasjonen til å uttale seg"},
    ),
    "decision": (
        "27(1)(b)",
        {"en": "a decision of the Committee", "nb": "en beslutning i komiteen"},
    ),
    "assertion": (
        "13(1)(b)",
        {"en": "an assertion of military use", "nb": "en påstand om militær bruk"},
    ),
}
"""Each act of the procedure: the provision that governs it and its name (en, nb)."""

PARTY_ACTS = (
    "request",
    "emergency_request",
    "tentative_list",
    "recommendation",
    "invitation",
    "representation",
)
"""Acts the Protocol reserves to Parties (Arts. 11(1), 11(2), 11(3), 11(5), 11(9))."""
OWN_ACTS = (
    "request",
    "tentative_list",
    "recommendation",
    "representation",
    "response",
    "withdrawal",
    "assertion",
)
"""Acts a State makes in its own name."""


def act_code(family: str, act: str) -> str:
    """``procedure.not_a_party`` for a request, ``procedure.not_a_party.<act>`` for another act."""
    if act not in ACTS:
        raise LookupError(f"no act {act!r} in the procedure")
    return family if act == "request" else f"{family}.{act}"


def act_name(act: str) -> dict[str, str]:
    return ACTS[act][1]


SECRETARIAT_TASKS: dict[str, dict[str, str]] = {
    "register": {"en": "register a request", "nb": "registrere en anmodning"},
    "notify": {"en": "notify the Parties", "nb": "underrette partene"},
    "advise": {"en": "record advice", "nb": "registrere råd"},
    "agenda": {"en": "prepare the agenda", "nb": "forberede dagsordenen"},
    "views": {"en": "invite the Parties' views", "nb": "invitere partene til å uttale seg"},
    "invitation": {
        "en": "record the Committee's invitation",
        "nb": "registrere komiteens oppfordring",
    },
    "organisation": {
        "en": "record an organisation's recommendation",
        "nb": "registrere en organisasjons anbefaling",
    },
    "assertion": {
        "en": "record an organisation's assertion",
        "nb": "registrere en organisasjons påstand",
    },
    "session": {"en": "convene a session", "nb": "innkalle til møte"},
}
"""What the Secretariat does for the Committee (Art. 28), by key."""

STEPS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "register": ((SUBMITTED,), {"en": "registered", "nb": "registreres"}),
    "notify": ((REGISTERED,), {"en": "notified to the Parties", "nb": "kunngjøres for partene"}),
    "withdraw": (OPEN, {"en": "withdrawn", "nb": "trekkes tilbake"}),
    "represent": (
        BEFORE_COMMITTEE,
        {"en": "the subject of representations", "nb": "få uttalelser"},
    ),
    "respond": (BEFORE_COMMITTEE, {"en": "answered", "nb": "besvares"}),
    "advise": ((REGISTERED,) + BEFORE_COMMITTEE, {"en": "the subject of advice", "nb": "få råd"}),
    "agenda": (
        BEFORE_COMMITTEE + (GRANTED,),
        {"en": "put on an agenda", "nb": "settes på dagsordenen"},
    ),
}
