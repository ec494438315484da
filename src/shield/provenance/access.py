"""Who may report, read in full, only check, issue export certificates, and keep cases.

- Report a loss, change its status, import: the Secretariat, administrators, and a party
  officer for its own State's losses.
- Read an entry in full (the police file: police reference and notes): those who may report
  it, and law enforcement (police, customs: the ``law_enforcement`` group).
- Check (due diligence): anyone, logged in or not; a check shows whether and why an object
  matches, never the police file. Every check is certified.
- Issue an export certificate: a party officer for its own State (the authorised officer),
  or the Secretariat and administrators.
- Record provenance and return cases: anyone with a role.
"""

from __future__ import annotations

from shield.accounts import roles

LAW_ENFORCEMENT = "law_enforcement"
"""Police and customs: read the register in full (a Django group, as every role)."""


def may_report_for(user, state_id) -> bool:
    return roles.is_staff_role(user) or roles.acts_for_state(user, state_id)


def may_report(user) -> bool:
    """Whether the user may report any loss at all (the form is shown)."""
    return roles.is_staff_role(user) or (
        roles.has_role(user, roles.PARTY_OFFICER) and roles.state_of(user) is not None
    )


def reads_in_full(user, entry) -> bool:
    return (
        roles.is_staff_role(user)
        or roles.has_role(user, LAW_ENFORCEMENT)
        or roles.acts_for_state(user, entry.reporting_state_id)
    )


def reads_all_in_full(user) -> bool:
    return roles.is_staff_role(user) or roles.has_role(user, LAW_ENFORCEMENT)


def may_issue_export(user, state_id) -> bool:
    return roles.is_staff_role(user) or roles.acts_for_state(user, state_id)


def may_record(user) -> bool:
    return bool(roles.roles_of(user))
