"""Provisions the doors show by name: the one place where a page, a help text or a vocabulary
finds the article it rests on.

A door never types an article label; it asks for ``provision("enhanced.request")`` and renders
the :class:`Citation` in the reader's language (``{% provision "enhanced.request" %}`` in a
template). Keys are stable; add one here when a door needs a provision it does not have.
"""

from __future__ import annotations

from shield.treaty.citations import Citation

_CONVENTION = "Convention "

PROVISIONS: dict[str, str] = {
    # Convention Art. 1: what cultural property is
    "convention.cultural_property.a": "Convention 1(a)",
    "convention.cultural_property.b": "Convention 1(b)",
    "convention.cultural_property.c": "Convention 1(c)",
    "convention.respect": "Convention 4",
    "convention.special_protection": "Convention 8",
    "convention.application": "Convention 18",
    "convention.non_international": "Convention 19",
    # general protection under the Protocol (Chapter 2)
    "protocol.scope": "3",
    "protocol.relation_to_convention": "4",
    "protocol.special_and_enhanced": "4(b)",
    "general.safeguarding": "5",
    "general.respect": "6",
    "general.precautions_in_attack": "7",
    "general.precautions_against_effects": "8",
    "general.occupied_territory": "9",
    # enhanced protection
    "enhanced.criteria": "10",
    "enhanced.criterion.a": "10(a)",
    "enhanced.criterion.b": "10(b)",
    "enhanced.criterion.c": "10(c)",
    "enhanced.tentative_list": "11(1)",
    "enhanced.request": "11(2)",
    "enhanced.recommendation": "11(3)",
    "enhanced.disputed_territory": "11(4)",
    "enhanced.representations": "11(5)",
    "enhanced.advice": "11(6)",
    "enhanced.decision": "11(7)",
    "enhanced.exceptional": "11(8)",
    "enhanced.emergency": "11(9)",
    "enhanced.inclusion": "11(10)",
    "enhanced.notification": "11(11)",
    "enhanced.immunity": "12",
    "enhanced.loss": "13(1)",
    "enhanced.loss.military_objective": "13(1)(b)",
    "enhanced.attack_conditions": "13(2)",
    "enhanced.suspension": "14(1)",
    "enhanced.serious_violation": "14(2)",
    "enhanced.suspension_notification": "14(3)",
    "enhanced.views": "14(4)",
    # offences and jurisdiction
    "offences": "15(1)",
    "jurisdiction": "16(1)",
    "jurisdiction.non_party_forces": "16(2)(b)",
    # institutions
    "committee": "24(1)",
    "committee.sessions": "24(2)",
    "committee.terms": "25(1)",
    "committee.regional_balance": "24(3)",
    "committee.expertise": "24(4)",
    "committee.first_election_lot": "25(2)",
    "meeting.elects_committee": "23(3)(a)",
    "committee.quorum_and_majority": "26(2)",
    "committee.recusal": "26(3)",
    "committee.functions": "27(1)",
    "secretariat": "28",
    "fund": "29",
    "assistance": "32",
    "reports": "37(2)",
    # treaty status
    "status.signature": "40",
    "status.ratification": "41",
    "status.accession": "42",
    "status.in_force": "43",
    "status.entry_into_force": "43(1)",
    "status.entry_into_force.later": "43(2)",
    "status.immediate_effect": "44",
    "status.denunciation": "45",
    "status.denunciation.effect": "45(3)",
    "committee.composition": "24",
    "committee.term_of_office": "25",
    "waiver": "6",
    "waiver.attack": "6(a)",
    "waiver.use": "6(b)",
    "offences.article": "15",
    # trafficking, export and return (shield.treaty.trafficking)
    "occupation.illicit_export": "9(1)(a)",
    "occupation.illicit_excavation": "9(1)(b)",
    "offences.theft": "15(1)(e)",
    "suppression.illicit_export": "21(b)",
    "resolution.databases": "Resolution 76/16 19",
    "resolution.provenance": "Resolution 76/16 21",
    "resolution.interpol": "Resolution 76/16 27",
    "resolution.red_lists": "Resolution 76/16 28",
    "resolution.return": "Resolution 76/16 29",
    "resolution.export_certificate": "Resolution 76/16 31",
    "unesco_1970.return": "1970 Convention 7",
    "first_protocol.return": "First Protocol 3",
    # the rest of the machinery (shield.treaty.institutions; the fund app)
    "meeting": "23(1)",
    "meeting.guidelines": "23(3)(b)",
    "meeting.fund": "23(3)(c)",
    "meeting.committee_report": "23(3)(d)",
    "meeting.extraordinary": "23(4)",
    "committee.guidelines": "27(1)(a)",
    "committee.reports": "27(1)(d)",
    "committee.assistance": "27(1)(e)",
    "committee.fund_use": "27(1)(f)",
    "fund.purposes": "29(1)",
    "fund.purpose.a": "29(1)(a)",
    "fund.purpose.b": "29(1)(b)",
    "fund.trust": "29(2)",
    "fund.decided_purposes": "29(3)",
    "fund.resources": "29(4)",
    "dissemination": "30",
    "dissemination.public": "30(1)",
    "dissemination.protocol": "30(2)",
    "dissemination.military": "30(3)(a)",
    "dissemination.training": "30(3)(b)",
    "cooperation": "31",
    "assistance.request": "32(1)",
    "assistance.non_party": "32(2)",
    "assistance.rules": "32(3)",
    "assistance.technical": "32(4)",
    "assistance.unesco": "33(1)",
    "protocol.non_party_acceptance": "3(2)",
    "reports.translations": "37(1)",
    "depositary": "46",
}


def citation_of(text: str) -> Citation:
    """'11(5)' for the Protocol, 'Convention 18' for the Convention."""
    if text.startswith(_CONVENTION):
        return Citation.parse("Convention Art. " + text[len(_CONVENTION) :])
    return Citation.parse(text)


def provision(key: str) -> Citation:
    """The provision known as ``key``; KeyError names the key."""
    try:
        return citation_of(PROVISIONS[key])
    except KeyError:
        raise KeyError(
            f"no provision is known as {key!r}; add it to shield.treaty.provisions"
        ) from None
