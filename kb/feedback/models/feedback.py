"""Readers' "Was this helpful?" votes, per-article score state and daily views.

Rows refer to articles by page id and keep a title snapshot, so feedback on an
article that is later deleted stays in the reports (the foreign key is SET_NULL).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

COMMENT_MAX_LENGTH = 1000


class Reason(models.TextChoices):
    OUTDATED = "outdated", _("It's outdated")
    INCORRECT = "incorrect", _("It's incorrect")
    HARD_TO_FOLLOW = "hard_to_follow", _("It's hard to follow")
    MISSING_INFORMATION = "missing_information", _("Information is missing")
    NOT_ANSWERED = "not_answered", _("It didn't answer my question")


class ArticleFeedback(models.Model):
    """One reader's current answer for one article (voting again changes it)."""

    article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty once the article has been deleted."),
    )
    article_page_id = models.PositiveBigIntegerField(
        db_index=True, help_text=_("The article's page id, kept after deletion.")
    )
    article_title = models.CharField(
        max_length=255, help_text=_("The article's title when the vote was given.")
    )
    reader_key = models.CharField(
        max_length=64,
        help_text=_("Who voted: 'u:<user id>' or a keyed hash of the reader's cookie."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    helpful = models.BooleanField()
    reasons = models.JSONField(
        default=list, blank=True, help_text=_("Reason codes given with a 'No'.")
    )
    comment = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    search_query = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "What the reader searched for on this site before opening the "
            "article, when they came from the search page."
        ),
    )
    client_hash = models.CharField(
        max_length=32,
        blank=True,
        help_text=_(
            "Keyed hash of the client address for abuse checks (never the address)."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(
        default=timezone.now,
        db_index=True,
        help_text=_("When the current answer was given."),
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "article feedback"
        verbose_name_plural = "article feedback"
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["article_page_id", "reader_key"],
                name="feedback_one_vote_per_reader",
            )
        ]
        indexes = [models.Index(fields=["article_page_id", "updated_at"])]

    def __str__(self):
        answer = "helpful" if self.helpful else "not helpful"
        return f"{self.article_title}: {answer}"

    def reason_labels(self):
        labels = dict(Reason.choices)
        return [str(labels.get(code, code)) for code in self.reasons]


class ArticleFeedbackState(models.Model):
    """Per-article options: where the score starts, whether readers see it."""

    article_page_id = models.PositiveBigIntegerField(unique=True)
    show_score = models.BooleanField(
        default=False, help_text=_("Show readers how many found this article helpful.")
    )
    score_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "Votes before this moment are history and no longer count in the score."
        ),
    )
    baseline_revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reset_note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "article feedback state"

    def __str__(self):
        return f"feedback state of page {self.article_page_id}"


class ArticleDailyViews(models.Model):
    """How often an article was read on one day (bots excluded)."""

    article_page_id = models.PositiveBigIntegerField()
    date = models.DateField(default=timezone.localdate)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "article daily views"
        verbose_name_plural = "article daily views"
        constraints = [
            models.UniqueConstraint(
                fields=["article_page_id", "date"], name="feedback_views_article_date"
            )
        ]

    def __str__(self):
        return f"page {self.article_page_id} on {self.date}: {self.views}"


@register_setting(icon="help")
class FeedbackSettings(BaseSiteSetting):
    """Site-wide feedback options, under Settings → Article feedback."""

    show_scores = models.BooleanField(
        default=False,
        help_text=_(
            "Show readers every article's helpfulness (each article can also "
            "turn it on alone)."
        ),
    )
    contact_url = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "Where readers who still need help can contact support "
            "(a page or mailto: link). Empty: the site's Contact support page."
        ),
    )
    min_votes = models.PositiveIntegerField(
        default=5, help_text=_("Votes an article needs before the gap report ranks it.")
    )
    stale_days = models.PositiveIntegerField(
        default=180,
        help_text=_("Articles not updated for this many days count as stale."),
    )
    stale_min_views = models.PositiveIntegerField(
        default=20,
        help_text=_("Views in the report's period that make a stale article matter."),
    )

    class Meta:
        verbose_name = "article feedback"


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


class ArticleFollower(models.Model):
    """A signed-in reader who asked for an e-mail when the article is updated."""

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "article follower"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="feedback_follow_article_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} follows page {self.article_id}"


class ArticleUpdateNotice(models.Model):
    """The article text followers were last told about (or first published with):
    a publish that changes it significantly sends one e-mail and a new notice."""

    article_page_id = models.PositiveBigIntegerField(db_index=True)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField()
    notified_at = models.DateTimeField(default=timezone.now)
    sent = models.BooleanField(
        default=False, help_text=_("False for the first publish (nobody to tell yet).")
    )

    class Meta:
        verbose_name = "article update notice"
        ordering = ["-notified_at", "-pk"]

    def __str__(self):
        return f"update of page {self.article_page_id} at {self.notified_at}"
