"""The articles app's periodic jobs (run by the background worker)."""

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Publish the pages whose scheduled time has come, unpublish expired ones."""
    call_command("publish_scheduled")


PERIODIC = [(publish_scheduled_pages, timedelta(minutes=1))]
