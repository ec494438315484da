"""The market screening API: a batch as a job on the task worker, its status and review queue,
a decision that opens a case; errors with the shared body."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield.accounts.models import ApiToken

from .conftest import listing_files, listings_file

pytestmark = pytest.mark.django_db(transaction=True)


def _auth(user) -> dict:
    _token, raw = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_batch_runs_as_a_job_and_a_decision_opens_a_case(customs, stolen, settings, tmp_path):
    from shield.jobs.worker import run_pending

    settings.SHIELD_JOBS_DIR = tmp_path
    c, h = Client(), _auth(customs)
    files = listing_files()
    r = c.post(
        "/api/market/batches",
        {
            "file": SimpleUploadedFile("lots.json", listings_file()),
            "images": [SimpleUploadedFile(n, b) for n, b in files.items()],
            "against": "both",
        },
        **h,
    )
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "queued" and body["listings"] == 2
    run_pending()
    status = c.get(body["status_url"], **h).json()
    assert status["status"] == "done" and status["candidates"] >= 1, status
    queue = c.get(body["candidates_url"], **h).json()
    top = queue[0]
    assert top["listing"]["ref"] == "lot-101" and top["record"] == stolen["vase"].number
    assert {e["field"] for e in top["evidence"]} >= {"object_type", "measurements", "image"}
    r = c.post(
        f"/api/market/candidates/{top['id']}/decision",
        {"decision": "confirmed", "reason": "same object"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200, r.content
    assert r.json()["case"].startswith("RC-") and r.json()["traced"]


def test_errors_name_row_and_field(customs, users, stolen):
    c = Client()
    r = c.post(
        "/api/market/batches",
        {"file": SimpleUploadedFile("lots.csv", b"id,title\n1,\n")},
        **_auth(customs),
    )
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == "lots.csv: row 1: title"
    r = c.post(
        "/api/market/batches",
        {"file": SimpleUploadedFile("lots.csv", b"id,title\n1,Vase\n")},
        **_auth(users["officer_arm"]),
    )
    assert r.status_code == 403
    r = c.get("/api/market/batches/MS-99999", **_auth(customs))
    assert r.status_code == 404
