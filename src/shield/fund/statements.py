"""Balances and statements of the Fund by period, as data, CSV and PDF (the pages, the API and
the CLI read the same)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from shield.core.errors import FieldError, RecordInvalid

from . import money
from .models import Entry, Transaction


def pools_of(account: str) -> bool:
    return account.startswith("pool:")


def balances(until: date | None = None) -> dict[str, dict[str, Decimal]]:
    """{currency: {account: balance}} of every account with entries, up to ``until``."""
    rows = Entry.objects.all()
    if until is not None:
        rows = rows.filter(transaction__on__lte=until)
    out: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for r in (
        rows.values("currency", "account").annotate(s=Sum("amount")).order_by("currency", "account")
    ):
        out[r["currency"]][r["account"]] = r["s"]
    return dict(out)


def holdings(until: date | None = None) -> dict[str, Decimal]:
    """What the Fund holds in each currency: the sum of its pools."""
    return {
        cur: sum((v for a, v in accts.items() if pools_of(a)), money.ZERO)
        for cur, accts in balances(until).items()
    }


def period(start, end) -> tuple[date, date]:
    try:
        a = start if isinstance(start, date) else date.fromisoformat(str(start))
    except ValueError:
        raise RecordInvalid([FieldError("from", f"{start!r} is not a date (YYYY-MM-DD)")]) from None
    try:
        b = end if isinstance(end, date) else date.fromisoformat(str(end))
    except ValueError:
        raise RecordInvalid([FieldError("to", f"{end!r} is not a date (YYYY-MM-DD)")]) from None
    if b < a:
        raise RecordInvalid([FieldError("to", f"{b.isoformat()} is before {a.isoformat()}")])
    return a, b


def amount_text(x: Decimal, cur: str) -> str:
    """An amount with its currency's decimal places: '250.00'."""
    return _s(x, cur)


def _s(x: Decimal, cur: str) -> str:
    places = money.CURRENCIES.get(cur, 2)
    return str(Decimal(x).quantize(Decimal(1).scaleb(-places)))


def statement(start, end, currency: str | None = None) -> dict:
    """The Fund's statement for a period, per currency: opening and closing holdings by pool,
    every movement with its lines, contributions by source and disbursements by decision."""
    a, b = period(start, end)
    cur_filter = money.currency(currency) if currency else None
    before = balances(date.fromordinal(a.toordinal() - 1))
    after = balances(b)
    txs = (
        Transaction.objects.filter(on__gte=a, on__lte=b)
        .select_related("decision", "earmark", "contributor_state")
        .prefetch_related("entries")
        .order_by("on", "number")
    )
    currencies = sorted(set(before) | set(after))
    if cur_filter:
        currencies = [c for c in currencies if c == cur_filter] or [cur_filter]
    out = []
    for cur in currencies:
        pools = sorted(
            {k for k in before.get(cur, {}) if pools_of(k)}
            | {k for k in after.get(cur, {}) if pools_of(k)}
        )
        movements = []
        by_source: dict[str, Decimal] = defaultdict(Decimal)
        by_decision: dict[str, Decimal] = defaultdict(Decimal)
        for tx in txs:
            lines = [e for e in tx.entries.all() if e.currency == cur]
            if not lines:
                continue
            change = sum((e.amount for e in lines if pools_of(e.account)), money.ZERO)
            for e in lines:
                if e.account.startswith("income:"):
                    by_source[e.account.split(":", 1)[1]] += -e.amount
                if e.account.startswith("paid:"):
                    by_decision[e.account.split(":", 1)[1]] += e.amount
            movements.append(
                {
                    "number": tx.number,
                    "on": tx.on.isoformat(),
                    "kind": tx.kind,
                    "source": tx.source,
                    "contributor": tx.contributor_state.code
                    if tx.contributor_state
                    else tx.contributor,
                    "decision": tx.decision.ref if tx.decision else "",
                    "earmark": tx.earmark.ref if tx.earmark else "",
                    "recipient": tx.recipient,
                    "reference": tx.reference,
                    "synthetic": tx.synthetic,
                    "change": _s(change, cur),
                    "lines": [{"account": e.account, "amount": _s(e.amount, cur)} for e in lines],
                }
            )
        opening = sum((before.get(cur, {}).get(p, money.ZERO) for p in pools), money.ZERO)
        closing = sum((after.get(cur, {}).get(p, money.ZERO) for p in pools), money.ZERO)
        out.append(
            {
                "currency": cur,
                "opening": _s(opening, cur),
                "closing": _s(closing, cur),
                "received": _s(sum(by_source.values(), money.ZERO), cur),
                "disbursed": _s(sum(by_decision.values(), money.ZERO), cur),
                "pools": [
                    {
                        "account": p,
                        "opening": _s(before.get(cur, {}).get(p, money.ZERO), cur),
                        "closing": _s(after.get(cur, {}).get(p, money.ZERO), cur),
                    }
                    for p in pools
                ],
                "by_source": [
                    {"source": k, "amount": _s(v, cur)} for k, v in sorted(by_source.items())
                ],
                "by_decision": [
                    {"decision": k, "amount": _s(v, cur)} for k, v in sorted(by_decision.items())
                ],
                "movements": movements,
                "balanced": sum((v for v in after.get(cur, {}).values()), money.ZERO) == 0,
            }
        )
    return {"from": a.isoformat(), "to": b.isoformat(), "currencies": out}


CSV_FIELDS = [
    "currency",
    "number",
    "on",
    "kind",
    "source",
    "contributor",
    "decision",
    "earmark",
    "recipient",
    "reference",
    "account",
    "amount",
    "synthetic",
]


def statement_csv(data: dict) -> str:
    """One row per line of each movement, then the opening and closing holdings."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    from shield.core.csvcells import csv_safe as safe  # no cell starts a formula

    for c in data["currencies"]:
        w.writerow(
            [
                c["currency"],
                "",
                data["from"],
                "opening",
                "",
                "",
                "",
                "",
                "",
                "",
                "pool:*",
                c["opening"],
                "",
            ]
        )
        for m in c["movements"]:
            for line in m["lines"]:
                w.writerow(
                    [
                        c["currency"],
                        m["number"],
                        m["on"],
                        m["kind"],
                        m["source"],
                        safe(m["contributor"]),
                        safe(m["decision"]),
                        safe(m["earmark"]),
                        safe(m["recipient"]),
                        safe(m["reference"]),
                        line["account"],
                        line["amount"],
                        "true" if m["synthetic"] else "false",
                    ]
                )
        w.writerow(
            [
                c["currency"],
                "",
                data["to"],
                "closing",
                "",
                "",
                "",
                "",
                "",
                "",
                "pool:*",
                c["closing"],
                "",
            ]
        )
    return buf.getvalue()
