"""What every forum view checks: rate limits per member and per client,
refusals shown as a page (403/400), and which posts a reader may act on."""

from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from .. import selectors, services
from ..models import Post, Visibility

DEFAULT_RATES = {
    # per member, per client (IP address)
    "post": ("10/m", "30/m"),
    "vote": ("60/m", "300/m"),
    "flag": ("10/m", "30/m"),
    "read_api": ("120/m", "240/m"),
}


def _rate(kind: str, which: int):
    def rate(group, request):
        rates = getattr(settings, "KB_FORUM_RATE_LIMITS", {}) or {}
        return rates.get(kind, DEFAULT_RATES[kind])[which]

    return rate


def limited(kind: str, *, method="POST"):
    """Rate-limit a view per member and per client; over the limit answers 429."""

    def decorator(view):
        view = ratelimit(key="ip", rate=_rate(kind, 1), method=method, block=True)(view)
        view = ratelimit(
            key="user_or_ip", rate=_rate(kind, 0), method=method, block=True
        )(view)
        return view

    return decorator


def refuse(request, exc, *, status=403):
    message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
    return render(
        request,
        "forum/refused.html",
        {"message": message or _("You can't do that here.")},
        status=status,
    )


def handles_refusals(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return refuse(request, exc, status=403)
        except ValidationError as exc:
            return refuse(request, exc, status=400)

    return wrapper


def _visible_post_or_404(request, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    if not selectors.can_see_topic(topic=post.topic, user=request.user):
        raise Http404
    if post.status != Visibility.VISIBLE and not (
        services.is_moderator(request.user) or post.author_id == request.user.pk
    ):
        raise Http404
    return post
