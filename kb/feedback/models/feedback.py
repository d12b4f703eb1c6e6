"""Readers' "Was this helpful?" votes, per-article score state, daily views and
the site's feedback settings.

Rows refer to articles by page id and keep a title snapshot, so feedback on an
article that is later deleted stays in the reports (the foreign key is SET_NULL).
"""

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
