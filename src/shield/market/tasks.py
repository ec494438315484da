"""A market screening as a task of Django's task framework (``shield worker`` runs it, beside
the jobs): the batch was started by a request (listings read and checked, written); the worker
scores it (``service.run``) and keeps its progress in the batch's folder."""

from __future__ import annotations

from django_tasks import task

from .models import Batch


def enqueue(batch: Batch) -> None:
    run_batch.enqueue(str(batch.pk))


@task()
def run_batch(batch_id: str) -> dict:
    from . import service

    batch = Batch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != Batch.QUEUED:
        return {"status": batch.status}
    try:
        service.run(batch)
    except Exception as exc:
        service.fail(batch, f"the screening stopped on an unexpected error ({type(exc).__name__})")
        raise
    return {"status": batch.status}
