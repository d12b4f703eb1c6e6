"""Writes for contact: visits and their events, support requests."""

import datetime
import secrets

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
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
    form_token: str = "",
    user=None,
    client_hash: str = "",
) -> ContactRequest:
    """Store a request, then (on commit) have the worker mail it and call the webhook.

    A form sent twice (a double click, a reload), even at the same moment, stores
    one request: the unique `form_token` decides. The same text from the same
    address within REPEAT_WINDOW (the form opened again) is also stored once.
    The first request is returned.
    """
    from . import tasks
    from .selectors import visit_context

    email = email.strip()
    same_form = Q(form_token=form_token) if form_token else Q(pk__in=[])
    same_text = Q(
        email__iexact=email,
        subject=subject,
        description=description,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    )
    earlier = ContactRequest.objects.filter(same_form | same_text).first()
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
        "form_token": form_token,
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
                    # Unguessable, so no one finds a customer's file by its name.
                    stored_name = (
                        f"{contact_request.reference}-{secrets.token_urlsafe(12)}"
                        f".{attachment_type.extension}"
                    )
                    contact_request.attachment.save(
                        stored_name, ContentFile(attachment.read()), save=False
                    )
                contact_request.save()
                transaction.on_commit(
                    lambda pk=contact_request.pk: tasks.enqueue_request_delivery(pk)
                )
                return contact_request
        except IntegrityError:
            if form_token:  # the same form's other submission won the race
                same = ContactRequest.objects.filter(form_token=form_token).first()
                if same is not None:
                    return same
            continue  # the reference was taken: draw another
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


KEEP_VISITS = datetime.timedelta(days=400)  # a year of weekly scores, and a margin


def visits_prune(*, older_than: datetime.timedelta = KEEP_VISITS) -> int:
    """Delete visits (and their events) started before `older_than` ago."""
    deleted, _ = Visit.objects.filter(
        started_at__lt=timezone.now() - older_than
    ).delete()
    return deleted
