"""Big imports and exports through the API are jobs: the request answers 202 at once and
starts no process; the worker (``shield worker --once``) runs the same import or export;
the job tells its status, progress and outcome to whoever started it (and the Secretariat)
and to no one else."""

from __future__ import annotations

import csv
import io
import os
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shield import cli
from shield.audit.models import AuditEntry
from shield.jobs.models import Job
from shield.jobs.worker import run_pending
from shield.registry.models import CulturalProperty
from shield.registry.transfer import import_bytes

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = ["external_id", "category", "state", "name:en", "lat", "lon", "confidentiality"]

forks: list[int] = []
_counting = threading.Event()


def _count_fork() -> None:
    if _counting.is_set():
        forks.append(os.getpid())


os.register_at_fork(before=_count_fork)  # the real fork hook: counts every process started


@pytest.fixture(autouse=True)
def job_settings(settings, tmp_path):
    settings.SHIELD_JOBS_DIR = tmp_path / "jobs"
    settings.SHIELD_IMPORT_JOB_FROM = 4000  # bytes: the 300-row files below are jobs
    settings.SHIELD_EXPORT_JOB_FROM = 5  # records
    forks.clear()
    _counting.set()
    yield
    _counting.clear()


def rows_csv(n: int, bad: set[int] = frozenset(), restricted: set[int] = frozenset()) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(n):
        lat = "north" if i in bad else f"{40 + (i % 100) / 1000:.4f}"
        level = "restricted" if i in restricted else "public"
        writer.writerow([f"job:{i}", "monument", "ARM", f"Monument {i}", lat, "44.5", level])
    return out.getvalue().encode()


def client_for(user=None) -> tuple[Client, dict]:
    from shield.accounts.models import ApiToken

    if user is None:
        return Client(), {}
    _t, raw = ApiToken.issue(user, "jobs")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def upload(user, content: bytes, name: str = "big.csv", **query):
    client, headers = client_for(user)
    path = "/api/import" + ("?dry_run=true" if query.get("dry_run") else "")
    return client.post(path, {"file": SimpleUploadedFile(name, content, "text/csv")}, **headers)


def status_of(user, job_id: str):
    client, headers = client_for(user)
    return client.get(f"/api/jobs/{job_id}", **headers)


def test_a_big_import_answers_202_at_once_and_the_worker_runs_it(users, settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 100  # a request would fork here, were it allowed to
    settings.SHIELD_IMPORT_BATCH = 50
    content = rows_csv(300)
    assert len(content) >= settings.SHIELD_IMPORT_JOB_FROM

    r = upload(users["officer_arm"], content)
    assert r.status_code == 202, r.content[:500]
    body = r.json()
    job_id = body["job"]
    assert body["status"] == "queued"
    assert body["status_url"] == f"/api/jobs/{job_id}"
    assert body["page_url"] == f"/jobs/{job_id}/"
    # The request returned before the import ran, and started no process.
    assert not CulturalProperty.objects.exists()
    assert forks == []

    queued = status_of(users["officer_arm"], job_id).json()
    assert queued["status"] == "queued" and queued["kind"] == "import"
    assert queued["file"] == "big.csv" and queued["result"] is None

    assert cli.main(["worker", "--once"]) == 0  # the worker runs in the main thread: it may fork

    done = status_of(users["officer_arm"], job_id).json()
    assert done["status"] == "done", done
    result = done["result"]
    assert (result["created"], result["updated"], result["unchanged"]) == (300, 0, 0)
    assert result["total"] == 300 and result["dry_run"] is False
    assert result["workers"] >= 1 and forks  # the parallel import, in the worker
    entry = AuditEntry.objects.get(seq=result["audit_entry"])
    assert entry.action == "import" and entry.actor == users["officer_arm"]
    assert AuditEntry.objects.filter(action="import").count() == 1
    assert CulturalProperty.objects.count() == 300
    progress = done["progress"]
    assert progress["total"] == 300 and progress["done"] == 300
    assert done["started_at"] and done["finished_at"] and done["failure"] is None
    assert not (settings.SHIELD_JOBS_DIR / job_id / "upload").exists()  # the upload is not kept


def test_a_small_import_stays_synchronous_and_forks_nothing_in_the_request(users, settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 10
    settings.SHIELD_IMPORT_JOB_FROM = 10**9
    r = upload(users["admin"], rows_csv(60))
    assert r.status_code == 200, r.content[:500]
    assert r.json()["created"] == 60
    assert forks == [] and not Job.objects.exists()


def test_a_dry_run_job_writes_nothing(users):
    r = upload(users["admin"], rows_csv(300), dry_run=True)
    assert r.status_code == 202
    run_pending()
    done = status_of(users["admin"], r.json()["job"]).json()
    assert done["status"] == "done" and done["result"]["dry_run"] is True
    assert done["result"]["created"] == 300 and done["result"]["audit_entry"] is None
    assert not CulturalProperty.objects.exists()


def test_a_failing_file_gives_a_failed_job_with_a_capped_report(users):
    bad = set(range(0, 300, 2))  # 150 bad rows: too few for the quick check to refuse
    r = upload(users["admin"], rows_csv(300, bad=bad))
    assert r.status_code == 202, r.content[:500]
    run_pending()
    failed = status_of(users["admin"], r.json()["job"]).json()
    assert failed["status"] == "failed" and failed["result"] is None
    failure = failed["failure"]
    assert failure["error"] == "nothing was imported: 150 error(s)"
    assert len(failure["errors"]) == 100 and failure["total"] == 150
    assert failure["total_is_lower_bound"] is False
    assert failure["errors"][0] == {
        "field": "line 2: lat",
        "message": failure["errors"][0]["message"],
    }
    assert [(c["field"], c["count"]) for c in failure["counts"]] == [("lat", 150)]
    assert not CulturalProperty.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_a_file_that_is_mostly_errors_is_refused_before_it_becomes_a_job(users):
    r = upload(users["admin"], rows_csv(3000, bad=set(range(3000))))
    assert r.status_code == 422
    assert r.json()["total"] == 1000 and r.json()["total_is_lower_bound"] is True
    r = upload(users["admin"], b"a,b\n\x80\x81 garbage\n" * 1000, "big.csv")
    assert r.status_code == 422 and "big.csv" in r.json()["errors"][0]["message"]
    assert not Job.objects.exists()


def test_only_who_started_a_job_and_the_secretariat_may_read_it(users):
    r = upload(users["officer_arm"], rows_csv(300))
    job_id = r.json()["job"]
    for user in (users["officer_aze"], users["committee"], None):
        answer = status_of(user, job_id)
        assert answer.status_code == 404, (user, answer.content)
        client, headers = client_for(user)
        assert client.get(f"/api/jobs/{job_id}/result", **headers).status_code == 404
    for user in (users["officer_arm"], users["secretariat"], users["admin"]):
        assert status_of(user, job_id).status_code == 200
    client = Client()
    client.force_login(users["officer_aze"])
    assert client.get(f"/jobs/{job_id}/").status_code == 404
    anonymous = Client().get(f"/jobs/{job_id}/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert status_of(users["admin"], "not-a-uuid").status_code == 422


def export_rows(users) -> None:
    import_bytes(users["admin"], rows_csv(8, restricted={3}), "seed.csv")


def test_an_export_job_streams_the_same_file_the_request_would_have_given(users, settings):
    export_rows(users)
    client, headers = client_for(users["admin"])
    settings.SHIELD_EXPORT_JOB_FROM = 10**9
    direct = client.get("/api/export", {"format": "csv"}, **headers)
    assert direct.status_code == 200
    settings.SHIELD_EXPORT_JOB_FROM = 5

    r = client.get("/api/export", {"format": "csv"}, **headers)
    assert r.status_code == 202
    job_id = r.json()["job"]
    again = client.get("/api/export", {"format": "csv"}, **headers)
    assert again.json()["job"] == job_id  # the same export, not a second one
    assert client.get(f"/api/jobs/{job_id}/result", **headers).status_code == 409  # not yet
    run_pending()
    done = client.get(f"/api/jobs/{job_id}", **headers).json()
    assert done["status"] == "done" and done["result"]["records"] == 8
    assert done["result_url"] == f"/api/jobs/{job_id}/result"
    streamed = client.get(done["result_url"], **headers)
    assert streamed.status_code == 200 and streamed.streaming
    assert streamed["Content-Type"].startswith("text/csv")
    assert b"".join(streamed.streaming_content) == direct.content
    assert done["progress"] == {"phase": "exporting", "done": 8, "total": 8}


def test_the_public_export_job_stays_public(users, settings):
    export_rows(users)
    r = Client().get("/api/export", {"format": "geojson"})
    assert r.status_code == 202
    run_pending()
    anyone = Client().get(f"/api/jobs/{r.json()['job']}")
    assert anyone.status_code == 200 and anyone.json()["result"]["records"] == 7  # no restricted
    streamed = Client().get(anyone.json()["result_url"])
    assert streamed["Content-Type"] == "application/geo+json"
    text = b"".join(streamed.streaming_content).decode()
    assert '"job:2"' in text and '"job:3"' not in text


@pytest.mark.parametrize("lang, says", [("en", "Import job"), ("nb", "Importjobb")])
def test_the_job_page_shows_a_refreshing_progress_bar_then_the_counts(users, lang, says):
    r = upload(users["officer_arm"], rows_csv(300))
    page_url = r.json()["page_url"]
    client = Client()
    client.force_login(users["officer_arm"])
    client.cookies["django_language"] = lang
    queued = client.get(page_url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert says in queued and 'id="job-progress"' in queued
    assert 'hx-trigger="every 2s"' in queued and 'data-status="queued"' in queued
    run_pending()
    done = client.get(page_url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert 'data-status="done"' in done and "hx-trigger" not in done
    assert 'value="300"' in done and ">300<" in done


@pytest.mark.browser
def test_a_failed_job_page_is_usable_at_390_px(browser, live_server, users):
    from selenium.webdriver.common.by import By
    from tests.browsing import wait

    r = upload(users["admin"], rows_csv(300, bad=set(range(0, 300, 3))), "ein-lang-filnamn.csv")
    run_pending()
    page_url = r.json()["page_url"]
    browser.set_window_size(390, 844)
    browser.get(f"{live_server.url}/login/?next={page_url}")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: b.current_url.endswith(page_url))
    # the address changes before the page is there: wait for the job's status itself
    wait(browser, lambda b: b.find_element(By.ID, "job-status").get_attribute("data-status"))
    assert browser.find_element(By.ID, "job-status").get_attribute("data-status") == "failed"
    width = browser.execute_script("return window.innerWidth")
    sizes = browser.execute_script(
        "return [document.documentElement.scrollWidth,"
        " document.getElementById('job-progress').getBoundingClientRect().right,"
        " document.getElementById('job-errors').getBoundingClientRect().right];"
    )
    assert all(s <= width for s in sizes), (sizes, width)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#job-errors tbody tr")) == 100


def test_the_demo_s_worker_thread_runs_a_job_without_starting_a_process(users, settings):
    """``shield demo`` runs the worker in a thread beside the server: a thread inside the
    web server never forks, so the import runs in one process there. (The test's SQLite
    database lives in memory, where two threads may not use it at once: the test waits
    for the task framework's signal that the job ended before it reads again.)"""
    from django_tasks.signals import task_finished

    from shield.jobs.worker import start_thread, stop

    settings.SHIELD_IMPORT_PARALLEL_FROM = 100
    r = upload(users["admin"], rows_csv(300))
    assert r.status_code == 202
    ended = threading.Event()
    receiver = lambda **_kw: ended.set()
    task_finished.connect(receiver, weak=False)
    w = start_thread(interval=0.05)
    try:
        assert ended.wait(30)
    finally:
        stop(w)
        task_finished.disconnect(receiver)
    done = status_of(users["admin"], r.json()["job"]).json()
    assert done["status"] == "done", done
    assert done["result"]["created"] == 300 and done["result"]["workers"] == 0
    assert forks == []


@pytest.mark.browser
def test_an_open_job_page_follows_the_job_to_its_end_without_reloading(browser, live_server, users):
    from selenium.webdriver.common.by import By
    from tests.browsing import wait

    r = upload(users["admin"], rows_csv(300))
    page_url = r.json()["page_url"]
    browser.get(f"{live_server.url}/login/?next={page_url}")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys("pw-for-tests-1")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(browser, lambda b: b.find_element(By.ID, "job-status").get_attribute("data-status"))
    assert browser.find_element(By.ID, "job-status").get_attribute("data-status") == "queued"
    browser.execute_script("window.notReloaded = true;")  # gone if the whole page reloads
    run_pending()
    wait(
        browser,
        lambda b: b.find_element(By.ID, "job-status").get_attribute("data-status") == "done",
    )
    assert browser.execute_script("return window.notReloaded === true;")
    assert browser.find_element(By.ID, "job-progress").get_attribute("value") == "300"
    assert not browser.find_elements(By.CSS_SELECTOR, "[hx-trigger]")  # it stops asking
