"""`manage.py kb_worker`: the background worker.

Runs the tasks queued in the database (e-mail, search index retries...) and,
from a second thread, queues each app's periodic jobs when they are due
(kb/worker/schedule.py). Several workers may run at once.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from kb.worker.schedule import enqueue_due_jobs

logger = logging.getLogger("kb.worker")


class Command(BaseCommand):
    help = "Run queued background tasks and the periodic jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Queue the due periodic jobs, run every task ready now, then exit.",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between looks for new tasks when idle (default 1).",
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=15.0,
            help="Seconds between looks for due periodic jobs (default 15).",
        )

    def handle(self, *args, batch, interval, schedule_interval, **options):
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if batch:
            enqueue_due_jobs()
            worker.run()
            return
        stop = threading.Event()
        scheduler = threading.Thread(
            target=_schedule, args=(stop, schedule_interval), daemon=True
        )
        scheduler.start()
        worker.configure_signals()
        try:
            worker.run()
        finally:
            stop.set()


def _schedule(stop: threading.Event, every: float):
    while not stop.is_set():
        close_old_connections()
        try:
            enqueue_due_jobs()
        except Exception:  # noqa: BLE001 - logged; the next look tries again
            logger.exception("Queueing periodic jobs failed")
        stop.wait(every)
    connections.close_all()
