"""The provenance vocabularies, each with its source.

INTERPOL: the fields of its stolen works of art notices and database (object type, title,
author, dimensions, materials and techniques, inscriptions, period, place and date of theft).
Object-ID (the Getty/ICOM standard, resolution 76/16): the description of a movable object.
ICOM Red Lists: the categories of objects at risk of illicit trafficking, per region.
UNESCO-WCO Model Export Certificate for Cultural Objects: export types and purposes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Circumstances of a loss (each cited through shield.treaty.trafficking.CIRCUMSTANCE_PROVISIONS).
CIRCUMSTANCES = [
    ("theft", _("Theft")),
    ("looting_in_armed_conflict", _("Looting in armed conflict")),
    ("illicit_excavation", _("Illicit excavation")),
    ("illicit_export", _("Illicit export")),
    ("removal_from_occupied_territory", _("Removal from occupied territory")),
]

# The life of a register entry: reported by an authority, circulated (to INTERPOL and the
# States), recovered (found and seized), returned (to its owner or State of origin).
STATUSES = [
    ("reported", _("Reported")),
    ("circulated", _("Circulated")),
    ("recovered", _("Recovered")),
    ("returned", _("Returned")),
]
# Which status may follow which: a recovery can fail (circulated again), nothing follows a return.
NEXT_STATUSES = {
    "reported": {"circulated", "recovered"},
    "circulated": {"recovered"},
    "recovered": {"returned", "circulated"},
    "returned": set(),
}
# Entries an export certificate is refused for: still missing, or found but not yet returned.
OPEN_STATUSES = {"reported", "circulated", "recovered"}

# ICOM Red Lists: object categories at risk (a reference vocabulary; each list names its own
# categories, these are the recurring ones). Source: ICOM, Red Lists Database.
RED_LIST_SOURCE = "ICOM Red Lists Database (icom.museum, Red Lists of cultural objects at risk)"
RED_LIST_CATEGORIES = [
    ("archaeological_objects", _("Archaeological objects")),
    ("manuscripts_and_books", _("Manuscripts and books")),
    ("religious_objects", _("Religious objects and icons")),
    ("sculpture", _("Sculpture and architectural elements")),
    ("coins_and_seals", _("Coins and seals")),
    ("ethnographic_objects", _("Ethnographic objects")),
    ("paintings", _("Paintings and drawings")),
    ("textiles", _("Textiles and carpets")),
    ("metalwork_and_jewellery", _("Metalwork and jewellery")),
    ("ceramics_and_glass", _("Ceramics and glass")),
]
RED_LISTS = [
    ("Afghanistan", "2006"),
    ("Iraq", "2003, updated 2015"),
    ("Syria", "2013"),
    ("Libya", "2015"),
    ("Yemen", "2018"),
    ("Ukraine", "2022"),
]

# UNESCO-WCO Model Export Certificate: the kind of export.
EXPORT_TYPES = [
    ("permanent", _("Permanent")),
    ("temporary", _("Temporary")),
]
EXPORT_PURPOSES = [
    ("sale", _("Sale")),
    ("exhibition", _("Exhibition")),
    ("research", _("Research")),
    ("restoration", _("Restoration")),
    ("other", _("Other")),
]

# Provenance: ownership and possession events.
EVENT_KINDS = [
    ("creation", _("Creation or find")),
    ("acquisition", _("Acquisition")),
    ("sale", _("Sale")),
    ("gift", _("Gift")),
    ("inheritance", _("Inheritance")),
    ("loan", _("Loan")),
    ("export", _("Export")),
    ("import", _("Import")),
    ("seizure", _("Seizure")),
    ("return", _("Return")),
]
UPHEAVAL_KINDS = [
    ("armed_conflict", _("Armed conflict")),
    ("occupation", _("Occupation")),
]

# Return and restitution cases.
LEGAL_BASES = [
    ("unesco_1970", _("1970 Convention")),
    ("protocol_occupation", _("Second Protocol, occupied territory")),
    ("first_protocol", _("First Protocol")),
    ("bilateral", _("Bilateral agreement")),
]
CASE_STEPS = [
    ("request", _("Request")),
    ("negotiation", _("Negotiation")),
    ("mediation", _("Mediation or conciliation")),
    ("decision", _("Decision")),
    ("return", _("Return")),
]
CASE_STATUSES = [
    ("open", _("Open")),
    ("in_mediation", _("In mediation")),
    ("decided", _("Decided")),
    ("returned", _("Returned")),
    ("closed", _("Closed without return")),
]
PARTY_SIDES = [
    ("claimant", _("Claimant")),
    ("holder", _("Holder")),
    ("mediator", _("Mediator")),
]


def codes(vocab) -> list[str]:
    return [c for c, _label in vocab]


def label(vocab, code: str) -> str:
    return str(dict(vocab).get(code, code))


# The site menu's links to these pages (web/base.html), worded in this app's catalogue.
MENU = (_("Stolen objects"), _("Due diligence"))
