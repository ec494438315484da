"""Photographs: kept by SHA-256 with their perceptual hashes (service, page, API, CLI); a check
with photographs ranks by them and its certificate records the hashes searched; what is shown
is a picture of the pixels only."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from shield import cli
from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed, RecordInvalid
from shield.provenance import certificates, check, photos, register

from .test_check import LISTING
from .test_matching_images import encoded, picture

pytestmark = pytest.mark.django_db


def _jpeg_with_gps(img: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (40.0, 10.0, 0.0), 3: "E", 4: (44.0, 30.0, 0.0)}
    exif[0x010F] = "DemoCam"
    return encoded(img, quality=90, exif=exif)


@pytest.fixture
def shot():
    return picture(11)


@pytest.fixture
def photographed(users, reported, shot):
    icon = reported["icon"]
    photos.add(users["officer_arm"], icon, ("icon.jpg", _jpeg_with_gps(shot)), "front")
    photos.add(users["officer_arm"], reported["khachkar"], ("k.png", encoded(picture(12), "PNG")))
    return icon


def test_a_photograph_is_kept_by_its_hash_and_audited(users, photographed, shot):
    p = photographed.photos.get()
    data = _jpeg_with_gps(shot)
    import hashlib

    assert p.sha256 == hashlib.sha256(data).hexdigest()
    assert (p.width, p.height, p.media_type, p.caption) == (640, 480, "image/jpeg", "front")
    stored = photos.original_path(p.sha256)
    assert stored.read_bytes() == data
    assert not stored.stat().st_mode & stat.S_IWUSR  # written once, read-only
    entry = AuditEntry.objects.get(target_type="provenance_photo", target_id=str(p.pk))
    assert entry.changes["sha256"] == p.sha256 and entry.changes["phash"] == p.phash
    # the same bytes again: the store keeps one original
    again = photos.add(users["secretariat"], photographed, ("copy.jpg", data))
    assert again.sha256 == p.sha256 and photos.original_path(p.sha256) == stored


def test_who_may_add_and_what_is_refused(users, reported):
    icon = reported["icon"]
    with pytest.raises(NotAllowed):
        photos.add(users["officer_aze"], icon, ("x.jpg", encoded(picture(1))))
    with pytest.raises(RecordInvalid) as bad:
        photos.add(users["officer_arm"], icon, ("notes.txt", b"just words"))
    assert bad.value.errors[0].field == "photograph"
    assert "notes.txt is not an image" in bad.value.errors[0].message
    with pytest.raises(RecordInvalid) as empty:
        photos.add(users["officer_arm"], icon, ("e.jpg", b""))
    assert "is empty" in empty.value.errors[0].message
    assert not icon.photos.exists()


def test_the_view_holds_the_pixels_only(users, photographed):
    p = photographed.photos.get()
    r = Client().get(f"/provenance/photos/{p.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    body = b"".join(r.streaming_content)
    assert b"DemoCam" not in body
    shown = Image.open(io.BytesIO(body))
    assert not shown.getexif() and shown.size == (640, 480)
    assert b"DemoCam" in photos.original_path(p.sha256).read_bytes()
    assert Client().get("/provenance/photos/999999/").status_code == 404


def test_a_check_with_a_turned_recompressed_photograph_finds_the_entry(photographed, shot):
    turned = encoded(shot.rotate(90, expand=True).resize((240, 320)), quality=45)
    cert, found = check.run(AnonymousUser(), {}, photographs=[("listing.jpg", turned)])
    assert [f.entry.number for f in found] == [photographed.number]
    assert found[0].image is not None and found[0].image.outcome == "match"
    checked = certificates.verify(cert.note)
    searched = checked.fields["query"]["photographs"]
    import hashlib

    assert searched[0]["sha256"] == hashlib.sha256(turned).hexdigest()
    assert len(searched[0]["phash"]) == 16 and len(searched[0]["dhash"]) == 16
    assert checked.fields["result"]["candidates"][0]["image"]["outcome"] == "match"


def test_a_photograph_counts_beside_the_description(photographed, shot):
    _, plain = check.run(AnonymousUser(), LISTING)
    _, same = check.run(AnonymousUser(), LISTING, photographs=[("a.jpg", encoded(shot))])
    _, other = check.run(AnonymousUser(), LISTING, photographs=[("b.jpg", encoded(picture(99)))])
    assert plain[0].image is None
    assert same[0].image is not None and same[0].image.outcome == "match"
    assert other[0].image is not None and other[0].image.outcome == "differs"
    assert other[0].score < plain[0].score < same[0].score or same[0].score == 100.0
    assert other[0].score < same[0].score


def test_an_unrelated_photograph_alone_finds_nothing(photographed):
    _, found = check.run(AnonymousUser(), {}, photographs=[("c.jpg", encoded(picture(77)))])
    assert found == []


def test_photographs_join_the_register_version(users, reported):
    before = register.version()[0]
    photos.add(users["officer_arm"], reported["icon"], ("i.jpg", encoded(picture(3))))
    assert register.version()[0] != before


def test_a_check_refuses_what_is_not_a_photograph(reported):
    with pytest.raises(RecordInvalid) as bad:
        check.run(
            AnonymousUser(),
            LISTING,
            photographs=[("a.jpg", encoded(picture(1))), ("b.gif", b"GIF89a-no")],
        )
    assert [e.field for e in bad.value.errors] == ["photographs[1]"]
    many = [(f"{i}.jpg", encoded(picture(i))) for i in range(6)]
    with pytest.raises(RecordInvalid) as too_many:
        check.run(AnonymousUser(), LISTING, photographs=many)
    assert too_many.value.errors[0].field == "photographs"
    with pytest.raises(RecordInvalid):
        check.run(AnonymousUser(), {})  # neither a description nor a photograph


# ---- the doors ------------------------------------------------------------------------------


def _upload(name: str, data: bytes, kind: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=kind)


def test_api_upload_and_photographed_check(api, users, reported, shot):
    number = reported["icon"].number
    officer = api(users["officer_arm"])
    r = officer.client.post(
        f"/api/stolen/{number}/photographs",
        {"file": _upload("front.jpg", encoded(shot)), "caption": "front"},
        **officer.headers,
    )
    assert r.status_code == 201, r.content
    assert r.json()["caption"] == "front" and len(r.json()["phash"]) == 16
    assert api().get(f"/api/stolen/{number}/photographs").json()[0]["sha256"] == r.json()["sha256"]
    assert api().get(f"/api/photographs/{r.json()['id']}").status_code == 200
    refused = api(users["officer_aze"])
    r2 = refused.client.post(
        f"/api/stolen/{number}/photographs",
        {"file": _upload("x.jpg", encoded(shot))},
        **refused.headers,
    )
    assert r2.status_code == 403
    bad = officer.client.post(
        f"/api/stolen/{number}/photographs",
        {"file": _upload("x.txt", b"words", "text/plain")},
        **officer.headers,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "photograph"
    checked = Client().post(
        "/api/checks/photographed",
        {
            "object_type": "icon",
            "measurements": "height 32 cm",
            "photographs": [
                _upload(
                    "l.jpg", encoded(shot.transpose(Image.Transpose.FLIP_LEFT_RIGHT), quality=50)
                )
            ],
        },
    )
    assert checked.status_code == 201, checked.content
    top = checked.json()["candidates"][0]
    assert top["number"] == number and top["image"]["outcome"] == "match"
    assert checked.json()["certificate"]["query"]["photographs"][0]["phash"]
    wrong = Client().post(
        "/api/checks/photographed",
        {"title": "x", "measurements": "tall", "photographs": [_upload("l.jpg", encoded(shot))]},
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"].startswith(
        "measurements"
    )


def test_api_traced_photograph(api, users):
    from shield.provenance import trace

    obj = trace.create(users["officer_arm"], {"object_type": "vase", "title": "Vase"})
    c = api(users["officer_nor"])
    r = c.client.post(
        f"/api/provenance/{obj.code}/photographs",
        {"file": _upload("v.png", encoded(picture(5), "PNG"), "image/png")},
        **c.headers,
    )
    assert r.status_code == 201, r.content
    assert obj.photos.get().media_type == "image/png"


def test_pages_upload_and_check_with_a_photograph(users, reported, shot):
    number = reported["icon"].number
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    c.force_login(users["officer_arm"])
    assert c.get(f"/provenance/stolen/{number}/photograph/").status_code == 200
    r = c.post(
        f"/provenance/stolen/{number}/photograph/",
        {"photograph": _upload("f.jpg", encoded(shot)), "caption": "front"},
    )
    assert r.status_code == 302
    page = c.get(f"/provenance/stolen/{number}/").content.decode()
    assert 'id="photos"' in page and "front" in page
    bad = c.post(f"/provenance/stolen/{number}/photograph/", {"photograph": _upload("f.jpg", b"x")})
    assert bad.status_code == 422 and "is not an image" in bad.content.decode()
    nb = Client(HTTP_ACCEPT_LANGUAGE="nb")
    nb.force_login(users["officer_arm"])
    bad_nb = nb.post(
        f"/provenance/stolen/{number}/photograph/", {"photograph": _upload("f.jpg", b"x")}
    )
    assert "er ikke et bilde" in bad_nb.content.decode()
    other = Client()
    other.force_login(users["officer_aze"])
    assert other.get(f"/provenance/stolen/{number}/photograph/").status_code == 403
    anon = Client(HTTP_ACCEPT_LANGUAGE="en")
    r = anon.post(
        "/provenance/check/",
        {
            "object_type": "icon",
            "photographs": [_upload("l.jpg", encoded(shot.rotate(180), quality=40))],
        },
    )
    assert r.status_code == 200
    text = r.content.decode()
    assert f'id="candidate-{number}"' in text and 'class="image-reason"' in text


def test_cli_check_with_photo_and_stolen_photo(users, reported, shot, tmp_path, capsys):
    number = reported["icon"].number
    f = tmp_path / "front.jpg"
    f.write_bytes(encoded(shot))
    assert cli.main(["stolen", "photo", number, str(f), "--caption", "front"]) == 0
    assert "phash" in capsys.readouterr().out
    listing = tmp_path / "listing.jpg"
    listing.write_bytes(encoded(shot.rotate(270, expand=True), quality=35))
    out = tmp_path / "cert.txt"
    assert cli.main(["check", "--type", "icon", "--photo", str(listing), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert number in printed and "photograph    match" in printed
    assert "photographs" in certificates.verify(Path(out).read_text()).fields["query"]
    assert cli.main(["check", "--type", "icon", "--photo", str(tmp_path / "none.jpg")]) == 2
