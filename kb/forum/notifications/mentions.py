"""@mentions in posts: who is named, links to their pages, autocomplete, and
the notification each named member gets."""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from ..models import Notification, Post
from .inboxes import notify
from .preferences import Kind
from .wording import SAYS, member_name

MAX_MENTIONS = 10
# @name, not inside an e-mail address or a word; usernames as Django allows them.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w+-])")
MENTION_LINK = re.compile(r"(?<![\w@.+/-])@[\w.@+-]*[\w+-]")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


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
