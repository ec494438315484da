"""The worker loop: the task framework's database worker (django_tasks_db), run by
``shield worker`` in its own process, or by ``shield demo`` in a thread beside the server.

Only a worker in its own process may start processes (``registry.bigimport``, the import
on every core): a thread inside the web server never does (bigimport forks from the main
thread only)."""

from __future__ import annotations

import threading

from django.db import connections
from django.utils.crypto import get_random_string


def worker(once: bool = False, interval: float = 1.0):
    from django_tasks_db.management.commands.db_worker import Worker

    return Worker(
        queue_names=["default"],
        interval=interval,
        batch=once,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def tidy() -> None:
    """What a worker does as it starts: settle the jobs whose worker was lost (``kill -9``)
    and remove the files of jobs finished long ago (``work.settle_stale``, ``work.prune``)."""
    from . import work

    work.settle_stale()
    work.prune()


def run_pending() -> None:
    """Run every queued job, then return (``shield worker --once``, and the tests)."""
    tidy()
    worker(once=True).run()


def serve_forever(interval: float = 1.0) -> None:
    """Run jobs as they are queued, until the process ends (``shield worker``): Ctrl+C or
    SIGTERM lets the job in hand finish first."""
    tidy()
    w = worker(interval=interval)
    w.configure_signals()
    w.run()


def start_thread(interval: float = 1.0):
    """A worker in a daemon thread of this process (``shield demo``). Returns the worker;
    ``stop(worker)`` ends its loop after the job in hand."""
    w = worker(interval=interval)

    def loop() -> None:
        try:
            w.run()
        finally:
            connections.close_all()

    w.thread = threading.Thread(target=loop, name="shield-jobs-worker", daemon=True)
    w.thread.start()
    return w


def stop(w) -> None:
    w.running = False
    w.thread.join()
