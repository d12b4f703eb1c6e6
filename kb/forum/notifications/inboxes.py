"""Members' inboxes: what lands in them (each notification, e-mailed on commit),
what is unread, and marking read."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator

from ..models import Notification

INBOX_SIZE = 50


def unread_count(user) -> int:
    if not (user and user.is_authenticated):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user, *, limit: int = INBOX_SIZE):
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("actor", "actor__forum_profile", "topic", "post__topic")
        .order_by("-created_at", "-pk")[:limit]
    )


def notify(
    *,
    recipients,
    kind: str,
    summary: str,
    actor=None,
    topic=None,
    post=None,
    badge: str = "",
) -> list[Notification]:
    """Tell each recipient (not the actor, each once); e-mail goes on commit."""
    from . import send_instant_notifications  # the package defines the tasks

    seen, rows = set(), []
    for user in recipients:
        user_id = getattr(user, "pk", user)
        if user_id in seen or (actor is not None and user_id == actor.pk):
            continue
        seen.add(user_id)
        rows.append(
            Notification(
                recipient_id=user_id,
                kind=kind,
                actor=actor,
                topic=topic or (post.topic if post is not None else None),
                post=post,
                badge=badge,
                summary=Truncator(summary).chars(300),
            )
        )
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)  # ids: SQLite 3.35+, PostgreSQL
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: send_instant_notifications.enqueue(ids=ids))
    return created


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark a member's notifications read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
