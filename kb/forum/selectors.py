"""Read-only queries for the forum's pages, the moderation queue and reports."""

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from .models import Comment, Flag, ForumSection, Post, Subscription, Topic, Visibility
from .services import is_moderator, unsubscribe_token_read

SORTS = {
    "activity": ("-is_pinned", "-last_activity_at", "-pk"),
    "unanswered": ("-is_pinned", "-created_at", "-pk"),
    "votes": ("-score", "-answer_count", "-last_activity_at", "-pk"),
}


def section_list():
    """Sections with their number of visible topics in `topic_total`."""
    return ForumSection.objects.annotate(
        topic_total=Count(
            "topics",
            filter=Q(topics__status=Visibility.VISIBLE),
        )
    )


def topic_list(*, section=None, sort: str = "activity", tag: str = ""):
    """Visible topics for a listing, with what the list shows loaded in few queries."""
    topics = Topic.objects.visible().select_related(
        "section", "author", "author__forum_profile"
    )
    if section is not None:
        topics = topics.filter(section=section)
    if tag:
        topics = topics.filter(tags__name__iexact=tag)
    if sort == "unanswered":
        topics = topics.filter(answer_count=0)
    topics = topics.order_by(*SORTS.get(sort, SORTS["activity"]))
    return topics.prefetch_related("tags").distinct()


def can_see_topic(*, topic: Topic, user) -> bool:
    if topic.status == Visibility.VISIBLE:
        return True
    if is_moderator(user):
        return True
    return bool(
        user.is_authenticated
        and topic.author_id == user.pk
        and topic.status == Visibility.PENDING
    )


def topic_posts(*, topic: Topic, user):
    """The question and the answers a viewer may see: the accepted answer first,
    then by votes, then oldest first. Moderators also see hidden and deleted
    posts; authors see their own posts that wait for approval."""
    posts = Post.objects.filter(topic=topic)
    if not is_moderator(user):
        visible = Q(status=Visibility.VISIBLE)
        if user.is_authenticated:
            visible |= Q(author=user, status=Visibility.PENDING)
        posts = posts.filter(visible)
    comments = Comment.objects.filter(status=Visibility.VISIBLE).select_related(
        "author", "author__forum_profile"
    )
    posts = posts.select_related("author", "author__forum_profile").prefetch_related(
        Prefetch("comments", queryset=comments, to_attr="visible_comments")
    )
    if is_moderator(user):
        posts = posts.annotate(revision_count=Count("revisions", distinct=True))
    posts = list(posts)
    question = next((p for p in posts if p.is_question), None)
    answers = [p for p in posts if not p.is_question]
    answers.sort(
        key=lambda p: (p.pk != topic.accepted_answer_id, -p.score, p.created_at, p.pk)
    )
    return question, answers


def voted_post_ids(*, user, posts) -> set[int]:
    if not user.is_authenticated:
        return set()
    from .models import Vote

    return set(
        Vote.objects.filter(user=user, post__in=[p.pk for p in posts if p]).values_list(
            "post_id", flat=True
        )
    )


def moderation_queue():
    """Posts with open flags (most flagged first) and posts awaiting approval."""
    flagged = (
        Post.objects.filter(
            pk__in=Flag.objects.filter(resolved_at__isnull=True).values("post_id")
        )
        .annotate(open_flags=Count("flags", filter=Q(flags__resolved_at__isnull=True)))
        .select_related("topic", "author", "topic__section")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.filter(resolved_at__isnull=True).select_related(
                    "reporter"
                ),
                to_attr="open_flag_list",
            )
        )
        .order_by("-open_flags", "-pk")
    )
    pending = (
        Post.objects.filter(status=Visibility.PENDING)
        .select_related("topic", "author", "topic__section")
        .order_by("created_at")
    )
    return flagged, pending


def unanswered_popular_topics(*, since=None, limit: int = 20):
    """Visible questions without an answer, most wanted first (votes, then followers).

    For the content-gap report: each topic has `.title`, `.get_absolute_url()`,
    `.score`, `.followers` and `.created_at`.
    """
    topics = Topic.objects.visible().filter(answer_count=0)
    if since is not None:
        topics = topics.filter(created_at__gte=since)
    return list(
        topics.annotate(followers=Count("subscriptions", distinct=True))
        .select_related("section")
        .order_by("-score", "-followers", "-created_at")[:limit]
    )


def similar_topics(*, title: str, limit: int = 5):
    """Articles and threads that may already answer a question being typed.

    Uses the site search (kb.search.selectors.site_search) when it is installed,
    else a plain title match on threads.
    """
    title = (title or "").strip()[:200]
    if len(title) < 3:
        return []
    try:
        from kb.search.selectors import site_search
    except ImportError:
        site_search = None
    if site_search is not None:
        outcome = site_search(query=title, limit=limit)
        results, seen = [], set()
        for hit in [*getattr(outcome, "picks", []), *outcome.hits]:
            if hit.url and hit.url not in seen:
                seen.add(hit.url)
                results.append(
                    {
                        "title": hit.title,
                        "url": hit.url,
                        "kind": hit.kind,
                        "answered": hit.answered,
                    }
                )
        return results[:limit]
    words = [w for w in title.split() if len(w) > 3][:6]
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    if not words:
        return []
    return [
        {
            "title": t.title,
            "url": t.get_absolute_url(),
            "kind": "thread",
            "answered": t.is_answered,
        }
        for t in Topic.objects.visible().filter(query).order_by("-score")[:limit]
    ]


def subscription_for_token(*, token: str) -> tuple[bool, Subscription | None]:
    """Whether an unsubscribe link is genuine, and its subscription if it still
    exists (None once the member stopped following)."""
    data = unsubscribe_token_read(token)
    if data is None:
        return False, None
    subscription = (
        Subscription.objects.select_related("topic")
        .filter(pk=data.get("s"), user_id=data.get("u"))
        .first()
    )
    return True, subscription


def member_stats(user) -> dict:
    """What a member's public page counts: visible questions, answers, accepts."""
    VISIBLE = Visibility.VISIBLE
    posts = Post.objects.filter(author=user, status=Visibility.VISIBLE)
    counts = posts.aggregate(
        questions=Count("pk", filter=Q(is_question=True, topic__status=VISIBLE)),
        answers=Count("pk", filter=Q(is_question=False, topic__status=VISIBLE)),
    )
    counts["accepted"] = (
        Topic.objects.visible()
        .filter(accepted_answer__author=user)
        .exclude(author=user)
        .count()
    )
    return counts


def member_questions(user):
    """A member's visible threads, newest first."""
    return (
        Topic.objects.visible()
        .filter(author=user)
        .select_related("section", "author", "author__forum_profile")
        .prefetch_related("tags")
        .order_by("-created_at", "-pk")
    )


def member_answers(user):
    """A member's visible answers in visible threads, newest first."""
    return (
        Post.objects.filter(
            author=user,
            is_question=False,
            status=Visibility.VISIBLE,
            topic__status=Visibility.VISIBLE,
        )
        .select_related("topic", "topic__section")
        .order_by("-created_at", "-pk")
    )


def member_following(user):
    """Threads a member follows and may see, latest activity first."""
    return (
        Topic.objects.visible()
        .filter(subscriptions__user=user)
        .select_related("section", "author", "author__forum_profile")
        .prefetch_related("tags")
        .order_by("-last_activity_at", "-pk")
    )


def qa_page_data(*, topic: Topic, question, answers, absolute) -> dict:
    """schema.org QAPage for a thread (Google's Q&A rich results): the question,
    the accepted answer and the other visible answers, as plain text."""
    from django.utils.html import strip_tags

    def person(user):
        profile = getattr(user, "forum_profile", None)
        return {
            "@type": "Person",
            "name": profile.name if profile else user.get_username(),
            "url": absolute(reverse("forum:member", kwargs={"user_id": user.pk})),
        }

    def answer_data(post):
        return {
            "@type": "Answer",
            "text": strip_tags(post.body_html).strip(),
            "upvoteCount": post.score,
            "dateCreated": post.created_at.isoformat(),
            "url": absolute(post.get_absolute_url()),
            "author": person(post.author),
        }

    visible = [a for a in answers if a.status == Visibility.VISIBLE]
    entity = {
        "@type": "Question",
        "name": topic.title,
        "text": strip_tags(question.body_html).strip() if question else topic.title,
        "answerCount": len(visible),
        "upvoteCount": topic.score,
        "dateCreated": topic.created_at.isoformat(),
        "author": person(topic.author),
    }
    accepted = [answer_data(a) for a in visible if a.pk == topic.accepted_answer_id]
    suggested = [answer_data(a) for a in visible if a.pk != topic.accepted_answer_id]
    if accepted:
        entity["acceptedAnswer"] = accepted[0]
    if suggested:
        entity["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": entity}
