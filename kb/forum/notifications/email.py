"""The e-mail a notification becomes: claimed once, rendered in the member's
language, with a one-click unsubscribe for followed threads."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from kb import mail

from ..models import Notification, Subscription
from .preferences import Kind
from .wording import notification_text


def _claim(notifications) -> list[Notification]:
    """Mark `notifications` e-mailed; the ones this process won (only those go out).

    Each claim writes its own timestamp, so reading back by it returns exactly
    the rows this UPDATE changed, whatever other senders do at the same time.
    """
    claimed_at = timezone.now()
    ids = [n.pk for n in notifications]
    Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    )
    won = set(
        Notification.objects.filter(pk__in=ids, emailed_at=claimed_at).values_list(
            "pk", flat=True
        )
    )
    return [n for n in notifications if n.pk in won]


def _with_related(queryset):
    return queryset.select_related(
        "recipient",
        "actor",
        "actor__forum_profile",
        "topic",
        "post__topic",
    ).order_by("created_at", "pk")


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _entry(notification: Notification) -> dict:
    """What an e-mail shows of one notification; the post's HTML is the same
    sanitised HTML as on the page."""
    post = notification.post
    quoted = ""
    if post is not None and notification.kind in (Kind.ANSWER, Kind.MENTION):
        quoted = Truncator(post.body_html).chars(4000, html=True)
    return {
        "notification": notification,
        "text": notification_text(notification),
        "url": _absolute(notification.get_absolute_url()),
        "quoted_html": quoted,
    }


def _unsubscribe_headers(notification: Notification) -> tuple[str, dict]:
    """For a followed thread's news: a link to stop following, in the mail and
    as RFC 8058's one-click header."""
    from ..services import unsubscribe_token

    if notification.kind != Kind.ANSWER or notification.topic_id is None:
        return "", {}
    subscription = Subscription.objects.filter(
        topic_id=notification.topic_id, user_id=notification.recipient_id
    ).first()
    if subscription is None:
        return "", {}
    url = _absolute(
        reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    )
    return url, {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _send(
    *, recipient, entries: list[dict], subject: str, unsubscribe_url="", headers=None
):
    html = render_to_string(
        "forum/email/notifications.html",
        {
            "entries": entries,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": _absolute(reverse("forum:notification_preferences")),
            "site_name": mail.site_name(),
        },
    )
    message = mail.html_email(
        subject=mail.subject_line(Truncator(subject).chars(180)),
        html=html,
        to=[recipient.email],
        headers=headers,
    )
    return message.send(fail_silently=True)


def _subject(notification: Notification) -> str:
    title = notification.topic.title if notification.topic_id else ""
    return {
        Kind.ANSWER: _("New answer: %(title)s"),
        Kind.COMMENT: _("New comment: %(title)s"),
        Kind.ACCEPTED: _("Your answer was accepted: %(title)s"),
        Kind.MENTION: _("You were mentioned: %(title)s"),
    }.get(notification.kind, "%(summary)s") % {
        "title": title,
        "summary": notification_text(notification),
    }
