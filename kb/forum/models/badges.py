"""Badges members earned (the rules that give them are in kb.forum.badges)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .topics import Post


class Badge(models.TextChoices):
    WELCOME = "welcome", pgettext_lazy("badge", "Welcome")
    SUPPORTER = "supporter", pgettext_lazy("badge", "Supporter")
    AUTOBIOGRAPHER = "autobiographer", pgettext_lazy("badge", "Autobiographer")
    SCHOLAR = "scholar", pgettext_lazy("badge", "Scholar")
    SOLVED = "solved", pgettext_lazy("badge", "Solved")
    NICE_ANSWER = "nice-answer", pgettext_lazy("badge", "Nice answer")
    GREAT_ANSWER = "great-answer", pgettext_lazy("badge", "Great answer")
    HELPER = "helper", pgettext_lazy("badge", "Helper")
    BASIC = "basic", pgettext_lazy("badge", "Basic member")
    MEMBER = "member", pgettext_lazy("badge", "Member")
    REGULAR = "regular", pgettext_lazy("badge", "Regular")
    LEADER = "leader", pgettext_lazy("badge", "Leader")


class BadgeAward(models.Model):
    """A badge a member earned, once; it stays when what earned it changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_badges"
    )
    badge = models.CharField(max_length=20, choices=Badge.choices)
    post = models.ForeignKey(
        Post,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The answer that earned it, for badges an answer earns."),
    )
    awarded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "badge"], name="forum_badge_once")
        ]

    def __str__(self):
        return f"{self.get_badge_display()} for {self.user_id}"
