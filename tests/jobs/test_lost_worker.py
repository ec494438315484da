"""A job whose worker dies (``kill -9``) does not say "running" for ever: its worker's
heartbeat stops, and the job is settled as failed when it is next read or when a worker
starts, with nothing of its import kept. Finished jobs' files are pruned after some days,
the job staying, marked expired. The worker is a real ``shield worker`` process on an
SQLite file of its own, killed with SIGKILL in the middle of an import."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shield.jobs import work
from shield.jobs.models import Job
from shield.jobs.worker import run_pending

QUEUE_IMPORT = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from shield.jobs import work
    user = get_user_model().objects.create_user("officer", password="pw-for-tests-1")
    user.is_superuser = True
    user.save()
    job = work.start_import(user, open(sys.argv[1], "rb").read(), "big.csv", dry_run=False)
    print(job.pk)
    """
)

READ_AFTER_DEATH = textwrap.dedent(
    """
    import json, sys, time
    import django
    django.setup()
    from shield.jobs import work
    from shield.jobs.models import Job
    from shield.registry.disclosure import visible_to
    work.STALE_AFTER = 1.0
    time.sleep(1.5)
    job = Job.objects.get(pk=sys.argv[1])
    before = job.status
    described = work.describe(job)
    print(json.dumps({"before": before, "after": described["status"],
                      "error": described["failure"]["error"],
                      "records": visible_to(None).count()}))
    """
)


def _rows(n: int) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["external_id", "category", "state", "name:en", "lat", "lon"])
    for i in range(n):
        w.writerow([f"kill:{i}", "monument", "ARM", f"Monument {i}", f"{40 + i / 1e6:.6f}", "44.5"])
    return out.getvalue().encode()


def test_a_worker_killed_mid_import_leaves_a_failed_job_and_no_records(tmp_path):
    db = tmp_path / "shield.sqlite3"
    jobs = tmp_path / "jobs"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{db}",
        SECRET_KEY="tests-lost-worker-key",
        DEBUG="",
        DJANGO_SETTINGS_MODULE="shield.config.settings",
        SHIELD_JOBS_DIR=str(jobs),
        SHIELD_IMPORT_PARALLEL_FROM=str(10**9),  # one process: nothing left to reap
    )
    run = dict(env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert subprocess.run([sys.executable, "-m", "shield.cli", "migrate"], **run).returncode == 0
    upload = tmp_path / "big.csv"
    upload.write_bytes(_rows(40_000))
    queued = subprocess.run([sys.executable, "-c", QUEUE_IMPORT, str(upload)], **run)
    assert queued.returncode == 0, queued.stderr
    job_id = queued.stdout.strip().splitlines()[-1]

    worker = subprocess.Popen(
        [sys.executable, "-m", "shield.cli", "worker"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    progress = jobs / job_id / work.PROGRESS
    deadline = time.monotonic() + 120
    try:
        while True:  # wait until the import is under way, then kill its worker outright
            try:
                seen = json.loads(progress.read_text())
            except (OSError, ValueError):
                seen = {}
            if seen.get("done", 0) > 0 and seen.get("phase") != "queued":
                break
            assert worker.poll() is None, "the worker ended before it could be killed"
            assert time.monotonic() < deadline, f"the import never started: {seen}"
            time.sleep(0.05)
        assert (jobs / job_id / work.HEARTBEAT).exists()
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)

    read = subprocess.run([sys.executable, "-c", READ_AFTER_DEATH, job_id], **run)
    assert read.returncode == 0, read.stderr
    seen = json.loads(read.stdout.strip().splitlines()[-1])
    assert seen["before"] == "running"  # what it said while no one looked
    assert seen["after"] == "failed" and "worker stopped" in seen["error"]
    assert seen["records"] == 0  # all or nothing: the killed import kept nothing
    assert not (jobs / job_id / "upload").exists()


pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def job_settings(settings, tmp_path):
    settings.SHIELD_JOBS_DIR = tmp_path / "jobs-here"


def _running_job(user, beat_age: float | None) -> Job:
    job = Job.objects.create(kind=Job.IMPORT, user=user, params={"name": "x.csv"})
    job.status, job.started_at = Job.RUNNING, timezone.now() - timedelta(hours=1)
    job.save()
    folder = work.folder_of(job)
    folder.mkdir(parents=True)
    if beat_age is not None:
        beat = folder / work.HEARTBEAT
        beat.touch()
        then = time.time() - beat_age
        os.utime(beat, (then, then))
    return job


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(users):
    fresh = _running_job(users["admin"], beat_age=2)
    assert not work.is_stale(fresh)
    assert work.describe(fresh)["status"] == "running"
    run_pending()  # a worker starting settles only the lost ones
    fresh.refresh_from_db()
    assert fresh.status == Job.RUNNING


@pytest.mark.parametrize("beat_age", [None, work.STALE_AFTER + 5])
def test_a_worker_starting_settles_the_jobs_of_lost_workers(users, beat_age):
    lost = _running_job(users["admin"], beat_age=beat_age)
    assert work.is_stale(lost)
    run_pending()
    lost.refresh_from_db()
    assert lost.status == Job.FAILED and lost.error == work.STALE_ERROR and lost.finished_at


@pytest.mark.parametrize("lang, says", [("en", "The worker stopped"), ("nb", "Arbeideren stoppet")])
def test_the_page_of_a_lost_job_says_so_in_the_reader_s_language(users, lang, says):
    lost = _running_job(users["admin"], beat_age=work.STALE_AFTER + 5)
    client = Client()
    client.force_login(users["admin"])
    page = client.get(f"/jobs/{lost.pk}/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert 'data-status="failed"' in page and says in page
    assert "hx-trigger" not in page


def test_the_heartbeat_beats_while_the_job_runs(monkeypatch, tmp_path):
    monkeypatch.setattr(work, "HEARTBEAT_EVERY", 0.05)
    path = tmp_path / "beat"
    beating = work._Heartbeat(path)
    first = path.stat().st_mtime_ns
    time.sleep(0.3)
    beating.stop()
    assert path.stat().st_mtime_ns > first


def test_old_exports_are_pruned_and_the_job_says_expired(users, settings):
    settings.SHIELD_JOBS_KEEP_DAYS = 7
    admin = users["admin"]
    old = Job.objects.create(kind=Job.EXPORT, user=admin, params={"format": "csv"})
    recent = Job.objects.create(kind=Job.EXPORT, user=admin, params={"format": "csv"})
    for job, age in ((old, 8), (recent, 6)):
        work.folder_of(job).mkdir(parents=True)
        (work.folder_of(job) / work.EXPORT_FILES["csv"]).write_text("id\n")
        job.status, job.finished_at = Job.DONE, timezone.now() - timedelta(days=age)
        job.result = {"format": "csv", "records": 0, "bytes": 3}
        job.save()
    assert work.prune() == 1 and work.prune() == 0  # once
    old.refresh_from_db()
    assert old.result["expired"] is True and not work.folder_of(old).exists()
    assert work.folder_of(recent).exists()
    client = Client()
    client.force_login(admin)
    body = client.get(f"/api/jobs/{old.pk}").json()
    assert body["result_url"] is None and body["result"]["expired"] is True
    assert client.get(f"/api/jobs/{old.pk}/result").status_code == 404
    page = client.get(f"/jobs/{old.pk}/", HTTP_ACCEPT_LANGUAGE="nb").content.decode()
    assert "eksporter på nytt" in page
    assert client.get(f"/api/jobs/{recent.pk}").json()["result_url"]
