"""The articles app's periodic jobs (run by the background worker)."""

from datetime import timedelta

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Publish the pages whose scheduled time has come, unpublish expired ones."""
    call_command("publish_scheduled")


@task()
def delete_abandoned_new_pages():
    """Delete the new pages only Wagtail's autosave saved, untouched for a day."""
    from .autosave import abandoned_new_pages_delete

    return abandoned_new_pages_delete()


PERIODIC = [
    (publish_scheduled_pages, timedelta(minutes=1)),
    (delete_abandoned_new_pages, timedelta(days=1)),
]
