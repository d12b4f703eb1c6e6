"""What members add to a post: edit history, comments, votes, flags, pictures."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topics import COMMENT_MAX, TITLE_MAX, Post, Visibility


class PostRevision(models.Model):
    """A post as it was before an edit; moderators read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    body_markdown = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Revision of {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """A short plain-text remark under a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_comments",
    )
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    submit_token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_token"],
                condition=~models.Q(submit_token=""),
                name="forum_comment_unique_submit_token",
            )
        ]

    def __str__(self):
        return f"Comment #{self.pk} on {self.post_id}"


class Vote(models.Model):
    """One member's up-vote on a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="forum_vote_one_per_member"
            )
        ]

    def __str__(self):
        return f"Vote by {self.user_id} on {self.post_id}"


class Flag(models.Model):
    """A member's report that a post needs a moderator."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        RUDE = "rude", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="forum_flag_once")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} flag on {self.post_id}"


class PostImage(models.Model):
    """A picture a member uploaded for a post (checked, resized, re-encoded)."""

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.ImageField(upload_to="forum/images/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.file.name
