"""The Fund as a double-entry ledger (provisions ``fund``, ``fund.decided_purposes``,
``fund.resources``; ``shield.treaty.institutions.FUND_READING``).

Every write is one transaction of the ledger whose entries balance in each currency (debits
positive, credits negative), written with one audit entry in one database transaction. A
refusal writes nothing. Pools are assets: ``pool:free``, ``pool:earmark:<decision>``,
``pool:allocated:<decision>``; a pool never goes below zero.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Sum

from shield.accounts import roles
from shield.audit import log
from shield.core.errors import FieldError, NotAllowed, RecordInvalid
from shield.parties.models import State
from shield.treaty import states
from shield.treaty.institutions import FUND_SOURCES
from shield.treaty.refusals import refuse

from . import money
from .models import Entry, FundDecision, Transaction

FREE = "pool:free"
EXCHANGE = "exchange"
TARGET = "fund_transaction"


def earmark_pool(d: FundDecision) -> str:
    return f"pool:earmark:{d.ref}"


def allocated_pool(d: FundDecision) -> str:
    return f"pool:allocated:{d.ref}"


def paid(d: FundDecision) -> str:
    return f"paid:{d.ref}"


def income(source: str) -> str:
    return f"income:{source}"


def named(code: str):
    try:
        return states.named(code)
    except (LookupError, ValueError):
        return code


def may_keep(user) -> None:
    """The Secretariat keeps the Fund's books (provision ``secretariat``)."""
    if not roles.is_staff_role(user):
        raise NotAllowed("only the Secretariat records the Fund's movements")


def day(value, field: str, today: date | None = None) -> date:
    if isinstance(value, date):
        out = value
    else:
        try:
            out = date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise RecordInvalid(
                [FieldError(field, f"{value!r} is not a date (YYYY-MM-DD)")]
            ) from None
    if out > (today or date.today()):
        raise RecordInvalid([FieldError(field, f"{out.isoformat()} is after today")])
    return out


def balance(account: str, currency: str, until: date | None = None) -> Decimal:
    rows = Entry.objects.filter(account=account, currency=currency)
    if until is not None:
        rows = rows.filter(transaction__on__lte=until)
    return rows.aggregate(s=Sum("amount"))["s"] or money.ZERO


def decision(ref, on: date, field: str = "purpose") -> FundDecision:
    """A carried decision of the Committee for a purpose of the Fund, taken on or before
    ``on``; else the refusal ``fund.purpose_not_decided``."""
    text = str(ref or "").strip()
    found = FundDecision.objects.filter(ref=text).first() if text else None
    if found is None or not found.is_purpose or found.decided_on > on:
        refuse("fund.purpose_not_decided", field=field, purpose=text or "(none)", on=on.isoformat())
    return found


def _post(user, kind: str, on: date, lines, summary: str, **fields) -> Transaction:
    """Write one balanced transaction and its audit entry (inside the caller's atomic block)."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for _account, cur, amt in lines:
        sums[cur] += amt
    if any(v != 0 for v in sums.values()):  # a programming error, never a user's
        raise AssertionError(f"unbalanced transaction: {dict(sums)}")
    log.lock_tail()  # serialises writers (an advisory lock on PostgreSQL) before numbering
    number = (Transaction.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    tx = Transaction.objects.create(
        number=number,
        kind=kind,
        on=on,
        recorded_by=getattr(user, "username", "") or "system",
        **fields,
    )
    Entry.objects.bulk_create(
        [Entry(transaction=tx, account=a, currency=c, amount=x) for a, c, x in lines]
    )
    log.record(
        user,
        f"fund_{kind}",
        TARGET,
        tx.id,
        {
            "number": number,
            "on": on.isoformat(),
            "entries": [[a, c, str(x)] for a, c, x in lines],
            **{k: _plain(v) for k, v in fields.items() if v not in ("", None)},
        },
        summary=f"T{number} {summary}",
    )
    return tx


def _plain(value):
    if isinstance(value, FundDecision):
        return value.ref
    if isinstance(value, State):
        return value.code
    return value


def _state_or_none(code) -> State | None:
    code = str(code or "").strip().upper()
    if not code:
        return None
    found = State.objects.filter(code=code).first()
    if found is None:
        raise RecordInvalid([FieldError("contributor_state", f"{code} is not a known State")])
    return found


def contribute(user, data: dict, today: date | None = None) -> Transaction:
    """Resources received (``fund.resources``), by source, optionally earmarked for a programme
    or project the Committee decided (``fund.decided_purposes``)."""
    may_keep(user)
    source = str(data.get("source") or "").strip()
    if source not in FUND_SOURCES:
        refuse("fund.unknown_source", source=source or "(blank)", known=", ".join(FUND_SOURCES))
    cur = money.currency(data.get("currency"))
    amt = money.amount(data.get("amount"), cur)
    on = day(data.get("on") or today or date.today(), "on", today)
    state = _state_or_none(data.get("contributor_state"))
    name = str(data.get("contributor") or "").strip()[:300]
    if state is None and not name and source not in ("c", "d"):
        raise RecordInvalid([FieldError("contributor", "is required: who contributed")])
    if state is not None and source in ("a", "b.i"):
        from shield.parties.register import current_register
        from shield.treaty.status import is_party

        party = is_party(state.code, on, current_register()).result
        if source == "a" and not party:
            refuse("fund.party_source", state=named(state.code), on=on.isoformat())
        if source == "b.i" and party:
            refuse("fund.other_state_source", state=named(state.code), on=on.isoformat())
    if source in ("a", "b.i") and state is None:
        raise RecordInvalid(
            [FieldError("contributor_state", "is required for a State's contribution")]
        )
    earmark = None
    mark = str(data.get("earmark") or "").strip()
    if mark:
        earmark = FundDecision.objects.filter(ref=mark).first()
        if (
            earmark is None
            or not earmark.carried
            or earmark.motion != "programme"
            or earmark.decided_on > on
        ):
            refuse("fund.earmark_not_decided", earmark=mark, on=on.isoformat())
    pool = earmark_pool(earmark) if earmark else FREE
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the checks below see the last movement
        return _post(
            user,
            "contribution",
            on,
            [(pool, cur, amt), (income(source), cur, -amt)],
            f"contribution {money.show(amt, cur)} from {state.code if state else name or source}"
            + (f", earmarked for {earmark.ref}" if earmark else ""),
            source=source,
            contributor_state=state,
            contributor=name,
            earmark=earmark,
            reference=str(data.get("reference") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )


def _ceiling_left(d: FundDecision, cur: str) -> Decimal | None:
    if d.amount is None:
        return None
    if d.currency and d.currency != cur:
        raise RecordInvalid(
            [FieldError("currency", f"the decision {d.ref} is in {d.currency}, not {cur}")]
        )
    moved = (
        Entry.objects.filter(account=allocated_pool(d), currency=cur, amount__gt=0).aggregate(
            s=Sum("amount")
        )["s"]
        or money.ZERO
    )
    back = -(
        Entry.objects.filter(
            account=allocated_pool(d), currency=cur, transaction__kind="release"
        ).aggregate(s=Sum("amount"))["s"]
        or money.ZERO
    )
    return d.amount - (moved - back)


def _need(pool: str, cur: str, amt: Decimal, field: str = "amount") -> None:
    have = balance(pool, cur)
    if have < amt:
        raise RecordInvalid(
            [
                FieldError(
                    field,
                    f"{money.show(amt, cur)} is more than the {money.show(have, cur)} in {pool}",
                )
            ]
        )


def allocate(user, data: dict, today: date | None = None) -> Transaction:
    """Set aside an amount for a purpose the Committee decided, from the free resources or from
    the decision's own earmarked contributions (``from_pool``: free or earmark)."""
    may_keep(user)
    on = day(data.get("on") or today or date.today(), "on", today)
    d = decision(data.get("purpose"), on)
    cur = money.currency(data.get("currency") or d.currency)
    amt = money.amount(data.get("amount"), cur)
    origin = FREE if (data.get("from_pool") or "free") == "free" else earmark_pool(d)
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the checks below see the last movement
        left = _ceiling_left(d, cur)
        if left is not None and amt > left:
            refuse(
                "fund.beyond_decision",
                amount=money.show(amt, cur),
                purpose=d.ref,
                left=money.show(left, cur),
                ceiling=money.show(d.amount or money.ZERO, cur),
            )
        _need(origin, cur, amt)
        return _post(
            user,
            "allocation",
            on,
            [(allocated_pool(d), cur, amt), (origin, cur, -amt)],
            f"allocation {money.show(amt, cur)} to {d.ref} from {origin}",
            decision=d,
            reference=str(data.get("reference") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )


def disburse(user, data: dict, today: date | None = None) -> Transaction:
    """Pay out of an allocation made for a purpose the Committee decided."""
    may_keep(user)
    on = day(data.get("on") or today or date.today(), "on", today)
    d = decision(data.get("purpose"), on)
    cur = money.currency(data.get("currency") or d.currency)
    amt = money.amount(data.get("amount"), cur)
    recipient = str(data.get("recipient") or "").strip()[:300]
    if not recipient:
        raise RecordInvalid([FieldError("recipient", "is required: to whom it is paid")])
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the checks below see the last movement
        _need(allocated_pool(d), cur, amt)
        return _post(
            user,
            "disbursement",
            on,
            [(paid(d), cur, amt), (allocated_pool(d), cur, -amt)],
            f"disbursement {money.show(amt, cur)} under {d.ref} to {recipient}",
            decision=d,
            recipient=recipient,
            reference=str(data.get("reference") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )


def release(user, data: dict, today: date | None = None) -> Transaction:
    """Return an unused allocation: to the decision's earmarked pool for a programme, else to
    the free resources."""
    may_keep(user)
    on = day(data.get("on") or today or date.today(), "on", today)
    d = decision(data.get("purpose"), on)
    cur = money.currency(data.get("currency") or d.currency)
    amt = money.amount(data.get("amount"), cur)
    back = earmark_pool(d) if d.motion == "programme" else FREE
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the checks below see the last movement
        _need(allocated_pool(d), cur, amt)
        return _post(
            user,
            "release",
            on,
            [(back, cur, amt), (allocated_pool(d), cur, -amt)],
            f"release {money.show(amt, cur)} from {d.ref} to {back}",
            decision=d,
            reference=str(data.get("reference") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )


def convert(user, data: dict, today: date | None = None) -> Transaction:
    """Exchange free resources from one currency into another, through ``exchange``."""
    may_keep(user)
    on = day(data.get("on") or today or date.today(), "on", today)
    a = money.currency(data.get("currency"), "currency")
    b = money.currency(data.get("to_currency"), "to_currency")
    if a == b:
        raise RecordInvalid([FieldError("to_currency", "is the same currency")])
    x = money.amount(data.get("amount"), a)
    y = money.amount(data.get("to_amount"), b, "to_amount")
    with transaction.atomic():
        log.lock_tail()  # one writer at a time: the checks below see the last movement
        _need(FREE, a, x)
        return _post(
            user,
            "conversion",
            on,
            [(FREE, a, -x), (EXCHANGE, a, x), (FREE, b, y), (EXCHANGE, b, -y)],
            f"conversion {money.show(x, a)} into {money.show(y, b)}",
            reference=str(data.get("reference") or "")[:300],
            synthetic=bool(data.get("synthetic")),
        )


OPERATIONS = {
    "contribution": contribute,
    "allocation": allocate,
    "disbursement": disburse,
    "release": release,
    "conversion": convert,
}
