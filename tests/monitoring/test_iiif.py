"""Issue 20, item 3: photographs and image evidence through the IIIF Image API 3.0, and a
Presentation 3 manifest per property and per incident, read back by ``iiif-prezi3``; every
picture is pixels only; the original is never changed; who may have what."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.test import Client
from iiif_prezi3 import Manifest
from PIL import Image

from shield.monitoring import evidence, store
from shield.registry import services as registry
from tests.registry.factories import SECRET

from . import photos
from .helpers import party_report

pytestmark = pytest.mark.django_db(transaction=True)


def _jpeg(size=(1600, 1200), colour=(90, 120, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def shots(users, props):
    """A geotagged photograph of Shusha (public), a large one of the refuge (confidential
    place), and one of a restricted record."""
    assessor = users["assessor"]
    secret = registry.create_property(users["admin"], SECRET)
    return {
        "shusha": evidence.add_evidence(
            assessor, "shusha.jpg", photos.geotagged_jpeg(), {"property": props["shusha"].code}
        ),
        "refuge": evidence.add_evidence(
            assessor, "refuge.jpg", _jpeg(), {"property": props["refuge"].code}
        ),
        "secret": evidence.add_evidence(
            assessor, "store.jpg", _jpeg((300, 200)), {"property": secret.code}
        ),
        "loose": evidence.add_evidence(assessor, "loose.jpg", _jpeg((300, 200))),
        "secret_prop": secret,
    }


def _get(client, url: str):
    return client.get(url.removeprefix("http://testserver"))


def _picture(response) -> Image.Image:
    assert response.status_code == 200, response.content[:300]
    img = Image.open(io.BytesIO(response.content))
    img.load()
    return img


# ---- info.json --------------------------------------------------------------------------------


def test_info_json_describes_the_service(shots):
    ev = shots["shusha"]
    r = Client().get(f"/iiif/evidence-{ev.pk}/info.json")
    assert r.status_code == 200 and r["Access-Control-Allow-Origin"] == "*"
    info = r.json()
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == f"http://testserver/iiif/evidence-{ev.pk}"
    assert (info["type"], info["protocol"], info["profile"]) == (
        "ImageService3",
        "http://iiif.io/api/image",
        "level2",
    )
    assert (info["width"], info["height"]) == (640, 480)
    assert (info["maxWidth"], info["maxHeight"], info["maxArea"]) == (1024, 1024, 1024 * 1024)
    assert info["sizes"] and all(s["width"] <= 640 for s in info["sizes"])
    assert "mirroring" in info["extraFeatures"]
    ld = Client().get(f"/iiif/evidence-{ev.pk}/info.json", HTTP_ACCEPT="application/ld+json")
    assert ld["Content-Type"].startswith("application/ld+json;profile=")
    base = Client().get(f"/iiif/evidence-{ev.pk}")
    assert base.status_code == 303 and base["Location"].endswith("/info.json")
    for s in info["sizes"]:  # each size it offers, it answers
        img = _picture(Client().get(f"/iiif/evidence-{ev.pk}/full/{s['width']},/0/default.jpg"))
        assert img.size == (s["width"], s["height"])


# ---- requests ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "region,size,rotation,quality,expected",
    [
        ("full", "max", "0", "default.jpg", (640, 480)),
        ("square", "max", "0", "default.jpg", (480, 480)),
        ("10,20,300,200", "max", "0", "color.jpg", (300, 200)),
        ("600,400,100,100", "max", "0", "default.jpg", (40, 80)),  # cut at the edge
        ("pct:50,50,50,50", "max", "0", "default.png", (320, 240)),
        ("full", "320,", "0", "default.jpg", (320, 240)),
        ("full", ",120", "0", "default.jpg", (160, 120)),
        ("full", "pct:25", "0", "gray.jpg", (160, 120)),
        ("full", "200,100", "0", "default.jpg", (200, 100)),
        ("full", "!200,200", "0", "default.jpg", (200, 150)),
        ("full", "320,", "90", "default.jpg", (240, 320)),
        ("full", "320,", "!0", "default.png", (320, 240)),
        ("full", "320,", "!270", "gray.png", (240, 320)),
    ],
)
def test_each_request_answers_its_size(shots, region, size, rotation, quality, expected):
    ev = shots["shusha"]
    url = f"/iiif/evidence-{ev.pk}/{region}/{size}/{rotation}/{quality}"
    r = Client().get(url)
    img = _picture(r)
    assert img.size == expected
    assert r["Content-Type"] == ("image/png" if quality.endswith("png") else "image/jpeg")
    assert img.mode == ("L" if quality.startswith("gray") else "RGB")
    again = Client().get(url)  # the second answer comes from the derivative kept on disk
    assert again.content == r.content


def test_mirroring_and_rotation_move_the_pixels(shots):
    """The red block sits top left in the original: mirrored it is top right; turned 90
    degrees clockwise it is top right too; turned 180 it is bottom right."""
    ev = shots["shusha"]

    def red_at(url, xy):
        px = _picture(Client().get(f"/iiif/evidence-{ev.pk}/full/320,/{url}")).getpixel(xy)
        return px[0] > 150 and px[1] < 100

    assert red_at("0/default.png", (10, 10))
    assert red_at("!0/default.png", (310, 10)) and not red_at("!0/default.png", (10, 10))
    assert red_at("180/default.png", (310, 230))
    r90 = _picture(Client().get(f"/iiif/evidence-{ev.pk}/full/320,/90/default.png"))
    assert r90.size == (240, 320) and r90.getpixel((230, 10))[0] > 150


@pytest.mark.parametrize(
    "path,word",
    [
        ("full/max/0/default.gif", "format"),
        ("full/max/0/bitonal.jpg", "quality"),
        ("full/max/45/default.jpg", "rotation"),
        ("nowhere/max/0/default.jpg", "region"),
        ("700,0,10,10/max/0/default.jpg", "outside"),
        ("0,0,0,10/max/0/default.jpg", "region"),
        ("full/^800,/0/default.jpg", "enlarged"),
        ("full/641,/0/default.jpg", "larger than the region"),
        ("full/big/0/default.jpg", "size"),
        ("full/pct:0/0/default.jpg", "size"),
    ],
)
def test_bad_requests_are_400_with_the_error_body(shots, path, word):
    r = Client().get(f"/iiif/evidence-{shots['shusha'].pk}/{path}")
    assert r.status_code == 400
    body = r.json()
    assert word in body["error"] and body["errors"] == []


def test_sizes_are_bounded_by_what_the_reader_may_have(shots, users, api):
    """The public has at most 1,024 pixels a side; those who hold the item have all of it."""
    ev = shots["refuge"]
    anonymous = Client()
    info = anonymous.get(f"/iiif/evidence-{ev.pk}/info.json").json()
    assert (info["width"], info["height"], info["maxWidth"]) == (1600, 1200, 1024)
    assert _picture(anonymous.get(f"/iiif/evidence-{ev.pk}/full/max/0/default.jpg")).size == (
        1024,
        768,
    )
    too_big = anonymous.get(f"/iiif/evidence-{ev.pk}/full/1200,/0/default.jpg")
    assert too_big.status_code == 400 and "info.json" in too_big.json()["error"]
    holder = api(users["assessor"])
    info = holder.get(f"/iiif/evidence-{ev.pk}/info.json").json()
    assert (info["maxWidth"], info["maxHeight"]) == (1600, 1200)
    img = _picture(holder.get(f"/iiif/evidence-{ev.pk}/full/max/0/default.jpg"))
    assert img.size == (1600, 1200)


# ---- nothing but pixels; originals untouched ---------------------------------------------------


def test_derivatives_carry_no_metadata_and_the_original_is_unchanged(shots, users, api):
    ev = shots["shusha"]
    original = store.original_path(ev.sha256)
    before = hashlib.sha256(original.read_bytes()).hexdigest()
    assert photos.exiftool_tags(original.read_bytes()) is not None, "exiftool is needed"
    assert any(k.startswith("GPS:") for k in photos.exiftool_tags(original.read_bytes()))
    for client in (Client(), api(users["assessor"])):
        for path in ("full/max/0/default.jpg", "square/200,/0/default.jpg"):
            r = client.get(f"/iiif/evidence-{ev.pk}/{path}")
            photos.assert_pixels_only(r.content)
            tags = photos.exiftool_tags(r.content)
            assert not [k for k in tags if "GPS" in k], tags
        png = client.get(f"/iiif/evidence-{ev.pk}/full/max/0/default.png").content
        tags = photos.exiftool_tags(png)
        header = {"ImageWidth", "ImageHeight", "BitDepth", "ColorType", "Compression", "Filter"}
        header.add("Interlace")
        kept = [k for k in tags if k.startswith("PNG:") and k[4:] not in header]
        assert not kept and not [k for k in tags if "GPS" in k or "XMP" in k], tags
        for secret in (photos.PHONE, photos.PLACE_NAME, photos.PHOTOGRAPHER, "Nordfjell"):
            assert secret.encode() not in png
    assert hashlib.sha256(original.read_bytes()).hexdigest() == before == ev.sha256
    assert store.check(ev.sha256) is None


# ---- who sees what -----------------------------------------------------------------------------


def test_images_of_records_the_reader_may_not_read_do_not_exist_for_them(shots, users, api):
    hidden = [shots["secret"], shots["loose"]]
    anonymous, committee = Client(), api(users["committee"])
    for ev in hidden:
        for path in ("info.json", "full/max/0/default.jpg", "full/100,/0/default.jpg"):
            for client in (anonymous, committee):
                r = client.get(f"/iiif/evidence-{ev.pk}/{path}")
                assert r.status_code == 404, (ev.filename, path)
                assert r.json()["error"] == f"no image 'evidence-{ev.pk}'"  # as if none existed
    unknown = anonymous.get("/iiif/evidence-00000000-0000-0000-0000-000000000000/info.json")
    assert unknown.status_code == 404 and unknown.json()["error"].startswith("no image")
    secret_code = shots["secret_prop"].code
    assert anonymous.get(f"/iiif/property/{secret_code}/manifest.json").status_code == 404
    for who in ("assessor", "admin"):
        holder = api(users[who])
        assert holder.get(f"/iiif/evidence-{shots['secret'].pk}/info.json").status_code == 200
        assert holder.get(f"/iiif/evidence-{shots['loose'].pk}/info.json").status_code == 200
    officer = api(users["officer_nor"])  # not their State's record, and not theirs to hold
    assert officer.get(f"/iiif/evidence-{shots['loose'].pk}/info.json").status_code == 404


def test_a_document_is_no_image(users, props):
    doc = evidence.add_evidence(
        users["assessor"], "note.txt", b"a note\n", {"property": props["shusha"].code}
    )
    assert Client().get(f"/iiif/evidence-{doc.pk}/info.json").status_code == 404


# ---- manifests -------------------------------------------------------------------------------


def _check_manifest(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.content[:300]
    body = r.json()
    assert body["@context"] == "http://iiif.io/api/presentation/3/context.json"
    loaded = Manifest(**body)  # iiif-prezi3 reads it back
    assert loaded.id == body["id"]
    assert set(body["label"]) == {"en", "nb"}
    for pair in body["metadata"]:
        assert set(pair["label"]) == {"en", "nb"}
    for canvas in body["items"]:
        anno = canvas["items"][0]["items"][0]
        image = anno["body"]
        assert image["service"][0]["type"] == "ImageService3"
        assert image["service"][0]["profile"] == "level2"
        for declared in (image, canvas["thumbnail"][0]):
            img = _picture(_get(client, declared["id"]))
            assert img.size == (declared["width"], declared["height"]), declared["id"]
        info = _get(client, image["service"][0]["id"] + "/info.json").json()
        assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])
    return body


def test_the_property_manifest(shots, props, users, api):
    code = props["refuge"].code
    body = _check_manifest(Client(), f"/iiif/property/{code}/manifest.json")
    assert body["label"]["nb"] == ["Fotografier av Refuge Nordfjell"]
    assert [c["label"] for c in body["items"]] == [{"none": ["refuge.jpg"]}]
    assert body["thumbnail"][0]["width"] <= 200
    text = str(body)
    assert "~10 km area" in text and "61.4738" not in text and "8.9163" not in text
    assert "confidential" in text and "rendering" not in text  # no original for the public
    held = _check_manifest(api(users["assessor"]), f"/iiif/property/{code}/manifest.json")
    assert "61.47383" in str(held["metadata"]), held["metadata"]
    assert held["items"][0]["rendering"][0]["id"].endswith(
        f"/api/evidence/{shots['refuge'].pk}/file"
    )
    assert held["items"][0]["items"][0]["items"][0]["body"]["width"] == 1600
    empty = _check_manifest(Client(), f"/iiif/property/{props['gandzasar'].code}/manifest.json")
    assert empty["items"] == []


def test_the_incident_manifest(shots, props, users, api):
    incident = party_report(users["officer_aze"], props["shusha"])
    evidence.add_evidence(
        users["assessor"], "after.jpg", _jpeg((500, 400)), {"incident": str(incident.pk)}
    )
    body = _check_manifest(Client(), f"/iiif/incident/{incident.pk}/manifest.json")
    assert [c["label"]["none"][0] for c in body["items"]] == ["after.jpg"]
    assert body["label"]["en"][0].startswith("Image evidence of the incident at")
    labels = {p["label"]["en"][0]: p["value"] for p in body["metadata"]}
    assert labels["Reported on"] == {"none": ["2021-01-12"]}
    assert labels["Code"] == {"none": [props["shusha"].code]}
    assert set(labels["Allegation"]) == {"en", "nb"}
    missing = Client().get("/iiif/incident/00000000-0000-0000-0000-000000000000/manifest.json")
    assert missing.status_code == 404


def test_a_provenance_photograph_is_served_too(users):
    from shield.provenance import photos as object_photos
    from shield.provenance import register
    from tests.provenance.conftest import ICON

    entry = register.report(users["officer_arm"], ICON)
    photo = object_photos.add(users["officer_arm"], entry, ("icon.jpg", photos.geotagged_jpeg()))
    info = Client().get(f"/iiif/photo-{photo.pk}/info.json").json()
    assert (info["width"], info["height"]) == (640, 480)
    r = Client().get(f"/iiif/photo-{photo.pk}/full/max/0/default.jpg")
    photos.assert_pixels_only(r.content)
    assert Client().get("/iiif/photo-999999/info.json").status_code == 404


def test_the_records_pages_and_answers_link_their_manifests(shots, props, users, api):
    code = props["shusha"].code
    incident = party_report(users["officer_aze"], props["shusha"])
    manifest = f"http://testserver/iiif/property/{code}/manifest.json"
    assert api().get(f"/api/properties/{code}").json()["iiif_manifest"] == manifest
    found = api().get(f"/api/incidents/{incident.pk}").json()["iiif_manifest"]
    assert found == f"http://testserver/iiif/incident/{incident.pk}/manifest.json"
    secretariat = api(users["secretariat"])  # the facts' answer is the same detail
    r = secretariat.client.put(
        f"/api/incidents/{incident.pk}/facts",
        {"intentional": True},
        content_type="application/json",
        **secretariat.headers,
    )
    assert r.status_code == 200 and r.json()["iiif_manifest"] == found
    page = Client().get(f"/property/{code}/").content.decode()
    assert f'href="/iiif/property/{code}/manifest.json"' in page
    page = Client().get(f"/incidents/{incident.pk}/").content.decode()
    assert f'href="/iiif/incident/{incident.pk}/manifest.json"' in page


def test_head_and_other_methods(shots):
    url = f"/iiif/evidence-{shots['shusha'].pk}/full/100,/0/default.jpg"
    head = Client().head(url)
    assert head.status_code == 200 and head["Content-Type"] == "image/jpeg"
    assert Client().post(url).status_code == 405


def test_a_large_jpeg_decoded_smaller_keeps_its_regions(users, props):
    """A small picture of a large JPEG is decoded at a fraction of its size: the region asked
    is still the region sent (here the red quarter, bottom right, and the green rest)."""
    img = Image.new("RGB", (1600, 1200), (20, 160, 20))
    img.paste((200, 20, 20), (800, 600, 1600, 1200))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=95)
    ev = evidence.add_evidence(
        users["assessor"], "quarters.jpg", out.getvalue(), {"property": props["shusha"].code}
    )
    base = f"/iiif/evidence-{ev.pk}"
    red = _picture(Client().get(f"{base}/800,600,800,600/100,/0/default.png"))
    assert red.size == (100, 75)
    assert all(red.getpixel((x, y))[0] > 150 for x in (3, 50, 96) for y in (3, 37, 71))
    green = _picture(Client().get(f"{base}/0,0,790,590/50,/0/default.png"))
    assert all(green.getpixel((x, y))[1] > 120 for x in (2, 25, 47) for y in (2, 18, 34))
    whole = _picture(Client().get(f"{base}/full/160,/0/default.png"))
    assert whole.size == (160, 120) and whole.getpixel((150, 110))[0] > 150
    assert whole.getpixel((10, 10))[1] > 120
