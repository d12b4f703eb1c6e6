"""Periodic jobs are queued once per period, whichever worker looks."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kb.worker.schedule import enqueue_due_jobs, periodic_jobs
from tests.factories import make_article

# The worker closes connections it finds inside a transaction, as in production,
# so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

PUBLISH = "kb.articles.jobs.publish_scheduled_pages"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_each_app_lists_its_periodic_jobs():
    jobs = {job.name: job.every for job in periodic_jobs()}
    assert jobs[PUBLISH] == timedelta(minutes=1)


def test_a_job_is_queued_once_per_period_however_often_workers_look(database_tasks):
    now = timezone.now()

    assert PUBLISH in enqueue_due_jobs(now)
    assert enqueue_due_jobs(now) == []
    assert enqueue_due_jobs(now + timedelta(seconds=59)) == []
    assert PUBLISH in enqueue_due_jobs(now + timedelta(minutes=1))
    assert DBTaskResult.objects.filter(task_path=PUBLISH).count() == 2


def test_the_worker_publishes_an_article_whose_time_has_come(database_tasks, category):
    article = make_article(category, "Holiday opening hours", live=False)
    revision = article.latest_revision
    revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
    revision.save()
    article.refresh_from_db()
    assert not article.live

    call_command("kb_worker", "--batch")

    article.refresh_from_db()
    assert article.live


def test_finished_tasks_are_forgotten_after_a_month(database_tasks):
    from kb.articles.jobs import publish_scheduled_pages
    from kb.worker.jobs import prune_finished_tasks

    call_command("kb_worker", "--batch")  # runs every job due: a first time
    DBTaskResult.objects.update(finished_at=timezone.now() - timedelta(days=31))
    recent = publish_scheduled_pages.enqueue()
    call_command("kb_worker", "--batch")

    prune_finished_tasks.call()

    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [
        str(recent.id)
    ]
