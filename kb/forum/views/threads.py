"""Reading the forum: the index, topic lists, a thread, a post's edit history,
and turning a thread into a draft help article."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import moderation, selectors, services
from ..forms import AnswerForm, new_submit_token
from ..models import ForumSection, Post, PostRevision, Topic
from .access import handles_refusals

PER_PAGE = 20


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
