"""What a notification says, and the name it gives a member."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..models import Badge, Notification, Profile, shown_name
from .preferences import Kind

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

BADGE_SAYS = gettext_noop("You earned the “%(badge)s” badge.")


def notification_text(notification: Notification) -> str:
    """What `notification` says, in the active language."""
    if notification.badge in Badge.values:
        return _(BADGE_SAYS) % {"badge": Badge(notification.badge).label}
    title = notification.topic.title if notification.topic_id else ""
    says = SAYS.get(notification.kind)
    if says is not None and notification.actor is not None and title:
        return _(says) % {"actor": shown_name(notification.actor), "title": title}
    for template in MODERATOR_SAYS.values():
        if template.format(title=title) == notification.summary:
            return _(template).format(title=title)
    return notification.summary


def member_name(user) -> str:
    """The name a member is shown by, read from the database (not from `user`'s
    cache, which would then remember a profile that does not exist yet)."""
    display_name = (
        Profile.objects.filter(user_id=user.pk)
        .values_list("display_name", flat=True)
        .first()
    )
    return display_name or user.get_username()
