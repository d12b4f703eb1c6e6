"""React to Wagtail: a substantially revised article restarts its score, and a
significantly revised one is announced to its followers."""

import difflib
import json

from django.conf import settings
from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Revision
from wagtail.signals import page_published

from kb.articles.models import ArticlePage

from .services import article_score_reset

# Share of the text that may change before the old votes stop describing the article.
DEFAULT_SUBSTANTIAL_CHANGE = 0.5


def revision_words(revision) -> list[str]:
    content = revision.content or {}
    body = content.get("body") or ""
    if not isinstance(body, str):
        body = json.dumps(body)
    try:
        blocks = json.loads(body)
    except ValueError:
        blocks = []
    texts = [content.get("title", ""), content.get("summary", "")]

    def walk(value):
        if isinstance(value, str):
            texts.append(strip_tags(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in {"id", "type"}:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(blocks)
    return " ".join(texts).lower().split()


def changed_share(old, new) -> float:
    """How much of the article's text changed: 0 (same) to 1 (all new)."""
    return (
        1
        - difflib.SequenceMatcher(
            None, revision_words(old), revision_words(new)
        ).ratio()
    )


def previous_published_revision(revision):
    return (
        Revision.objects.filter(
            content_type_id=revision.content_type_id,
            object_id=revision.object_id,
            created_at__lt=revision.created_at,
        )
        .filter(pk__in=_published_revision_ids(revision))
        .order_by("-created_at")
        .first()
    )


def _published_revision_ids(revision):
    from wagtail.models import PageLogEntry

    return PageLogEntry.objects.filter(
        page_id=revision.object_id, action="wagtail.publish", revision__isnull=False
    ).values("revision_id")


def restart_score_on_substantial_revision(sender, instance, revision=None, **kwargs):
    if revision is None:
        return
    previous = previous_published_revision(revision)
    if previous is None:
        return
    threshold = getattr(
        settings, "KB_FEEDBACK_SUBSTANTIAL_CHANGE", DEFAULT_SUBSTANTIAL_CHANGE
    )
    share = changed_share(previous, revision)
    if share >= threshold:
        article_score_reset(
            article_page_id=instance.pk,
            user=revision.user,
            revision=revision,
            note=f"Substantial revision: {round(share * 100)}% of the text changed",
        )


def notify_followers_of_significant_revision(sender, instance, revision=None, **kwargs):
    from .following import update_notice_record
    from .tasks import notify_article_updated

    if revision is None:
        return
    notice = update_notice_record(article=instance, revision=revision)
    if notice is not None:
        transaction.on_commit(
            lambda: notify_article_updated.enqueue(notice_id=notice.pk)
        )


def connect():
    page_published.connect(
        notify_followers_of_significant_revision,
        sender=ArticlePage,
        dispatch_uid="kb.feedback.notify_followers_of_significant_revision",
    )
    page_published.connect(
        restart_score_on_substantial_revision,
        sender=ArticlePage,
        dispatch_uid="kb.feedback.restart_score_on_substantial_revision",
    )
