"""Members as the forum shows them: profile, reputation, trust level."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustLevel(models.IntegerChoices):
    """Discourse's trust levels: rules in kb/forum/trust.py, docs/community.md."""

    NEW = 0, _("New member")
    BASIC = 1, _("Basic member")
    MEMBER = 2, _("Member")
    REGULAR = 3, _("Regular")
    LEADER = 4, _("Leader")


class Profile(models.Model):
    """What the forum shows of a member: name, avatar, reputation, trust level."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile"
    )
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Shown beside your posts instead of your username."),
    )
    is_banned = models.BooleanField(
        default=False,
        help_text=_("A banned member can read but not post, vote or flag."),
    )
    banned_at = models.DateTimeField(null=True, blank=True)
    avatar = models.ImageField(
        upload_to="forum/avatars/",
        blank=True,
        help_text=_("A square picture, resized to 128 pixels."),
    )
    reputation = models.IntegerField(
        default=0, help_text=_("Earned by up-votes and accepted answers.")
    )
    trust_level_set = models.PositiveSmallIntegerField(
        choices=TrustLevel.choices,
        null=True,
        blank=True,
        help_text=_("Set by a moderator; empty means earned by activity and time."),
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text=_("The language the member last signed in with; e-mails use it."),
    )

    class Meta:
        verbose_name = "member profile"

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or self.user.get_username()

    @property
    def initials(self):
        parts = [p for p in self.name.replace("_", " ").replace(".", " ").split() if p]
        letters = "".join(p[0] for p in parts[:2]) or "?"
        return letters.upper()


def shown_name(user) -> str:
    """The name `user` is shown by, from the profile loaded with it (select_related)."""
    profile = getattr(user, "forum_profile", None)
    return profile.name if profile is not None else user.get_username()
