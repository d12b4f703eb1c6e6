"""The worker's own periodic jobs."""

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task

KEEP_FINISHED_DAYS = 30


@task()
def prune_finished_tasks():
    """Forget tasks finished (or failed) more than a month ago."""
    call_command(
        "prune_db_task_results",
        queue_name="*",
        min_age_days=KEEP_FINISHED_DAYS,
        verbosity=0,
    )


PERIODIC = [(prune_finished_tasks, timedelta(days=1))]
