"""E-mail handed to the background worker, which delivers it with retries.

EMAIL_BACKEND = "kb.worker.mail.QueuedEmailBackend" stores each message as a
task in the database (so it is sent only if the transaction that wrote it
commits, and survives a restart); the worker delivers it through
KB_EMAIL_DELIVERY_BACKEND (SMTP on a real site) and tries again later while the
mail server is down.
"""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task

from .retry import retry_later

logger = logging.getLogger("kb.worker")


def message_to_json(message) -> dict:
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [
            [
                name,
                base64.b64encode(
                    content.encode() if isinstance(content, str) else content
                ).decode("ascii"),
                mimetype,
            ]
            for name, content, mimetype in message.attachments
        ],
    }


def message_from_json(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, base64.b64decode(content), mimetype)
    return message


@task()
def deliver_email(*, message: dict, attempt: int = 1) -> None:
    connection = get_connection(settings.KB_EMAIL_DELIVERY_BACKEND)
    try:
        connection.send_messages([message_from_json(message)])
    except Exception as error:  # noqa: BLE001 - any failure of the mail server
        logger.warning("Delivering an e-mail failed (attempt %d): %s", attempt, error)
        retry_later(deliver_email, error, attempt=attempt, message=message)


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            deliver_email.enqueue(message=message_to_json(message))
        return len(email_messages)
