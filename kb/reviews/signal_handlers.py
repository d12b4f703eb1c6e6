"""Reactions to Wagtail: an article's first publish schedules its review."""

from wagtail.signals import page_published


def schedule_review_on_publish(sender, instance, **kwargs):
    from .services import review_schedule

    review_schedule(article=instance)


def connect():
    from kb.articles.models import ArticlePage

    page_published.connect(
        schedule_review_on_publish,
        sender=ArticlePage,
        dispatch_uid="kb.reviews.schedule_on_publish",
    )
