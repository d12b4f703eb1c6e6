"""Background work for feedback (run by django-tasks; ids in, never instances)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from kb import mail

from .models import ArticleFollower, ArticleUpdateNotice, GapState, GapTicket


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
        with mail.in_language_of(follower.user):
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
                subject=mail.subject_line(
                    (_("Updated: %(title)s") % {"title": article.title})[:180]
                ),
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


@task()
def notify_gap_assigned(*, ticket_id: int, assignee_id: int) -> int:
    """One e-mail to the editor a content gap was assigned to, with its page; none
    if the gap went to someone else (or elsewhere) before the worker got to it."""
    from .admin_gap_queue import ticket_work_url
    from .gaps import GapKind

    ticket = (
        GapTicket.objects.select_related("assignee", "updated_by")
        .filter(
            pk=ticket_id,
            state=GapState.ASSIGNED,
            assignee_id=assignee_id,
            assignee__is_active=True,
        )
        .exclude(assignee__email="")
        .first()
    )
    if ticket is None:
        return 0
    with mail.in_language_of(ticket.assignee):
        context = {
            "ticket": ticket,
            "kind_label": GapKind.labels.get(ticket.kind, _("Content gap")),
            "assigned_by": ticket.updated_by,
            "gap_url": mail.absolute_url(ticket_work_url(ticket)),
            "site_name": mail.site_name(),
        }
        message = mail.markdown_email(
            subject=mail.subject_line(
                _("Content gap assigned to you: %(title)s") % {"title": ticket.title}
            )[:200],
            markdown_text=render_to_string("feedback/email/gap_assigned.md", context),
            to=[ticket.assignee.email],
        )
        return message.send(fail_silently=True)
