"""Following a thread, and the unsubscribe link in its e-mails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..models import Topic
from .access import handles_refusals, limited


@login_required
@require_POST
@limited("post")
@handles_refusals
def subscribe(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    if not selectors.can_see_topic(topic=topic, user=request.user):
        raise Http404
    wanted = request.POST.get("action") != "unsubscribe"
    services.subscription_set(user=request.user, topic=topic, subscribed=wanted)
    messages.success(
        request,
        _("You'll get an e-mail for new answers.")
        if wanted
        else _("You no longer follow this thread."),
    )
    return redirect(topic.get_absolute_url())


@csrf_exempt  # a mail provider's one-click POST comes without cookie or token
@limited("post", method=["GET", "POST"])
def unsubscribe(request, token):
    """The link in a notification e-mail.

    A GET only asks (mail scanners open links); the member confirms with a POST,
    or the mail provider sends RFC 8058's one-click POST.
    """
    token = token[:500]
    if request.POST.get("List-Unsubscribe") == "One-Click":
        if not services.subscription_cancel_by_token(token=token):
            return HttpResponseBadRequest(_("This unsubscribe link is not genuine."))
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return _unsubscribe_page(request, token)


@csrf_protect
def _unsubscribe_page(request, token):
    template = "forum/unsubscribe.html"
    genuine, subscription = selectors.subscription_for_token(token=token)
    if not genuine:
        return render(request, template, {"state": "invalid"}, status=400)
    if request.method == "POST":
        services.subscription_cancel_by_token(token=token)
        return render(request, template, {"state": "done"})
    state = "confirm" if subscription else "done"
    return render(request, template, {"state": state, "subscription": subscription})
