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

from shield.treaty import calendar, status, votes
from shield.treaty.citations import Citation
from shield.treaty.findings import Lang
from shield.treaty.provisions import citation_of
from shield.treaty.refusals import Cited, Refused, declare, refusal, refuse, refuse_all

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


def _family(
    family: str,
    acts: Iterable[str],
    en: str,
    nb: str,
    status: int,
    field: str,
    notes: Mapping[str, tuple[str, str]] | None = None,
) -> None:
    for act in acts:
        note_en, note_nb = (notes or {}).get(act, ("", ""))
        declare(
            act_code(family, act),
            ACTS[act][0],
            en + note_en,
            nb + note_nb,
            status=status,
            field=field,
        )


# --- refusal kinds -------------------------------------------------------------------------------

_family(
    "procedure.not_a_party",
    PARTY_ACTS,
    "{state} is not a Party to the Second Protocol on {on}{detail}: {act} is open to Parties only",
    "{state} er ikke part i annen protokoll {on}{detail}: {act} er forbeholdt partene",
    403,
    "state",
    notes={
        "recommendation": (
            "; the International Committee of the Blue Shield and other non-governmental "
            "organisations with relevant expertise may also recommend",
            "; Den internasjonale Blue Shield-komiteen og andre ikke-statlige organisasjoner "
            "med relevant sakkunnskap kan også anbefale",
        ),
        "invitation": ("; the Committee invites a Party", "; komiteen oppfordrer en part"),
    },
)
_family(
    "procedure.acts_for_another",
    OWN_ACTS,
    "you act for {mine}, not for {state}: a State makes {act} only in its own name",
    "du handler for {mine}, ikke for {state}: en stat kan bare gi {act} i eget navn",
    403,
    "state",
)
_family(
    "procedure.in_future",
    ACTS,
    "{act} is dated {day}, after today ({today}): only what has happened is recorded",
    "{act} er datert {day}, etter i dag ({today}): bare det som har skjedd, registreres",
    409,
    "date",
)

declare(
    "procedure.not_party_to_conflict",
    "11(9)",
    "{state} is not among the parties to the conflict named in the request ({parties}): on the outbreak of "
    "hostilities a Party to the conflict may request enhanced protection on an emergency basis",
    "{state} er ikke blant partene i konflikten som anmodningen nevner ({parties}): ved utbrudd av "
    "kamphandlinger kan en part i konflikten anmode om forsterket beskyttelse som hastesak",
    status=403,
    field="conflict_parties",
)
declare(
    "procedure.conflict_parties_missing",
    "11(9)",
    "an emergency request names the parties to the conflict",
    "en hasteanmodning skal nevne partene i konflikten",
    status=422,
    field="conflict_parties",
)
declare(
    "procedure.no_jurisdiction_on_date",
    "11(2)",
    "no jurisdiction or control of {state} over {property} is recorded for {on}{recorded}; a State requests "
    "for property under its jurisdiction or control on the day it acts",
    "ingen jurisdiksjon eller kontroll for {state} over {property} er registrert {on}{recorded}; en stat "
    "anmoder for kulturverdier under sin jurisdiksjon eller kontroll den dagen den handler",
    status=403,
    field="state",
)
declare(
    "procedure.control_ended",
    "11(2)",
    "the recorded {role} of {state} over {property} ended on {ended} ({source}); on {on} {state} has no "
    "jurisdiction or control over it",
    "den registrerte {role} til {state} over {property} opphørte {ended} ({source}); {on} har {state} "
    "ingen jurisdiksjon eller kontroll over den",
    status=403,
    field="state",
)
declare(
    "procedure.request_in_progress",
    "11(2)",
    "{property} already has a request in progress ({ref})",
    "{property} har allerede en anmodning under behandling ({ref})",
    status=409,
    field="property",
)
declare(
    "procedure.evidence_missing",
    "11(2)",
    "evidence for {criterion} is required ({text}): a request includes all necessary information on the "
    "criteria of [[10]]",
    "dokumentasjon for {criterion} mangler ({text}): en anmodning skal inneholde alle nødvendige "
    "opplysninger om kriteriene i [[10]]",
    status=422,
    field="evidence",
)
declare(
    "procedure.declaration_missing",
    "10(c)",
    "the declaration that the property will not be used for military purposes or to shield military sites "
    "is required",
    "erklæringen om at kulturverdien ikke vil bli brukt til militære formål eller til å skjerme "
    "militæranlegg, mangler",
    status=422,
    field="declaration",
)
declare(
    "procedure.recommendation_by",
    "11(3)",
    "a recommendation names who makes it: a Party, the International Committee of the Blue Shield or a "
    "non-governmental organisation with relevant expertise",
    "en anbefaling skal oppgi hvem som gir den: en part, Den internasjonale Blue Shield-komiteen eller en "
    "ikke-statlig organisasjon med relevant sakkunnskap",
    status=422,
    field="by_organisation",
)
declare(
    "procedure.step_out_of_order",
    "11(5)",
    "a request that is {current} cannot be {step} (possible while it is {allowed})",
    "en anmodning med status {current} kan ikke {step} (mulig når den er {allowed})",
    status=409,
    field="status",
)
declare(
    "procedure.requester_represents",
    "11(5)",
    "the requesting Party responds to representations; it does not make them",
    "den anmodende part svarer på uttalelser; den avgir dem ikke",
    status=409,
    field="state",
)
declare(
    "procedure.representation_criterion",
    "11(5)",
    "representations are made only on the basis of the criteria of [[10]] ((a), (b) or (c)); «{criterion}» "
    "is not one of them",
    "uttalelser skal kun være grunnet på kriteriene i [[10]] (a, b eller c); «{criterion}» er ikke ett av dem",
    status=422,
    field="criterion",
)
declare(
    "procedure.representation_facts",
    "11(5)",
    "representations are specific and related to facts: state the facts",
    "uttalelser skal være konkrete og gjelde faktiske forhold: oppgi fakta",
    status=422,
    field="facts",
)
declare(
    "procedure.representations_closed",
    "11(5)",
    "the sixty days for representations are over: {reason}",
    "fristen på seksti dager for uttalelser er ute: {reason}",
    status=409,
    field="submitted_on",
)
declare(
    "procedure.decision_before_window",
    "11(5)",
    "the sixty-day window for representations closes on {closes}; the Committee cannot decide before then "
    "(decision date {day})",
    "fristen på seksti dager for uttalelser løper ut {closes}; komiteen kan ikke beslutte før det "
    "(beslutningsdato {day})",
    status=409,
    field="held_on",
)
declare(
    "procedure.unknown_motion",
    "27(1)(b)",
    "«{motion}» is not a decision the Committee takes on enhanced protection",
    "«{motion}» er ikke en beslutning komiteen tar om forsterket beskyttelse",
    status=422,
    field="motion",
)
declare(
    "procedure.not_before_committee",
    "11(5)",
    "the request is {current}; the Committee decides only on a request of which the Parties have been informed",
    "anmodningen har status {current}; komiteen beslutter bare om en anmodning partene er underrettet om",
    status=409,
    field="status",
)
declare(
    "procedure.grounds_not_article_10",
    "11(7)",
    "a decision to grant or deny enhanced protection rests only on the criteria of [[10]] ((a), (b), (c)); "
    "given: {grounds}",
    "en beslutning om å innvilge eller nekte forsterket beskyttelse kan kun tas på grunnlag av kriteriene i "
    "[[10]] (a, b, c); oppgitt: {grounds}",
    status=422,
    field="grounds",
)
declare(
    "procedure.exceptional_needs_assistance",
    "11(8)",
    "an exceptional grant without criterion (b) needs the requesting Party's request for international "
    "assistance under [[32]]",
    "innvilgelse i unntakstilfelle uten vilkåret i bokstav b) krever at den anmodende part har anmodet om "
    "internasjonal hjelp etter [[32]]",
    status=422,
    field="assistance_ref",
)
declare(
    "procedure.provisional_needs_emergency",
    "11(9)",
    "provisional enhanced protection is granted only on an emergency request",
    "foreløpig forsterket beskyttelse innvilges bare etter en hasteanmodning",
    status=409,
    field="motion",
)
declare(
    "procedure.nothing_to_lift",
    "27(1)(b)",
    "only a suspension can be lifted; enhanced protection is {listed} on {on}",
    "bare en midlertidig opphevelse kan oppheves; den forsterkede beskyttelsen er {listed} {on}",
    status=409,
    field="motion",
)
declare(
    "procedure.not_under_enhanced_protection",
    ("14(1)", "14(2)"),
    "enhanced protection is {listed} on {on}: a {motion} concerns property under enhanced protection",
    "den forsterkede beskyttelsen er {listed} {on}: {motion} gjelder kulturverdier under forsterket "
    "beskyttelse",
    status=409,
    field="motion",
)
declare(
    "procedure.suspension_grounds",
    ("14(1)", "14(2)"),
    "a suspension or cancellation rests on a criterion of [[10]] no longer met or on a serious violation of "
    "[[12]]; given: {grounds}",
    "en midlertidig eller varig opphevelse bygger på at et vilkår i [[10]] ikke lenger er oppfylt, eller på "
    "et alvorlig brudd på [[12]]; oppgitt: {grounds}",
    status=422,
    field="grounds",
)
declare(
    "procedure.cancellation_not_continuous",
    "14(2)",
    "for a serious violation of [[12]] the Committee may suspend; it may cancel only exceptionally, where "
    "the violations are continuous: record the Committee's finding that they are, or suspend",
    "ved alvorlig brudd på [[12]] kan komiteen oppheve beskyttelsen midlertidig; varig opphevelse kan bare "
    "skje unntaksvis, når bruddene vedvarer: registrer komiteens konstatering av at de vedvarer, eller "
    "opphev midlertidig",
    status=409,
    field="continuous",
)
declare(
    "procedure.views_not_invited",
    "14(4)",
    "the Parties have not been given an opportunity to make their views known on a {motion} on the grounds "
    "decided ({grounds}); invite their views first",
    "partene har ikke fått mulighet til å uttale seg om {motion} på det grunnlaget som besluttes "
    "({grounds}); inviter dem til å uttale seg først",
    status=409,
    field="views",
)
declare(
    "procedure.views_open",
    "14(4)",
    "the Parties may make their views known on the proposed {motion} until {closes}; the Committee decides "
    "after that (decision date {day})",
    "partene kan uttale seg om foreslått {motion} til og med {closes}; komiteen beslutter etter det "
    "(beslutningsdato {day})",
    status=409,
    field="held_on",
)
declare(
    "procedure.views_period",
    "14(4)",
    "the period for views must end after it opens ({opened}); its last day is {closes}",
    "fristen for å uttale seg må løpe ut etter at den begynner ({opened}); siste dag er {closes}",
    status=422,
    field="closes_on",
)
declare(
    "procedure.no_quorum",
    "26(2)",
    "the Committee cannot vote: {reason}",
    "komiteen kan ikke stemme: {reason}",
    status=409,
    field="present",
)
declare(
    "procedure.member_recused",
    "26(3)",
    "{member} is a party to the armed conflict affecting the property and does not vote on it",
    "{member} er part i den væpnede konflikten som berører kulturverdien, og stemmer ikke i saken",
    status=409,
    field="votes",
)
declare(
    "procedure.vote_not_present",
    "26(2)",
    "{member} is not a member present at {session}; only members present vote",
    "{member} er ikke et medlem som er til stede på {session}; bare medlemmer som er til stede, stemmer",
    status=422,
    field="votes",
)
declare(
    "procedure.not_on_agenda",
    "28",
    "{request} is not on the agenda of {session}",
    "{request} står ikke på dagsordenen for {session}",
    status=409,
    field="request",
)
declare(
    "procedure.secretariat_only",
    "28",
    "only the Secretariat may {task}",
    "bare sekretariatet kan {task}",
    status=403,
    field="request",
)
declare(
    "procedure.committee_only",
    ("24(1)", "28"),
    "only the Secretariat or a member of the Committee sitting in {session} records its decisions",
    "bare sekretariatet eller et medlem av komiteen som deltar i {session}, registrerer komiteens beslutninger",
    status=403,
    field="request",
)
declare(
    "procedure.assertion_not_listed",
    "13(1)",
    "{property} is not under enhanced protection by this request (its status is {current}); a loss under "
    "[[13(1)(b)]] concerns property under enhanced protection",
    "{property} er ikke under forsterket beskyttelse etter denne anmodningen (status: {current}); tap etter "
    "[[13(1)(b)]] gjelder kulturverdier under forsterket beskyttelse",
    status=409,
    field="request",
)
declare(
    "procedure.assertion_by",
    "13(1)(b)",
    "an assertion of military use names who asserts it: a State or an organisation",
    "en påstand om militær bruk skal oppgi hvem som fremsetter den: en stat eller en organisasjon",
    status=422,
    field="asserted_by",
)
declare(
    "procedure.assertion_facts",
    "13(1)(b)",
    "state the facts on which the property is said to have become a military objective by its use",
    "oppgi de faktiske forholdene som skal ha gjort kulturverdien til et militært mål ved sin bruk",
    status=422,
    field="facts",
)
declare(
    "procedure.assertion_period",
    "13(1)(b)",
    "the period of use ends ({to}) before it begins ({start})",
    "perioden med bruk slutter ({to}) før den begynner ({start})",
    status=422,
    field="period_to",
)

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

    def as_dict(self, names: Names = named) -> dict:
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


def describe_claim(claim: Mapping | Claim, lang: str = "en", names: Names = named) -> str:
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
    views_opened: Iterable[ViewsOpportunity | tuple],
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
