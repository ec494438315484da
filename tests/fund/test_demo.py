"""The demo's Fund: loaded through the services, every record flagged synthetic, the ledger
balanced; loading twice changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shield.demo.loader import load_demo
from shield.fund import statements
from shield.fund.models import (
    AssistanceRequest,
    Entry,
    FundDecision,
    Measure,
    Meeting,
    ReportingCycle,
    Transaction,
)

pytestmark = pytest.mark.django_db


def test_the_demo_fund_is_synthetic_and_balanced(db):
    load_demo()
    n = Transaction.objects.count()
    assert n >= 7
    for model in (Transaction, FundDecision, AssistanceRequest, Measure, Meeting, ReportingCycle):
        assert model.objects.exists() and not model.objects.filter(synthetic=False).exists(), model
    for cur in ("EUR", "USD"):
        assert sum(e.amount for e in Entry.objects.filter(currency=cur)) == 0
    assert statements.holdings()["EUR"] == Decimal("44120.50")
    assert AssistanceRequest.objects.get(state__code="UKR").status == "granted"
    load_demo()
    assert Transaction.objects.count() == n
