"""Shared set-up for the listing tests: property with its claims, a notified request, a seated
Committee and a session."""

from __future__ import annotations

from datetime import date, timedelta

from shield.listing import committee, services
from shield.registry.services import create_property
from tests.registry.factories import record

EVIDENCE = {
    "evidence_a": "Inscribed on the World Heritage List; unique 13th-century monastic ensemble.",
    "evidence_b": "Protected by the Law on Historical and Cultural Monuments (2004), with a management plan.",
    "evidence_c": "No military installation within 5 km; the Ministry of Defence's certificate attached.",
    "declaration": True,
}
MEMBERS = ["AUT", "CYP", "EGY", "MLI", "ARM", "AZE"]
"""Six Parties to the Protocol (the shipped register) seated on the Committee for the tests."""
ELECTED_ON = date.today() - timedelta(days=1000)


def prop(users, ext="t:haghpat", state="ARM", **kw):
    """A property whose State's control is recorded (a claim with a source) since 1991."""
    kw.setdefault(
        "claims",
        [
            {
                "state": state,
                "role": "control",
                "valid_from": "1991-09-21",
                "basis": "test record",
                "source": "test fixture",
            }
        ],
    )
    return create_property(users["admin"], record(ext, state, **kw))


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def submitted(users, p, submitted_ago=90, **extra):
    data = {
        "state": p.inventory_state.code,
        **EVIDENCE,
        "submitted_on": days_ago(submitted_ago).isoformat(),
        **extra,
    }
    return services.submit_request(users["admin"], p, data)


def notified(users, p, notified_ago=70, **extra):
    req = submitted(users, p, notified_ago + 2, **extra)
    services.register(users["secretariat"], req, days_ago(notified_ago + 1))
    services.notify(users["secretariat"], req, days_ago(notified_ago))
    req.refresh_from_db()
    return req


def seat(users, members=MEMBERS, on=ELECTED_ON):
    """The Meeting of the Parties elects ``members`` on ``on`` (once per test database)."""
    from shield.parties.committee_models import Election
    from shield.parties.elections import record_election

    if not Election.objects.exists():
        record_election(
            users["secretariat"], on, list(members), meeting="test Meeting of the Parties"
        )


def session(users, ref="19.COM", held_on=None, present=None, kind="extraordinary", members=MEMBERS):
    seat(users, members)
    return committee.create_session(
        users["secretariat"],
        ref,
        kind,
        held_on or date.today(),
        list(members),
        list(members) if present is None else present,
    )
