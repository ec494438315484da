"""The one task: run a job (``work.run``). Its argument is the job's id, so the task
framework's queue holds nothing but that; everything else is in the job and its folder."""

from __future__ import annotations

from django_tasks import task

from . import work


@task()
def run_job(job_id: str) -> dict:
    return work.run(job_id)
