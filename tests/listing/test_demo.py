"""The demo: requests in every state of the procedure; loading twice changes nothing."""

from __future__ import annotations

import pytest

from shield.audit.models import AuditEntry
from shield.listing import demo
from shield.listing.models import Request
from shield.listing import procedure as P

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
    entries = AuditEntry.objects.count()
    assert demo.load() == "listing: demo already loaded"
    load_demo()
    new = list(AuditEntry.objects.filter(seq__gt=AuditEntry.objects.order_by('seq').values_list('seq', flat=True)[entries - 1]).values_list('target_type', 'action'))
    assert AuditEntry.objects.count() == entries, new


def test_demo_skips_missing_properties(users):
    summary = demo.load()  # no bundled properties here: only the demo's own synthetic records
    assert summary == "listing: 3 sessions, 3 requests (granted, exceptional, provisional)"
    assert Request.objects.count() == 3
