"""Periodic jobs for contact (run by the background worker)."""

from datetime import timedelta

from django_tasks import task

from .services import visits_prune

PRUNE_EVERY = timedelta(days=1)


@task()
def prune_old_visits() -> int:
    """Forget visits older than the score report looks back (requests keep their
    own copy of their visit's context)."""
    return visits_prune()


PERIODIC = [(prune_old_visits, PRUNE_EVERY)]
