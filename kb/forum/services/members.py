"""Members: who may take part, who moderates, profiles and reputation."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from .. import badges, trust
from ..models import Profile


def is_moderator(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm("forum.moderate_forum"))
    )


def profile_for(user) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def check_can_participate(user) -> None:
    """Members who are logged in, active and not banned may write."""
    if not (user and user.is_authenticated and user.is_active):
        raise PermissionDenied(_("Log in to take part."))
    if Profile.objects.filter(user=user, is_banned=True).exists():
        raise PermissionDenied(_("Your account may no longer post in the community."))


def profile_update(*, user, display_name: str) -> Profile:
    check_can_participate(user)
    profile = profile_for(user)
    profile.display_name = display_name.strip()
    profile.full_clean()
    profile.save(update_fields=["display_name"])
    badges.award_badges_later(user.pk)
    return profile


def profile_avatar_set(*, user, upload) -> Profile:
    """Replace a member's avatar by a checked, square 128-pixel copy (None removes)."""
    from ..images import AVATAR_SIDE, clean_image

    check_can_participate(user)
    profile = profile_for(user)
    old = profile.avatar.name if profile.avatar else ""
    if upload is None:
        profile.avatar = None
    else:
        image = clean_image(upload, max_side=AVATAR_SIDE, square=True)
        profile.avatar.save(image.content.name, image.content, save=False)
    profile.save(update_fields=["avatar"])
    if old:
        profile.avatar.storage.delete(old)
    badges.award_badges_later(user.pk)
    return profile


def reputation_recount_all(*, progress=None) -> int:
    """Set each member's reputation to what votes and accepts give; how many changed.

    For repairs (e.g. after posts were merged or hidden); each member is updated
    in its own transaction, so votes arriving meanwhile are not lost."""
    changed = 0
    profiles = Profile.objects.select_related("user").order_by("pk")
    total = profiles.count()
    for n, profile in enumerate(profiles.iterator(), start=1):
        with transaction.atomic():
            locked = Profile.objects.select_for_update().get(pk=profile.pk)
            points = trust.reputation_recount(profile.user)
            if locked.reputation != points:
                Profile.objects.filter(pk=locked.pk).update(reputation=points)
                changed += 1
        if progress and (n % 500 == 0 or n == total):
            progress(f"{n}/{total} members checked")
    return changed
