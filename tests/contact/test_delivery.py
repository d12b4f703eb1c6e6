"""The worker mails each stored request and calls the help desk's webhook, signed,
trying again later while either is down."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from kb.contact.models import ContactRequest

from .test_views import send

WEBHOOK = "kb.contact.tasks.send_request_webhook"


class HelpDesk:
    """A real HTTP server on a free local port that records what it receives."""

    def __init__(self, status=200):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/kb"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def help_desk(settings):
    desk = HelpDesk()
    settings.KB_CONTACT_WEBHOOK_URL = desk.url
    settings.KB_CONTACT_WEBHOOK_SECRET = "s3cret"
    yield desk
    desk.close()


def test_each_request_is_posted_to_the_webhook_as_signed_json(
    customer, home, help_desk
):
    send(customer)

    [(headers, body)] = help_desk.received
    contact_request = ContactRequest.objects.get()
    expected = hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert headers["x-kb-signature"] == f"sha256={expected}"
    payload = json.loads(body)
    assert payload["reference"] == contact_request.reference
    assert payload["subject"] == "Can't find my invoice"
    assert payload["email"] == "ann@example.com"
    assert "context" in payload
    assert contact_request.webhook_sent_at is not None


def test_without_a_webhook_url_nothing_is_posted(customer, home, settings):
    settings.KB_CONTACT_WEBHOOK_URL = ""

    send(customer)

    assert ContactRequest.objects.get().webhook_sent_at is None
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_while_the_help_desk_is_down_the_webhook_is_tried_again_later(
    customer, home, settings
):
    desk = HelpDesk(status=503)
    settings.KB_CONTACT_WEBHOOK_URL = desk.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    try:
        send(customer)
        from django.core.management import call_command

        call_command("kb_worker", "--batch")
    finally:
        desk.close()

    assert len(desk.received) == 1
    contact_request = ContactRequest.objects.get()
    assert contact_request.webhook_sent_at is None
    retry = DBTaskResult.objects.get(task_path=WEBHOOK, status="READY")
    assert retry.args_kwargs["kwargs"]["attempt"] == 2
    assert retry.run_after is not None


@pytest.mark.django_db(transaction=True)
def test_a_request_is_stored_even_while_the_mail_server_is_down(
    customer, home, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "kb.worker.mail.QueuedEmailBackend"
    settings.KB_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_PORT = 1  # nothing listens there
    from django.core.management import call_command

    response = send(customer)
    call_command("kb_worker", "--batch")

    assert response.status_code == 302
    assert ContactRequest.objects.get().mailed_at is not None
    waiting = DBTaskResult.objects.filter(
        task_path="kb.worker.mail.deliver_email", status="READY"
    )
    assert waiting.count() == 2  # both e-mails wait for their next try
    assert mail.outbox == []
