"""Background work for feedback (run by django-tasks; ids in, never instances)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from kb import mail

from .models import ArticleFollower, ArticleUpdateNotice


@task()
def notify_article_updated(*, notice_id: int) -> int:
    """One e-mail to each follower about a significant revision of the article."""
    from kb.articles.models import ArticlePage

    from .following import unsubscribe_token

    notice = ArticleUpdateNotice.objects.filter(pk=notice_id).first()
    article = (
        ArticlePage.objects.live().public().filter(pk=notice.article_page_id).first()
        if notice
        else None
    )
    if article is None:
        return 0
    followers = (
        ArticleFollower.objects.filter(article=article, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    sent = 0
    for follower in followers:
        unsubscribe_url = mail.absolute_url(
            reverse(
                "feedback:unsubscribe",
                kwargs={"token": unsubscribe_token(follower)},
            )
        )
        context = {
            "article": article,
            "article_url": mail.absolute_url(article.url or "/"),
            "unsubscribe_url": unsubscribe_url,
            "site_name": mail.site_name(),
        }
        message = mail.markdown_email(
            subject=mail.subject_line(f"Updated: {article.title}"[:180]),
            markdown_text=render_to_string(
                "feedback/email/article_updated.md", context
            ),
            to=[follower.user.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        sent += message.send(fail_silently=True)
    return sent
