"""Periodic jobs: what each app asks the background worker to run on a schedule.

An app lists its periodic jobs in a `jobs.py` module, as a `PERIODIC` list of
(task, period) pairs, the way it lists its search fields on its models:

    PERIODIC = [(publish_scheduled_pages, timedelta(minutes=1))]

The worker (`manage.py kb_worker`) queues each job when its period has passed
since it was last queued, by any worker process.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger("kb.worker")


@dataclass(frozen=True)
class PeriodicJob:
    task: object  # a django_tasks Task
    every: timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


def periodic_jobs() -> list[PeriodicJob]:
    """Every installed kb app's periodic jobs, in INSTALLED_APPS order."""
    jobs = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kb."):
            continue
        try:
            module = import_module(f"{config.name}.jobs")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.jobs":
                raise
            continue
        jobs += [PeriodicJob(task, every) for task, every in module.PERIODIC]
    return jobs


def _claim(job: PeriodicJob, now) -> bool:
    """Whether this process may queue `job` now (and it is marked queued)."""
    claimed = PeriodicRun.objects.filter(
        name=job.name, last_enqueued_at__lte=now - job.every
    ).update(last_enqueued_at=now)
    if claimed:
        return True
    try:
        with transaction.atomic():
            PeriodicRun.objects.create(name=job.name, last_enqueued_at=now)
    except IntegrityError:  # it exists and is not due, or another worker won
        return False
    return True


def enqueue_due_jobs(now=None) -> list[str]:
    """Queue every periodic job whose period has passed; their names."""
    now = now or timezone.now()
    queued = []
    for job in periodic_jobs():
        if _claim(job, now):
            job.task.enqueue()
            queued.append(job.name)
    if queued:
        logger.info("Queued periodic jobs: %s", ", ".join(queued))
    return queued
