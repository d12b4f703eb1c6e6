"""Forum pages. Each view binds a form, calls one service, then redirects or renders."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from .. import moderation, selectors, services
from ..forms import (
    AnswerForm,
    AskForm,
    CommentForm,
    EditQuestionForm,
    FlagForm,
    PreviewForm,
    new_submit_token,
)
from ..models import ForumSection, Post, PostRevision, Topic, Visibility

PER_PAGE = 20
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


@require_GET
def index(request):
    topics = selectors.topic_list()[:10]
    return render(
        request,
        "forum/index.html",
        {"sections": selectors.section_list(), "recent_topics": topics},
    )


@require_GET
def topic_list(request, slug=None):
    section = get_object_or_404(ForumSection, slug=slug) if slug else None
    sort = request.GET.get("sort", "activity")
    if sort not in selectors.SORTS:
        sort = "activity"
    tag = request.GET.get("tag", "").strip()[:30]
    topics = selectors.topic_list(section=section, sort=sort, tag=tag)
    page = Paginator(topics, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forum/topic_list.html",
        {
            "section": section,
            "sort": sort,
            "tag": tag,
            "page_obj": page,
            "topics": page.object_list,
            "sorts": [
                ("activity", _("Latest activity")),
                ("unanswered", _("Unanswered")),
                ("votes", _("Most votes")),
            ],
        },
    )


@require_GET
def topic_detail(request, pk, slug=""):
    topic = get_object_or_404(
        Topic.objects.select_related("section", "author", "merged_into", "article"),
        pk=pk,
    )
    if topic.merged_into_id:
        return redirect(topic.merged_into.get_absolute_url(), permanent=True)
    if not selectors.can_see_topic(topic=topic, user=request.user):
        raise Http404
    if slug != topic.slug:
        return redirect(topic.get_absolute_url(), permanent=True)
    return _render_topic(request, topic)


def _render_topic(request, topic, *, answer_form=None, status=200):
    question, answers = selectors.topic_posts(topic=topic, user=request.user)
    user = request.user
    subscribed = (
        user.is_authenticated and topic.subscriptions.filter(user=user).exists()
    )
    return render(
        request,
        "forum/topic_detail.html",
        {
            "topic": topic,
            "question": question,
            "answers": answers,
            "answer_form": answer_form
            or AnswerForm(initial={"submit_token": new_submit_token()}),
            "comment_token": new_submit_token(),
            "voted": selectors.voted_post_ids(user=user, posts=[question, *answers]),
            "subscribed": subscribed,
            "is_moderator": services.is_moderator(user),
            "can_make_article": moderation.can_make_article(user),
            "can_edit_tags": services.can_edit_tags(user=user, topic=topic),
            "qa_page": selectors.qa_page_data(
                topic=topic,
                question=question,
                answers=answers,
                absolute=request.build_absolute_uri,
            ),
            "tags_text": ", ".join(t.name for t in topic.tags.all()),
            "related_articles": topic.related_articles.live().public(),
        },
        status=status,
    )


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


@login_required
@require_GET
def post_revisions(request, pk):
    post = get_object_or_404(Post.objects.select_related("topic"), pk=pk)
    if not services.is_moderator(request.user):
        raise Http404
    revisions = PostRevision.objects.filter(post=post).select_related("editor")
    return render(
        request, "forum/post_revisions.html", {"post": post, "revisions": revisions}
    )


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


@login_required
@require_POST
@handles_refusals
def topic_to_article(request, pk):
    topic = get_object_or_404(Topic.objects.select_related("accepted_answer"), pk=pk)
    article = moderation.topic_to_article(
        editor=request.user,
        topic=topic,
        thread_url=request.build_absolute_uri(topic.get_absolute_url()),
    )
    messages.success(request, _("A draft article was made from this thread."))
    return redirect("wagtailadmin_pages:edit", article.pk)
