"""Who may screen: the Secretariat and administrators (for every Party), and a Party's officers
(for that Party's own planning). Assessors, Committee members, other users and the anonymous
may not: a screen reports property at exact distances, which is what confidentiality protects.

A screen reads the property its user may read (``registry.disclosure``): the Secretariat every
record at its exact place; a Party's officer public records and its own State's at their exact
place, other States' location-confidential records at their area of about 10 km only (the hit
says "within reach of the area", never a distance to the hidden point), and not other States'
restricted records at all."""

from __future__ import annotations

from shield.accounts import roles
from shield.core.errors import NotAllowed

SCREENING_ROLES = (roles.SECRETARIAT, roles.ADMINISTRATOR, roles.PARTY_OFFICER)


def may_screen(user) -> bool:
    if not roles.has_role(user, *SCREENING_ROLES):
        return False
    if roles.has_role(user, roles.SECRETARIAT, roles.ADMINISTRATOR):
        return True
    return roles.state_of(user) is not None  # an officer acts for a State


def check(user) -> None:
    if not may_screen(user):
        raise NotAllowed(
            "screening is for the Secretariat and the officers of a Party (for its own planning)"
        )
