"""The reader's vote (a plain POST that redirects back, or JSON for feedback.js),
and following an article for updates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from kb.articles.models import ArticlePage

from .following import follow_set, follower_for_token, unfollow_by_token
from .forms import VoteForm
from .readers import (
    client_hash,
    is_bot,
    new_reader_token,
    read_reader_token,
    reader_key,
    set_reader_cookie,
)
from .services import feedback_record
from .widget import answer_proof, widget_context


def vote_rate(group, request):
    return getattr(settings, "KB_FEEDBACK_RATE", "30/m")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
# Per client address (an IPv6 client's whole /64), which a client can't reset the
# way it can drop or forge its reader cookie; counted in the site's shared cache.
@ratelimit(group="kb-feedback-vote", key="ip", rate=vote_rate, block=True)
def vote(request, page_id):
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"ok": False, "errors": form.errors}, status=400)
        return render(
            request,
            "feedback/invalid.html",
            {"form": form, "article": article},
            status=400,
        )
    token = read_reader_token(request)
    fresh_token = None
    if token is None and not request.user.is_authenticated:
        token = fresh_token = new_reader_token()
    helpful = form.is_helpful
    details = form.cleaned_data["details"]
    vote_row = None
    # Crawlers and cookieless clients get the same answer but are not counted.
    if request.COOKIES and not is_bot(request):
        vote_row = feedback_record(
            article=article,
            reader_key=reader_key(request, token),
            helpful=helpful,
            reasons=form.cleaned_data["reasons"] if details else None,
            comment=form.cleaned_data["comment"] if details else None,
            user=request.user,
            client_hash=client_hash(request),
            search_query=form.cleaned_data["search"],
        )
    state = "yes" if helpful else ("done" if details else "no")
    if _wants_json(request):
        context = widget_context(
            request=request,
            article=article,
            state=state,
            vote=vote_row,
            token=token,
            answered=True,
        )
        html = render_to_string("feedback/widget_inner.html", context, request=request)
        response = JsonResponse({"ok": True, "state": state, "html": html})
    else:
        proof = answer_proof(article_page_id=article.pk, state=state)
        response = redirect(
            f"{article.get_url(request)}?feedback={state}&answered={proof}"
            "#article-feedback"
        )
    if fresh_token:
        set_reader_cookie(response, fresh_token)
    return response


def follow_rate(group, request):
    return getattr(settings, "KB_FEEDBACK_FOLLOW_RATE", "20/m")


@require_POST
@login_required
@ratelimit(group="kb-feedback-follow", key="user_or_ip", rate=follow_rate, block=True)
def follow(request, page_id):
    """Follow an article (be e-mailed when it is significantly revised), or stop."""
    article = get_object_or_404(ArticlePage.objects.live().public(), pk=page_id)
    wanted = request.POST.get("action") != "unfollow"
    follow_set(article=article, user=request.user, following=wanted)
    messages.success(
        request,
        _("We'll e-mail you when this article is updated.")
        if wanted
        else _("You no longer follow this article."),
    )
    return redirect(article.get_url(request) + "#article-feedback")


@csrf_exempt  # a mail provider's one-click POST comes without cookie or token
@ratelimit(
    group="kb-feedback-follow",
    key="ip",
    rate=follow_rate,
    block=True,
    method=["GET", "POST"],
)
def unsubscribe(request, token):
    """The link in an update e-mail: a GET asks (mail scanners open links); the
    reader confirms with a POST, or the mail provider sends a one-click POST."""
    token = token[:500]
    if request.POST.get("List-Unsubscribe") == "One-Click":
        if not unfollow_by_token(token=token):
            return HttpResponseBadRequest(_("This unsubscribe link is not genuine."))
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return _unsubscribe_page(request, token)


@csrf_protect
def _unsubscribe_page(request, token):
    template = "feedback/unsubscribe.html"
    genuine, follower = follower_for_token(token=token)
    if not genuine:
        return render(request, template, {"state": "invalid"}, status=400)
    if request.method == "POST":
        unfollow_by_token(token=token)
        return render(request, template, {"state": "done"})
    state = "confirm" if follower else "done"
    return render(request, template, {"state": state, "follower": follower})
