"""The search app's periodic jobs (run by the background worker)."""

from datetime import timedelta

from django_tasks import task

from . import index_updates


@task()
def apply_pending_index_updates():
    """Index what could not be indexed when it changed (see index_updates)."""
    index_updates.apply_pending()


PERIODIC = [(apply_pending_index_updates, timedelta(minutes=1))]
