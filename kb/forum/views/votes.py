"""What readers say of a post: up-votes, the asker's accept, flags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import FlagForm
from .access import _visible_post_or_404, handles_refusals, limited


@login_required
@require_POST
@limited("vote")
@handles_refusals
def post_vote(request, pk):
    post = _visible_post_or_404(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    if withdraw:
        services.vote_withdraw(user=request.user, post=post)
    else:
        services.vote_record(user=request.user, post=post)
    if request.headers.get("Accept", "").startswith("application/json"):
        post.refresh_from_db(fields=["score"])
        return JsonResponse({"score": post.score})
    messages.success(
        request,
        _("Your up-vote is withdrawn.") if withdraw else _("Thanks for your up-vote."),
    )
    return HttpResponseRedirect(post.get_absolute_url())


@login_required
@require_POST
@limited("post")
@handles_refusals
def post_accept(request, pk):
    post = _visible_post_or_404(request, pk)
    if request.POST.get("action") == "unaccept":
        services.answer_unaccept(user=request.user, topic=post.topic)
        messages.success(request, _("The answer is no longer marked as accepted."))
    else:
        services.answer_accept(user=request.user, post=post)
        messages.success(
            request, _("You accepted this answer: the thread is marked as solved.")
        )
    return HttpResponseRedirect(post.get_absolute_url())


@login_required
@limited("flag")
@handles_refusals
def post_flag(request, pk):
    post = _visible_post_or_404(request, pk)
    if request.method == "POST":
        form = FlagForm(request.POST)
        if form.is_valid():
            services.flag_create(
                reporter=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Thanks: a moderator will look at this post."))
            return HttpResponseRedirect(post.get_absolute_url())
        status = 400
    else:
        form = FlagForm()
        status = 200
    return render(
        request, "forum/post_flag.html", {"form": form, "post": post}, status=status
    )
