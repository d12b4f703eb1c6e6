"""Writes for reviews: scheduling, reassigning, opening and closing a review.

Every change leaves a ReviewEvent (who, when, what) for the history and its export.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ArticleReview, ReviewAction, ReviewEvent, ReviewSettings
from .selectors import review_settings


def review_interval_days(
    *, article, site_settings: ReviewSettings | None = None
) -> int:
    """The article's category's interval, else the site's."""
    category = article.get_parent().specific
    days = getattr(category, "review_interval_days", None)
    if days:
        return days
    return (site_settings or review_settings()).interval_days


def _next_review_date(article, site_settings, today=None) -> datetime.date:
    today = today or timezone.localdate()
    days = review_interval_days(article=article, site_settings=site_settings)
    return today + datetime.timedelta(days=days)


def _event(review: ArticleReview, action: str, *, actor=None, detail: str = ""):
    return ReviewEvent.objects.create(
        article_page_id=review.article_id,
        article_title=review.article.title[:255],
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        detail=detail,
    )


def check_can_review(user, article) -> None:
    """Those who may edit an article may review it, reassign it and date it."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied
    if not article.permissions_for_user(user).can_edit():
        raise PermissionDenied(_("You may not review this article."))


def review_unsaved(*, article, site_settings: ReviewSettings | None = None):
    """What `review_schedule` would store for the article (nothing is written)."""
    return ArticleReview(
        article=article,
        owner_id=article.owner_id,
        review_by=_next_review_date(article, site_settings),
    )


@transaction.atomic
def review_schedule(*, article, site_settings: ReviewSettings | None = None):
    """The article's review, created on first publish: owned by the page's owner and
    due after its category's interval. An existing review is returned untouched."""
    review = ArticleReview.objects.filter(article=article).first()
    if review is not None:
        return review
    unsaved = review_unsaved(article=article, site_settings=site_settings)
    review, created = ArticleReview.objects.get_or_create(
        article=article,
        defaults={"owner_id": unsaved.owner_id, "review_by": unsaved.review_by},
    )
    if created:
        _event(
            review,
            ReviewAction.SCHEDULED,
            detail=f"Owner {review.owner or 'none'}; review by {review.review_by}",
        )
    return review


def _locked(article, site_settings=None) -> ArticleReview:
    review_schedule(article=article, site_settings=site_settings)
    return (
        ArticleReview.objects.select_for_update()
        .select_related("article")
        .get(article=article)
    )


@transaction.atomic
def review_update(*, article, user, owner, review_by: datetime.date) -> ArticleReview:
    """An editor sets who owns the article and when it is next reviewed."""
    check_can_review(user, article)
    review = _locked(article)
    if owner is not None and not owner.is_active:
        raise ValueError("The owner must be an active account.")
    if review.owner_id != (owner.pk if owner else None):
        before = review.owner
        review.owner = owner
        _event(
            review,
            ReviewAction.OWNER_CHANGED,
            actor=user,
            detail=f"{before or 'none'} → {owner or 'none'}",
        )
    if review.review_by != review_by:
        _event(
            review,
            ReviewAction.DATE_CHANGED,
            actor=user,
            detail=f"{review.review_by} → {review_by}",
        )
        review.review_by = review_by
    review.save()
    return review


@transaction.atomic
def review_mark_done(
    *, article, user, note: str = "", site_settings: ReviewSettings | None = None
) -> ArticleReview:
    """The article was checked: record who and when, close any open review and
    schedule the next one after the category's interval."""
    check_can_review(user, article)
    review = _locked(article, site_settings)
    now = timezone.now()
    review.last_reviewed_at = now
    review.last_reviewed_by = user
    review.review_by = _next_review_date(
        article, site_settings, today=timezone.localdate(now)
    )
    detail = f"Next review by {review.review_by}"
    if review.opened_at:
        detail += "; closed evidence: " + "; ".join(review.evidence_lines())
    if note.strip():
        detail += f". Note: {note.strip()[:500]}"
    review.opened_at = None
    review.evidence = ""
    review.save()
    _event(review, ReviewAction.REVIEWED, actor=user, detail=detail)
    return review


@transaction.atomic
def review_open(*, article, findings: list[str]) -> ArticleReview | None:
    """Evidence found by the daily check opens (or adds to) the article's review.

    Findings already noted on the open review are not repeated; returns the review
    when something new was noted, else None.
    """
    review = _locked(article)
    known = set(review.evidence_lines())
    new = [finding for finding in findings if finding not in known]
    if not new:
        return None
    if review.opened_at is None:
        review.opened_at = timezone.now()
    review.evidence = "\n".join([*review.evidence_lines(), *new])
    review.save(update_fields=["opened_at", "evidence"])
    _event(review, ReviewAction.OPENED, detail="; ".join(new))
    return review
