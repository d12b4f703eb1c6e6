"""Who looks after each article and when it is next checked, and the history of
every review: scheduled, reassigned, opened by evidence, marked reviewed.

Kept outside the article page itself: a page's fields are saved in its revisions,
so a review date written beside the editor would be overwritten by the next
publish of an older draft.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class ArticleReview(models.Model):
    """One article's owner, review date and (when open) why it needs a review."""

    article = models.OneToOneField(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="review"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_article_reviews",
        help_text=_("Who keeps the article true; gets the review digest."),
    )
    review_by = models.DateField(
        "review by", db_index=True, help_text=_("When the article is next due a check.")
    )
    opened_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When evidence opened a review before the review date."),
    )
    evidence = models.TextField(
        blank=True, help_text=_("What opened the review: one finding a line.")
    )
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "article review"

    def __str__(self):
        return f"review of page {self.article_id} by {self.review_by}"

    def is_due(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.opened_at is not None or self.review_by <= today

    def evidence_lines(self) -> list[str]:
        return [line for line in self.evidence.splitlines() if line.strip()]


class ReviewAction(models.TextChoices):
    SCHEDULED = "scheduled", _("Review scheduled")
    OWNER_CHANGED = "owner_changed", _("Owner changed")
    DATE_CHANGED = "date_changed", _("Review date changed")
    OPENED = "opened", _("Review opened by evidence")
    REVIEWED = "reviewed", _("Marked as reviewed")


class ReviewEvent(models.Model):
    """One change to an article's review, for the history and its CSV export."""

    article_page_id = models.PositiveBigIntegerField(db_index=True)
    article_title = models.CharField(max_length=255)
    action = models.CharField(max_length=20, choices=ReviewAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the background worker did it."),
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    detail = models.TextField(blank=True)

    class Meta:
        verbose_name = "review event"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.article_title}: {self.get_action_display()}"


@register_setting(icon="calendar-check")
class ReviewSettings(BaseSiteSetting):
    """Site-wide review options, under Settings → Article reviews."""

    interval_days = models.PositiveIntegerField(
        default=365,
        help_text=_(
            "Days between reviews for articles in categories without their "
            "own interval."
        ),
    )
    show_last_reviewed = models.BooleanField(
        default=False,
        help_text='Show readers "Last reviewed on ..." under each reviewed article.',
    )
    evidence_days = models.PositiveIntegerField(
        default=30, help_text=_("How far back the daily check looks for evidence.")
    )
    evidence_min_reasons = models.PositiveIntegerField(
        default=3,
        help_text='Readers choosing "outdated" or "incorrect" that open a review.',
    )
    evidence_min_search_no = models.PositiveIntegerField(
        default=3,
        help_text='Readers who found the article by searching, then answered "No", '
        "that open a review.",
    )
    evidence_min_search_request = models.PositiveIntegerField(
        default=3,
        help_text=_(
            "Visits that found the article by searching, then sent a support "
            "request, that open a review."
        ),
    )

    class Meta:
        verbose_name = "article reviews"
