"""The Fund's ledger (issue 19, item 1): contributions by source, earmarks only for a decided
programme, allocations and disbursements only for decided purposes, balances and statements;
the property test: no amount created or lost over random sequences of operations."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed, RecordInvalid
from shield.fund import decisions, ledger, statements
from shield.fund.models import Entry, Transaction
from shield.treaty.refusals import Refused
from tests.fund.conftest import YES

pytestmark = pytest.mark.django_db

TODAY = date.today()


def give(users, amount="1000", currency="EUR", source="a", state="CHE", **kw):
    data = {"source": source, "amount": amount, "currency": currency, "on": TODAY, **kw}
    if state:
        data["contributor_state"] = state
    return ledger.contribute(users["secretariat"], data)


def test_a_contribution_balances_and_is_audited(users, sitting):
    before = AuditEntry.objects.count()
    tx = give(users, "1234.50")
    lines = {(e.account, e.amount) for e in tx.entries.all()}
    assert lines == {("pool:free", Decimal("1234.50")), ("income:a", Decimal("-1234.50"))}
    assert AuditEntry.objects.count() == before + 1
    assert statements.holdings() == {"EUR": Decimal("1234.50")}


def test_a_party_contributes_as_a_party_and_another_state_as_another_state(users, sitting):
    with pytest.raises(Refused) as no:
        give(users, state="USA", source="a")  # not a Party to the Protocol
    assert no.value.code == "fund.party_source"
    assert no.value.labels() == ("Art. 29(4)(a)", "Art. 29(4)(b)(i)")
    give(users, state="USA", source="b.i")
    with pytest.raises(Refused) as no:
        give(users, state="CHE", source="b.i")
    assert no.value.code == "fund.other_state_source"
    with pytest.raises(Refused) as no:
        give(users, source="z")
    assert no.value.code == "fund.unknown_source" and no.value.labels() == ("Art. 29(4)",)


def test_an_earmark_only_for_a_programme_the_committee_decided(users, sitting, programme):
    with pytest.raises(Refused) as no:
        give(users, earmark="no such programme")
    assert no.value.code == "fund.earmark_not_decided"
    assert no.value.labels() == ("Art. 29(3)",)
    assert "art. 29 nr. 3" in no.value.message("nb")
    lost = decisions.decide(
        users["secretariat"],
        sitting,
        "programme",
        {m: "no" for m in YES},
        title="Lost",
        purpose_clause="a",
    )
    assert not lost.carried
    with pytest.raises(Refused):
        give(users, earmark=lost.ref)
    tx = give(users, "500", earmark=programme.ref)
    assert tx.entries.get(amount__gt=0).account == f"pool:earmark:{programme.ref}"


def test_money_leaves_only_for_a_decided_purpose_within_its_amount(users, sitting, programme):
    give(users, "100000")
    with pytest.raises(Refused) as no:
        ledger.allocate(
            users["secretariat"], {"purpose": "whatever", "amount": "10", "currency": "EUR"}
        )
    assert no.value.code == "fund.purpose_not_decided"
    assert no.value.labels() == ("Art. 29(3)", "Art. 27(1)(f)")
    with pytest.raises(Refused) as no:
        ledger.disburse(
            users["secretariat"],
            {"purpose": "", "amount": "10", "currency": "EUR", "recipient": "x"},
        )
    assert no.value.code == "fund.purpose_not_decided"
    with pytest.raises(Refused) as no:
        ledger.allocate(users["secretariat"], {"purpose": programme.ref, "amount": "50000.01"})
    assert no.value.code == "fund.beyond_decision"
    ledger.allocate(users["secretariat"], {"purpose": programme.ref, "amount": "30000"})
    with pytest.raises(RecordInvalid):  # more than the allocation holds
        ledger.disburse(
            users["secretariat"],
            {"purpose": programme.ref, "amount": "30000.01", "recipient": "Trainers"},
        )
    ledger.disburse(
        users["secretariat"], {"purpose": programme.ref, "amount": "12000", "recipient": "Trainers"}
    )
    assert statements.holdings() == {"EUR": Decimal("88000.00")}
    with pytest.raises(Refused) as no:
        decisions.decide(
            users["secretariat"], sitting, "programme", YES, title="x", purpose_clause="c"
        )
    assert no.value.code == "fund.purpose_outside" and no.value.labels() == ("Art. 29(1)",)


def test_only_the_secretariat_keeps_the_books(users, sitting):
    with pytest.raises(NotAllowed):
        ledger.contribute(users["officer_nor"], {"source": "a", "amount": "1", "currency": "EUR"})


@pytest.mark.parametrize(
    "amount, currency",
    [("0", "EUR"), ("-5", "EUR"), ("1.001", "EUR"), ("1.5", "JPY"), ("abc", "EUR"), ("1", "XXX")],
)
def test_bad_amounts_are_refused_by_field(users, sitting, amount, currency):
    with pytest.raises(RecordInvalid) as bad:
        give(users, amount, currency)
    assert bad.value.errors[0].field in ("amount", "currency")
    assert Transaction.objects.count() == 0


def test_statement_by_period_csv(users, sitting, programme):
    give(users, "700", on=date(TODAY.year, 1, 1) if TODAY.month > 1 else TODAY)
    give(users, "300", currency="USD", state="", source="b.iv", contributor="A foundation")
    ledger.allocate(users["secretariat"], {"purpose": programme.ref, "amount": "200"})
    ledger.disburse(
        users["secretariat"], {"purpose": programme.ref, "amount": "150", "recipient": "Trainers"}
    )
    data = statements.statement(TODAY.replace(day=1, month=1), TODAY)
    eur = next(c for c in data["currencies"] if c["currency"] == "EUR")
    assert (eur["opening"], eur["closing"], eur["received"], eur["disbursed"]) == (
        "0.00",
        "550.00",
        "700.00",
        "150.00",
    )
    assert eur["balanced"] and eur["by_decision"] == [
        {"decision": programme.ref, "amount": "150.00"}
    ]
    text = statements.statement_csv(data)
    assert "disbursement" in text and "paid:19.COM F1,150.00" in text
    assert text.splitlines()[0].startswith("currency,number,on,kind,source")


# ---- the property: no amount created or lost -----------------------------------------------

CURRENCIES = ["EUR", "USD"]
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)
purposes = st.sampled_from(["programme", "grant", "lost", "nothing"])
ops = st.one_of(
    st.tuples(
        st.just("contribution"),
        amounts,
        st.sampled_from(CURRENCIES),
        st.sampled_from(["a", "b.iv", "c", "x"]),
        st.sampled_from([None, "programme", "grant", "nothing"]),
    ),
    st.tuples(
        st.just("allocation"),
        amounts,
        st.sampled_from(CURRENCIES),
        purposes,
        st.sampled_from(["free", "earmark"]),
    ),
    st.tuples(st.just("disbursement"), amounts, st.sampled_from(CURRENCIES), purposes, st.none()),
    st.tuples(st.just("release"), amounts, st.sampled_from(CURRENCIES), purposes, st.none()),
    st.tuples(st.just("conversion"), amounts, st.sampled_from(CURRENCIES), amounts, st.none()),
)


def _sums():
    return {
        (r["account"], r["currency"]): r["s"]
        for r in Entry.objects.values("account", "currency").annotate(s=Sum("amount"))
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=st.lists(ops, min_size=1, max_size=12))
def test_no_amount_is_created_or_lost(users, sitting, sequence):
    with transaction.atomic():
        refs = {
            "programme": decisions.decide(
                users["secretariat"],
                sitting,
                "programme",
                YES,
                title="P",
                purpose_clause="a",
                amount="8000",
                currency="EUR",
            ).ref,
            "grant": decisions.decide(
                users["secretariat"],
                sitting,
                "programme",
                YES,
                title="G",
                purpose_clause="b",
            ).ref,
            "lost": decisions.decide(
                users["secretariat"],
                sitting,
                "programme",
                {m: "no" for m in YES},
                title="L",
                purpose_clause="b",
            ).ref,
            "nothing": "no decision",
        }
        received: dict[str, Decimal] = defaultdict(Decimal)  # what came in, per currency
        out: dict[str, Decimal] = defaultdict(Decimal)  # what was paid, per currency
        sec = users["secretariat"]
        for kind, amt, cur, p, extra in sequence:
            before = _sums()
            try:
                if kind == "contribution":
                    data = {"source": p, "amount": amt, "currency": cur, "contributor": "donor"}
                    if extra:
                        data["earmark"] = refs[extra]
                    ledger.contribute(sec, data)
                    received[cur] += amt
                elif kind == "allocation":
                    ledger.allocate(
                        sec,
                        {"purpose": refs[p], "amount": amt, "currency": cur, "from_pool": extra},
                    )
                elif kind == "disbursement":
                    ledger.disburse(
                        sec, {"purpose": refs[p], "amount": amt, "currency": cur, "recipient": "r"}
                    )
                    out[cur] += amt
                elif kind == "release":
                    ledger.release(sec, {"purpose": refs[p], "amount": amt, "currency": cur})
                else:
                    other = "USD" if cur == "EUR" else "EUR"
                    ledger.convert(
                        sec, {"amount": amt, "currency": cur, "to_currency": other, "to_amount": p}
                    )
                    received[cur] -= amt
                    received[other] += p
            except (Refused, RecordInvalid):
                assert _sums() == before, f"a refused {kind} changed the ledger"
                continue
            # every transaction balances in each currency
            for tx in Transaction.objects.prefetch_related("entries"):
                per: dict[str, Decimal] = defaultdict(Decimal)
                for e in tx.entries.all():
                    per[e.currency] += e.amount
                assert all(v == 0 for v in per.values()), tx.number
            held = statements.holdings()
            for c in CURRENCIES:
                assert held.get(c, Decimal(0)) == received[c] - out[c], (c, sequence)
            for (account, c), v in _sums().items():
                if account.startswith("pool:"):
                    assert v >= 0, (account, c, v)
        allocated = ledger.balance(f"pool:allocated:{refs['programme']}", "EUR") + ledger.balance(
            f"paid:{refs['programme']}", "EUR"
        )
        assert allocated <= Decimal("8000")
        transaction.set_rollback(True)
