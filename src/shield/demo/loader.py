"""The bundled demo: States, properties, users for each role. Loading twice changes nothing."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from shield.accounts import roles
from shield.accounts.models import Profile
from shield.parties.identity import ensure_states
from shield.parties.models import State
from shield.registry.fileformats import SourceRow
from shield.registry.transfer import import_rows

# (user, password, role); party officers act for the State in their name.
DEMO_LOGINS = [
    ("admin", "admin-demo-1", roles.ADMINISTRATOR),
    ("secretariat", "secretariat-demo", roles.SECRETARIAT),
    ("committee", "committee-demo", roles.COMMITTEE_MEMBER),
    ("assessor", "assessor-demo", roles.ASSESSOR),
    ("officer-arm", "officer-demo", f"{roles.PARTY_OFFICER} (ARM)"),
    ("officer-aze", "officer-demo", f"{roles.PARTY_OFFICER} (AZE)"),
    ("officer-nor", "officer-demo", f"{roles.PARTY_OFFICER} (NOR)"),
    # India: a High Contracting Party to the 1954 Convention, not a Party to the Second Protocol;
    # its officer sees the rights the Protocol reserves to Parties refused.
    ("officer-ind", "officer-demo", f"{roles.PARTY_OFFICER} (IND)"),
]


def _data(name: str) -> bytes:
    return resources.files("shield.demo").joinpath("data", name).read_bytes()


SECRETARIAT_ADMIN_APPS = ("registry", "parties", "accounts")


def ensure_groups() -> None:
    """The role groups; the Secretariat may use the admin for the registry, States and accounts."""
    from django.contrib.auth.models import Permission

    for role in roles.ALL_ROLES:
        Group.objects.get_or_create(name=role)
    secretariat = Group.objects.get(name=roles.SECRETARIAT)
    secretariat.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=SECRETARIAT_ADMIN_APPS)
    )


def load_states() -> int:
    """Every State of shield.treaty.states (migration 0004 loaded them; this restores any
    missing). Returns their number."""
    return ensure_states()


def ensure_users() -> None:
    User = get_user_model()
    with transaction.atomic():
        for username, password, role in DEMO_LOGINS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(password)
                user.is_staff = role in {roles.ADMINISTRATOR, roles.SECRETARIAT}
                user.is_superuser = role == roles.ADMINISTRATOR
                user.save()
            group = role.split(" ")[0]
            user.groups.add(Group.objects.get(name=group))
            if group == roles.PARTY_OFFICER:
                code = username.rsplit("-", 1)[1].upper()
                Profile.objects.update_or_create(
                    user=user, defaults={"state": State.objects.get(code=code)}
                )


def load_properties(progress: bool = False):
    content = _data("properties.json")
    records = json.loads(content)
    rows = [SourceRow(f"record {i}", rec) for i, rec in enumerate(records, start=1)]
    admin = get_user_model().objects.get(username="admin")
    return import_rows(admin, rows, "demo/properties.json", hashlib.sha256(content).hexdigest())


def load_demo(progress: bool = False) -> str:
    ensure_groups()
    n_states = load_states()
    ensure_users()
    result = load_properties(progress)
    extra = []
    for module in (
        "shield.parties.demo",
        "shield.listing.demo",
        "shield.monitoring.demo",
        "shield.provenance.demo",
        "shield.fund.demo",
    ):
        try:
            import importlib

            extra.append(importlib.import_module(module).load())
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the app has a demo, and it is broken: say so
                raise
            continue
    return (
        f"Demo data: {n_states} States; properties: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged" + "".join(f"; {e}" for e in extra if e)
    )
