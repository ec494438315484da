"""Who may screen the market and review its candidates.

Police and customs (the ``law_enforcement`` group, as the stolen register names them), the
Secretariat and administrators. Party officers, assessors and Committee members may not: a
screening reads the whole stolen register (the police file included) and opens cases. A
reviewer sees an inventory's object's place and custodian only where the registry lets them
see its location (``registry.disclosure.sees_exact``)."""

from __future__ import annotations

from shield.accounts import roles
from shield.core.errors import NotAllowed
from shield.provenance.access import LAW_ENFORCEMENT

MARKET_ROLES = (LAW_ENFORCEMENT, roles.SECRETARIAT, roles.ADMINISTRATOR)


def may_screen(user) -> bool:
    return roles.has_role(user, *MARKET_ROLES)


def may_review(user) -> bool:
    return roles.has_role(user, *MARKET_ROLES)


def check_screen(user) -> None:
    if not may_screen(user):
        raise NotAllowed("market screening is for police and customs and the Secretariat")


def check_review(user) -> None:
    if not may_review(user):
        raise NotAllowed(
            "reviewing market candidates is for police and customs and the Secretariat"
        )
