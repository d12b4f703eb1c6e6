from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext

from kb.forum.models import shown_name
from kb.markup import json_ld_script

register = template.Library()

JUST_NOW = timedelta(minutes=1)

AVATAR_COLOURS = 8


@register.simple_tag
def member_name(user):
    return shown_name(user) if user else gettext("a former member")


@register.simple_tag
def avatar(user):
    """Initials in a coloured circle; the colour (one of AVATAR_COLOURS classes in
    kb.css, not an inline style the Content-Security-Policy would block) is stable
    per member."""
    if user is None:
        return ""
    name = shown_name(user)
    profile = getattr(user, "forum_profile", None)
    if profile is not None and profile.avatar:
        return format_html(
            '<img class="avatar avatar--picture" src="{}" alt=""'
            ' width="32" height="32">',
            profile.avatar.url,
        )
    parts = [p for p in name.replace("_", " ").replace(".", " ").split() if p]
    initials = ("".join(p[0] for p in parts[:2]) or "?").upper()
    # One of kb.css's eight colours (white reads on each at 5.8:1 or more); a class,
    # not a style attribute, so a Content-Security-Policy need not allow inline styles.
    return format_html(
        '<span class="avatar avatar--{}" aria-hidden="true">{}</span>',
        (user.pk or 0) % AVATAR_COLOURS,
        initials,
    )


@register.simple_tag
def member_link(user):
    """The member's name, linking to their public page."""
    if user is None:
        return gettext("a former member")
    return format_html(
        '<a class="member-link" href="{}">{}</a>',
        reverse("forum:member", kwargs={"user_id": user.pk}),
        shown_name(user),
    )


@register.simple_tag
def trust_label(user):
    from kb.forum.trust import trust_level

    return trust_level(user).label


@register.simple_tag
def json_ld(data):
    return json_ld_script(data)


@register.filter
def time_ago(value):
    """How long ago, in its largest unit ("3 days ago", "1 hour ago"); "just now"
    under a minute, where timesince would say "0 minutes" (and for a time a few
    seconds ahead of this server's clock)."""
    if not value:
        return ""
    if timezone.now() - value < JUST_NOW:
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(value, depth=1)}


@register.filter
def notification_text(notification):
    """What a notification says, in the reader's language."""
    from ..notifications import notification_text as text

    return text(notification)
