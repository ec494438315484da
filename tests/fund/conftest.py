"""Fixtures of the fund tests: a seated Committee and a session held today, where the
Committee decides a programme and a grant (through the services, audited as in production)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from shield.fund import decisions
from tests.listing.helpers import MEMBERS, session

YES = {m: "yes" for m in MEMBERS}


@pytest.fixture
def sitting(users):
    """Session 19.COM, held today, every member present."""
    return session(users, "19.COM", date.today())


@pytest.fixture
def programme(users, sitting):
    """A programme the Committee decided (29(1)(a)): it may receive earmarked contributions."""
    return decisions.decide(
        users["secretariat"],
        sitting,
        "programme",
        YES,
        title="Training in inventories",
        purpose_clause="a",
        amount="50000",
        currency="EUR",
    )


def days_ago(n: int) -> date:
    return date.today() - timedelta(days=n)
