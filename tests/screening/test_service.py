"""Screening through its service and its doors (CLI, API, page): who may, what each sees,
the protection on the date with its provisions, and the audit entry of every run."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from shield import cli
from shield.audit.models import AuditEntry
from shield.core.errors import NotAllowed, RecordInvalid
from shield.screening import service, targets
from shield.screening.models import ScreeningRun
from shield.treaty.provisions import provision

from .conftest import SECRET

pytestmark = pytest.mark.django_db

ON = date(2024, 6, 1)
ART7 = provision("general.precautions_in_attack").label("en")
ART8 = provision("general.precautions_against_effects").label("en")
ART12 = provision("enhanced.immunity").label("en")
CONV4 = provision("convention.respect").label("en")


def near(lat, lon, radius=300.0, ident="T"):
    return targets.from_points([{"id": ident, "lat": lat, "lon": lon, "radius_m": radius}])


def secret_digits(text: str) -> bool:
    return "123457" in text or "765431" in text


def test_a_hit_carries_its_protection_on_the_date_and_its_provisions(sites, users):
    result = service.screen(users["secretariat"], near(40.001, 44.5), ON)
    [hit] = result["items"]
    assert hit["property"]["code"] == sites["public"].code
    assert hit["levels"] == ["general", "enhanced"]
    assert hit["citations"][:2] == [ART7, CONV4] and ART12 in hit["citations"]
    assert hit["protection"]["citations"] and "enhanced" in hit["protection"]["reason"]
    assert hit["distance_m"] == pytest.approx(111.03, abs=0.1)
    assert hit["reach_m"] == 300.0 + 1000.0  # the radius and the enhanced level's buffer
    # before the grant: general protection only, the smaller buffer
    before = service.screen(users["secretariat"], near(40.001, 44.5), date(2019, 1, 1))
    assert before["items"][0]["levels"] == ["general"]
    assert ART12 not in before["items"][0]["citations"]
    nb = service.screen(users["secretariat"], near(40.001, 44.5), ON, lang="nb")
    assert nb["items"][0]["citations"][0] == provision("general.precautions_in_attack").label("nb")
    assert "kulturminne" in nb["items"][0]["reason"]


def test_a_target_inside_a_boundary_is_at_distance_zero(sites, users):
    [hit] = service.screen(users["secretariat"], near(40.5, 44.0, 0.0), ON)["items"]
    assert hit["property"]["code"] == sites["walled"].code
    assert hit["measured_to"] == "boundary" and hit["distance_m"] == 0.0


def test_the_reverse_screen_leaves_buffers_out(sites, users):
    # 111 m from the public site: within its buffer but not within 100 m of the objective
    assert (
        service.screen(users["secretariat"], near(40.001, 44.5, 100.0), ON, reverse=True)["hits"]
        == 0
    )
    [hit] = service.screen(users["secretariat"], near(40.001, 44.5, 120.0), ON, reverse=True)[
        "items"
    ]
    assert hit["reach_m"] == 120.0 and hit["citations"][0] == ART8


def test_confidential_property_is_screened_for_the_secretariat_only(sites, users):
    tgt = near(SECRET[0] + 0.001, SECRET[1], 50.0)
    [hit] = service.screen(users["secretariat"], tgt, ON)["items"]
    assert hit["property"]["code"] == sites["secret"].code and hit["precision"] == "exact"
    assert hit["location"]["lat"] == SECRET[0]
    # another State's officer: the area of about 10 km only, never a distance to the point
    other = service.screen(users["officer_nor"], tgt, ON)
    [area_hit] = other["items"]
    assert area_hit["precision"] == "area" and area_hit["distance_m"] == 0.0
    # (the target's own coordinates, the reader's input, aside)
    shown = [{k: v for k, v in i.items() if not k.startswith("target_")} for i in other["items"]]
    assert not secret_digits(json.dumps(shown))
    # the restricted record of another State: not screened for that officer
    far = near(40.3, 46.0, 10.0)
    assert service.screen(users["officer_nor"], far, ON)["hits"] == 0
    assert service.screen(users["secretariat"], far, ON)["hits"] == 1
    with pytest.raises(NotAllowed):
        service.screen(AnonymousUser(), tgt, ON)
    with pytest.raises(NotAllowed):
        service.screen(users["assessor"], tgt, ON)


def test_every_run_is_audited_without_a_location(sites, users):
    before = AuditEntry.objects.count()
    result = service.screen(users["secretariat"], near(SECRET[0], SECRET[1]), ON)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == before + 1
    assert entry.action == "screen" and entry.target_id == result["run"]
    assert entry.changes["hits"] == 1 and not secret_digits(json.dumps(entry.changes))
    assert ScreeningRun.objects.get(pk=result["run"]).status == "done"


def test_bad_targets_are_named():
    with pytest.raises(RecordInvalid) as exc:
        targets.read(b"id,lat,lon\nA,40,44\nB,95,44\nC,40,x\n", "t.csv")
    fields = [e.field for e in exc.value.errors]
    assert fields == ["line 3: lat", "line 4: lon"]
    with pytest.raises(RecordInvalid, match="Point"):
        targets.read(
            b'{"type":"FeatureCollection","features":[{"geometry":{"type":"LineString"}}]}',
            "t.geojson",
        )
    got = targets.read(
        b'{"type":"FeatureCollection","features":[{"type":"Feature","id":"D1","properties":{"radius_m":50},'
        b'"geometry":{"type":"Point","coordinates":[179.5,-16.8]}}]}',
        "t.geojson",
    )
    assert got.ids == ["D1"] and got.lon == [179.5] and got.radius_m == [50]


# ---- the doors ------------------------------------------------------------------------------


def test_cli_screens_for_an_authorised_user_and_refuses_others(sites, users, tmp_path, capsys):
    src = tmp_path / "targets.csv"
    src.write_text(f"id,lat,lon,radius_m\nT1,{SECRET[0]},{SECRET[1] + 0.001},50\nT2,0,0,10\n")
    out = tmp_path / "hits.geojson"
    code = cli.main(
        [
            "screen",
            str(src),
            "--on",
            "2024-06-01",
            "--format",
            "geojson",
            "-o",
            str(out),
            "--user",
            "secretariat",
        ]
    )
    assert code == 0
    doc = json.loads(out.read_text())
    assert [f["properties"]["property_code"] for f in doc["features"]] == [sites["secret"].code]
    assert cli.main(["screen", str(src), "--on", "2024-06-01", "--user", "committee"]) == 1
    assert "Secretariat" in capsys.readouterr().err
    csv_out = tmp_path / "hits.csv"
    assert (
        cli.main(
            [
                "screen",
                str(src),
                "--on",
                "2024-06-01",
                "--reverse",
                "--radius-m",
                "200",
                "-o",
                str(csv_out),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert csv_out.read_text().splitlines()[0].startswith("target,target_lat")
    with pytest.raises(SystemExit, match="not a date"):
        cli.main(["screen", str(src), "--on", "1 June"])


def test_api_screens_for_an_authorised_user_and_refuses_anonymous(sites, users, api):
    body = {
        "on": "2024-06-01",
        "radius_m": 10,
        "targets": [{"id": "T", "lat": SECRET[0], "lon": SECRET[1]}],
    }
    anon = api().post("/api/screening/runs", body)
    assert anon.status_code == 401 and not secret_digits(anon.content.decode())
    refused = api(users["committee"]).post("/api/screening/runs", body)
    assert refused.status_code == 403
    ok = api(users["secretariat"]).post("/api/screening/runs", body)
    assert ok.status_code == 200, ok.content
    [hit] = ok.json()["items"]
    assert hit["property"]["code"] == sites["secret"].code and hit["location"]["lat"] == SECRET[0]
    bad = api(users["secretariat"]).post("/api/screening/runs", {**body, "on": "June"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "on"


@pytest.mark.django_db(transaction=True)  # the worker closes its connections (PostgreSQL)
def test_api_file_runs_as_a_job_when_large(sites, users, api, settings, tmp_path):

    settings.SHIELD_SCREEN_JOB_FROM = 10
    settings.SHIELD_JOBS_DIR = tmp_path
    client = api(users["secretariat"]).client
    headers = api(users["secretariat"]).headers
    content = f"id,lat,lon\nT1,{SECRET[0]},{SECRET[1]}\n".encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        "/api/screening/runs/file",
        {"file": SimpleUploadedFile("t.csv", content), "on": "2024-06-01", "format": "csv"},
        **headers,
    )
    assert answer.status_code == 202, answer.content
    run = answer.json()
    from shield.jobs.worker import run_pending

    run_pending()
    status = client.get(run["status_url"], **headers).json()
    assert status["status"] == "done" and status["counts"]["hits"] == 1
    result = client.get(status["result_url"], **headers)
    assert result.status_code == 200 and sites["secret"].code in result.content.decode()
    assert api().get(run["status_url"]).status_code == 401


def test_page_screens_for_an_authorised_user_and_refuses_others(sites, users):
    anon = Client().get("/screening/")
    assert anon.status_code == 302 and "/login/" in anon["Location"]
    committee = Client()
    committee.force_login(users["committee"])
    assert committee.get("/screening/").status_code == 403
    secretariat = Client()
    secretariat.force_login(users["secretariat"])
    page = secretariat.post(
        "/screening/", {"points": f"{SECRET[0]}, {SECRET[1]}", "on": "2024-06-01", "radius_m": "10"}
    )
    assert page.status_code == 200
    assert sites["secret"].code in page.content.decode()
    officer = Client()
    officer.force_login(users["officer_nor"])
    seen = officer.post(
        "/screening/", {"points": f"{SECRET[0]}, {SECRET[1]}", "on": "2024-06-01", "radius_m": "10"}
    ).content.decode()
    assert sites["secret"].code in seen and not secret_digits(
        seen.replace(f"{SECRET[0]}, {SECRET[1]}", "")
    )
    bad = secretariat.post("/screening/", {"points": "91, 0", "on": "2024-06-01", "radius_m": "0"})
    assert bad.status_code == 422 and "targets[0]: lat" in bad.content.decode()
