"""Reads for reviews: what is due, for whom, and the history."""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Site

from kb.articles.models import ArticlePage

from .models import ArticleReview, ReviewEvent, ReviewSettings


def review_settings(request=None) -> ReviewSettings:
    """The settings of the request's site, else of the default site (for the worker)."""
    try:
        if request is not None:
            return ReviewSettings.for_request(request)
        site = Site.objects.filter(is_default_site=True).first()
        return ReviewSettings.for_site(site) if site else ReviewSettings()
    except ReviewSettings.DoesNotExist:
        return ReviewSettings()


def review_list():
    return ArticleReview.objects.select_related(
        "article", "owner", "last_reviewed_by"
    ).order_by("review_by", "article__title")


def reviews_due(*, owner=None, today=None):
    """Live articles due a review (date passed, or opened by evidence), oldest first."""
    today = today or timezone.localdate()
    reviews = (
        review_list()
        .filter(article__live=True)
        .filter(Q(review_by__lte=today) | Q(opened_at__isnull=False))
    )
    if owner is not None:
        reviews = reviews.filter(owner=owner)
    return reviews


def due_by_owner(*, today=None) -> dict:
    """{owner: [due reviews]} for owners who can be e-mailed."""
    digests = {}
    for review in (
        reviews_due(today=today).filter(owner__is_active=True).exclude(owner__email="")
    ):
        digests.setdefault(review.owner, []).append(review)
    return digests


def articles_without_review():
    return ArticlePage.objects.live().filter(review__isnull=True)


def review_for(*, article) -> ArticleReview | None:
    return (
        ArticleReview.objects.select_related("owner", "last_reviewed_by")
        .filter(article=article)
        .first()
    )


def review_events(*, article_page_id=None):
    events = ReviewEvent.objects.select_related("actor")
    if article_page_id is not None:
        events = events.filter(article_page_id=article_page_id)
    return events
