"""Issue 13, item 7: capture metadata (time with its offset, GPS time, XMP, video) and upload
hygiene (source and collector, the submitter's hash checked, size limits streamed to disk,
the type from the content)."""

from __future__ import annotations

import hashlib
import io
import os
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from shield.accounts.models import ApiToken
from shield.monitoring import evidence, metadata, store
from shield.monitoring.models import Evidence

from . import photos

pytestmark = pytest.mark.django_db(transaction=True)


def upload(user, name, data, **fields):
    _t, raw = ApiToken.issue(user, "t")
    f = io.BytesIO(data)
    f.name = name
    return Client().post("/api/evidence", {"file": f, **fields}, HTTP_AUTHORIZATION=f"Bearer {raw}")


def _nothing_stored(evidence_dir) -> None:
    assert Evidence.objects.count() == 0
    for folder in ("incoming", "originals"):
        path = evidence_dir / folder
        assert not path.exists() or not [p for p in path.rglob("*") if p.is_file()], folder


@pytest.fixture(params=["exiftool", "pillow"])
def reader(request, settings):
    """Each time test runs with ExifTool and with Pillow's EXIF reader alone."""
    if request.param == "exiftool":
        if metadata.exiftool() is None:
            pytest.skip("no exiftool (apt-get install libimage-exiftool-perl)")
    else:
        settings.SHIELD_EXIFTOOL = ""
    return request.param


# ---- capture time ----------------------------------------------------------------------------


def test_exif_time_is_read_with_its_offset(users, props, reader):
    ev = evidence.add_evidence(users["assessor"], "a.jpg", photos.geotagged_jpeg(gps_utc=None))
    assert ev.captured_at == datetime(2021, 1, 10, 5, 30, tzinfo=UTC)  # 09:30 at +04:00
    assert ev.metadata["time_offset"] == "+04:00"
    assert "with its offset +04:00" in ev.metadata["captured_at_note"]


def test_without_an_offset_the_gps_time_gives_it(users, props, reader):
    ev = evidence.add_evidence(
        users["assessor"],
        "a.jpg",
        photos.geotagged_jpeg(offset=None, gps_utc=("2021:01:10", "05:29:41")),
    )
    assert ev.captured_at == datetime(2021, 1, 10, 5, 30, tzinfo=UTC)
    assert ev.metadata["gps_time"] == "2021-01-10T05:29:41+00:00"
    assert "offset +04:00 implied by the GPS time" in ev.metadata["captured_at_note"]


def test_without_offset_or_gps_time_the_time_is_read_as_utc_and_said_so(users, props, reader):
    ev = evidence.add_evidence(
        users["assessor"], "a.jpg", photos.geotagged_jpeg(offset=None, gps_utc=None)
    )
    assert ev.captured_at == datetime(2021, 1, 10, 9, 30, tzinfo=UTC)
    assert "read as UTC" in ev.metadata["captured_at_note"]


def test_a_western_offset(users, props, reader):
    ev = evidence.add_evidence(
        users["assessor"],
        "a.jpg",
        photos.geotagged_jpeg(when="2021:01:10 23:15:00", offset="-03:30"),
    )
    assert ev.captured_at == datetime(2021, 1, 11, 2, 45, tzinfo=UTC)


# ---- XMP and video (ExifTool) ------------------------------------------------------------------


def test_xmp_iptc_and_comment_are_read_for_those_who_hold_the_item(users, props, api):
    if metadata.exiftool() is None:
        pytest.skip("no exiftool (apt-get install libimage-exiftool-perl)")
    ev = evidence.add_evidence(users["assessor"], "a.jpg", photos.geotagged_jpeg())
    meta = api(users["assessor"]).get(f"/api/evidence/{ev.pk}").json()["metadata"]
    assert meta["location_named"] == photos.PLACE_NAME
    assert meta["city"] == "Nordfjell"
    assert meta["creator"] == photos.PHOTOGRAPHER
    assert meta["serial_number"] == "SN-778899"
    assert meta["comment"] == f"Call me: {photos.PHONE}"


def test_video_metadata_time_and_place(users, props):
    if metadata.exiftool() is None:
        pytest.skip("no exiftool (apt-get install libimage-exiftool-perl)")
    ev = evidence.add_evidence(users["assessor"], "clip.mp4", photos.mp4_with_place())
    assert (ev.media_type, ev.kind) == ("video/mp4", "video")
    assert ev.captured_at == datetime(1904, 1, 1, tzinfo=UTC) + timedelta(seconds=3692763000)
    assert ev.metadata["captured_at_note"] == "QuickTime creation date (UTC)"
    assert (round(ev.lat, 4), round(ev.lon, 4)) == (61.4738, 8.9164)
    assert ev.metadata["duration_s"] == 5


# ---- source, collector, the submitter's hash ---------------------------------------------------


def test_source_url_and_collector_are_kept(users, props):
    r = upload(
        users["assessor"],
        "post.txt",
        b"a post",
        source_url="https://example.org/p/1",
        collector="Open-source team",
    )
    assert r.status_code == 201
    assert (r.json()["source_url"], r.json()["collector"]) == (
        "https://example.org/p/1",
        "Open-source team",
    )
    r = upload(users["assessor"], "post.txt", b"another", source_url="javascript:alert(1)")
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "source_url"
    assert "is not a web address" in r.json()["errors"][0]["message"]


def test_the_submitters_hash_is_checked_on_receipt(users, props, evidence_dir):
    data = b"statement as captured"
    good = hashlib.sha256(data).hexdigest()
    r = upload(users["assessor"], "s.txt", data, sha256=good.upper())
    assert r.status_code == 201
    assert r.json()["metadata"]["sha256_at_capture"].startswith("given by the submitter")
    assert Evidence.objects.get().client_sha256 == good


def test_a_file_that_does_not_match_the_submitters_hash_is_refused(users, props, evidence_dir):
    data = b"statement as received"
    claimed = hashlib.sha256(b"statement as captured").hexdigest()
    r = upload(users["assessor"], "s.txt", data, sha256=claimed)
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert error["field"] == "sha256"
    assert hashlib.sha256(data).hexdigest() in error["message"] and claimed in error["message"]
    assert "nothing was stored" in error["message"]
    _nothing_stored(evidence_dir)
    r = upload(users["assessor"], "s.txt", data, sha256="abc")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "sha256"


# ---- size ------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_refused_413_while_streaming(users, props, settings, evidence_dir):
    settings.SHIELD_EVIDENCE_MAX_BYTES = 1000
    r = upload(users["assessor"], "big.bin", os.urandom(5000))  # announced size within allowance
    assert r.status_code == 413
    assert r.json()["error"].startswith("file: larger than the limit of 1000 bytes")
    _nothing_stored(evidence_dir)
    assert upload(users["assessor"], "ok.bin", os.urandom(1000)).status_code == 201


def test_a_body_announced_over_the_limit_is_refused_before_it_is_read(users, settings, monkeypatch):
    settings.SHIELD_EVIDENCE_MAX_BYTES = 1000
    from shield.monitoring import uploads

    read = []
    monkeypatch.setattr(uploads.BoundedUpload, "receive_data_chunk", lambda *a: read.append(a))
    r = upload(users["assessor"], "big.bin", os.urandom(200_000))
    assert r.status_code == 413 and "SHIELD_EVIDENCE_MAX_BYTES" in r.json()["error"]
    assert read == []


def test_the_service_refuses_past_the_limit_and_leaves_nothing(users, settings, evidence_dir):
    settings.SHIELD_EVIDENCE_MAX_BYTES = 10
    with pytest.raises(store.TooLarge):
        evidence.add_evidence(users["assessor"], "a.txt", b"x" * 11)
    _nothing_stored(evidence_dir)


def test_uploads_go_to_disk_and_are_read_in_bounded_chunks(users, monkeypatch):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    seen = []
    real = store.receive

    def spy(source, limit=None):
        seen.append(type(source))
        return real(source, limit)

    monkeypatch.setattr(store, "receive", spy)
    assert upload(users["assessor"], "small.txt", b"tiny").status_code == 201
    assert seen == [TemporaryUploadedFile]  # even a small file is never kept in memory

    class Source(io.BytesIO):
        biggest = 0

        def read(self, n=-1):
            Source.biggest = max(Source.biggest, n)
            return super().read(n)

    evidence.add_evidence(users["assessor"], "b.bin", Source(os.urandom(3 * store.CHUNK + 5)))
    assert 0 < Source.biggest <= store.CHUNK


# ---- type from content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,data,media,kind,note",
    [
        ("photo.jpg", os.urandom(4000), "application/octet-stream", "other", "named as image/jpeg"),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0" + os.urandom(4000),
            "application/octet-stream",
            "other",
            "starts like image/jpeg but is no image that can be read",
        ),
        ("notes.txt", photos.geotagged_jpeg(), "image/jpeg", "image", "named as text/plain"),
        ("report.bin", b"%PDF-1.4\n%%EOF\n", "application/pdf", "document", ""),
        ("clip.jpg", photos.mp4_with_place(), "video/mp4", "video", "named as image/jpeg"),
        ("data.json", b'{"lat": 1.5, "lon": 2.5}', "application/json", "document", ""),
        ("statement", "Vitneforklaring: ødelagt".encode(), "text/plain", "document", ""),
    ],
    ids=[
        "random-as-jpg",
        "fake-jpeg-header",
        "jpeg-as-txt",
        "pdf-as-bin",
        "mp4-as-jpg",
        "json",
        "text",
    ],
)
def test_the_type_comes_from_the_content_not_the_name(users, props, name, data, media, kind, note):
    r = upload(users["assessor"], name, data)
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["media_type"], body["kind"]) == (media, kind)
    if note:
        assert note in body["metadata"]["media_type_note"]
        assert body["metadata"]["media_type_note"].endswith(f"stored as {media}")
    else:
        assert "media_type_note" not in body["metadata"]
