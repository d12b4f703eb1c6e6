from functools import cached_property


class CommunityState:
    """What every page's header needs about the member, worked out only if used."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        from .notifications import unread_count

        return unread_count(self.user)

    @cached_property
    def can_post(self) -> bool:
        from django.core.exceptions import PermissionDenied

        from .services import check_can_participate

        try:
            check_can_participate(self.user)
        except PermissionDenied:
            return False
        return True


def community(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"community": CommunityState(user)}
