"""The refusal kinds of the enhanced-protection procedure, declared once each with the
provisions they rest on and their reasons in English and Norwegian bokmål (see
:mod:`shield.treaty.refusals`). Codes: a family of kinds for one kind of refusal across the
acts of the procedure has the request's kind as its base code and ``.<act>`` for the others:
``procedure.not_a_party`` (a request), ``procedure.not_a_party.representation``, ..."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shield.treaty.procedure_terms import (
    ACTS,
    OWN_ACTS,
    PARTY_ACTS,
    act_code,
)
from shield.treaty.refusals import declare


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
