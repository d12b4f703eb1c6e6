"""Writing in the forum: asking, answering, editing, commenting, the live
preview, and the articles and threads suggested while a question is typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..forms import (
    AnswerForm,
    AskForm,
    CommentForm,
    EditQuestionForm,
    PreviewForm,
    new_submit_token,
)
from ..models import ForumSection, Topic, Visibility
from .access import _visible_post_or_404, handles_refusals, limited
from .threads import _render_topic


@login_required
@limited("post")
@handles_refusals
def ask(request):
    services.check_can_participate(request.user)
    section = ForumSection.objects.filter(slug=request.GET.get("section", "")).first()
    if request.method == "POST":
        form = AskForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            topic = services.topic_create(
                author=request.user,
                section=data["section"],
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                submit_token=data["submit_token"],
                language=get_language(),
            )
            if topic.status == Visibility.PENDING:
                messages.info(
                    request,
                    _(
                        "Thanks! Your question will appear once a moderator "
                        "approves it."
                    ),
                )
            else:
                messages.success(request, _("Your question is posted."))
            return redirect(topic.get_absolute_url())
        status = 400
    else:
        form = AskForm(
            initial={
                "submit_token": new_submit_token(),
                "section": section or ForumSection.objects.first(),
                "title": request.GET.get("title", "")[:200],
            }
        )
        status = 200
    if not ForumSection.objects.exists():
        messages.warning(request, _("The community has no sections yet."))
    return render(request, "forum/ask.html", {"form": form}, status=status)


@login_required
@require_POST
@limited("post")
@handles_refusals
def answer(request, pk):
    topic = get_object_or_404(Topic, pk=pk, merged_into__isnull=True)
    if not selectors.can_see_topic(topic=topic, user=request.user):
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_topic(request, topic, answer_form=form, status=400)
    post = services.answer_create(
        author=request.user,
        topic=topic,
        body=form.cleaned_data["body"],
        submit_token=form.cleaned_data["submit_token"],
    )
    if post.status == Visibility.PENDING:
        messages.info(
            request, _("Thanks! Your answer will appear once a moderator approves it.")
        )
    else:
        messages.success(request, _("Your answer is posted."))
    return HttpResponseRedirect(post.get_absolute_url())


@login_required
@limited("post")
@handles_refusals
def post_edit(request, pk):
    post = _visible_post_or_404(request, pk)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author can edit this post."))
    form_class = EditQuestionForm if post.is_question else AnswerForm
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            services.post_edit(
                editor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
            )
            messages.success(request, _("Your changes are saved."))
            return HttpResponseRedirect(post.get_absolute_url())
        status = 400
    else:
        initial = {"body": post.body_markdown}
        if post.is_question:
            initial["title"] = post.topic.title
        form = form_class(initial=initial)
        status = 200
    return render(
        request, "forum/post_edit.html", {"form": form, "post": post}, status=status
    )


@login_required
@limited("post")
@handles_refusals
def comment_create(request, pk):
    post = _visible_post_or_404(request, pk)
    if request.method != "POST":
        return redirect(post.get_absolute_url())
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(
            request, "forum/comment_form.html", {"form": form, "post": post}, status=400
        )
    services.comment_create(
        author=request.user,
        post=post,
        body=form.cleaned_data["body"],
        submit_token=form.cleaned_data["submit_token"],
    )
    messages.success(request, _("Your comment is posted."))
    return HttpResponseRedirect(post.get_absolute_url())


@require_POST
@limited("read_api")
def preview(request):
    """Live preview of Markdown, rendered exactly as it will be saved."""
    form = PreviewForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": form.errors["body"][0]}, status=400)
    return JsonResponse({"html": services.render_post(form.cleaned_data["body"])})


@require_GET
@limited("read_api", method="GET")
def similar(request):
    """Articles and threads that may already answer the title being typed."""
    title = request.GET.get("q", "")
    if "\x00" in title:
        return JsonResponse({"error": "The title isn't text."}, status=400)
    results = selectors.similar_topics(title=title)
    for result in results:
        result["open_url"] = (
            reverse("forum:suggestion_open")
            + "?"
            + _urlencode({"to": result["url"], "q": title[:200]})
        )
    return JsonResponse({"results": results})


def _urlencode(params):
    from urllib.parse import urlencode

    return urlencode(params)


@require_GET
@limited("read_api", method="GET")
def suggestion_open(request):
    """Record that the asker opened a suggestion instead of posting, then go there."""
    target = request.GET.get("to", "")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return render(
            request,
            "forum/refused.html",
            {"message": _("That link doesn't lead anywhere on this site.")},
            status=400,
        )
    services.suggestion_open_record(
        user=request.user,
        typed_title=request.GET.get("q", "").replace("\x00", ""),
        url=target,
    )
    return HttpResponseRedirect(target)
