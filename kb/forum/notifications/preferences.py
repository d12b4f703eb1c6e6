"""The kinds of notification, and how and in which language a member wants them
by e-mail."""

from django.conf import settings
from django.db import transaction

from ..models import Notification, NotificationPreference, Profile

Kind = Notification.Kind
Delivery = NotificationPreference.Delivery
DEFAULT_DELIVERY = Delivery.INSTANT
# Badges show in the inbox; members who want them by e-mail say so, as in Discourse.
DEFAULT_DELIVERIES = {Kind.BADGE: Delivery.NEVER}


def deliveries(user) -> dict[str, str]:
    """Each kind's e-mail delivery for a member (the default where none is set)."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("kind", "delivery")
    )
    return {
        kind: chosen.get(kind, DEFAULT_DELIVERIES.get(kind, DEFAULT_DELIVERY))
        for kind in Kind.values
    }


def remember_language(*, user, language: str) -> None:
    """The language a member reads the site in, for the e-mails the background
    worker writes them (it has no request to take a language from)."""
    if language not in dict(settings.LANGUAGES):
        return
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.language != language:
        Profile.objects.filter(pk=profile.pk).update(language=language)


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> dict[str, str]:
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise ValueError(f"Unknown notification preference {kind}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    return deliveries(user)
