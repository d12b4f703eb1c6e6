"""The content-gap work queue: where each gap stands and how it got there."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GapState(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    SNOOZED = "snoozed", _("Snoozed")
    DISMISSED = "dismissed", _("Dismissed")
    COVERED = "covered", _("Covered by an article")


class GapTicket(models.Model):
    """Where one content gap stands in the editors' work queue.

    A gap (kb.feedback.gaps) is computed from the logs each time; its ticket, keyed
    by the gap's kind and subject, keeps what editors decided about it.
    """

    key = models.CharField(max_length=500, unique=True)
    kind = models.CharField(max_length=32)
    title = models.CharField(max_length=255)
    state = models.CharField(
        max_length=10, choices=GapState.choices, default=GapState.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_gaps",
    )
    snoozed_until = models.DateField(null=True, blank=True)
    dismiss_reason = models.CharField(max_length=300, blank=True)
    covered_by = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "content gap ticket"

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def work_query(self) -> str:
        """The query string of the gap's page in the work queue."""
        return urlencode({"key": self.key, "kind": self.kind, "title": self.title})

    def is_active(self, today=None) -> bool:
        """Whether the gap belongs in the work queue (open, assigned, snooze over)."""
        if self.state == GapState.SNOOZED:
            return self.snoozed_until is None or self.snoozed_until <= (
                today or timezone.localdate()
            )
        return self.state in (GapState.OPEN, GapState.ASSIGNED)


class GapEvent(models.Model):
    """One change of a gap's state: who, when, what (for the history and CSV)."""

    ticket = models.ForeignKey(
        GapTicket, on_delete=models.CASCADE, related_name="events"
    )
    state = models.CharField(max_length=10, choices=GapState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the background worker closed the gap."),
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = "content gap event"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.ticket.title}: {self.get_state_display()}"
