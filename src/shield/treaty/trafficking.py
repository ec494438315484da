"""Trafficking, export and return of cultural property: the provisions the provenance app
cites, and its refusals.

The Second Protocol: a Party in occupation prohibits and prevents any illicit export, other
removal or transfer of ownership of cultural property from the occupied territory
(Art. 9(1)(a)); each Party suppresses those acts (Art. 21(b)); theft, pillage or
misappropriation of protected property is a violation (Art. 15(1)(e)). Resolution 76/16 asks
for databases of stolen and trafficked property linked to INTERPOL's (paras 19, 25, 27, 28),
verifiable provenance and export certificates (paras 21, 31) and return by negotiation,
mediation and conciliation (para 29). The 1970 Convention and the First Protocol are the
legal bases of most return claims. Those three are cited by label only.
"""

from __future__ import annotations

from shield.treaty.refusals import declare

# Circumstances of a loss: the provision each rests on ("" where none of these instruments
# names the act as such; the door then cites the register's own basis).
CIRCUMSTANCE_PROVISIONS: dict[str, str] = {
    "theft": "15(1)(e)",
    "looting_in_armed_conflict": "15(1)(e)",
    "illicit_excavation": "9(1)(b)",
    "illicit_export": "21(b)",
    "removal_from_occupied_territory": "9(1)(a)",
}

# Legal bases of a return or restitution claim.
LEGAL_BASES: dict[str, str] = {
    "unesco_1970": "1970 Convention 7",
    "protocol_occupation": "9(1)(a)",
    "first_protocol": "First Protocol 3",
    "bilateral": "Resolution 76/16 29",
}

declare(
    "provenance.export_of_registered_loss",
    ("21(b)", "Resolution 76/16 31"),
    "{object} is on the register of stolen and missing cultural property ({number}, {stage}): "
    "no export certificate is issued for it",
    "{object} står i registeret over stjålne og savnede kulturverdier ({number}, {stage}): "
    "det utstedes ikke eksportsertifikat for den",
    status=409,
    field="register_entry",
)
declare(
    "provenance.export_from_occupied_territory",
    ("9(1)(a)",),
    "the object's place of origin, {place}, is recorded as occupied territory: its export is "
    "prohibited and prevented",
    "opprinnelsesstedet, {place}, er registrert som okkupert område: eksport er forbudt og "
    "skal hindres",
    status=409,
    field="origin_occupied",
)
