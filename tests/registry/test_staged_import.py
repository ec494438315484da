"""A big import written in chunks (registry.staging): between its chunks another connection
writes and reads; no read sees any of the import before it is published, every write goes
through at once, and the import then appears whole. An import that stops half way (a crash
before it could clean up) leaves nothing visible, and its chunks are removed afterwards."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from shield.audit.models import AuditEntry
from shield.audit.verify import verify_chain
from shield.registry import provenance, services, staging
from shield.registry.disclosure import visible_to
from shield.registry.models import CulturalProperty, NameKey, StagedImport
from shield.registry.search import Criteria, search
from shield.registry.transfer import ImportFailed, import_bytes
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 300


@pytest.fixture(autouse=True)
def small_chunks(settings):
    settings.SHIELD_IMPORT_PARALLEL_FROM = 100
    settings.SHIELD_IMPORT_CHUNK = 40
    settings.SHIELD_IMPORT_CHUNK_PAUSE = 0


@pytest.fixture
def admin(states):
    from shield.accounts import roles

    return make_user("importer", roles.ADMINISTRATOR)


def sample(n: int = ROWS, bad_at: int | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["external_id", "category", "state", "name:en", "lat", "lon"])
    for i in range(n):
        state = ["ARM", "AZE", "GEO"][i % 3]
        category = "nonsense" if i == bad_at else "monument"
        writer.writerow([f"st:{i}", category, state, f"Zvartnotsik {i}", "40.1", "44.5"])
    return out.getvalue().encode()


class Neighbour(threading.Thread):
    """Another connection: after each chunk of the import, reads what anyone may read and
    adds a record of its own; the import waits for it."""

    def __init__(self, user):
        super().__init__(daemon=True)
        self.user = user
        self.go, self.done = threading.Semaphore(0), threading.Semaphore(0)
        self.seen: list[int] = []
        self.found: list[int] = []
        self.created: list[str] = []
        self.failures: list[BaseException] = []
        self.stopping = False

    def run(self) -> None:
        try:
            while True:
                self.go.acquire()
                if self.stopping:
                    return
                try:
                    self.seen.append(
                        visible_to(self.user).filter(external_id__startswith="st:").count()
                    )
                    self.found.append(search(AnonymousUser(), Criteria("Zvartnotsik")).total)
                    prop = services.create_property(
                        self.user,
                        {
                            "external_id": f"neighbour:{len(self.created)}",
                            "category": "monument",
                            "state": "ARM",
                            "names": [{"text": "Neighbour", "lang": "en"}],
                            "lat": 40.2,
                            "lon": 44.6,
                        },
                    )
                    self.created.append(prop.code)
                except BaseException as exc:  # reported by the test
                    self.failures.append(exc)
                finally:
                    self.done.release()
        finally:
            connection.close()


def test_reads_between_chunks_see_none_of_it_and_writes_go_through(admin, monkeypatch):
    neighbour = Neighbour(admin)
    neighbour.start()
    chunks = []
    real = staging.write_chunk

    def chunk_then_neighbour(stage, write):
        real(stage, write)
        chunks.append(stage.pk)
        neighbour.go.release()
        neighbour.done.acquire()

    monkeypatch.setattr(staging, "write_chunk", chunk_then_neighbour)
    try:
        result = import_bytes(admin, sample(), "staged.csv")
    finally:
        neighbour.stopping = True
        neighbour.go.release()
        neighbour.join(30)

    assert not neighbour.failures, neighbour.failures
    assert len(chunks) >= ROWS // 40  # it was written in chunks, each committed on its own
    assert neighbour.seen == [0] * len(chunks)  # no read saw any of it before it was published
    assert neighbour.found == [0] * len(chunks)
    assert len(neighbour.created) == len(chunks)  # a write went through after every chunk
    # Published whole: every record, codes after the neighbour's without a clash, one entry.
    assert visible_to(admin).filter(external_id__startswith="st:").count() == ROWS
    assert search(AnonymousUser(), Criteria("Zvartnotsik")).total == ROWS
    entry = AuditEntry.objects.get(action="import")
    assert result.audit_entry == entry.seq and entry.changes["created"] == ROWS
    assert entry.seq > max(AuditEntry.objects.filter(action="create").values_list("seq", flat=True))
    assert provenance.records_of(entry.seq).count() == ROWS
    assert provenance.first_mismatch() is None
    assert verify_chain()[0] is None
    codes = set(CulturalProperty.objects.values_list("code", flat=True))
    assert len(codes) == CulturalProperty.objects.count()
    assert set(neighbour.created) <= codes


def test_a_bad_row_late_in_the_file_removes_the_chunks_already_written(admin):
    with pytest.raises(ImportFailed) as failed:
        import_bytes(admin, sample(bad_at=ROWS - 5), "bad.csv")
    assert any(e.where == f"line {ROWS - 5 + 2}" for e in failed.value.errors)
    assert not CulturalProperty.objects.filter(external_id__startswith="st:").exists()
    assert not StagedImport.objects.exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_an_import_stopped_half_way_shows_nothing_and_is_removed_afterwards(admin, monkeypatch):
    real = staging.write_chunk
    written = []

    def crash_after_three(stage, write):
        if len(written) == 3:
            raise SystemExit("killed")  # as if the process died: no clean-up below runs
        real(stage, write)
        written.append(stage.pk)

    monkeypatch.setattr(staging, "write_chunk", crash_after_three)
    monkeypatch.setattr(staging, "discard", lambda _pk: 0)
    with pytest.raises(SystemExit):
        import_bytes(admin, sample(), "crash.csv")
    monkeypatch.undo()

    # Its first chunks are in the tables, and no door shows them.
    stage = StagedImport.objects.get()
    assert CulturalProperty.objects.filter(staged_in=stage.pk).count() == 3 * 40
    assert visible_to(admin, include_deleted=True).filter(staged_in=stage.pk).count() == 0
    assert search(admin, Criteria("Zvartnotsik")).total == 0
    assert not AuditEntry.objects.filter(action="import").exists()
    # Its codes stay reserved while it might still be running.
    taken = services.create_property(
        admin,
        {
            "category": "monument",
            "state": "ARM",
            "names": [{"text": "x", "lang": "en"}],
            "lat": 40.2,
            "lon": 44.6,
        },
    )
    assert taken.code == services.code_for("ARM", stage.codes["ARM"] + 1)

    # The process that ran it is gone: the next staged import
    # removes what it wrote.
    gone = subprocess.Popen(["true"])
    gone.wait()
    StagedImport.objects.filter(pk=stage.pk).update(pid=gone.pid)
    assert staging.abandoned() == [stage.pk]
    assert staging.remove_abandoned() == 1
    assert not CulturalProperty.objects.filter(staged_in=stage.pk).exists()
    assert not StagedImport.objects.exists()
    assert not NameKey.objects.filter(property__staged_in=stage.pk).exists()

    result = import_bytes(admin, sample(), "again.csv")
    assert result.created == ROWS
    assert visible_to(admin).filter(external_id__startswith="st:").count() == ROWS


def test_an_abandoned_import_is_found_by_its_silence_on_another_machine(admin):
    from datetime import timedelta

    from django.utils import timezone

    stage = StagedImport.objects.create(file="x.csv", actor_label="a", host="elsewhere", pid=1)
    assert staging.abandoned() == []  # another machine's import, still writing
    StagedImport.objects.filter(pk=stage.pk).update(
        touched_at=timezone.now() - staging.ABANDONED_AFTER - timedelta(seconds=1)
    )
    assert staging.abandoned() == [stage.pk]
    assert os.getpid() > 0
