"""Members' notifications: the inbox (with its unread count), e-mail preferences,
and the e-mail itself, sent at once or in a daily digest by the background worker.

Notifications are written in the transaction of the action they report; the
e-mail is queued when that transaction commits. Unread counts are counted from
the rows (never a stored counter), so they are exact however many members act
at once. An e-mail is sent once: a sender first claims the notifications with a
conditional UPDATE that only one process can win.

Import from here (`kb.forum.notifications`); each module holds one concern.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import ngettext
from django_tasks import task

from kb import mail

from ..models import Notification, NotificationPreference
from .email import _claim, _entry, _send, _subject, _unsubscribe_headers, _with_related
from .inboxes import INBOX_SIZE, inbox, notifications_mark_read, notify, unread_count
from .mentions import (
    CODE,
    MAX_MENTIONS,
    MENTION,
    MENTION_LINK,
    link_mentions,
    mention_candidates,
    mentioned_users,
    notify_mentions,
)
from .preferences import (
    DEFAULT_DELIVERY,
    Delivery,
    Kind,
    deliveries,
    preferences_set,
    remember_language,
)
from .wording import (
    BADGE_SAYS,
    MODERATOR_SAYS,
    SAYS,
    member_name,
    notification_text,
)

__all__ = [
    "Kind",
    "Delivery",
    "DEFAULT_DELIVERY",
    "MAX_MENTIONS",
    "MENTION",
    "MENTION_LINK",
    "CODE",
    "INBOX_SIZE",
    "SAYS",
    "MODERATOR_SAYS",
    "BADGE_SAYS",
    "unread_count",
    "inbox",
    "deliveries",
    "mentioned_users",
    "link_mentions",
    "mention_candidates",
    "notify",
    "notify_mentions",
    "notification_text",
    "remember_language",
    "notifications_mark_read",
    "preferences_set",
    "member_name",
    "send_instant_notifications",
    "send_notification_digests",
]

# The background tasks are defined here, not in email.py: the worker knows a task
# by its import path (queued tasks, and kb.worker's PeriodicRun for the digest),
# which stays kb.forum.notifications.<task>.


@task()
def send_instant_notifications(*, ids: list[int]) -> int:
    """E-mail each notification whose member wants this kind at once."""
    notifications = list(
        _with_related(
            Notification.objects.filter(
                pk__in=ids,
                emailed_at__isnull=True,
                recipient__is_active=True,
            ).exclude(recipient__email="")
        )
    )
    wanted = [
        n for n in notifications if deliveries(n.recipient)[n.kind] == Delivery.INSTANT
    ]
    sent = 0
    for notification in _claim(wanted):
        unsubscribe_url, headers = _unsubscribe_headers(notification)
        with mail.in_language_of(notification.recipient):
            sent += _send(
                recipient=notification.recipient,
                entries=[_entry(notification)],
                subject=_subject(notification),
                unsubscribe_url=unsubscribe_url,
                headers=headers,
            )
    return sent


@task()
def send_notification_digests() -> int:
    """One e-mail per member with their unread notifications of the kinds they
    asked to get daily, from the last two days."""
    daily = NotificationPreference.objects.filter(delivery=Delivery.DAILY)
    wanted = Q(pk__in=[])
    for user_id, kind in daily.values_list("user_id", "kind"):
        wanted |= Q(recipient_id=user_id, kind=kind)
    since = timezone.now() - timedelta(days=2)
    pending = _with_related(
        Notification.objects.filter(
            wanted,
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__gte=since,
            recipient__is_active=True,
        ).exclude(recipient__email="")
    )
    per_member = defaultdict(list)
    for notification in _claim(list(pending)):
        per_member[notification.recipient].append(notification)
    sent = 0
    for recipient, notifications in per_member.items():
        count = len(notifications)
        with mail.in_language_of(recipient):
            sent += _send(
                recipient=recipient,
                entries=[_entry(n) for n in notifications],
                subject=ngettext(
                    "Your daily summary: %(count)d new notification",
                    "Your daily summary: %(count)d new notifications",
                    count,
                )
                % {"count": count},
            )
    return sent
