"""Roles and what they may see and do. Each permission rule is written here, once.

Roles are Django groups; a party officer also has a Profile naming its State.
"""

from __future__ import annotations

PARTY_OFFICER = "party_officer"
SECRETARIAT = "secretariat"
COMMITTEE_MEMBER = "committee_member"
ASSESSOR = "assessor"
ADMINISTRATOR = "administrator"

ALL_ROLES = (PARTY_OFFICER, SECRETARIAT, COMMITTEE_MEMBER, ASSESSOR, ADMINISTRATOR)


def roles_of(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_shield_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._shield_roles = cached
    return cached


def state_of(user):
    """The State a party officer acts for, or None."""
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None) if hasattr(user, "profile") else None
    return profile.state if profile else None


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_staff_role(user) -> bool:
    """Secretariat and administrators see and manage every record."""
    return has_role(user, SECRETARIAT, ADMINISTRATOR)


def acts_for_state(user, state_id) -> bool:
    state = state_of(user)
    return state is not None and has_role(user, PARTY_OFFICER) and state.pk == state_id


def can_create_property(user, state_id) -> bool:
    """A Party keeps its own national inventory (provision ``general.safeguarding``); the Secretariat assists."""
    return is_staff_role(user) or acts_for_state(user, state_id)


def can_edit_property(user, prop) -> bool:
    return is_staff_role(user) or acts_for_state(user, prop.inventory_state_id)


def can_see_restricted(user, prop) -> bool:
    """Who may read restricted records and exact confidential locations.

    The Secretariat, administrators, assessors (who go to the field) and the officers of
    the State whose inventory holds the record. Committee members act for States and do
    not see other States' confidential locations by virtue of their seat.
    """
    return (
        is_staff_role(user)
        or has_role(user, ASSESSOR)
        or acts_for_state(user, prop.inventory_state_id)
    )


def sees_all_restricted(user) -> bool:
    """True when the user may see every restricted record, whatever its State."""
    return is_staff_role(user) or has_role(user, ASSESSOR)
