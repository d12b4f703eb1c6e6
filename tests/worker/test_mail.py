"""Mail goes through the background worker, which retries while the server is down."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kb.worker.retry import MAX_ATTEMPTS

# The worker closes connections it finds inside a transaction, as in production,
# so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

DELIVERY = "kb.worker.mail.deliver_email"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CLOSED_PORT = 1  # nothing listens there: a mail server that is down


@pytest.fixture
def queued_mail(settings):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "kb.worker.mail.QueuedEmailBackend"
    settings.KB_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def send_welcome():
    message = EmailMultiAlternatives(
        subject="Welcome to Acme Help",
        body="Hello **there**",
        from_email="Acme Help <help@example.com>",
        to=["ann@example.com"],
        bcc=["audit@example.com"],
        headers={"List-Unsubscribe": "<https://help.example.com/u/1>"},
    )
    message.attach_alternative("<p>Hello <strong>there</strong></p>", "text/html")
    message.attach("notes.txt", "plain notes", "text/plain")
    message.send()


def run_worker():
    call_command("kb_worker", "--batch")


def test_mail_waits_in_the_queue_until_the_worker_delivers_it_whole(queued_mail):
    send_welcome()

    assert mail.outbox == []
    assert DBTaskResult.objects.filter(task_path=DELIVERY, status="READY").count() == 1

    run_worker()

    [sent] = mail.outbox
    assert sent.subject == "Welcome to Acme Help"
    assert sent.from_email == "Acme Help <help@example.com>"
    assert sent.recipients() == ["ann@example.com", "audit@example.com"]
    assert sent.extra_headers["List-Unsubscribe"] == "<https://help.example.com/u/1>"
    assert sent.alternatives[0][1] == "text/html"
    assert sent.attachments[0][:2] == ("notes.txt", "plain notes")
    assert DBTaskResult.objects.get(task_path=DELIVERY).status == "SUCCESSFUL"


def test_mail_is_tried_again_later_while_the_server_is_down(queued_mail):
    queued_mail.KB_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.smtp.EmailBackend"
    )
    queued_mail.EMAIL_HOST, queued_mail.EMAIL_PORT = "127.0.0.1", CLOSED_PORT
    send_welcome()

    run_worker()

    retry = DBTaskResult.objects.get(task_path=DELIVERY, status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=20)

    # The server is back, and the pause is over.
    queued_mail.KB_EMAIL_DELIVERY_BACKEND = (
        "django.core.mail.backends.locmem.EmailBackend"
    )
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [m.subject for m in mail.outbox] == ["Welcome to Acme Help"]


def fail_every_delivery(settings):
    """Send a message while the mail server stays down for every attempt."""
    settings.KB_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", CLOSED_PORT
    send_welcome()
    for _ in range(MAX_ATTEMPTS):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_worker()


def test_mail_that_never_goes_through_ends_as_a_failed_task(queued_mail):
    fail_every_delivery(queued_mail)

    assert not DBTaskResult.objects.filter(task_path=DELIVERY, status="READY")
    failed = DBTaskResult.objects.get(task_path=DELIVERY, status="FAILED")
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert mail.outbox == []
