"""Demo: an invented Fund, assistance requests, reporting cycles, a Meeting, dissemination
measures. Everything here is flagged ``synthetic`` (contributions, decisions, requests, cycles,
reports, translations, the Meeting, the measures): no real contribution, request or report is
shown. Decisions are taken at the listing demo's synthetic sessions, through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from shield.listing.models import Session

from . import assistance, decisions, institutions, ledger
from .models import FundDecision

MARKER = "demo: Fund"


def _ago(n: int) -> str:
    return (date.today() - timedelta(days=n)).isoformat()


def _votes(session: Session) -> dict[str, str]:
    return {m: "yes" for m in session.present}


def load() -> str:
    if FundDecision.objects.filter(synthetic=True).exists():
        return "fund: demo already loaded"
    admin = get_user_model().objects.filter(username="admin").first()
    s2 = Session.objects.filter(ref="D.2.EXT").first()
    s3 = Session.objects.filter(ref="D.3.EXT").first()
    if admin is None or s2 is None or s3 is None:
        return "fund: no demo sessions; skipped"
    prog = decisions.decide(
        admin,
        s2,
        "programme",
        _votes(s2),
        title="Synthetic programme: training of military personnel (demo)",
        purpose_clause="a",
        amount="30000",
        currency="EUR",
        synthetic=True,
    )
    for data in (
        {
            "source": "a",
            "contributor_state": "CHE",
            "amount": "50000",
            "currency": "EUR",
            "on": _ago(95),
        },
        {
            "source": "b.iv",
            "contributor": "A synthetic foundation (demo)",
            "amount": "10000",
            "currency": "USD",
            "on": _ago(90),
        },
        {
            "source": "a",
            "contributor_state": "CYP",
            "amount": "8000",
            "currency": "EUR",
            "on": _ago(80),
            "earmark": prog.ref,
        },
        {"source": "c", "contributor": "", "amount": "120.50", "currency": "EUR", "on": _ago(30)},
    ):
        ledger.contribute(admin, {**data, "synthetic": True, "reference": MARKER})
    ledger.allocate(
        admin,
        {
            "purpose": prog.ref,
            "amount": "8000",
            "from_pool": "earmark",
            "on": _ago(70),
            "synthetic": True,
        },
    )
    ledger.disburse(
        admin,
        {
            "purpose": prog.ref,
            "amount": "4000",
            "recipient": "Synthetic training centre (demo)",
            "on": _ago(60),
            "synthetic": True,
        },
    )
    emergency = assistance.submit(
        admin,
        {
            "state": "UKR",
            "kind": "emergency",
            "title": "Synthetic request: shelter for a museum's collection (demo)",
            "description": "Invented for the demo: packing materials and temporary storage.",
            "amount": "15000",
            "currency": "EUR",
            "conflict_parties": ["UKR"],
            "submitted_on": _ago(20),
            "synthetic": True,
        },
    )
    assistance.to_agenda(
        admin, emergency, s3, "Synthetic assessment: urgent, within the Fund's means."
    )
    decisions.decide(
        admin,
        s3,
        "grant",
        _votes(s3),
        purpose_clause="b",
        amount="15000",
        currency="EUR",
        request=emergency,
    )
    emergency.refresh_from_db()
    assistance.pay(admin, emergency, {"amount": "10000", "on": _ago(5)})
    assistance.submit(
        admin,
        {
            "state": "ARM",
            "kind": "preparatory",
            "title": "Synthetic request: an inventory of movable property (demo)",
            "description": "Invented for the demo: training and equipment for a national inventory.",
            "amount": "6000",
            "currency": "EUR",
            "submitted_on": _ago(3),
            "synthetic": True,
        },
    )
    tech = assistance.submit(
        admin,
        {
            "state": "MLI",
            "channel": "unesco",
            "kind": "preparatory",
            "title": "Synthetic request: advice on emergency plans (demo)",
            "description": "Invented for the demo.",
            "submitted_on": _ago(40),
            "synthetic": True,
        },
    )
    assistance.unesco_answer(admin, tech, True, _ago(25), "Synthetic answer: two experts (demo).")
    past = institutions.create_cycle(
        admin,
        {
            "ref": "DEMO-2017-2020",
            "title": "Synthetic joint cycle (demo)",
            "period_from": "2017-01-01",
            "period_to": "2020-12-31",
            "due_on": "2021-06-30",
            "covers": ["convention", "first_protocol", "protocol"],
            "synthetic": True,
        },
    )
    for code, on, published in (
        ("ARM", "2021-05-01", "2021-09-01"),
        ("CYP", "2021-07-15", None),
        ("AUT", "2021-06-01", None),
    ):
        r = institutions.submit_report(
            admin, past, {"state": code, "submitted_on": on, "languages": ["en"], "synthetic": True}
        )
        if published:
            institutions.publish_report(admin, r, published)
            institutions.comment(
                admin,
                r,
                {
                    "text": "Synthetic comment of the Committee (demo).",
                    "commented_on": "2021-12-10",
                },
            )
    institutions.create_cycle(
        admin,
        {
            "ref": "DEMO-2021-2024",
            "title": "Synthetic next cycle (demo)",
            "period_from": "2021-01-01",
            "period_to": "2024-12-31",
            "due_on": (date.today() + timedelta(days=120)).isoformat(),
            "covers": ["convention", "first_protocol", "protocol"],
            "synthetic": True,
        },
    )
    institutions.record_translation(
        admin,
        {"state": "ARM", "language": "hy", "communicated_on": "2008-03-01", "synthetic": True},
    )
    m = institutions.convene(
        admin,
        {
            "ref": "DEMO-MP",
            "kind": "ordinary",
            "held_on": _ago(15),
            "general_conference": "synthetic",
            "synthetic": True,
        },
    )
    institutions.endorse_guidelines(
        admin, m, {"title": "Synthetic Guidelines (demo)", "version": "demo"}
    )
    institutions.supervise_fund(admin, m, {"period_from": _ago(365), "period_to": _ago(15)})
    for code, year, kind, title in (
        ("ARM", 2023, "military_instructions", "Synthetic manual for officers (demo)"),
        ("CYP", 2024, "training", "Synthetic course for curators (demo)"),
        ("AUT", 2024, "public_information", "Synthetic exhibition on the Blue Shield (demo)"),
    ):
        institutions.record_measure(
            admin, {"state": code, "year": year, "kind": kind, "title": title, "synthetic": True}
        )
    return "fund: synthetic Fund, assistance, reports, a Meeting and measures"
