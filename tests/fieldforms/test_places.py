"""Places to review on the API and the page: listed with the survey's own identifiers and
point; linked to a property already recorded, or recorded as a new one through the
registry's service with the reviewer's own rights; then the waiting submissions become
assessments, their photos linked; audited; a place is reviewed once."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.accounts.models import ApiToken
from shield.audit.models import AuditEntry
from shield.monitoring.models import Assessment, Evidence, FieldSubmission, PlaceToReview
from shield.registry.models import CulturalProperty
from tests.fieldforms import generate as g

pytestmark = pytest.mark.django_db


def _api(user):
    _t, raw = ApiToken.issue(user, "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _page(user, lang="en"):
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user)
    return c


@pytest.fixture
def waiting(users, sites, form_bytes):
    """An import of eight submissions: two of them of a site the registry does not know
    (SURV-99), with their photos in the export's ZIP."""
    client = _api(users["assessor"])
    r = client.post("/api/fieldforms/forms", {"file": SimpleUploadedFile("f.xlsx", form_bytes)})
    assert r.status_code == 200, r.content
    subs = g.submissions(8, sites)
    media = {p["photo"]: b"\xff\xd8\xff" + p["photo"].encode() for s in subs for p in s.photos}
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("c.zip", g.odk_zip(subs, media)), "form": g.FORM_ID},
    )
    assert r.status_code == 200, r.content
    assert r.json()["counts"]["to_review"] == 2
    return PlaceToReview.objects.get(), subs


def test_the_api_lists_a_place_and_links_it_to_a_property(users, props, waiting):
    place, subs = waiting
    client = _api(users["assessor"])
    listed = client.get("/api/fieldforms/places").json()
    assert [(p["site_id"], p["name"], p["waiting"]) for p in listed] == [
        ("SURV-99", "Unknown chapel", 2)
    ]
    assert abs(listed[0]["lat"] - 35.1) < 0.01 and listed[0]["property"] is None
    one = client.get(f"/api/fieldforms/places/{place.pk}").json()
    assert {s["code"] for s in one["submissions"]} <= {"new_place", "known_place"}
    assert all("no property matched" in s["why"] for s in one["submissions"][:1])

    before = Assessment.objects.count()
    target = props["shusha"]
    r = client.post(
        f"/api/fieldforms/places/{place.pk}/link",
        {"property": target.code},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body == {
        **body,
        "property": target.code,
        "created": False,
        "submissions": 2,
    }
    assert body["place"]["property"] == target.code and body["place"]["resolved_at"]
    assert Assessment.objects.count() == before + 2
    for fs in FieldSubmission.objects.filter(site_id="SURV-99"):
        assert fs.place is None and fs.assessment.property == target
        assert fs.assessment.lat == pytest.approx(fs.lat) and fs.assessment.lat is not None
        assert fs.match["how"] == "reviewed place"
        photos = [f["evidence"] for f in fs.files if f.get("evidence")]
        assert photos and set(
            Evidence.objects.filter(pk__in=photos).values_list("assessment", flat=True)
        ) == {fs.assessment.pk}
    entry = AuditEntry.objects.get(action="review", target_type="place_to_review")
    assert entry.changes["property"] == target.code and entry.changes["submissions"] == 2
    assert client.get("/api/fieldforms/places").json() == []
    # a place is reviewed once
    r = client.post(
        f"/api/fieldforms/places/{place.pk}/link",
        {"property": target.code},
        content_type="application/json",
    )
    assert r.status_code == 422 and Assessment.objects.count() == before + 2
    # the same site id in a later export now finds the property it was reviewed as
    later = g.submissions(1, [("SURV-99", "Unknown chapel", 35.1, 38.2)], seed=99)
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("later.json", g.kobo_json(later)), "form": g.FORM_ID},
    )
    assert r.json()["report"]["matches"] == {"reviewed place": 1}


def test_a_new_property_from_the_place_with_the_reviewers_rights(users, waiting):
    place, _subs = waiting
    # an assessor may review places but not add to a State's inventory: refused, nothing done
    r = _api(users["assessor"]).post(
        f"/api/fieldforms/places/{place.pk}/property",
        {"category": "monument", "state": "ARM"},
        content_type="application/json",
    )
    assert r.status_code == 403, r.content
    assert not CulturalProperty.objects.filter(external_id__startswith=g.FORM_ID).exists()
    place.refresh_from_db()
    assert place.property is None and place.submissions.count() == 2
    # a body that names an unknown field is refused by name
    r = _api(users["secretariat"]).post(
        f"/api/fieldforms/places/{place.pk}/property",
        {"category": "monument", "state": "ARM", "colour": "red"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "colour" in r.content.decode()
    # a category the registry does not know: the registry's own refusal, nothing written
    r = _api(users["secretariat"]).post(
        f"/api/fieldforms/places/{place.pk}/property",
        {"category": "castle-ish", "state": "ARM"},
        content_type="application/json",
    )
    assert r.status_code == 422 and "category" in r.content.decode()
    assert PlaceToReview.objects.get().property is None
    # the Secretariat records it: the survey's name, site id and point are kept
    r = _api(users["secretariat"]).post(
        f"/api/fieldforms/places/{place.pk}/property",
        {"category": "monument", "state": "ARM", "confidentiality": "location"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["created"] is True and body["submissions"] == 2
    prop = CulturalProperty.objects.get(code=body["property"])
    assert prop.external_id == f"{g.FORM_ID}:SURV-99"
    assert [n.text for n in prop.names.all()] == ["Unknown chapel"]
    assert prop.lat == pytest.approx(place.lat) and prop.confidentiality == "location"
    assert prop.assessments.count() == 2
    assert AuditEntry.objects.filter(action="create", target_type="property").exists()
    review = AuditEntry.objects.get(action="review", target_type="place_to_review")
    assert review.changes["created"] is True


def test_only_those_who_import_see_places(users, waiting):
    place, _subs = waiting
    for who in ("officer_arm", "committee"):
        assert _api(users[who]).get("/api/fieldforms/places").status_code == 403
        assert _page(users[who]).get("/monitoring/fieldforms/places/").status_code == 403
        assert (
            _page(users[who]).get(f"/monitoring/fieldforms/places/{place.pk}/").status_code == 403
        )


def test_the_page_links_a_place_in_norwegian(users, props, waiting):
    place, _subs = waiting
    c = _page(users["assessor"], "nb")
    page = c.get("/monitoring/fieldforms/").content.decode()
    assert (
        "/monitoring/fieldforms/places/" in page and "1 sted ingen kulturverdi passet med" in page
    )
    listing = c.get("/monitoring/fieldforms/places/").content.decode()
    assert (
        "SURV-99" in listing and "Unknown chapel" in listing and "Steder til gjennomgang" in listing
    )
    one = c.get(f"/monitoring/fieldforms/places/{place.pk}/").content.decode()
    assert "ingen kulturverdi passet etter steds-ID, navn, avstand" in one
    # a code the reader may not see, or no such code: said beside the field, nothing written
    r = c.post(
        f"/monitoring/fieldforms/places/{place.pk}/",
        {"action": "link", "link-property": "XXX-99999"},
    )
    assert r.status_code == 422 and "Ingen kulturverdi «XXX-99999»" in r.content.decode()
    target = props["gandzasar"]
    r = c.post(
        f"/monitoring/fieldforms/places/{place.pk}/",
        {"action": "link", "link-property": target.code},
    )
    assert r.status_code == 302 and r["Location"] == f"/timeline/{target.code}/"
    timeline = c.get(r["Location"]).content.decode()
    assert f"Stedet er {target.code}: 2 innsending(er)" in timeline
    assert re.search(r"GPS-punkt i felt 35\.\d{5}, 38\.\d{5} \(±\d+ m\)", timeline)
    done = c.get(f"/monitoring/fieldforms/places/{place.pk}/").content.decode()
    assert "Gjennomgått som" in done and 'id="ff-link"' not in done


def test_the_page_records_a_new_property(users, waiting):
    place, _subs = waiting
    c = _page(users["assessor"])
    form = {
        "action": "create",
        "new-name": "Chapel of the survey",
        "new-lang": "en",
        "new-category": "monument",
        "new-state": "ARM",
        "new-confidentiality": "public",
    }
    r = c.post(f"/monitoring/fieldforms/places/{place.pk}/", form)
    assert r.status_code == 422
    assert "Your role may not add to the inventory of this State." in r.content.decode()
    c = _page(users["secretariat"])
    r = c.post(f"/monitoring/fieldforms/places/{place.pk}/", {**form, "new-lang": "not a tag"})
    assert r.status_code == 422 and re.search(
        r'id="f-lang"[^>]*has-error|has-error" id="f-lang"', r.content.decode()
    )
    r = c.post(f"/monitoring/fieldforms/places/{place.pk}/", form)
    assert r.status_code == 302, r.content.decode()[-3000:]
    prop = CulturalProperty.objects.get(external_id=f"{g.FORM_ID}:SURV-99")
    assert r["Location"] == f"/timeline/{prop.code}/"
    assert prop.names.get().text == "Chapel of the survey" and prop.assessments.count() == 2


def test_every_field_forms_page_is_in_norwegian(users, props, waiting, form_bytes):
    """The crawl's check (tests/web/test_nb_crawl.py) over the pages the demo holds no record
    for: the preview (with refusals), an import, the places, a place, as the assessor reads them."""
    from tests.web.test_nb_crawl import _Page, data_strings, english_words, in_context

    place, subs = waiting
    c = _page(users["assessor"], "nb")
    c.cookies["django_language"] = "nb"
    bad = [*g.submissions(3, [("SURV-42", "", 35.2, 38.3)], seed=5)]
    bad[0].answers["damage/damage_level"] = "catastrophic"
    preview = c.post(
        "/monitoring/fieldforms/",
        {"export": SimpleUploadedFile("e.csv", g.kpi_csv(bad)), "kept": _kept()},
    )
    imp = FieldSubmission.objects.exclude(last_import=None).first().last_import
    pages = {
        "upload": c.get("/monitoring/fieldforms/"),
        "preview": preview,
        "import": c.get(f"/monitoring/fieldforms/imports/{imp.pk}/"),
        "places": c.get("/monitoring/fieldforms/places/"),
        "place": c.get(f"/monitoring/fieldforms/places/{place.pk}/"),
    }
    data = data_strings()
    found = {}
    for name, answer in pages.items():
        assert answer.status_code == 200, (name, answer.status_code)
        page = _Page()
        page.feed(answer.content.decode())
        body = " ".join(page.text)
        words = english_words(body, data)
        if words:
            found[name] = in_context(body, data, words)
    assert "Avviste innsendinger" in pages["preview"].content.decode()
    assert not found, found


def _kept() -> str:
    from shield.monitoring.models import FieldForm

    return str(FieldForm.objects.get().pk)
