"""The forum's periodic jobs (see kb/worker/schedule.py)."""

from datetime import timedelta

from .notifications import send_notification_digests

PERIODIC = [(send_notification_digests, timedelta(days=1))]
