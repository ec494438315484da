"""Field forms through the API: keep a form, edit its mapping, import each format (small:
at once; large: as a job the worker runs), follow it, undo it; refusals name the form's
own column, label, row and submission."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.accounts.models import ApiToken
from shield.monitoring.models import Assessment, FieldSubmission
from tests.fieldforms import generate as g

pytestmark = pytest.mark.django_db


def _client(user):
    _t, raw = ApiToken.issue(user, "t")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _form(client, form_bytes):
    r = client.post("/api/fieldforms/forms", {"file": SimpleUploadedFile("form.xlsx", form_bytes)})
    assert r.status_code == 200, r.content
    return r.json()


@pytest.mark.parametrize("fmt", list(g.FORMATS))
def test_each_format_imports_through_the_api(users, sites, form_bytes, fmt):
    client = _client(users["assessor"])
    kept = _form(client, form_bytes)
    assert kept["form_id"] == g.FORM_ID and kept["mapping"]["fields"]["condition"]
    name, write = g.FORMATS[fmt]
    subs = g.submissions(6, sites)
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile(name, write(subs)), "form": g.FORM_ID, "dry_run": "true"},
    )
    assert r.status_code == 200, r.content
    preview = r.json()
    assert preview["status"] == "preview" and preview["counts"]["new"] == 6
    assert preview["report"]["matches"]["to review"] == 1
    assert FieldSubmission.objects.count() == 0
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile(name, write(subs)), "form": g.FORM_ID},
    )
    assert r.status_code == 200, r.content
    done = r.json()
    assert done["status"] == "done" and done["counts"]["new"] == 6
    assert Assessment.objects.count() == 5
    r = client.post(f"/api/fieldforms/imports/{done['id']}/undo")
    assert r.status_code == 200 and r.json()["status"] == "undone"
    assert Assessment.objects.count() == 0


def test_a_refusal_names_column_label_row_and_submission(users, sites, form_bytes):
    client = _client(users["assessor"])
    _form(client, form_bytes)
    subs = g.submissions(3, sites)
    subs[1].answers["damage/damage_level"] = "catastrophic"
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("e.csv", g.kpi_csv(subs, ",", ".")), "form": g.FORM_ID},
    )
    assert r.status_code == 422
    body = r.json()
    refusal = body["report"]["refused"][0]
    assert refusal["column"] == "damage.damage_level" and refusal["label"] == "Damage level"
    assert refusal["row"] == 2 and refusal["submission"] == subs[1].uuid
    assert body["report"]["by_reason"] == {"unknown choice for condition": 1}
    assert body["errors"][0]["field"] == "damage.damage_level"


def test_a_mapping_is_edited_and_checked(users, form_bytes):
    client = _client(users["assessor"])
    kept = _form(client, form_bytes)
    mapping = kept["mapping"]
    mapping["fields"]["notes"] = "nope/comments"
    r = client.put(
        f"/api/fieldforms/forms/{kept['id']}/mapping", mapping, content_type="application/json"
    )
    assert r.status_code == 422
    assert "'nope/comments' is not a question of the form" in r.json()["errors"][0]["message"]
    mapping["fields"]["notes"] = "comments"
    r = client.put(
        f"/api/fieldforms/forms/{kept['id']}/mapping", mapping, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["mapping_confirmed"] is True


@pytest.mark.django_db(transaction=True)  # the worker closes its connections, as a real one
def test_a_large_export_is_a_job(users, sites, form_bytes, settings):
    from shield.jobs.worker import run_pending

    settings.SHIELD_IMPORT_JOB_FROM = 1000
    client = _client(users["assessor"])
    _form(client, form_bytes)
    subs = g.submissions(40, sites)
    r = client.post(
        "/api/fieldforms/imports",
        {"file": SimpleUploadedFile("big.json", g.kobo_json(subs)), "form": g.FORM_ID},
    )
    assert r.status_code == 202, r.content
    job = r.json()
    assert job["status"] == "queued"
    run_pending()
    r = client.get(f"/api/fieldforms/imports/{job['id']}")
    assert r.status_code == 200
    assert r.json()["status"] == "done" and r.json()["counts"]["new"] == 40
    assert FieldSubmission.objects.count() == 40


def test_only_assessors_import(users, form_bytes):
    r = _client(users["officer_arm"]).post(
        "/api/fieldforms/forms", {"file": SimpleUploadedFile("form.xlsx", form_bytes)}
    )
    assert r.status_code == 403
