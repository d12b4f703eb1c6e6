"""The feedback app's periodic jobs (run by the background worker)."""

from datetime import timedelta

from django_tasks import task


@task()
def close_answered_gaps() -> int:
    """Close search gaps that a newly published article now answers."""
    from django.utils import timezone

    from .gap_queue import search_gaps_close_answered
    from .gaps import RECENT_DAYS, GapKind, content_gaps

    since = timezone.now() - timedelta(days=RECENT_DAYS)
    gaps = content_gaps(since=since, kinds=[GapKind.NO_RESULTS, GapKind.NO_CLICKS])
    return search_gaps_close_answered(gaps=gaps)


PERIODIC = [(close_answered_gaps, timedelta(days=1))]
