"""Following a thread, and the unsubscribe link in its e-mails."""

from django.core import signing

from ..models import Subscription, Topic
from .members import check_can_participate

UNSUBSCRIBE_SALT = "kb.forum.unsubscribe"


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(
        {"s": subscription.pk, "u": subscription.user_id}, salt=UNSUBSCRIBE_SALT
    )


def subscription_set(*, user, topic: Topic, subscribed: bool) -> bool:
    check_can_participate(user)
    if subscribed:
        Subscription.objects.get_or_create(topic=topic, user=user)
    else:
        Subscription.objects.filter(topic=topic, user=user).delete()
    return subscribed


def unsubscribe_token_read(token: str) -> dict | None:
    """The subscription and member ids an unsubscribe link carries; None if forged."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def subscription_cancel_by_token(*, token: str) -> bool:
    """Unsubscribe from an e-mail link; False when the link is not genuine.

    A link used twice still answers True: the member is unsubscribed either way.
    """
    data = unsubscribe_token_read(token)
    if data is None:
        return False
    Subscription.objects.filter(pk=data.get("s"), user_id=data.get("u")).delete()
    return True
