"""The door for conflicts and occupations of places of origin (page and API: the Secretariat,
audited, in English and Norwegian), and the property page's losses (the police file only for
those who read it in full)."""

from __future__ import annotations

import pytest
from django.test import Client

from shield.audit.models import AuditEntry
from shield.provenance import trace
from shield.provenance.models import Upheaval

pytestmark = pytest.mark.django_db

WAR = {
    "state": "ARM",
    "place": "demo valley",
    "kind": "armed_conflict",
    "name": "Demo valley war",
    "began_on": "1991-02-01",
    "ended_on": "1994-05-12",
    "source": "synthetic source",
}


def _client(user=None, lang="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        c.force_login(user)
    return c


def test_the_secretariat_records_an_occupation_through_the_page(users):
    c = _client(users["secretariat"])
    assert 'id="upheaval-form"' in c.get("/provenance/upheavals/").content.decode()
    r = c.post("/provenance/upheavals/", WAR)
    assert r.status_code == 302, r.content.decode()[:1500]
    u = Upheaval.objects.get()
    assert (u.state.code, u.kind, str(u.ended_on)) == ("ARM", "armed_conflict", "1994-05-12")
    assert AuditEntry.objects.filter(target_type="upheaval", target_id=str(u.pk)).exists()
    public = _client().get("/provenance/upheavals/").content.decode()
    assert "Demo valley war" in public and 'id="upheaval-form"' not in public
    nb = _client(lang="nb").get("/provenance/upheavals/").content.decode()
    assert "Konflikter og okkupasjoner av opprinnelsessteder" in nb and "Væpnet konflikt" in nb


def test_bad_input_and_refusals_on_the_page(users):
    c = _client(users["secretariat"], "nb")
    r = c.post("/provenance/upheavals/", WAR | {"began_on": "", "name": ""})
    assert r.status_code == 422
    assert (
        'id="id_name_error"' in r.content.decode()
        and 'id="id_began_on_error"' in r.content.decode()
    )
    officer = _client(users["officer_arm"])
    assert officer.post("/provenance/upheavals/", WAR).status_code == 403
    assert _client().post("/provenance/upheavals/", WAR).status_code == 302  # to the login
    assert not Upheaval.objects.exists()


def test_the_api_door(api, users):
    r = api(users["secretariat"]).post("/api/upheavals", WAR | {"kind": "occupation"})
    assert r.status_code == 201, r.content
    assert r.json()["kind_label"] == "Occupation" and r.json()["state"] == "ARM"
    assert [u["name"] for u in api().get("/api/upheavals").json()] == ["Demo valley war"]
    assert api(users["officer_arm"]).post("/api/upheavals", WAR).status_code == 403
    bad = api(users["secretariat"]).post(
        "/api/upheavals", WAR | {"began_on": "spring", "state": "XXX"}
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} >= {"began_on"}


def test_a_recorded_occupation_flags_a_silent_provenance(users):
    trace.add_upheaval(users["secretariat"], WAR)
    obj = trace.create(
        users["officer_arm"],
        {
            "object_type": "icon",
            "title": "Icon",
            "origin_state": "ARM",
            "origin_place": "Demo Valley",
        },
    )
    trace.add_event(
        users["officer_arm"],
        obj,
        {"kind": "acquisition", "on_from": "1985-01-01", "on_to": "1985-01-01"},
    )
    trace.add_event(
        users["officer_arm"], obj, {"kind": "sale", "on_from": "2001-01-01", "on_to": "2001-01-01"}
    )
    assert any("upheaval" in g.reasons for g in trace.gaps(obj))


def test_the_property_page_lists_its_losses(users, reported, api):
    from shield.registry import services
    from tests.registry.factories import record

    icon = services.create_property(
        users["officer_arm"],
        record(
            "t:icon", "ARM", category="movable_object", object_type="icon", title="Saint George"
        ),
    )
    number = reported["icon"].number
    assert (
        api(users["officer_arm"])
        .patch(f"/api/stolen/{number}", {"property": icon.code})
        .status_code
        == 200
    )
    public = _client().get(f"/property/{icon.code}/").content.decode()
    assert 'id="losses"' in public and number in public
    assert "POL-2020-4471" not in public
    other = _client(users["officer_aze"]).get(f"/property/{icon.code}/").content.decode()
    assert number in other and "POL-2020-4471" not in other
    full = _client(users["officer_arm"]).get(f"/property/{icon.code}/").content.decode()
    assert "POL-2020-4471" in full
    nb = _client(lang="nb").get(f"/property/{icon.code}/").content.decode()
    assert "Stjålne eller savnede gjenstander herfra" in nb
    plain = services.create_property(users["officer_arm"], record("t:church", "ARM"))
    assert 'id="losses"' not in _client().get(f"/property/{plain.code}/").content.decode()
