"""The demo: requests in every state of the procedure; loading twice changes nothing."""

from __future__ import annotations

import pytest

from shield.audit.models import AuditEntry
from shield.listing import demo
from shield.listing.models import Decision, Notification, Request
from shield.treaty import procedure as P

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_loads_once():
    from shield.demo.loader import load_demo

    load_demo()
    statuses = set(Request.objects.values_list("status", flat=True))
    assert statuses == set(P.STATUSES)
    listed = Request.objects.get(property__external_id="demo-listing:synthetic-monastery-arm")
    assert listed.decisions.get().carried and listed.status == "granted"
    emergency = Request.objects.get(property__external_id="demo-listing:synthetic-theatre-ukr")
    assert emergency.status == "provisional"
    assert emergency.decisions.get().decided_on <= emergency.window_closes  # the emergency path

    def ours():
        return (
            AuditEntry.objects.filter(target_type__startswith="listing").count(),
            Request.objects.count(),
            Notification.objects.count(),
            Decision.objects.count(),
        )

    before = ours()
    assert demo.load() == "listing: demo already loaded"
    load_demo()
    # Only the listing's own records: the registry's re-import is checked by its own tests.
    assert ours() == before


def test_demo_needs_no_bundled_property(users):
    """Every request of the demo is on a place it invents, flagged synthetic: none on real property."""
    summary = demo.load()  # no bundled properties here: only the demo's own synthetic records
    assert summary.startswith("listing: 3 sessions, 10 requests (submitted, registered, notified")
    assert Request.objects.count() == 10
    assert not Request.objects.filter(property__synthetic=False).exists()
    assert not Request.objects.filter(synthetic=False).exists()
