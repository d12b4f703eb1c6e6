"""Writes for contact: visits and their events, support requests."""

import datetime
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ContactCategory, ContactRequest, Visit, VisitEvent

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
REFERENCE_LENGTH = 8
REPEAT_WINDOW = datetime.timedelta(minutes=10)


def visit_start(*, visitor: str) -> Visit:
    now = timezone.now()
    return Visit.objects.create(visitor=visitor, started_at=now, last_seen_at=now)


def visit_continue(*, visit_id: int, idle: datetime.timedelta) -> Visit | None:
    """The visit, marked seen now, unless it ended (idle too long) or is unknown."""
    now = timezone.now()
    if not Visit.objects.filter(pk=visit_id, last_seen_at__gte=now - idle).update(
        last_seen_at=now
    ):
        return None
    return Visit.objects.filter(pk=visit_id).first()


def visit_event_record(
    *,
    visit: Visit,
    kind: str,
    text: str,
    page_id: int | None = None,
    url: str = "",
    helpful: bool | None = None,
) -> VisitEvent | None:
    """Note what the visit did; the same thing done again in a visit is noted once."""
    values = {"kind": kind, "text": text[:255], "page_id": page_id, "helpful": helpful}
    if visit.events.filter(**values).exists():
        return None
    return VisitEvent.objects.create(visit=visit, url=url[:500], **values)


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def contact_request_create(
    *,
    subject: str,
    description: str,
    email: str,
    category: ContactCategory | None = None,
    attachment=None,
    attachment_type=None,
    visit: Visit | None = None,
    user=None,
    client_hash: str = "",
) -> ContactRequest:
    """Store a request, then (on commit) have the worker mail it and call the webhook.

    The same request sent twice within REPEAT_WINDOW (a double click, a resent
    form) is stored once: the first one is returned.
    """
    from . import tasks
    from .selectors import visit_context

    email = email.strip()
    earlier = ContactRequest.objects.filter(
        email__iexact=email,
        subject=subject,
        description=description,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if earlier is not None:
        return earlier
    fields = {
        "subject": subject,
        "description": description,
        "email": email,
        "category": category,
        "visit": visit,
        "user": user if user is not None and user.is_authenticated else None,
        "context": visit_context(visit) if visit is not None else {},
        "client_hash": client_hash,
    }
    if attachment is not None:
        fields["attachment_name"] = attachment.name[-255:]
        fields["attachment_type"] = attachment_type.mime
    for _ in range(5):
        try:
            with transaction.atomic():
                contact_request = ContactRequest(reference=new_reference(), **fields)
                if attachment is not None:
                    attachment.seek(0)
                    stored_name = f"{contact_request.reference}.{attachment_type.extension}"
                    contact_request.attachment.save(
                        stored_name, ContentFile(attachment.read()), save=False
                    )
                contact_request.save()
                transaction.on_commit(
                    lambda pk=contact_request.pk: tasks.enqueue_request_delivery(pk)
                )
                return contact_request
        except IntegrityError:  # the reference was taken: draw another
            continue
    raise RuntimeError("could not draw a free reference")


def contact_request_mark(
    *, contact_request_id: int, mailed: bool = False, webhook: bool = False
) -> None:
    """Note that the worker mailed a request or delivered its webhook."""
    now = timezone.now()
    updates = {}
    if mailed:
        updates["mailed_at"] = now
    if webhook:
        updates["webhook_sent_at"] = now
    ContactRequest.objects.filter(pk=contact_request_id).update(**updates)
