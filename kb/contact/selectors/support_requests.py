"""Support requests: their categories, where they are sent, who may see them."""

from django.conf import settings

from ..models import ContactCategory, ContactRequest


def categories():
    return ContactCategory.objects.all()


def support_address(category: ContactCategory | None) -> str:
    if category is not None and category.email:
        return category.email
    return settings.KB_SUPPORT_EMAIL


def request_list():
    return ContactRequest.objects.select_related("category", "user")


def requests_visible_to(user) -> bool:
    """Whether the user may see support requests (their subjects are customers')."""
    from ..admin_views import permission_policy

    return permission_policy.user_has_any_permission(user, ["view", "change"])
