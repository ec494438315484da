"""The procedure's forms on the web (issue 14, items 1 and 3): tentative-list entries,
recommendations and invitations through the same services as the API, for the roles allowed,
each refusal beside its field in the reader's language; acts with their own dates (never after
today, refused by the act's name) beside the time they were recorded; irreversible steps only
after a confirmation that says what follows; the sixty days shown as days left or closed; human
words for the procedure's codes."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client

from shield.accounts.models import Profile
from shield.audit.models import AuditEntry
from shield.listing import committee
from shield.listing.models import Decision, Initiative, Request, TentativeEntry
from shield.parties.models import State
from tests.listing.helpers import MEMBERS, days_ago, notified, prop, session, submitted

pytestmark = pytest.mark.django_db

ALL_YES = {m: "yes" for m in MEMBERS}


def client(user=None, lang="en"):
    c = Client()
    if user is not None:
        c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


def html(r) -> str:
    return r.content.decode()


def entries(action):
    return AuditEntry.objects.filter(action=action).count()


# --- tentative lists ---------------------------------------------------------------------------


def test_a_party_adds_its_property_to_its_tentative_list(users):
    p = prop(users)
    c = client(users["officer_arm"])
    page = html(c.get("/requests/tentative/"))
    assert 'name="state"' in page and "Armenia (ARM)" in page
    assert "Azerbaijan (AZE)" not in page  # an officer acts for its own State only
    r = c.post(
        "/requests/tentative/",
        {"property": p.code, "state": "ARM", "submitted_on": days_ago(3).isoformat()},
    )
    assert r.status_code == 302
    e = TentativeEntry.objects.get()
    assert (e.state.code, e.submitted_on) == ("ARM", days_ago(3))
    assert entries("tentative_list_add") == 1
    listing = html(c.get("/requests/"))
    assert f"{p.code} · Haghpat" in listing or p.code in listing
    assert "Armenia (ARM)" in listing


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "an entry on a tentative list is dated"),
        ("nb", "en oppføring på en foreløpig liste er datert"),
    ],
)
def test_a_tentative_entry_dated_after_today_is_refused_by_name_beside_the_date(users, lang, words):
    p = prop(users)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = client(users["officer_arm"], lang).post(
        "/requests/tentative/", {"property": p.code, "state": "ARM", "submitted_on": tomorrow}
    )
    assert r.status_code == 409
    page = html(r)
    field = page.split('id="error-submitted_on"', 1)[1].split("</span>", 1)[0]
    assert words in field and tomorrow in field
    assert not TentativeEntry.objects.exists() and entries("tentative_list_add") == 0


def test_tentative_form_checks_shape_and_role(users):
    p = prop(users)
    c = client(users["officer_arm"], "nb")
    r = c.post("/requests/tentative/", {"property": p.code, "state": "AZE", "submitted_on": "x"})
    assert r.status_code == 422
    page = html(r)
    assert 'id="error-state"' in page and 'id="error-submitted_on"' in page
    assert "Oppgi en gyldig dato" in page  # Django's own message, in Norwegian
    r = c.post("/requests/tentative/", {"property": "NO-SUCH", "state": "ARM"})
    assert r.status_code == 422 and 'id="error-property"' in html(r)
    assert not TentativeEntry.objects.exists()
    # Who may not: the public and a Committee member without a Party's office.
    assert client().get("/requests/tentative/").status_code == 302
    assert client(users["committee"]).post("/requests/tentative/", {}).status_code == 302


# --- recommendations and invitations --------------------------------------------------------------


def test_a_party_recommends_in_its_own_name_only(users):
    p = prop(users, "t:shusha", "AZE")
    c = client(users["officer_arm"])
    page = html(c.get("/requests/initiatives/"))
    assert 'value="recommendation"' in page and 'value="invitation"' not in page
    assert 'name="invited_state"' not in page and 'name="by_organisation"' not in page
    r = c.post(
        "/requests/initiatives/",
        {"kind": "invitation", "property": p.code, "by_state": "ARM", "text": "x"},
    )
    assert r.status_code == 422 and 'id="error-kind"' in html(r)
    r = c.post(
        "/requests/initiatives/",
        {"kind": "recommendation", "property": p.code, "by_state": "ARM", "text": ""},
    )
    assert r.status_code == 422 and 'id="error-text"' in html(r)
    assert not Initiative.objects.exists()
    r = c.post(
        "/requests/initiatives/",
        {
            "kind": "recommendation",
            "property": p.code,
            "by_state": "ARM",
            "text": "Of the greatest importance.",
            "dated": days_ago(2).isoformat(),
        },
    )
    assert r.status_code == 302
    i = Initiative.objects.get()
    assert (i.kind, i.by_state.code, i.dated) == ("recommendation", "ARM", days_ago(2))
    assert entries("listing_recommendation") == 1
    page = html(c.get("/requests/"))
    assert "recommendation" in page and "Armenia (ARM)" in page


def test_the_secretariat_records_an_invitation_and_an_organisations_recommendation(users):
    p = prop(users)
    c = client(users["secretariat"], "nb")
    page = html(c.get("/requests/initiatives/"))
    assert 'value="invitation"' in page and "oppfordring om å anmode" in page
    # An invitation to a Party without jurisdiction or control on the date: refused beside it.
    r = c.post(
        "/requests/initiatives/",
        {"kind": "invitation", "property": p.code, "invited_state": "NOR", "text": "Vennligst."},
    )
    assert r.status_code == 403
    field = html(r).split('id="error-invited_state"', 1)[1].split("</span>", 1)[0]
    assert "art. 11 nr. 2" in field or "art. 11" in field
    r = c.post(
        "/requests/initiatives/",
        {"kind": "invitation", "property": p.code, "invited_state": "ARM", "text": "Vennligst."},
    )
    assert r.status_code == 302
    r = c.post(
        "/requests/initiatives/",
        {
            "kind": "recommendation",
            "property": p.code,
            "by_organisation": "ICBS",
            "text": "Av største betydning.",
        },
    )
    assert r.status_code == 302
    assert sorted(Initiative.objects.values_list("kind", flat=True)) == [
        "invitation",
        "recommendation",
    ]
    page = html(c.get("/requests/"))
    assert "oppfordring om å anmode" in page and "→ Armenia (ARM)" in page and "ICBS" in page


# --- acts with their own dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, words",
    [
        ("en", "the registration of a request is dated"),
        ("nb", "registreringen av en anmodning er datert"),
    ],
)
def test_an_act_after_today_is_refused_by_name_beside_its_date(users, lang, words):
    req = submitted(users, prop(users), 10)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = client(users["secretariat"], lang).post(f"/requests/{req.ref}/register/", {"on": tomorrow})
    assert r.status_code == 409
    field = html(r).split('id="error-on"', 1)[1].split("</span>", 1)[0]
    assert words in field and tomorrow in field
    req.refresh_from_db()
    assert req.status == "submitted" and req.registered_on is None


def test_timeline_shows_each_acts_date_and_when_it_was_recorded(users):
    req = submitted(users, prop(users), 30)
    c = client(users["secretariat"])
    assert c.post(f"/requests/{req.ref}/register/", {"on": days_ago(20)}).status_code == 302
    assert c.post(f"/requests/{req.ref}/notify/", {"on": days_ago(15)}).status_code == 302
    req.refresh_from_db()
    assert (req.registered_on, req.notified_on) == (days_ago(20), days_ago(15))
    page = html(c.get(f"/requests/{req.ref}/"))
    for d in (days_ago(30), days_ago(20), days_ago(15)):
        assert f'data-on="{d.isoformat()}"' in page
    assert "recorded <time" in page  # the recording time follows the act's date
    # The window: notified fifteen days ago, so the sixty days close in 45 days (46 counting today).
    closes = req.window_closes
    left = (closes - date.today()).days + 1
    assert f'data-days-left="{left}"' in page and f"{left} days left" in page
    nb = html(client(users["secretariat"], "nb").get(f"/requests/{req.ref}/"))
    assert f"{left} dager igjen" in nb and "kunngjort for partene" in nb


def test_the_window_says_when_it_closed(users):
    req = notified(users, prop(users), 70)
    page = html(client(users["secretariat"]).get(f"/requests/{req.ref}/"))
    assert 'class="window closed"' in page and "closed at the end of" in page
    assert f'datetime="{req.window_closes.isoformat()}"' in page
    nb = html(client(users["secretariat"], "nb").get(f"/requests/{req.ref}/"))
    assert "stengte ved utgangen av" in nb


def test_the_agenda_says_why_it_cannot_be_set(users):
    req = notified(users, prop(users), 70)
    page = html(client(users["secretariat"]).get(f"/requests/{req.ref}/"))
    assert 'id="agenda-none"' in page and 'id="agenda-session"' not in page
    assert "No session of the Committee held on or after" in page
    session(users, "21.COM")
    page = html(client(users["secretariat"]).get(f"/requests/{req.ref}/"))
    assert 'id="agenda-session"' in page and "21.COM · extraordinary session" in page


# --- guarded steps --------------------------------------------------------------------------------


def test_withdrawing_asks_first_and_says_it_cannot_be_resumed(users):
    req = submitted(users, prop(users), 10)
    c = client(users["officer_arm"])
    r = c.post(f"/requests/{req.ref}/withdraw/", {"on": days_ago(1).isoformat()})
    assert r.status_code == 200
    page = html(r)
    assert "Withdrawing ends the request; it cannot be resumed" in page
    assert 'name="confirmed" value="yes"' in page
    req.refresh_from_db()
    assert req.status == "submitted" and entries("withdrawn") == 0
    # A withdrawal dated tomorrow is refused at once, never put to confirmation.
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    r = c.post(f"/requests/{req.ref}/withdraw/", {"on": tomorrow})
    assert r.status_code == 409 and 'id="error-on"' in html(r)
    r = c.post(
        f"/requests/{req.ref}/withdraw/", {"on": days_ago(1).isoformat(), "confirmed": "yes"}
    )
    assert r.status_code == 302
    req.refresh_from_db()
    assert (req.status, req.withdrawn_on) == ("withdrawn", days_ago(1))
    assert entries("withdrawn") == 1
    nb = html(client(users["officer_arm"], "nb").get(f"/requests/{req.ref}/"))
    assert "trukket tilbake" in nb and f'data-on="{days_ago(1).isoformat()}"' in nb


def test_another_party_may_not_withdraw(users):
    req = submitted(users, prop(users), 10)
    r = client(users["officer_aze"]).post(f"/requests/{req.ref}/withdraw/", {"on": ""})
    assert r.status_code == 403 and "Withdrawing ends" not in html(r)
    req.refresh_from_db()
    assert req.status == "submitted"


def _member(users, code="AUT"):
    Profile.objects.create(user=users["committee"], state=State.objects.get(code=code))
    return users["committee"]


def test_a_vote_is_recorded_only_after_the_member_confirms_the_outcome(users):
    req = notified(users, prop(users), 70)
    s = session(users, "22.COM")
    committee.add_to_agenda(users["secretariat"], s, req)
    c = client(_member(users), "nb")
    data = {"request": req.ref, "motion": "grant", **{f"vote_{m}": "yes" for m in MEMBERS}}
    r = c.post("/sessions/22.COM/", data)
    assert r.status_code == 200
    page = html(r)
    assert 'id="confirm-vote"' in page and "innvilgelse" in page and "vedtatt" in page
    assert "Østerrike (AUT)" in page or "Austria (AUT)" in page
    assert not Decision.objects.exists() and entries("decision") == 0
    req.refresh_from_db()
    assert req.status == "notified"
    r = c.post("/sessions/22.COM/", {**data, "confirmed": "yes"})
    assert r.status_code == 302
    d = Decision.objects.get()
    assert d.carried and d.decided_on == s.held_on
    assert entries("decision") == 1
    step = AuditEntry.objects.get(action="decision")
    assert step.changes["decided_on"] == s.held_on.isoformat()


def test_a_refused_vote_is_shown_before_any_confirmation(users):
    req = notified(users, prop(users), 10)  # the sixty days are still running
    s = session(users, "23.COM")
    committee.add_to_agenda(users["secretariat"], s, req)
    c = client(_member(users))
    r = c.post(
        "/sessions/23.COM/",
        {"request": req.ref, "motion": "grant", **{f"vote_{m}": "yes" for m in MEMBERS}},
    )
    assert r.status_code == 409 and 'id="confirm-vote"' not in html(r)
    assert 'id="error"' in html(r)
    r = c.post("/sessions/23.COM/", {"request": "EP-0000-000", "motion": "grant"})
    assert r.status_code == 422 and 'id="error-request"' in html(r)
    assert not Decision.objects.exists()


def test_a_non_member_cannot_vote(users):
    req = notified(users, prop(users), 70)
    s = session(users, "24.COM")
    committee.add_to_agenda(users["secretariat"], s, req)
    r = client(users["officer_nor"]).post(
        "/sessions/24.COM/",
        {
            "request": req.ref,
            "motion": "grant",
            "confirmed": "yes",
            **{f"vote_{m}": "yes" for m in MEMBERS},
        },
    )
    assert r.status_code == 403 and not Decision.objects.exists()


# --- human words ----------------------------------------------------------------------------------


def test_pages_show_words_and_names_not_codes(users):
    p = prop(users, names=[{"text": "Haghpat Monastery", "lang": "en"}])
    req = notified(users, p, 70)
    s = session(users, "25.COM")
    committee.add_to_agenda(users["secretariat"], s, req)
    committee.decide(users["secretariat"], s, req, "grant", ALL_YES)
    for lang in ("en", "nb"):
        c = client(users["secretariat"], lang)
        for path in ("/requests/", f"/requests/{req.ref}/", "/sessions/25.COM/", "/list/"):
            page = re.sub(r"<[^>]*>", " ", html(c.get(path)))  # the words a reader sees
            for code in ("exceptional_grant", "provisional_enhanced", "lost_military_use"):
                assert code not in page, (lang, path)
            assert "Armenia (ARM)" in page or "Armenia" in page, (lang, path)
        reqs = html(c.get("/requests/"))
        assert f"{p.code} · Haghpat Monastery" in reqs
    sess = html(client(users["secretariat"], "nb").get("/sessions/25.COM/"))
    assert "ekstraordinær sesjon" in sess and "innvilgelse" in sess and "vedtatt" in sess
    reqpage = html(client(users["secretariat"], "nb").get(f"/requests/{req.ref}/"))
    assert "innvilget" in reqpage and "mottak" in reqpage  # status and notice kind
    assert Request.objects.get().status == "granted"
