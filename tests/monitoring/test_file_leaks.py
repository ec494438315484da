"""Issue 13, item 6: nothing leaks through files. Public derivatives are pixels only; the
photographer's position, device and names reach only those who hold the item; the capture
place of a confidential property is the property's area; a duplicate upload tells nothing;
originals only for those who hold the item, each reading in the audit log."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from shield.accounts.models import ApiToken
from shield.audit.models import AuditEntry
from shield.monitoring import evidence, store
from shield.monitoring.models import Evidence

from . import photos

pytestmark = pytest.mark.django_db(transaction=True)

ELSEWHERE = (61.5312, 8.7421)  # the photographer, ~7 km away: in another ~10 km cell


def upload(user, name, data, **fields):
    _t, raw = ApiToken.issue(user, "t")
    f = io.BytesIO(data)
    f.name = name
    return Client().post("/api/evidence", {"file": f, **fields}, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _secrets_absent(text: str) -> None:
    for secret in (
        "61.53",
        "8.742",
        "61.47",
        "8.916",
        photos.PHONE,
        photos.PLACE_NAME,
        photos.PHOTOGRAPHER,
        *photos.DEVICE,
        "SN-778899",
    ):
        assert secret not in text, secret


# ---- derivatives -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,data",
    [("site.jpg", photos.geotagged_jpeg()), ("site.png", photos.png_with_text())],
    ids=["jpeg-exif-xmp-icc-comment", "png-text-chunks"],
)
def test_a_public_thumbnail_is_pixels_only(users, props, api, name, data):
    ev = evidence.add_evidence(users["assessor"], name, data, {"property": props["refuge"].code})
    r = api().get(f"/api/evidence/{ev.pk}/thumbnail")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    photos.assert_pixels_only(r.content)
    from PIL import Image

    with Image.open(io.BytesIO(r.content)) as img:
        assert not img.getexif() and "icc_profile" not in img.info and "comment" not in img.info
        assert max(img.size) <= 320


def test_a_thumbnail_made_before_is_never_served(users, props, api):
    """Derivatives written by an older rule (which kept the JPEG comment) are not reused."""
    data = photos.geotagged_jpeg()
    ev = evidence.add_evidence(users["assessor"], "a.jpg", data, {"property": props["shusha"].code})
    old = store.derivative_path(ev.sha256, "thumb320.jpg")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(data)  # a leaky derivative left by the old code
    photos.assert_pixels_only(api().get(f"/api/evidence/{ev.pk}/thumbnail").content)


# ---- what readers see ------------------------------------------------------------------------


def test_capture_place_of_a_confidential_property_is_the_propertys_area(users, props, api):
    lat, lon = ELSEWHERE
    ev = evidence.add_evidence(
        users["assessor"],
        "site.jpg",
        photos.geotagged_jpeg(lat, lon),
        {
            "property": props["refuge"].code,
            "source_url": "https://example.org/post/1",
            "collector": "Field team North",
        },
    )
    for reader in (None, users["committee"], users["officer_arm"], users["officer_nor"]):
        r = api(reader).get(f"/api/evidence/{ev.pk}")
        body = r.json()
        if reader is users["officer_nor"]:  # sees the property's point, not the photographer's
            assert body["place"] == {"precision": "area", "lat": 61.55, "lon": 8.75}
        else:  # the property's ~10 km cell, never the photographer's own
            assert body["place"] == {"precision": "area", "lat": 61.45, "lon": 8.95}
        assert body["device"] == "" and body["metadata"] == {}
        assert body["source_url"] == "" and body["collector"] == ""
        _secrets_absent(r.content.decode())
        assert "Field team North" not in r.content.decode()
    held = api(users["assessor"]).get(f"/api/evidence/{ev.pk}").json()
    assert held["place"] == {
        "precision": "exact",
        "lat": pytest.approx(lat, abs=1e-5),
        "lon": pytest.approx(lon, abs=1e-5),
    }
    assert held["device"] == "LeakCam Pocket 9"
    assert held["metadata"]["comment"] == f"Call me: {photos.PHONE}"
    assert held["metadata"]["creator"] == photos.PHOTOGRAPHER
    assert held["collector"] == "Field team North"


def test_a_photograph_of_a_confidential_property_without_a_point_has_no_place(users, props, api):
    from shield.registry.models import CulturalProperty

    CulturalProperty.objects.filter(pk=props["refuge"].pk).update(lat=None, lon=None)
    ev = evidence.add_evidence(
        users["assessor"], "a.jpg", photos.geotagged_jpeg(), {"property": props["refuge"].code}
    )
    assert api().get(f"/api/evidence/{ev.pk}").json()["place"] is None


def test_pages_and_dossier_pdf_show_no_position_device_or_names(users, props, api):
    code = props["refuge"].code
    evidence.add_evidence(
        users["assessor"],
        "site.jpg",
        photos.geotagged_jpeg(*ELSEWHERE),
        {"property": code, "collector": "Field team North"},
    )
    for url in (f"/dossier/{code}/", f"/timeline/{code}/", f"/api/properties/{code}"):
        text = api().get(url).content.decode()
        _secrets_absent(text)
        assert "Field team North" not in text


def test_the_officers_of_the_submitting_state_hold_the_item_others_do_not(users, props, api):
    data = photos.geotagged_jpeg(colour=(1, 1, 1))
    r = upload(users["officer_aze"], "aze.jpg", data, property=props["shusha"].code)
    assert r.status_code == 201
    ev = Evidence.objects.get(pk=r.json()["id"])
    assert ev.submitting_state.code == "AZE" and ev.submitted_by == users["officer_aze"]
    assert r.json()["place"]["precision"] == "exact"  # the submitter holds it
    for reader, status in (
        (users["officer_aze"], 200),
        (users["secretariat"], 200),
        (users["admin"], 200),
        (users["assessor"], 200),
        (users["officer_arm"], 403),
        (users["committee"], 403),
        (None, 403),
    ):
        got = api(reader).get(f"/api/evidence/{ev.pk}/file")
        assert got.status_code == status, (reader, got.status_code)
        if status == 200:
            assert got.getvalue() == data
        else:
            assert "officers of the State that submitted them" in got.json()["error"]
    reads = AuditEntry.objects.filter(
        action__in=["custody_downloaded", "download_original"], target_id=str(ev.pk)
    )
    assert reads.count() == 4  # every reading of the original, and only those
    assert {e.actor_label for e in reads} >= {"officer-aze", "assessor"}


def test_files_of_no_property_only_for_those_who_hold_them(users, props, api):
    mine = evidence.add_evidence(users["officer_aze"], "loose.jpg", photos.geotagged_jpeg())
    for reader in (None, users["committee"], users["officer_arm"]):
        assert api(reader).get(f"/api/evidence/{mine.pk}").status_code == 404
    assert api(users["officer_aze"]).get(f"/api/evidence/{mine.pk}").status_code == 200
    assert api(users["assessor"]).get(f"/api/evidence/{mine.pk}").status_code == 200


# ---- duplicates ------------------------------------------------------------------------------


def test_a_duplicate_upload_answers_as_a_new_one_and_reveals_nothing(users, props, api):
    """The other State's officer sends a file already held of a confidential property: the
    answer is that of any first upload: no other item, property or receipt named."""
    data = photos.geotagged_jpeg(colour=(7, 7, 7))
    held = evidence.add_evidence(
        users["assessor"], "held.jpg", data, {"property": props["refuge"].code}
    )
    fresh = upload(users["officer_arm"], "fresh.jpg", photos.geotagged_jpeg(colour=(8, 8, 8)))
    dup = upload(users["officer_arm"], "copy.jpg", data)
    assert fresh.status_code == dup.status_code == 201
    a, b = fresh.json(), dup.json()
    assert a.keys() == b.keys()
    assert len(a["custody"]) == len(b["custody"]) == 1
    assert b["property"] is None and b["id"] != str(held.pk)
    for leak in (str(held.pk), props["refuge"].code, "held.jpg"):
        assert leak not in dup.content.decode()
    shapes = [
        {k: v for k, v in x.items() if k not in {"id", "sha256", "filename", "size"}}
        for x in (a, b)
    ]
    for shape in shapes:
        shape.pop("received_at"), shape.pop("custody")
    assert shapes[0] == shapes[1]
    assert Evidence.objects.filter(sha256=held.sha256).count() == 2
    assert store.check(held.sha256) is None  # one original, unchanged
