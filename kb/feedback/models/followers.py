"""Readers who follow an article, and what they were last told about it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
