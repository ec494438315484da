"""The Second Protocol (1999) to the 1954 Hague Convention, as code.

Pure Python: no Django, no I/O at call time (the texts and the register of instruments are
package data, read once on first use). Every rule returns a :class:`Finding`: a result,
the :class:`Citation` s it rests on, and a short reason in English and Norwegian bokmål.
See ``README.md`` in this folder for one worked example per rule.
"""

from shield.treaty import procedure, provisions, refusals, states
from shield.treaty import protection as protection  # declares the protection.* refusal kinds
from shield.treaty import trafficking as trafficking  # declares the provenance.* refusal kinds
from shield.treaty.calendar import (
    MONTH_END_RULE,
    SIXTY_DAYS_READING,
    add_months,
    add_years,
    four_year_term_end,
    one_year_after_receipt,
    representation_in_time,
    representations_deadline,
    three_months_after_deposit,
)
from shield.treaty.citations import Citation, CitationError, cite
from shield.treaty.committee import (
    ELECTORAL_GROUPS,
    TERM_READING,
    Election,
    ElectionRecord,
    Term,
    committee_history,
    draw_short_terms,
    eligible_for_election,
    members_on,
    record_election,
    regional_balance,
    terms_from_election,
)
from shield.treaty.findings import RULES, Finding, Lang, rule
from shield.treaty.necessity import enhanced_protection_attack, military_necessity_waiver
from shield.treaty.offences import (
    Act,
    Incident,
    Protection,
    analyse_incident,
    cooperation_duties,
    jurisdiction_bases,
    non_party_national_limit,
    offence_analysis,
)
from shield.treaty.reporting import REPORTING_READING, next_report_due, reports_due
from shield.treaty.status import (
    ART44_READING,
    DENUNCIATION_READING,
    SUCCESSION_READING,
    Instrument,
    InstrumentType,
    binding_instruments,
    denunciation_takes_effect,
    entry_into_force_for,
    is_party,
    load_register,
    parties_on,
    protocol_entry_into_force,
    read_register,
)
from shield.treaty.texts import load_text
from shield.treaty.votes import (
    PRESENT_AND_VOTING_READING,
    DecisionKind,
    casts_vote,
    decide,
    quorum,
    recusals,
    required_majority,
)

__all__ = [
    "ART44_READING",
    "DENUNCIATION_READING",
    "ELECTORAL_GROUPS",
    "MONTH_END_RULE",
    "PRESENT_AND_VOTING_READING",
    "REPORTING_READING",
    "SUCCESSION_READING",
    "RULES",
    "SIXTY_DAYS_READING",
    "TERM_READING",
    "Act",
    "Citation",
    "CitationError",
    "DecisionKind",
    "Election",
    "ElectionRecord",
    "Finding",
    "Incident",
    "Instrument",
    "InstrumentType",
    "Lang",
    "Protection",
    "Term",
    "add_months",
    "add_years",
    "analyse_incident",
    "binding_instruments",
    "casts_vote",
    "cite",
    "committee_history",
    "cooperation_duties",
    "decide",
    "denunciation_takes_effect",
    "draw_short_terms",
    "eligible_for_election",
    "enhanced_protection_attack",
    "entry_into_force_for",
    "four_year_term_end",
    "is_party",
    "jurisdiction_bases",
    "load_register",
    "load_text",
    "procedure",
    "provisions",
    "refusals",
    "members_on",
    "military_necessity_waiver",
    "next_report_due",
    "non_party_national_limit",
    "offence_analysis",
    "one_year_after_receipt",
    "parties_on",
    "protocol_entry_into_force",
    "quorum",
    "read_register",
    "record_election",
    "recusals",
    "regional_balance",
    "reports_due",
    "representation_in_time",
    "representations_deadline",
    "required_majority",
    "rule",
    "states",
    "terms_from_election",
    "three_months_after_deposit",
]
