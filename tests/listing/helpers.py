"""Shared set-up for the listing tests: property, a notified request, a session."""

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
MEMBERS = ["NOR", "UKR", "GEO", "MLI", "ARM", "AZE"]


def prop(users, ext="t:haghpat", state="ARM", **kw):
    return create_property(users["admin"], record(ext, state, **kw))


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)


def submitted(users, p, submitted_ago=90, **extra):
    data = {"state": p.inventory_state.code, **EVIDENCE, "submitted_on": days_ago(submitted_ago).isoformat(), **extra}
    return services.submit_request(users["admin"], p, data)


def notified(users, p, notified_ago=70, **extra):
    req = submitted(users, p, notified_ago + 2, **extra)
    services.register(users["secretariat"], req, days_ago(notified_ago + 1))
    services.notify(users["secretariat"], req, days_ago(notified_ago))
    req.refresh_from_db()
    return req


def session(users, ref="19.COM", held_on=None, present=None, kind="extraordinary"):
    return committee.create_session(users["secretariat"], ref, kind, held_on or date.today(), MEMBERS,
                                    MEMBERS if present is None else present)
