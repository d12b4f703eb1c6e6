"""Readers who follow an article: following, unfollowing (also from a one-click
e-mail link), and telling them once per significant revision.

The same signed-link unsubscribe as the forum's thread notifications
(kb.forum.services.unsubscribe_token): a GET asks, a POST or a mail provider's
RFC 8058 one-click POST unsubscribes.
"""

import difflib

from django.conf import settings
from django.core import signing
from django.db import transaction

from .models import ArticleFollower, ArticleUpdateNotice

UNSUBSCRIBE_SALT = "kb.feedback.unsubscribe"


def is_following(*, article, user) -> bool:
    if not (user and user.is_authenticated):
        return False
    return ArticleFollower.objects.filter(article=article, user=user).exists()


def follow_set(*, article, user, following: bool) -> bool:
    """Follow or stop following; a second click changes nothing."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionError("Sign in to follow an article.")
    if following:
        ArticleFollower.objects.get_or_create(article=article, user=user)
    else:
        ArticleFollower.objects.filter(article=article, user=user).delete()
    return following


def unsubscribe_token(follower: ArticleFollower) -> str:
    return signing.dumps(
        {"f": follower.pk, "u": follower.user_id}, salt=UNSUBSCRIBE_SALT
    )


def follower_for_token(*, token: str):
    """(genuine, follower or None): a genuine link whose follow is gone is None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False, None
    if not isinstance(data, dict):
        return False, None
    follower = (
        ArticleFollower.objects.select_related("article")
        .filter(pk=data.get("f"), user_id=data.get("u"))
        .first()
    )
    return True, follower


def unfollow_by_token(*, token: str) -> bool:
    genuine, follower = follower_for_token(token=token)
    if follower is not None:
        follower.delete()
    return genuine


def _similarity(before: list[str], after: list[str]) -> float:
    return difflib.SequenceMatcher(None, before, after, autojunk=False).ratio()


@transaction.atomic
def update_notice_record(*, article, revision) -> ArticleUpdateNotice | None:
    """On publish: a notice when the text changed significantly since followers
    last heard (the first publish only sets where changes count from). Returns the
    notice to send, or None."""
    from .signal_handlers import revision_words

    text = " ".join(revision_words(revision))
    last = (
        ArticleUpdateNotice.objects.select_for_update()
        .filter(article_page_id=article.pk)
        .first()
    )
    if last is None:
        ArticleUpdateNotice.objects.create(
            article_page_id=article.pk, revision=revision, text=text
        )
        return None
    # A typo fix changes about 1% of the words; a rewritten section over 10%.
    changed = 1 - _similarity(last.text.split(), text.split())
    if changed < settings.KB_FOLLOWERS_NOTIFY_CHANGE:
        return None
    return ArticleUpdateNotice.objects.create(
        article_page_id=article.pk, revision=revision, text=text, sent=True
    )
