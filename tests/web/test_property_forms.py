"""The forms that keep a property on the web: who sees them, what they refuse (beside the
field, in English and Norwegian), and that each write goes through the registry's services
(the audit log has it)."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client

from shield.audit.models import AuditEntry
from shield.registry import services
from shield.registry.models import CulturalProperty
from tests.registry.factories import SECRET, record

pytestmark = pytest.mark.django_db

NEW = "/property/new/"


@pytest.fixture(autouse=True)
def evidence_dir(settings, tmp_path):
    settings.SHIELD_EVIDENCE_DIR = str(tmp_path / "evidence")
    settings.SHIELD_TSA_URL = ""


def client_for(user=None, lang="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    if user is not None:
        client.force_login(user)
    return client


def rows(prefix: str, items: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, item in enumerate(items):
        data.update({f"{prefix}-{i}-{k}": v for k, v in item.items()})
    return data


THREE_NAMES = [
    {"text": "Gandzasar", "lang": "en", "script": "", "kind": "official", "source": "survey"},
    {"text": "Գանձասար", "lang": "hy", "script": "Armn", "kind": "official", "source": ""},
    {"text": "Гандзасар", "lang": "ru", "script": "", "kind": "variant", "source": ""},
]
CLAIM = {
    "state": "ARM",
    "role": "control",
    "valid_from": "1994-05-12",
    "valid_to": "",
    "basis": "ceasefire line",
    "source": "report",
}


def form_data(state="ARM", names=THREE_NAMES, claims=(CLAIM,), measurements=(), **fields):
    data = {
        "state": state,
        "category": "monument",
        "external_id": "",
        "description": "A monastery",
        "significance": "",
        "lat": "40.0156",
        "lon": "46.4889",
        "location_certainty": "exact",
        "confidentiality": "public",
    }
    data.update(fields)
    data.update(rows("names", list(names)))
    data.update(rows("claims", list(claims)))
    data.update(rows("measurements", list(measurements)))
    return data


def png(colour=(10, 120, 200)) -> io.BytesIO:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buf, "PNG")
    buf.seek(0)
    buf.name = "front.png"
    return buf


def geojson_file(obj, name="boundary.geojson") -> io.BytesIO:
    buf = io.BytesIO(json.dumps(obj).encode())
    buf.name = name
    return buf


SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[46.48, 40.01], [46.49, 40.01], [46.49, 40.02], [46.48, 40.02], [46.48, 40.01]]
    ],
}


# ---- who may see the forms -------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(users):
    response = client_for().get(NEW)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["committee", "assessor"])
def test_roles_that_keep_no_inventory_get_403_with_a_message(users, who):
    response = client_for(users[who]).get(NEW)
    assert response.status_code == 403
    assert "Only a Party" in response.content.decode()
    nb = client_for(users[who], "nb").get(NEW).content.decode()
    assert "Bare en parts" in nb


def test_an_officer_may_add_only_to_its_own_inventory(users):
    page = client_for(users["officer_arm"]).get(NEW)
    assert page.status_code == 200
    state_select = page.context["form"].fields["state"]
    assert [code for code, _label in state_select.choices] == ["ARM"]
    html = page.content.decode()
    assert "Armenian (hy)" in html and "Armenian script" in html
    assert 'name="code"' not in html  # the product assigns the code

    forged = client_for(users["officer_arm"]).post(NEW, form_data(state="AZE"))
    assert forged.status_code == 400
    assert not CulturalProperty.objects.exists()


def test_the_secretariat_may_add_to_any_inventory(users):
    page = client_for(users["secretariat"]).get(NEW)
    codes = [code for code, _label in page.context["form"].fields["state"].choices]
    assert {"ARM", "AZE", "NOR"} <= set(codes)
    response = client_for(users["secretariat"]).post(NEW, form_data(state="AZE"))
    assert response.status_code == 302
    assert CulturalProperty.objects.get().code == "AZE-00001"


# ---- create --------------------------------------------------------------------------------


def test_an_officer_creates_a_property_with_names_claims_and_a_boundary(users):
    data = form_data(confidentiality="location")
    data["boundary_file"] = geojson_file({"type": "Feature", "geometry": SQUARE, "properties": {}})
    response = client_for(users["officer_arm"]).post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    prop = CulturalProperty.objects.get()
    assert response["Location"] == f"/property/{prop.code}/"
    assert prop.code == "ARM-00001" and prop.inventory_state.code == "ARM"
    assert [(n.text, n.lang, n.script, n.kind) for n in prop.names.all()] == [
        ("Gandzasar", "en", "Latn", "official"),
        ("Գանձասար", "hy", "Armn", "official"),
        ("Гандзасар", "ru", "Cyrl", "variant"),
    ]
    claim = prop.claims.get()
    assert (claim.state.code, claim.role, str(claim.valid_from), claim.basis) == (
        "ARM",
        "control",
        "1994-05-12",
        "ceasefire line",
    )
    assert prop.boundary == SQUARE and prop.confidentiality == "location"
    entry = AuditEntry.objects.get(target_type="property", action="create")
    assert entry.target_id == str(prop.id) and entry.actor == users["officer_arm"]


def test_a_movable_object_with_object_id_fields_and_measurements(users):
    data = form_data(
        category="movable_object",
        lat="",
        lon="",
        claims=(),
        measurements=[{"dimension": "height", "value": "42.5", "unit": "cm"}],
        object_type="chalice",
        materials_techniques="silver, chased",
        inventory_number="INV-7",
        maker="unknown workshop",
    )
    response = client_for(users["officer_arm"]).post(NEW, data)
    assert response.status_code == 302
    prop = CulturalProperty.objects.get()
    assert prop.measurements == [{"dimension": "height", "value": 42.5, "unit": "cm"}]
    assert (prop.object_type, prop.inventory_number, prop.lat) == ("chalice", "INV-7", None)


def test_adding_a_row_without_javascript_saves_nothing(users):
    data = form_data()
    data["more"] = "names"
    response = client_for(users["officer_arm"]).post(NEW, data)
    assert response.status_code == 200
    assert response.context["formsets"][0][2].total_form_count() == 4
    assert not CulturalProperty.objects.exists()


def test_removed_rows_are_left_out(users):
    names = [*THREE_NAMES, {"text": "Typo", "lang": "en", "kind": "variant", "DELETE": "on"}]
    response = client_for(users["officer_arm"]).post(NEW, form_data(names=names))
    assert response.status_code == 302
    assert "Typo" not in [n.text for n in CulturalProperty.objects.get().names.all()]


# ---- what the forms refuse, beside the field ------------------------------------------------


def errors_of(response) -> dict:
    form = response.context["form"]
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


def test_no_name_is_refused_beside_the_names(users):
    response = client_for(users["officer_arm"]).post(NEW, form_data(names=[]))
    assert response.status_code == 400
    assert response.context["section_errors"]["names"] == ["Give at least one name."]
    nb = client_for(users["officer_arm"], "nb").post(NEW, form_data(names=[]))
    assert nb.context["section_errors"]["names"] == ["Oppgi minst ett navn."]
    assert not CulturalProperty.objects.exists()


def test_immovable_property_without_a_place_is_refused_beside_the_latitude(users):
    response = client_for(users["officer_arm"]).post(NEW, form_data(lat="", lon=""))
    assert response.status_code == 400
    assert "Immovable property needs a location" in errors_of(response)["lat"][0]
    nb = client_for(users["officer_arm"], "nb").post(NEW, form_data(lat="", lon=""))
    assert "Fast kulturverdi trenger en plassering" in errors_of(nb)["lat"][0]
    ok = client_for(users["officer_arm"]).post(
        NEW, form_data(lat="", lon="", location_certainty="unknown")
    )
    assert ok.status_code == 302


def test_half_a_point_and_a_point_off_the_earth(users):
    response = client_for(users["officer_arm"]).post(NEW, form_data(lon="", lat="40"))
    assert errors_of(response)["lon"] == ["Give both latitude and longitude, or neither."]
    response = client_for(users["officer_arm"], "nb").post(NEW, form_data(lat="95"))
    assert errors_of(response)["lat"] == ["Verdien må være mindre enn eller lik 90."]


def test_a_claim_ending_before_it_starts_is_refused_on_its_row(users):
    claim = {**CLAIM, "valid_from": "2000-01-01", "valid_to": "1999-01-01"}
    response = client_for(users["officer_arm"]).post(NEW, form_data(claims=[claim]))
    assert response.status_code == 400
    claims = response.context["formsets"][1][2]
    assert claims.forms[0].errors["valid_to"] == ["The end is before the start."]
    nb = client_for(users["officer_arm"], "nb").post(NEW, form_data(claims=[claim]))
    assert nb.context["formsets"][1][2].forms[0].errors["valid_to"] == ["Slutten er før starten."]


def test_a_name_row_without_a_language_is_refused_on_its_row(users):
    names = [THREE_NAMES[0], {"text": "Գանձասար", "lang": "", "kind": "official"}]
    response = client_for(users["officer_arm"]).post(NEW, form_data(names=names))
    assert response.status_code == 400
    rows_ = response.context["formsets"][0][2].forms
    assert rows_[1].errors["lang"] == ["This field is required."]


@pytest.mark.parametrize(
    ("content", "en", "nb"),
    [
        (b"not json", "The file is not JSON (GeoJSON).", "Filen er ikke JSON (GeoJSON)."),
        (
            json.dumps({"type": "Point", "coordinates": [1, 2]}).encode(),
            "The boundary must be a GeoJSON Polygon or MultiPolygon.",
            "Grensen må være en GeoJSON Polygon eller MultiPolygon.",
        ),
        (
            json.dumps(
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
            ).encode(),
            "Ring 1: is not closed (its last position must repeat its first).",
            "Ring 1: er ikke lukket (siste posisjon må gjenta den første).",
        ),
        (
            json.dumps(
                {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
            ).encode(),
            "The boundary is not a valid polygon",
            "Grensen er ikke et gyldig polygon",
        ),
    ],
)
def test_a_bad_boundary_file_is_refused_beside_the_upload(users, content, en, nb):
    for lang, expected in (("en", en), ("nb", nb)):
        data = form_data()
        upload = io.BytesIO(content)
        upload.name = "b.geojson"
        data["boundary_file"] = upload
        response = client_for(users["officer_arm"], lang).post(NEW, data)
        assert response.status_code == 400
        assert errors_of(response)["boundary_file"][0].startswith(expected)
    assert not CulturalProperty.objects.exists()


def test_an_external_id_already_used_is_refused(users):
    services.create_property(users["admin"], record("nat:1"))
    response = client_for(users["officer_arm"]).post(NEW, form_data(external_id="nat:1"))
    assert errors_of(response)["external_id"] == ["nat:1 is already used by another record."]


def test_translated_covers_every_message_the_form_can_meet():
    from django.utils import translation

    from shield.web.property_errors import translated

    with translation.override("nb"):
        for message in (
            "is required",
            "at least one name is required",
            "is longer than 300 characters",
            "'xx_1' is not a BCP 47 language tag (e.g. 'hy', 'az-Latn', 'ru')",
            "give both lat and lon, or neither",
            "'nat:1' is already used",
            "polygon 2, ring 1: 3 positions; a ring needs at least 4 (the first repeated last)",
            "ring 1: position 2 (200, 1) is outside lon -180..180, lat -90..90",
            "95.0 is outside -90..90",
        ):
            assert translated(message) != message, message


# ---- edit ----------------------------------------------------------------------------------


@pytest.fixture
def arm_prop(users):
    return services.create_property(
        users["officer_arm"],
        record(
            "arm:1",
            names=[{"text": "Haghpat", "lang": "en"}, {"text": "Հաղպատ", "lang": "hy"}],
            claims=[{"state": "ARM", "role": "control", "valid_from": "1991-09-21"}],
            boundary=SQUARE,
        ),
    )


def edit_data(prop, **changes) -> dict:
    data = form_data(
        names=[
            {"text": n.text, "lang": n.lang, "script": n.script, "kind": n.kind, "source": n.source}
            for n in prop.names.all()
        ],
        claims=[
            {"state": c.state.code, "role": c.role, "valid_from": str(c.valid_from or "")}
            for c in prop.claims.all()
        ],
        external_id=prop.external_id,
        lat=str(prop.lat),
        lon=str(prop.lon),
    )
    del data["state"]
    data["names-INITIAL_FORMS"] = str(prop.names.count())
    data["claims-INITIAL_FORMS"] = str(prop.claims.count())
    data.update(changes)
    return data


def test_an_officer_edits_its_own_property(users, arm_prop):
    url = f"/property/{arm_prop.code}/edit/"
    page = client_for(users["officer_arm"]).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Հաղպատ" in html and 'name="state"' not in html and "remove_boundary" in html
    data = edit_data(arm_prop, description="Rewritten", **{"names-1-source": "a chronicle"})
    response = client_for(users["officer_arm"]).post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    arm_prop.refresh_from_db()
    assert arm_prop.description == "Rewritten" and arm_prop.boundary == SQUARE
    assert arm_prop.names.get(lang="hy").source == "a chronicle"
    entry = AuditEntry.objects.filter(target_type="property", action="update").get()
    assert entry.target_id == str(arm_prop.id)

    client_for(users["officer_arm"]).post(url, edit_data(arm_prop, remove_boundary="on"))
    arm_prop.refresh_from_db()
    assert arm_prop.boundary is None


def test_an_officer_of_another_state_gets_403_and_changes_nothing(users, arm_prop):
    for path in ("edit/", "photograph/", "confidentiality/"):
        url = f"/property/{arm_prop.code}/{path}"
        page = client_for(users["officer_aze"]).get(url)
        assert page.status_code == 403
        assert "inventory of Armenia" in page.content.decode()
        assert "inventar" in client_for(users["officer_aze"], "nb").get(url).content.decode()
    posted = client_for(users["officer_aze"]).post(
        f"/property/{arm_prop.code}/confidentiality/", {"confidentiality": "restricted"}
    )
    assert posted.status_code == 403
    arm_prop.refresh_from_db()
    assert arm_prop.confidentiality == "public"
    assert not AuditEntry.objects.filter(action="update").exists()


def test_a_restricted_property_of_another_state_is_not_found(users):
    secret = services.create_property(users["admin"], SECRET)
    assert client_for(users["officer_arm"]).get(f"/property/{secret.code}/edit/").status_code == 404


def test_the_secretariat_edits_any_property(users, arm_prop):
    url = f"/property/{arm_prop.code}/edit/"
    response = client_for(users["secretariat"]).post(url, edit_data(arm_prop, significance="X"))
    assert response.status_code == 302
    arm_prop.refresh_from_db()
    assert arm_prop.significance == "X"


def test_an_edit_refused_by_the_services_writes_nothing(users, arm_prop):
    url = f"/property/{arm_prop.code}/edit/"
    response = client_for(users["officer_arm"]).post(url, edit_data(arm_prop, lat="40.1", lon=""))
    assert response.status_code == 400
    arm_prop.refresh_from_db()
    assert arm_prop.lon is not None
    assert not AuditEntry.objects.filter(action="update").exists()


# ---- photograph and confidentiality ---------------------------------------------------------


def test_an_officer_adds_a_photograph_kept_as_evidence(users, arm_prop):
    url = f"/property/{arm_prop.code}/photograph/"
    assert client_for(users["officer_arm"]).get(url).status_code == 200
    response = client_for(users["officer_arm"]).post(url, {"file": png(), "caption": "West front"})
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = arm_prop.photographs.get()
    ev = arm_prop.evidence.get()
    assert photo.url == f"/api/evidence/{ev.pk}/thumbnail" and photo.caption == "West front"
    assert ev.kind == "image" and ev.submitting_state.code == "ARM"
    assert AuditEntry.objects.filter(target_type="evidence", action="create").exists()
    thumb = Client().get(photo.url)  # the public sees the thumbnail (pixels only)
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    page = Client().get(f"/property/{arm_prop.code}/").content.decode()
    assert photo.url in page and "West front" in page


def test_a_file_that_is_not_an_image_is_refused(users, arm_prop):
    url = f"/property/{arm_prop.code}/photograph/"
    bad = io.BytesIO(b"%PDF-1.4 nothing")
    bad.name = "x.jpg"
    for lang, expected in (("en", "The file is not an image."), ("nb", "Filen er ikke et bilde.")):
        response = client_for(users["officer_arm"], lang).post(url, {"file": bad, "caption": ""})
        bad.seek(0)
        assert response.status_code == 400
        assert response.context["form"].errors["file"] == [expected]
    assert not arm_prop.photographs.exists() and not arm_prop.evidence.exists()


def test_confidentiality_changes_what_the_public_sees(users, arm_prop):
    page = Client().get(f"/property/{arm_prop.code}/").content.decode()
    assert "40.18110" in page
    url = f"/property/{arm_prop.code}/confidentiality/"
    form = client_for(users["officer_arm"]).get(url)
    assert "Location confidential" in form.content.decode()
    response = client_for(users["officer_arm"]).post(url, {"confidentiality": "location"})
    assert response.status_code == 302
    page = Client().get(f"/property/{arm_prop.code}/").content.decode()
    assert "40.1811" not in page and "44.5136" not in page
    assert "The exact location is confidential" in page
    bad = client_for(users["officer_arm"], "nb").post(url, {"confidentiality": "secret"})
    assert bad.status_code == 400
    assert "Velg et gyldig valg" in str(bad.context["form"].errors["confidentiality"])


# ---- the property page's actions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        (None, False),
        ("officer_arm", True),
        ("officer_aze", False),
        ("committee", False),
        ("assessor", False),
        ("secretariat", True),
        ("admin", True),
    ],
)
def test_the_property_page_shows_the_actions_its_reader_may_take(users, arm_prop, who, sees):
    html = client_for(users[who] if who else None).get(f"/property/{arm_prop.code}/").content
    html = html.decode()
    for path in ("edit/", "photograph/", "confidentiality/"):
        assert (f"/property/{arm_prop.code}/{path}" in html) is sees
    assert ('id="property-actions"' in html) is sees


def test_the_property_page_names_languages_and_scripts(users, arm_prop):
    html = client_for(None, "nb").get(f"/property/{arm_prop.code}/").content.decode()
    assert "armensk (hy)" in html and "Armensk skrift" in html
    assert "<td>hy</td>" not in html and "<td>Armn</td>" not in html


def test_blank_rows_as_the_page_renders_them_are_left_out(users):
    """The page offers blank rows (a measurement, a claim): left blank, they are no rows."""
    data = form_data(claims=[])
    data.update(rows("claims", [{"state": "", "role": "", "valid_from": "", "basis": ""}]))
    data.update(rows("measurements", [{"dimension": "", "value": "", "unit": ""}]))
    data.update(rows("names", [*THREE_NAMES, {"text": "", "lang": "", "kind": "official"}]))
    response = client_for(users["officer_arm"]).post(NEW, data)
    assert response.status_code == 302
    prop = CulturalProperty.objects.get()
    assert prop.names.count() == 3 and not prop.claims.exists() and prop.measurements == []
