"""Trying a task again later, after a longer pause each time."""

from datetime import timedelta

from django.utils import timezone

MAX_ATTEMPTS = 8
FIRST_PAUSE = timedelta(seconds=30)
LONGEST_PAUSE = timedelta(hours=1)


def pause_before(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, ... at most an hour: `attempt` is the one that failed."""
    return min(FIRST_PAUSE * 2 ** (attempt - 1), LONGEST_PAUSE)


def retry_later(task, error: Exception, *, attempt: int, **kwargs) -> None:
    """Queue `task` again with `attempt + 1` after a pause, or give up (raise
    `error`, which marks the task failed for the admin) after MAX_ATTEMPTS or
    where tasks run at once (nothing to wait for)."""
    if attempt >= MAX_ATTEMPTS or not task.get_backend().supports_defer:
        raise error
    run_after = timezone.now() + pause_before(attempt)
    task.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)
