"""The Committee as elected: elections recorded under Arts. 24 and 25, rosters from the seats,
future dates refused, the calculator's members, the page in English and Norwegian."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from shield import cli
from shield.audit.models import AuditEntry
from shield.listing import committee as listing_committee
from shield.listing.models import Session
from shield.parties import committee_demo, elections
from shield.parties.identity import ensure_states
from shield.parties.models import Election, Seat
from shield.registry.services import NotAllowed
from shield.registry.validation import RecordInvalid
from shield.treaty.committee import draw_short_terms
from shield.treaty.refusals import Refused

pytestmark = pytest.mark.django_db

# Parties of the shipped register since 2000-2003 (the depositary's dates), in two halves.
FIRST = ["BGR", "QAT", "BLR", "PAN", "AZE", "CYP", "NIC", "ESP", "LBY", "ARG", "AUT", "LTU"]
NEW = ["SLV", "MKD", "SRB", "HND", "GAB", "MEX"]
MOP1, MOP2, MOP3, MOP4 = (
    date(2005, 10, 26),
    date(2007, 10, 25),
    date(2009, 10, 26),
    date(2011, 11, 9),
)
SEED = 42


@pytest.fixture
def sec(users):
    ensure_states()
    return users["secretariat"]


def codes(refused: Refused) -> list[str]:
    return [r.code for r in refused.all()]


def first_election(sec, **kw):
    return elections.record_election(
        sec, MOP1, FIRST, meeting="1st Meeting of the Parties", first=True, lot_seed=SEED, **kw
    )


def history(sec):
    """Four Meetings: the short six re-elected in 2007, the others in 2009."""
    first_election(sec)
    short = sorted(draw_short_terms(FIRST, SEED).result)
    elections.record_election(sec, MOP2, short, meeting="2nd Meeting of the Parties")
    elections.record_election(
        sec, MOP3, [c for c in FIRST if c not in short], meeting="3rd Meeting of the Parties"
    )
    return short


# --- elections ---------------------------------------------------------------------------------


def test_first_election_draws_half_the_terms_short_by_lot_reproducibly(sec):
    before = AuditEntry.objects.count()
    e = first_election(sec, short_term_ends=MOP2)
    seats = list(e.seats.select_related("state"))
    short = sorted(s.state.code for s in seats if s.short)
    assert short == sorted(draw_short_terms(FIRST, SEED).result) and len(short) == 6
    assert {s.ends_on for s in seats if s.short} == {MOP2}
    assert {s.last_day for s in seats if not s.short} == {date(2009, 10, 25)}
    assert e.lot_seed == SEED and not e.synthetic
    entries = list(AuditEntry.objects.filter(seq__gt=before))
    assert [x.action for x in entries] == ["committee_elected"]  # one transaction, one entry
    assert entries[0].changes["lot"] == {"seed": SEED, "short_terms": sorted(short)}


def test_the_first_election_records_a_seed_drawn_when_none_is_given(sec):
    e = elections.record_election(sec, MOP1, FIRST, first=True)
    short = sorted(s.state.code for s in e.seats.filter(short=True).select_related("state"))
    assert e.lot_seed is not None and short == sorted(draw_short_terms(FIRST, e.lot_seed).result)


def test_a_thirteenth_seat_is_refused_and_nothing_is_written(sec):
    first_election(sec)
    entries = AuditEntry.objects.count()
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, date(2006, 5, 1), ["SLV"], ordinary=False)
    assert codes(exc.value) == ["committee.seats_full"]
    assert exc.value.labels() == ("Art. 24(1)",) and "13 members" in exc.value.reason_in("en")
    assert Election.objects.count() == 1 and AuditEntry.objects.count() == entries


def test_the_next_ordinary_meeting_ends_the_short_terms_on_its_day(sec):
    first_election(sec)  # short terms end two years later (2007-10-26) unless a Meeting ends them
    short = sorted(draw_short_terms(FIRST, SEED).result)
    e2 = elections.record_election(sec, MOP2, NEW, meeting="2nd Meeting of the Parties")
    ended = Seat.objects.filter(ended_by=e2)
    assert sorted(ended.values_list("state__code", flat=True)) == short
    assert {s.last_day for s in ended} == {MOP2 - timedelta(days=1)}
    on_the_day = {s.state.code for s in elections.seats_on(MOP2)}
    assert len(on_the_day) == 12 and set(NEW) <= on_the_day and not set(short) & on_the_day


def test_re_election_once_then_a_third_consecutive_term_is_refused(sec):
    short = history(sec)
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, MOP4, short)
    assert codes(exc.value) == ["committee.third_term"] * 6
    assert exc.value.labels() == ("Art. 25(1)",) and exc.value.labels("nb") == ("art. 25 nr. 1",)
    assert "2 consecutive terms since 2005-10-26" in exc.value.reason_in("en")
    assert "sammenhengende" in exc.value.reason_in("nb")
    e4 = elections.record_election(sec, MOP4, NEW, meeting="4th Meeting of the Parties")
    assert e4.seats.count() == 6


def test_a_member_cannot_be_elected_while_its_term_runs(sec):
    first_election(sec)
    full = sorted(set(FIRST) - set(draw_short_terms(FIRST, SEED).result))
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, MOP2, [full[0]])
    assert codes(exc.value) == ["committee.already_seated"] and "2009-10-25" in exc.value.reason_in(
        "en"
    )


def test_only_parties_are_elected_given_by_code_or_name(sec):
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, MOP1, ["Austria", "United States of America", "QAT"])
    assert codes(exc.value) == ["committee.not_a_party"]
    assert "(USA)" in exc.value.reason_in("en") and exc.value.labels("nb") == ("art. 24 nr. 1",)
    assert "ikke part" in exc.value.reason_in("nb")
    e = elections.record_election(sec, MOP1, ["Austria", "qat"])
    assert sorted(e.seats.values_list("state__code", flat=True)) == ["AUT", "QAT"]


def test_bad_input_is_named(sec):
    with pytest.raises(RecordInvalid) as exc:
        elections.record_election(sec, MOP1, ["Atlantis", "AUT", "AUT"])
    fields = {e.field for e in exc.value.errors}
    assert fields == {"elected[0]", "elected"}
    with pytest.raises(RecordInvalid):
        elections.record_election(sec, MOP1, ["AUT"], groups={"AUT": "VII"})
    elections.record_election(sec, MOP2, ["AUT"])
    with pytest.raises(RecordInvalid) as exc:  # elections are recorded in date order
        elections.record_election(sec, MOP1, ["QAT"])
    assert exc.value.errors[0].field == "held_on"


def test_only_the_first_election_draws_by_lot(sec):
    elections.record_election(sec, MOP1, ["AUT"])
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, MOP2, ["QAT"], first=True, lot_seed=1)
    assert codes(exc.value) == ["committee.not_first"]


def test_future_elections_and_non_secretariat_users_are_refused(sec, users):
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(Refused) as exc:
        elections.record_election(sec, tomorrow, ["AUT"])
    assert codes(exc.value) == ["committee.future_election"] and exc.value.status == 422
    with pytest.raises(NotAllowed):
        elections.record_election(users["officer_arm"], MOP1, ["AUT"])
    assert Election.objects.count() == 0


def test_regional_balance_is_reported_never_refused(sec):
    e = elections.record_election(sec, MOP1, ["AUT", "CYP", "ESP"], groups={"ESP": "I"})
    assert e.finding["balance"]["I"] == 3 and e.finding["balance"]["II"] == 0
    on = elections.committee_on(date(2006, 1, 1))
    assert on["findings"]["balance"]["citations"] == ["Art. 24(3)"]
    assert "no member from group(s) II" in on["findings"]["balance"]["reason"]


def test_a_representative_and_their_expertise_are_recorded_and_reported(sec, users):
    e = first_election(sec)
    seat = e.seats.get(state__code="AUT")
    with pytest.raises(NotAllowed):
        elections.set_representative(users["officer_arm"], seat, "A. Expert", ["defence"])
    with pytest.raises(RecordInvalid):
        elections.set_representative(sec, seat, "A. Expert", ["astrology"])
    elections.set_representative(sec, seat, "A. Expert", ["defence", "cultural_heritage"])
    assert AuditEntry.objects.filter(action="committee_representative").count() == 1
    found = elections.committee_on(date(2006, 1, 1))["findings"]["expertise"]
    assert found["result"] == {"cultural_heritage": 1, "defence": 1, "international_law": 0}
    assert (
        found["citations"] == ["Art. 24(4)"] and "not covered: international law" in found["reason"]
    )


# --- session rosters from the seats -----------------------------------------------------------


def test_a_sessions_members_are_the_seats_on_its_date(sec):
    first_election(sec)
    day = date(2006, 6, 1)
    s = listing_committee.create_session(sec, "1.EXT", "extraordinary", day)
    assert sorted(s.members) == sorted(FIRST) and sorted(s.present) == sorted(FIRST)
    s2 = listing_committee.create_session(
        sec, "2.EXT", "extraordinary", day, list(reversed(FIRST)), FIRST[:7]
    )
    assert sorted(s2.members) == sorted(FIRST) and len(s2.present) == 7
    # the web form's empty field means "from the seats"
    s3 = listing_committee.create_session(sec, "3.EXT", "extraordinary", day, [""], [""])
    assert sorted(s3.members) == sorted(FIRST) and s3.present == []


def test_a_roster_other_than_the_seats_is_refused(sec):
    first_election(sec)
    day = date(2006, 6, 1)
    with pytest.raises(Refused) as exc:  # a Party without a seat, a non-Party, a member left out
        listing_committee.create_session(
            sec, "X.1", "extraordinary", day, [*FIRST[1:], "SLV", "USA"], []
        )
    assert codes(exc.value) == [
        "committee.not_a_member",
        "committee.not_a_party",
        "committee.roster_incomplete",
    ]
    assert all(r.field == "members" for r in exc.value.all())
    assert "(BGR)" in exc.value.all()[2].reason_in("en")
    with pytest.raises(Refused) as exc:
        listing_committee.create_session(sec, "X.2", "extraordinary", date(2004, 6, 1))
    assert codes(exc.value) == ["committee.no_members"]
    assert not Session.objects.exists()


def test_sessions_dated_after_today_are_refused(sec):
    elections.record_election(sec, date.today() - timedelta(days=30), FIRST)
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(Refused) as exc:
        listing_committee.create_session(sec, "F.1", "extraordinary", tomorrow)
    assert codes(exc.value) == ["committee.future_date"] and exc.value.labels() == ("Art. 24(2)",)
    assert "F.1" in exc.value.reason_in("en") and "sesjon F.1" in exc.value.reason_in("nb")
    assert listing_committee.create_session(sec, "T.1", "extraordinary", date.today()).members


def test_one_ordinary_session_a_year(sec):
    first_election(sec)
    listing_committee.create_session(sec, "1.COM", "ordinary", date(2006, 3, 1))
    with pytest.raises(Refused) as exc:
        listing_committee.create_session(sec, "2.COM", "ordinary", date(2006, 11, 1))
    assert codes(exc.value) == [
        "committee.one_ordinary_session"
    ] and "1.COM" in exc.value.reason_in("en")


# --- the doors ---------------------------------------------------------------------------------


def test_the_calculator_no_longer_answers_ineligible_states_as_members(sec, api):
    short = sorted(draw_short_terms(FIRST, SEED).result)
    body = {
        "on": "2012-01-01",
        "elections": [
            {
                "held_on": "2005-10-26",
                "elected": FIRST,
                "first": True,
                "lot_seed": SEED,
                "short_term_ends": "2007-10-25",
            },
            {"held_on": "2007-10-25", "elected": short},
            {"held_on": "2009-10-26", "elected": [c for c in FIRST if c not in short]},
            {"held_on": "2011-11-09", "elected": [*short[:5], "USA"]},
        ],
    }
    r = api().post("/api/treaty/committee", body)
    assert r.status_code == 409, r.content
    data = r.json()
    assert "result" not in data and data["code"] == "committee.third_term"
    assert [e["code"] for e in data["errors"]] == ["committee.third_term"] * 5 + [
        "committee.not_a_party"
    ]
    nb = api().client.post(
        "/api/treaty/committee", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="nb"
    )
    assert nb.status_code == 409 and nb.json()["citations"] == ["art. 25 nr. 1"]
    body["elections"][3]["elected"] = NEW
    ok = api().post("/api/treaty/committee", body)
    assert ok.status_code == 200, ok.content
    assert sorted(ok.json()["result"]) == sorted([*NEW, *(c for c in FIRST if c not in short)])


def test_elections_through_the_api(sec, users, api):
    body = {
        "held_on": "2005-10-26",
        "elected": FIRST,
        "first": True,
        "lot_seed": SEED,
        "meeting": "1st Meeting of the Parties",
        "groups": {"QAT": "V(b)"},
        "representatives": {"AUT": {"name": "A. Expert", "expertise": ["international_law"]}},
    }
    assert api(users["officer_arm"]).post("/api/committee/elections", body).status_code == 403
    r = api(sec).post("/api/committee/elections", body)
    assert r.status_code == 201, r.content
    assert len(r.json()["elected"]) == 12 and r.json()["lot_seed"] == SEED
    again = api(sec).post(
        "/api/committee/elections", {"held_on": "2006-05-01", "elected": ["SLV"], "ordinary": False}
    )
    assert again.status_code == 409 and again.json()["code"] == "committee.seats_full"
    on = api().get("/api/committee", on="2006-01-01").json()
    assert sorted(on["sitting"]) == sorted(FIRST)
    qat = next(m for m in on["members"] if m["state"] == "QAT")
    assert qat["group"] == "V(b)" and qat["sits"] is True
    assert on["findings"]["expertise"]["result"]["international_law"] == 1
    assert len(api().get("/api/committee/elections").json()) == 1


def _page(lang: str, on: str, status: int = 200) -> str:
    client = Client()
    client.cookies["django_language"] = lang
    r = client.get("/committee/", {"on": on}, HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == status
    return r.content.decode()


def test_the_page_in_english_and_norwegian(sec):
    history(sec)
    en = _page("en", "2008-01-01")
    assert "Members on 2008-01-01" in en and "12 members sit on 2008-01-01" in en
    assert "Austria" in en and "Art. 24(1)" in en and "Art. 25(1)" in en
    assert "Group I (Western European and North American States)" in en
    assert en.count('data-code="') == 12 and "2nd Meeting of the Parties" in en
    assert "1st Meeting of the Parties" in en and f"seed {SEED}" in en  # the elections, the lot
    assert 'name="viewport"' in en and "<table" not in en  # cards that wrap at 390 px
    nb = _page("nb", "2008-01-01")
    assert "Medlemmer 2008-01-01" in nb and "12 medlemmer sitter 2008-01-01" in nb
    assert "Østerrike" in nb and "art. 24 nr. 1" in nb and "Art. 24" not in nb
    assert "Gruppe I (vesteuropeiske og nordamerikanske stater)" in nb
    assert "Valg" in nb and "Synthetic" not in nb


def test_the_page_with_no_election_and_a_bad_date(sec):
    page = _page("en", "soon", status=400)  # the page, with the error, answered as a bad request
    assert "not a date" in page and "No election is recorded." in page


# --- the command line and the demo -------------------------------------------------------------


def test_cli_elect_and_committee(sec, capsys):
    assert (
        cli.main(
            [
                "parties",
                "elect",
                "--on",
                "2005-10-26",
                "--first",
                "--seed",
                str(SEED),
                "--meeting",
                "1st Meeting of the Parties",
                *FIRST,
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "short term, by lot" in out and f"lot seed: {SEED}" in out
    assert cli.main(["parties", "elect", "--on", "2006-05-01", "--extraordinary", "SLV"]) == 1
    assert "committee.seats_full" in capsys.readouterr().err
    assert cli.main(["parties", "committee", "--on", "2006-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(data["sitting"]) == sorted(FIRST)
    assert cli.main(["parties", "committee", "--on", "2006-01-01", "--lang", "nb"]) == 0
    assert "12 medlemmer sitter 2006-01-01" in capsys.readouterr().out


def test_the_demo_committee_is_flagged_synthetic_and_loads_once(sec, users):
    members = ["ARM", "AUT", "AZE", "BEL", "CYP", "CZE", "DEU", "EGY", "GRC", "LTU", "MLI", "BGR"]
    seated = committee_demo.load(users["admin"], members)
    assert seated == sorted(members)
    assert Election.objects.filter(synthetic=True).count() == 2
    assert all(
        "synthetic" in e.summary for e in AuditEntry.objects.filter(action="committee_elected")
    )
    assert committee_demo.load(users["admin"], members) == sorted(members)
    assert Election.objects.count() == 2
    for ago in (200, 100, 10):
        day = date.today() - timedelta(days=ago)
        assert sorted(elections.session_roster(day)) == sorted(members)
    page = _page("en", date.today().isoformat())
    assert 'id="synthetic"' in page and "badge-synthetic" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_is_usable_at_390_px(browser, live_server, users):
    ensure_states()
    history(users["secretariat"])
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/committee/?on=2008-01-01")
    width = browser.execute_script("return window.innerWidth")
    sizes = browser.execute_script(
        "const c = document.querySelector('.committee');"
        "return [c.scrollWidth, c.clientWidth,"
        " Math.max(...[...document.querySelectorAll('#members > li, #elections > li')]"
        "   .map(e => e.getBoundingClientRect().right))];"
    )
    assert sizes[0] <= sizes[1] <= width and sizes[2] <= width, (sizes, width)
    assert len(browser.find_elements("css selector", "#members > li")) == 12
