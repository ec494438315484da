"""A home for each role (issue 14, item 2): after login, what needs the reader now, each item a
link; for everyone, what the registry holds, the List's latest changes and a map."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from shield.accounts import roles
from shield.listing import committee
from shield.monitoring import services as monitoring
from shield.parties.models import State
from shield.registry import services
from shield.registry.disclosure import visible_to
from shield.web import homes
from tests.conftest import make_user
from tests.listing.helpers import days_ago, notified, prop, seat, submitted
from tests.registry.factories import GANDZASAR, REFUGE, SECRET, SHUSHA, record

pytestmark = pytest.mark.django_db


def page(user, path="/", lang="en") -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def text(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def section(body: str, ident: str) -> str:
    """The part of the page from the element ``ident`` to the end of its section (of the
    page's main, for the public part, a block of sections)."""
    start = body.index(f'id="{ident}"')
    end = "</main>" if ident == "home-public" else "</section>"
    return body[start : body.index(end, start)]


@pytest.fixture
def registry(users):
    admin = users["admin"]
    made = {
        "gandzasar": services.create_property(admin, GANDZASAR),
        "shusha": services.create_property(admin, SHUSHA),
        "refuge": services.create_property(admin, REFUGE),
        "secret": services.create_property(admin, SECRET),
        "nowhere": services.create_property(
            admin,
            record(
                "t:nowhere",
                "ARM",
                names=[{"text": "Lost Khachkar", "lang": "en"}],
                lat=None,
                lon=None,
                location_certainty="unknown",
            ),
        ),
    }
    services.add_protection_event(
        admin, made["shusha"], "enhanced", "granted", date(2024, 5, 1), "test decision"
    )
    return made


def test_the_public_home_shows_what_the_registry_holds(registry):
    body = page(None)
    holds = text(section(body, "home-public"))
    # by State, with names, as plain counts give them: the restricted record is not counted
    plain = dict(
        visible_to(None).values_list("inventory_state__code").annotate(n=Count("pk")).order_by()
    )
    assert plain == {"AZE": 2, "NOR": 1, "ARM": 1}
    assert "2 Azerbaijan" in holds and "1 Norway" in holds and "1 Armenia" in holds
    assert "Ukraine" not in holds
    assert f'href="{reverse("web:search")}?state=AZE"' in body
    # by protection level: general covers every record; enhanced counts the one in force
    assert "4 General protection" in holds and "1 Enhanced protection" in holds
    assert f'href="{reverse("web:search")}?level=enhanced"' in body
    # the List's latest change, by name and linked
    changes = text(section(body, "home-public").split('id="home-changes"')[1])
    assert "Shusha" in changes and "(Azerbaijan)" in changes
    assert reverse("web:property", args=[registry["shusha"].code]) in body
    # a map, and the record it cannot show
    assert 'id="world-map"' in body
    assert "1 record without a location is not on the map" in holds
    assert reverse("web:property", args=[registry["nowhere"].code]) in body
    assert "What needs you now" not in body


def test_counts_by_state_are_the_plain_counts_for_every_reader(registry, users):
    for user in (None, users["secretariat"], users["officer_nor"], users["assessor"]):
        visible = visible_to(user)
        plain = {
            code: n
            for code, n in visible.values_list("inventory_state__code")
            .annotate(n=Count("pk"))
            .order_by()
        }
        kept = {row["code"]: row["count"] for row in homes.counts_by_state(user, visible, "en")}
        assert kept == plain, user


def test_the_public_home_costs_the_same_whatever_the_registry_holds(
    users, django_assert_max_num_queries
):
    admin = users["admin"]
    for i in range(3):
        services.create_property(admin, record(f"t:few{i}", "ARM", lat=40 + i / 10))
    Client().get("/")  # warm: sessions, content types
    with django_assert_max_num_queries(40) as few:
        Client().get("/")
    for i in range(40):
        services.create_property(admin, record(f"t:many{i}", "AZE", lat=39 + i / 100))
    with django_assert_max_num_queries(len(few.captured_queries)):
        Client().get("/")


def test_the_secretariat_sees_requests_to_register_windows_and_notices(users):
    waiting = submitted(users, prop(users, "t:a"), submitted_ago=3)
    closing = notified(users, prop(users, "t:b"), notified_ago=10)
    closed = notified(users, prop(users, "t:c"), notified_ago=75)
    body = page(users["secretariat"])
    mine = section(body, "home-secretariat")
    words = text(mine)
    assert reverse("listing:request", args=[waiting.ref]) in mine
    assert "Requests to register 1" in words
    windows = text(mine.split('id="home-windows"')[1])
    left = (closing.window_closes - date.today()).days + 1  # today included
    assert f"{left} days left, today included" in windows
    assert f"closed at the end of {closed.window_closes:%b}" in windows.replace(".", "")
    assert "ready for the Committee" in windows
    # the nearest closing first
    assert windows.index(closed.ref) < windows.index(closing.ref)
    assert "Decisions to notify 0" in words


def test_a_committee_member_sees_sessions_agenda_and_votes(users):
    seat(users)
    member = make_user("member-aut", roles.COMMITTEE_MEMBER, State.objects.get(code="AUT"))
    req = notified(users, prop(users, "t:d"), notified_ago=70)
    s = committee.create_session(
        users["secretariat"],
        "20.COM",
        "extraordinary",
        days_ago(1),
        ["AUT", "CYP", "EGY", "MLI", "ARM", "AZE"],
        ["AUT", "CYP", "EGY", "MLI", "ARM", "AZE"],
    )
    committee.add_to_agenda(users["secretariat"], s, req)
    body = page(member)
    mine = section(body, "home-committee")
    assert "(Austria)" in text(mine)
    assert reverse("listing:session", args=["20.COM"]) in mine
    agenda = text(mine.split('id="home-agenda"')[1])
    assert req.ref in agenda and "20.COM" in agenda
    assert "No vote yet" in text(mine)


def test_a_party_officer_sees_its_requests_representations_and_gaps(users):
    own = submitted(users, prop(users, "t:own", state="ARM"), submitted_ago=5)
    other = notified(users, prop(users, "t:other", state="AZE"), notified_ago=20)
    gappy = services.create_property(
        users["admin"],
        record(
            "t:gappy",
            "ARM",
            names=[{"text": "Khachkar", "lang": "en"}],
            lat=None,
            lon=None,
            location_certainty="unknown",
        ),
    )
    body = page(users["officer_arm"])
    mine = section(body, "home-officer")
    assert "Party officer: Armenia" in text(mine)
    assert reverse("listing:request", args=[own.ref]) in mine
    reps = text(mine.split('id="home-representations"')[1])
    assert other.ref in reps and "41 days left, today included" in reps
    gaps = mine.split('id="home-gaps"')[1]
    for gap in ("location", "script", "photograph"):
        block = gaps.split(f'data-gap="{gap}"')[1].split("</details>")[0]
        assert reverse("web:property", args=[gappy.code]) in block, gap
    assert "1 without a location" in text(gaps)


def test_an_assessor_sees_missions_and_draft_assessments(users):
    from tests.monitoring.helpers import assessment

    mission = monitoring.create_mission(
        users["secretariat"],
        {"title": "Mission K", "mandate": "assess damage", "requesting_body": "Committee"},
    )
    p = services.create_property(users["admin"], SHUSHA)
    assessment(users["assessor"], p)
    body = page(users["assessor"])
    mine = section(body, "home-assessor")
    assert reverse("monitoring:mission", args=[mission.id]) in mine
    drafts = text(mine.split('id="home-drafts"')[1])
    assert "Shusha" in drafts
    assert reverse("monitoring:timeline", args=[p.code]) in mine


def test_every_home_reads_in_norwegian(registry, users):
    submitted(users, prop(users, "t:e"), submitted_ago=3)
    notified(users, prop(users, "t:f", state="AZE"), notified_ago=10)
    for user, heads in (
        (None, ["Hva registeret inneholder", "Siste endringer i listen"]),
        (users["secretariat"], ["Anmodninger som skal registreres", "dager igjen"]),
        (users["officer_arm"], ["Mangler i inventaret", "uten fotografi"]),
        (users["assessor"], ["Oppdrag som pågår"]),
    ):
        body = text(page(user, lang="nb"))
        for head in heads:
            assert head in body, (user, head)
        for english in ("What the registry holds", "What needs you now", "days left", "None."):
            assert english not in body, (user, english)


def test_windows_count_days_to_the_last_day():
    today = date(2026, 11, 30)

    class Req:
        ref, status, submitted_on, registered_on = "EP-1", "notified", today, today
        window_closes = today + timedelta(days=3)
        property = type("P", (), {"display_name": lambda self, lang: "X"})()
        state = type("S", (), {"name_in": lambda self, lang: "Y"})()

    row = homes._request_row(Req(), "en", today)
    assert row["days_left"] == 4 and row["open"] and not row["last_day"]  # today included
    Req.window_closes = today
    assert homes._request_row(Req(), "en", today)["last_day"]
    Req.window_closes = today - timedelta(days=1)
    row = homes._request_row(Req(), "en", today)
    assert not row["open"] and row["days_left"] is None
