"""The reviews app's periodic jobs (run by the background worker, never by a page
view)."""

from datetime import timedelta

from django_tasks import task


@task()
def review_daily_check() -> dict:
    """Schedule missing reviews, then open reviews on evidence."""
    from .checks import reviews_open_on_evidence, reviews_schedule_missing

    return {
        "scheduled": reviews_schedule_missing(),
        "opened": reviews_open_on_evidence(),
    }


@task()
def review_digests() -> int:
    """E-mail each owner the articles due a review."""
    from .checks import review_digests_send

    return review_digests_send()


PERIODIC = [
    (review_daily_check, timedelta(days=1)),
    (review_digests, timedelta(days=1)),
]
