"""Background work for support requests (ids in, never instances): the e-mails to
support and to the customer, and the optional webhook to a help desk."""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from kb import mail
from kb.worker.retry import retry_later

from .models import ContactRequest
from .selectors import support_address
from .services import contact_request_mark

logger = logging.getLogger("kb.contact")
WEBHOOK_TIMEOUT = 10
SIGNATURE_HEADER = "X-KB-Signature"


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def enqueue_request_delivery(contact_request_id: int) -> None:
    send_request_emails.enqueue(contact_request_id=contact_request_id)
    if settings.KB_CONTACT_WEBHOOK_URL:
        send_request_webhook.enqueue(contact_request_id=contact_request_id)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines())


@task()
def send_request_emails(*, contact_request_id: int) -> int:
    """Mail the request to support (with the visit's context) and confirm it to the
    customer; the mail backend queues each message for delivery with retries."""
    contact_request = (
        ContactRequest.objects.select_related("category")
        .filter(pk=contact_request_id)
        .first()
    )
    if contact_request is None:
        return 0
    context = {
        "request": contact_request,
        "description_quoted": _quoted(contact_request.description),
        "visit": contact_request.context,
        "admin_url": absolute_url(
            reverse("contact_requests:inspect", args=[contact_request.pk])
        ),
        "base_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "site_name": mail.site_name(),
    }
    to_support = mail.markdown_email(
        subject=mail.subject_line(
            _("Support request %(reference)s: %(subject)s")
            % {
                "reference": contact_request.reference,
                "subject": contact_request.subject,
            }
        )[:200],
        markdown_text=render_to_string("contact/email/to_support.md", context),
        to=[support_address(contact_request.category)],
        headers={"Reply-To": contact_request.email},
    )
    if contact_request.attachment:
        with contact_request.attachment.open("rb") as attachment:
            to_support.attach(
                contact_request.attachment_name or "attachment",
                attachment.read(),
                contact_request.attachment_type,
            )
    confirmation = mail.markdown_email(
        subject=mail.subject_line(
            _("We received your request %(reference)s")
            % {"reference": contact_request.reference}
        ),
        markdown_text=render_to_string("contact/email/confirmation.md", context),
        to=[contact_request.email],
    )
    sent = to_support.send() + confirmation.send()
    contact_request_mark(contact_request_id=contact_request_id, mailed=True)
    return sent


def webhook_body(contact_request: ContactRequest) -> bytes:
    payload = {
        "reference": contact_request.reference,
        "subject": contact_request.subject,
        "description": contact_request.description,
        "email": contact_request.email,
        "category": contact_request.category.name if contact_request.category else "",
        "created_at": contact_request.created_at.isoformat(),
        "has_attachment": bool(contact_request.attachment),
        "context": contact_request.context,
        "url": absolute_url(
            reverse("contact_requests:inspect", args=[contact_request.pk])
        ),
    }
    return json.dumps(payload, sort_keys=True).encode()


def webhook_signature(body: bytes, secret: str) -> str:
    """'sha256=<hex HMAC of the body>', as GitHub and most help desks check it."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


@task()
def send_request_webhook(*, contact_request_id: int, attempt: int = 1) -> int | None:
    """POST the request as signed JSON to KB_CONTACT_WEBHOOK_URL; retried later
    while the help desk is down or answers with an error."""
    url = settings.KB_CONTACT_WEBHOOK_URL
    contact_request = (
        ContactRequest.objects.select_related("category")
        .filter(pk=contact_request_id)
        .first()
    )
    if not url or contact_request is None:
        return None
    body = webhook_body(contact_request)
    headers = {"Content-Type": "application/json", "User-Agent": "kb-webhook/1"}
    if settings.KB_CONTACT_WEBHOOK_SECRET:
        headers[SIGNATURE_HEADER] = webhook_signature(
            body, settings.KB_CONTACT_WEBHOOK_SECRET
        )
    outgoing = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(outgoing, timeout=WEBHOOK_TIMEOUT) as response:
            status = response.status
    except (urllib.error.URLError, OSError, ValueError) as error:
        logger.warning(
            "Webhook for request %s failed (attempt %d): %s",
            contact_request.reference,
            attempt,
            error,
        )
        retry_later(
            send_request_webhook,
            error,
            attempt=attempt,
            contact_request_id=contact_request_id,
        )
        return None
    contact_request_mark(contact_request_id=contact_request_id, webhook=True)
    return status
