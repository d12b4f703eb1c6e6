"""Followed threads, members' notifications and their e-mail preferences."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .topics import Post, Topic


class Subscription(models.Model):
    """A member who gets an e-mail for each new answer in a topic."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"], name="forum_subscribe_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.topic_id}"


class Notification(models.Model):
    """Something a member should know about: an answer, a comment, an accept,
    a mention or a moderator's decision. Unread while `read_at` is empty."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("New answers in threads I follow")
        COMMENT = "comment", _("Comments on my posts")
        ACCEPTED = "accepted", _("My answer is accepted")
        MENTION = "mention", _("Someone mentions me")
        MODERATION = "moderation", _("Moderators' decisions about my posts")
        BADGE = "badge", _("Badges I earn")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notifications",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    badge = models.CharField(
        max_length=20, blank=True, help_text=_("The badge earned, for a badge's news.")
    )
    summary = models.CharField(max_length=300, help_text=_("Plain text, one line."))
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it went out by e-mail (or digest).")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="forum_notif_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"

    def get_absolute_url(self):
        if self.badge:
            return reverse("forum:badge", args=[self.badge])
        if self.post_id:
            return self.post.get_absolute_url()
        if self.topic_id:
            return self.topic.get_absolute_url()
        return reverse("forum:notifications")


class NotificationPreference(models.Model):
    """How a member wants e-mail for one kind of notification."""

    class Delivery(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DAILY = "daily", _("Daily digest")
        NEVER = "never", _("Never")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notification_preferences",
    )
    kind = models.CharField(max_length=12, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="forum_notification_pref_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.delivery}"
