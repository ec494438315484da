"""Every refusal kind of ``shield.treaty.procedure``, walked through a real door (the services
the API, the pages and the CLI call): its code, its citations, and its reason in English and in
Norwegian, with Norwegian label forms and no English label in the Norwegian text. A kind
declared without a scenario here fails the test."""

from __future__ import annotations

import string
from collections.abc import Callable
from datetime import timedelta

import pytest

from shield.accounts import roles
from shield.listing import committee, services
from shield.listing.models import Session
from shield.parties.models import State
from shield.treaty import procedure as P
from shield.treaty.refusals import KINDS, Refused
from tests.conftest import make_user
from tests.listing.helpers import EVIDENCE, MEMBERS, days_ago, notified, prop, session, submitted

pytestmark = pytest.mark.django_db
ALL_YES = {m: "yes" for m in MEMBERS}
FUTURE = (days_ago(0) + timedelta(days=3)).isoformat()


def _ind(u):
    return make_user("officer-ind", roles.PARTY_OFFICER, State.objects.get(code="IND"))


def _granted(u, ago=200):
    req = notified(u, prop(u, "t:granted"), notified_ago=ago)
    s = session(u, "G.1", days_ago(100))
    committee.add_to_agenda(u["secretariat"], s, req)
    assert committee.decide(u["secretariat"], s, req, "grant", ALL_YES).carried
    req.refresh_from_db()
    return req


def _on_agenda(u, req, ref="19.COM", held_on=None, present=None):
    s = session(u, ref, held_on or days_ago(0), present=present)
    committee.add_to_agenda(u["secretariat"], s, req)
    return s


def _decide(u, req, motion, grounds=(), votes=None, **kw):
    s = _on_agenda(u, req)
    committee.decide(u["secretariat"], s, req, motion, votes or ALL_YES, list(grounds), **kw)


def _submit(u, user="admin", **data):
    p = data.pop("prop", None) or prop(u)
    services.submit_request(
        u[user] if isinstance(user, str) else user, p, {"state": "ARM", **EVIDENCE, **data}
    )


SEC = "secretariat"

SCENARIOS: dict[str, Callable] = {
    # who may act
    "procedure.acts_for_another": lambda u: _submit(u, "officer_aze"),
    "procedure.acts_for_another.tentative_list": lambda u: services.add_tentative(
        u["officer_aze"], prop(u), "ARM"
    ),
    "procedure.acts_for_another.recommendation": lambda u: services.add_initiative(
        u["officer_aze"], prop(u), "recommendation", "x", by_state="ARM"
    ),
    "procedure.acts_for_another.representation": lambda u: services.represent(
        u["officer_arm"], notified(u, prop(u), 5), {"state": "AZE", "criterion": "a", "facts": "x"}
    ),
    "procedure.acts_for_another.response": lambda u: services.respond(
        u["officer_aze"], notified(u, prop(u), 5), {"facts": "x"}
    ),
    "procedure.acts_for_another.withdrawal": lambda u: services.withdraw(
        u["officer_aze"], submitted(u, prop(u))
    ),
    "procedure.acts_for_another.assertion": lambda u: committee.assert_military_use(
        u["officer_aze"], _granted(u), {"asserted_by_state": "ARM", "facts": "x"}
    ),
    "procedure.secretariat_only": lambda u: services.register(
        u["officer_arm"], submitted(u, prop(u))
    ),
    "procedure.committee_only": lambda u: _vote(u, user=u["officer_arm"]),
    # rights for Parties only
    "procedure.not_a_party": lambda u: _submit(
        u, _ind(u), state="IND", prop=prop(u, "t:taj", "IND")
    ),
    "procedure.not_a_party.emergency_request": lambda u: _submit(
        u,
        _ind(u),
        state="IND",
        prop=prop(u, "t:taj", "IND"),
        emergency=True,
        conflict_parties=["IND"],
    ),
    "procedure.not_a_party.tentative_list": lambda u: services.add_tentative(
        _ind(u), prop(u, "t:taj", "IND"), "IND"
    ),
    "procedure.not_a_party.recommendation": lambda u: services.add_initiative(
        _ind(u), prop(u), "recommendation", "x", by_state="IND"
    ),
    "procedure.not_a_party.invitation": lambda u: services.add_initiative(
        u[SEC], prop(u, "t:taj", "IND"), "invitation", "x", invited_state="IND"
    ),
    "procedure.not_a_party.representation": lambda u: services.represent(
        _ind(u), notified(u, prop(u), 5), {"state": "IND", "criterion": "a", "facts": "x"}
    ),
    "procedure.not_party_to_conflict": lambda u: _submit(
        u, emergency=True, conflict_parties=["AZE"]
    ),
    "procedure.conflict_parties_missing": lambda u: _submit(u, emergency=True),
    # jurisdiction or control on the day
    "procedure.no_jurisdiction_on_date": lambda u: _submit(u, "officer_aze", state="AZE"),
    "procedure.control_ended": lambda u: _submit(
        u,
        prop=prop(
            u,
            claims=[
                {
                    "state": "ARM",
                    "role": "control",
                    "valid_from": "1992-05-09",
                    "valid_to": "2020-11-08",
                    "source": "s",
                }
            ],
        ),
    ),
    # the request
    "procedure.evidence_missing": lambda u: _submit(u, evidence_b="", evidence_c=""),
    "procedure.declaration_missing": lambda u: _submit(u, declaration=False),
    "procedure.request_in_progress": lambda u: [_submit(u, prop=p) for p in [prop(u)] * 2],
    "procedure.step_out_of_order": lambda u: services.notify(u[SEC], submitted(u, prop(u))),
    "procedure.recommendation_by": lambda u: services.add_initiative(
        u[SEC], prop(u), "recommendation", "x"
    ),
    # representations
    "procedure.requester_represents": lambda u: services.represent(
        u["officer_arm"], notified(u, prop(u), 5), {"state": "ARM", "criterion": "a", "facts": "x"}
    ),
    "procedure.representation_criterion": lambda u: services.represent(
        u["officer_aze"],
        notified(u, prop(u), 5),
        {"state": "AZE", "criterion": "sovereignty", "facts": "x"},
    ),
    "procedure.representation_facts": lambda u: services.represent(
        u["officer_aze"], notified(u, prop(u), 5), {"state": "AZE", "criterion": "a", "facts": " "}
    ),
    "procedure.representations_closed": lambda u: services.represent(
        u["officer_aze"], notified(u, prop(u), 61), {"state": "AZE", "criterion": "a", "facts": "x"}
    ),
    # the Committee's decision
    "procedure.decision_before_window": lambda u: _decide(u, notified(u, prop(u), 10), "grant"),
    "procedure.not_on_agenda": lambda u: committee.decide(
        u[SEC], session(u), notified(u, prop(u)), "grant", ALL_YES
    ),
    "procedure.unknown_motion": lambda u: _decide(u, notified(u, prop(u)), "expel"),
    "procedure.not_before_committee": lambda u: _decide(u, _granted(u), "grant"),
    "procedure.grounds_not_article_10": lambda u: _decide(
        u, notified(u, prop(u)), "deny", ["political"]
    ),
    "procedure.exceptional_needs_assistance": lambda u: _decide(
        u, notified(u, prop(u)), "exceptional_grant"
    ),
    "procedure.provisional_needs_emergency": lambda u: _decide(
        u, notified(u, prop(u)), "provisional"
    ),
    "procedure.no_quorum": lambda u: _vote(
        u, present=MEMBERS[:3], votes={m: "yes" for m in MEMBERS[:3]}
    ),
    "procedure.member_recused": lambda u: _decide(
        u, notified(u, prop(u), conflict_parties=["ARM", "AZE"]), "grant"
    ),
    "procedure.vote_not_present": lambda u: _vote(u, present=MEMBERS[:5]),
    # Art. 14
    "procedure.nothing_to_lift": lambda u: _decide(u, _granted(u), "lift"),
    "procedure.not_under_enhanced_protection": lambda u: _decide(
        u, notified(u, prop(u)), "suspend", ["c"]
    ),
    "procedure.suspension_grounds": lambda u: committee.open_views(
        u[SEC], _granted(u), "suspend", ["political"], days_ago(10), days_ago(5)
    ),
    "procedure.views_period": lambda u: committee.open_views(
        u[SEC], _granted(u), "suspend", ["c"], days_ago(10)
    ),
    "procedure.views_not_invited": lambda u: _decide(u, _granted(u), "suspend", ["c"]),
    "procedure.views_open": lambda u: _views_then_decide(u, "suspend", ["c"], closes=days_ago(0)),
    "procedure.cancellation_not_continuous": lambda u: _views_then_decide(
        u, "cancel", ["art12"], closes=days_ago(5)
    ),
    # Art. 13(1)(b)
    "procedure.assertion_not_listed": lambda u: committee.assert_military_use(
        u[SEC], notified(u, prop(u)), {"asserted_by_state": "AZE", "facts": "x"}
    ),
    "procedure.assertion_by": lambda u: committee.assert_military_use(
        u[SEC], _granted(u), {"facts": "x"}
    ),
    "procedure.assertion_facts": lambda u: committee.assert_military_use(
        u[SEC], _granted(u), {"asserted_by_state": "AZE"}
    ),
    "procedure.assertion_period": lambda u: committee.assert_military_use(
        u[SEC],
        _granted(u),
        {
            "asserted_by_state": "AZE",
            "facts": "x",
            "period_from": days_ago(5),
            "period_to": days_ago(9),
        },
    ),
    # acts dated after today
    "procedure.in_future": lambda u: _submit(u, submitted_on=FUTURE),
    "procedure.in_future.emergency_request": lambda u: _submit(
        u, submitted_on=FUTURE, emergency=True, conflict_parties=["ARM", "AZE"]
    ),
    "procedure.in_future.tentative_list": lambda u: services.add_tentative(
        u["officer_arm"], prop(u), "ARM", FUTURE
    ),
    "procedure.in_future.recommendation": lambda u: services.add_initiative(
        u["officer_aze"], prop(u), "recommendation", "x", FUTURE, by_state="AZE"
    ),
    "procedure.in_future.invitation": lambda u: services.add_initiative(
        u[SEC], prop(u), "invitation", "x", FUTURE, invited_state="ARM"
    ),
    "procedure.in_future.registration": lambda u: services.register(
        u[SEC], submitted(u, prop(u)), FUTURE
    ),
    "procedure.in_future.notification": lambda u: _notify_in_future(u),
    "procedure.in_future.representation": lambda u: services.represent(
        u["officer_aze"],
        notified(u, prop(u), 5),
        {"state": "AZE", "criterion": "a", "facts": "x", "submitted_on": FUTURE},
    ),
    "procedure.in_future.response": lambda u: services.respond(
        u["officer_arm"], notified(u, prop(u), 5), {"facts": "x", "submitted_on": FUTURE}
    ),
    "procedure.in_future.advice": lambda u: services.advise(
        u[SEC],
        notified(u, prop(u), 5),
        {"organisation": "ICOMOS", "facts": "x", "submitted_on": FUTURE},
    ),
    "procedure.in_future.withdrawal": lambda u: services.withdraw(
        u["officer_arm"], submitted(u, prop(u)), FUTURE
    ),
    "procedure.in_future.views": lambda u: committee.open_views(
        u[SEC], _granted(u), "suspend", ["c"], FUTURE, days_ago(-9)
    ),
    "procedure.in_future.assertion": lambda u: committee.assert_military_use(
        u[SEC], _granted(u), {"asserted_by_state": "AZE", "facts": "x", "asserted_on": FUTURE}
    ),
    "procedure.in_future.decision": lambda u: _decide_in_future(u),
}


def _vote(u, user=None, present=None, votes=None):
    req = notified(u, prop(u))
    s = _on_agenda(u, req, present=present)
    committee.decide(user or u[SEC], s, req, "grant", votes or ALL_YES)


def _views_then_decide(u, motion, grounds, closes):
    req = _granted(u)
    committee.open_views(u[SEC], req, motion, grounds, days_ago(20), closes)
    _decide(u, req, motion, grounds)


def _notify_in_future(u):
    req = submitted(u, prop(u))
    services.register(u[SEC], req, days_ago(1))
    services.notify(u[SEC], req, FUTURE)


def _decide_in_future(u):
    req = notified(u, prop(u))
    s = _on_agenda(u, req)
    Session.objects.filter(pk=s.pk).update(held_on=days_ago(-5))  # a record dated after today
    s.refresh_from_db()
    committee.decide(u[SEC], s, req, "grant", ALL_YES)


def test_every_kind_has_a_scenario():
    assert set(SCENARIOS) == set(P.refusal_codes())


@pytest.mark.parametrize("code", sorted(SCENARIOS))
def test_each_refusal_through_its_door_in_both_languages(code, users):
    kind = KINDS[code]
    with pytest.raises(Refused) as exc:
        SCENARIOS[code](users)
    r = exc.value
    assert r.code == code, r.message("en")
    assert r.citations == kind.citations and r.status == kind.status
    en, nb = r.message("en"), r.message("nb")
    assert en.startswith(", ".join(c.label("en") for c in kind.citations) + ": ")
    assert nb.startswith(", ".join(c.label("nb") for c in kind.citations) + ": ")
    assert "Art." not in nb and "Article" not in nb, nb
    assert r.reason_in("nb") != r.reason_in("en")
    body = r.as_dict("nb")
    assert body["code"] == code and body["citations"] == [c.label("nb") for c in kind.citations]
    assert all("Art." not in e["message"] for e in body["errors"])
    for english, norwegian in (("Azerbaijan", "Aserbajdsjan"), ("Russia", "Russland")):
        if norwegian in nb:
            assert english not in nb, nb


@pytest.mark.parametrize("code", sorted(P.refusal_codes()))
def test_each_kind_renders_in_both_languages_from_any_values(code):
    kind = KINDS[code]
    names = {f for _, f, _, _ in string.Formatter().parse(kind.en + kind.nb) if f}
    r = Refused(kind, {n: {"en": f"<{n}>", "nb": f"<{n}:nb>"} for n in names})
    assert set(names) <= {f for _, f, _, _ in string.Formatter().parse(kind.en) if f}, (
        "en and nb take the same values"
    )
    assert "Art." not in r.message("nb") and r.message("en").startswith("Art. ")
    assert all(f"<{n}:nb>" in r.reason_in("nb") for n in names)
