"""Background work for the forum (run by django-tasks; ids in, never instances)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator
from django_tasks import task

from kb import mail

from .models import Post, Subscription, Visibility


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def notify_new_answer(*, post_id: int) -> int:
    """E-mail each subscriber of the topic about a new answer, except its author."""
    from .services import unsubscribe_token

    post = Post.objects.select_related("topic", "author").filter(pk=post_id).first()
    if post is None or post.status != Visibility.VISIBLE:
        return 0
    topic = post.topic
    subscriptions = (
        Subscription.objects.filter(topic=topic, user__is_active=True)
        .exclude(user_id=post.author_id)
        .exclude(user__email="")
        .select_related("user")
    )
    # The answer's own Markdown, as a quote, so it can't restyle the e-mail around it.
    answer = Truncator(post.body_markdown).chars(1200)
    quoted_answer = "\n".join(f"> {line}" for line in answer.splitlines())
    sent = 0
    for subscription in subscriptions:
        unsubscribe_url = absolute_url(
            reverse(
                "forum:unsubscribe", kwargs={"token": unsubscribe_token(subscription)}
            )
        )
        context = {
            "topic": topic,
            "answer_quoted": quoted_answer,
            "topic_url": absolute_url(post.get_absolute_url()),
            "unsubscribe_url": unsubscribe_url,
            "site_name": mail.site_name(),
        }
        message = mail.markdown_email(
            subject=mail.subject_line(f"New answer: {topic.title}"[:180]),
            markdown_text=render_to_string("forum/email/new_answer.md", context),
            to=[subscription.user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        sent += message.send(fail_silently=True)
    return sent
