"""Members' notifications: the inbox (with its unread count), e-mail preferences,
and the e-mail itself, sent at once or in a daily digest by the background worker.

Notifications are written in the transaction of the action they report; the
e-mail is queued when that transaction commits. Unread counts are counted from
the rows (never a stored counter), so they are exact however many members act
at once. An e-mail is sent once: a sender first claims the notifications with a
conditional UPDATE that only one process can win.
"""

import re
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django_tasks import task

from kb import mail

from ..models import (
    Notification,
    NotificationPreference,
    Post,
    Profile,
    Subscription,
    shown_name,
)

Kind = Notification.Kind
Delivery = NotificationPreference.Delivery
DEFAULT_DELIVERY = Delivery.INSTANT
MAX_MENTIONS = 10
# @name, not inside an e-mail address or a word; usernames as Django allows them.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w+-])")
MENTION_LINK = re.compile(r"(?<![\w@.+/-])@[\w.@+-]*[\w+-]")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
INBOX_SIZE = 50


# Reads ---------------------------------------------------------------------


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


def deliveries(user) -> dict[str, str]:
    """Each kind's e-mail delivery for a member (the default where none is set)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    )
    return {kind: chosen.get(kind, DEFAULT_DELIVERY) for kind in Kind.values}


def mentioned_users(text: str, *, exclude_id: int | None = None):
    """Active members named as @username in Markdown (not in code), at most ten."""
    names = []
    for name in MENTION.findall(CODE.sub(" ", text or "")):
        if name.lower() not in names:
            names.append(name.lower())
    if not names:
        return []
    query = Q()
    for name in names[:MAX_MENTIONS]:
        query |= Q(username__iexact=name)
    users = get_user_model().objects.filter(query, is_active=True)
    if exclude_id is not None:
        users = users.exclude(pk=exclude_id)
    return list(users[:MAX_MENTIONS])


def link_mentions(html: str, text: str) -> str:
    """Safe post HTML with each @username of an existing member (as found in the
    Markdown `text`) linked to their page; other @words stay text."""
    from bleach.linkifier import Linker

    members = {u.get_username().lower(): u for u in mentioned_users(text)}
    if not members:
        return html

    def link(attrs, new=False):
        if not new:
            return attrs
        member = members.get(attrs["_text"][1:].lower())
        if member is None:
            return None
        attrs[(None, "href")] = reverse("forum:member", kwargs={"user_id": member.pk})
        attrs[(None, "class")] = "mention"
        return attrs

    linker = Linker(
        url_re=MENTION_LINK,
        callbacks=[link],
        skip_tags={"pre", "code"},
        parse_email=False,
    )
    return linker.linkify(html)


def mention_candidates(prefix: str, *, limit: int = 8):
    """Members whose username or display name starts with `prefix` (autocomplete)."""
    prefix = (prefix or "").strip().lstrip("@")[:40]
    if not prefix:
        return []
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(username__istartswith=prefix)
            | Q(forum_profile__display_name__istartswith=prefix)
        )
        .select_related("forum_profile")
        .order_by("username")[:limit]
    )
    return list(users)


# Writes --------------------------------------------------------------------


def notify(
    *, recipients, kind: str, summary: str, actor=None, topic=None, post=None
) -> list[Notification]:
    """Tell each recipient (not the actor, each once); e-mail goes on commit."""
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
                summary=Truncator(summary).chars(300),
            )
        )
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)  # ids: SQLite 3.35+, PostgreSQL
    ids = [n.pk for n in created]
    transaction.on_commit(lambda: send_instant_notifications.enqueue(ids=ids))
    return created


def notify_mentions(*, post: Post, text: str, actor) -> list[Notification]:
    users = mentioned_users(text, exclude_id=actor.pk)
    if not users:
        return []
    return notify(
        recipients=users,
        kind=Kind.MENTION,
        actor=actor,
        post=post,
        summary=SAYS[Kind.MENTION]
        % {"actor": member_name(actor), "title": post.topic.title},
    )


# What a notification says, put into words when it is shown: in the reader's
# language, with the thread's title as it is then. `summary` keeps the English text
# as written, shown where the actor or the thread is gone.
SAYS = {
    Kind.ANSWER: gettext_noop("%(actor)s answered “%(title)s”"),
    Kind.COMMENT: gettext_noop("%(actor)s commented on your post in “%(title)s”"),
    Kind.ACCEPTED: gettext_noop("%(actor)s accepted your answer to “%(title)s”"),
    Kind.MENTION: gettext_noop("%(actor)s mentioned you in “%(title)s”"),
}
# A moderator's decisions, with {title} for the thread's title.
MODERATOR_SAYS = {
    "hidden": gettext_noop("A moderator hid your post in “{title}”."),
    "approved": gettext_noop("A moderator approved your post in “{title}”."),
    "restored": gettext_noop("A moderator restored your post in “{title}”."),
    "suspended": gettext_noop(
        "A moderator suspended your account: you can read but no longer post."
    ),
    "unsuspended": gettext_noop(
        "A moderator lifted your suspension: you can post again."
    ),
}


def notification_text(notification: Notification) -> str:
    """What `notification` says, in the active language."""
    title = notification.topic.title if notification.topic_id else ""
    says = SAYS.get(notification.kind)
    if says is not None and notification.actor is not None and title:
        return _(says) % {"actor": shown_name(notification.actor), "title": title}
    for template in MODERATOR_SAYS.values():
        if template.format(title=title) == notification.summary:
            return _(template).format(title=title)
    return notification.summary


def remember_language(*, user, language: str) -> None:
    """The language a member reads the site in, for the e-mails the background
    worker writes them (it has no request to take a language from)."""
    if language not in dict(settings.LANGUAGES):
        return
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.language != language:
        Profile.objects.filter(pk=profile.pk).update(language=language)


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark a member's notifications read (all of them when `ids` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> dict[str, str]:
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValueError(f"Unknown notification preference {kind}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    return deliveries(user)


# E-mail --------------------------------------------------------------------


def member_name(user) -> str:
    """The name a member is shown by, read from the database (not from `user`'s
    cache, which would then remember a profile that does not exist yet)."""
    display_name = (
        Profile.objects.filter(user_id=user.pk)
        .values_list("display_name", flat=True)
        .first()
    )
    return display_name or user.get_username()


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
