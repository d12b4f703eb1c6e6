"""The daily review chores the worker runs (kb.reviews.jobs): schedule reviews for
articles that have none, open reviews on evidence, and e-mail each owner a digest."""

import datetime
import logging

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from kb import mail
from kb.articles.models import ArticlePage
from kb.feedback.models import FeedbackSettings

from . import evidence
from .models import ArticleReview
from .selectors import articles_without_review, due_by_owner, review_settings
from .services import review_open, review_schedule

logger = logging.getLogger(__name__)


def reviews_schedule_missing() -> int:
    """Articles published before reviews existed (or by a data import) get one."""
    site_settings = review_settings()
    count = 0
    for article in articles_without_review().iterator():
        review_schedule(article=article, site_settings=site_settings)
        count += 1
    return count


def evidence_findings(*, now=None) -> dict[int, list[str]]:
    """Every rule's findings for every live article, {page id: [findings]}."""
    now = now or timezone.now()
    options = review_settings()
    window = evidence.Window(
        earliest=now - datetime.timedelta(days=options.evidence_days),
        reviewed_at=dict(
            ArticleReview.objects.filter(last_reviewed_at__isnull=False).values_list(
                "article_id", "last_reviewed_at"
            )
        ),
    )
    min_votes = FeedbackSettings.objects.values_list("min_votes", flat=True).first()
    rules = [
        evidence.score_dropped(
            window=window, min_votes=min_votes or FeedbackSettings().min_votes
        ),
        evidence.wrong_reasons(window=window, min_readers=options.evidence_min_reasons),
        evidence.searches_then_no(
            window=window, min_readers=options.evidence_min_search_no
        ),
        evidence.searches_then_request(
            window=window, min_visits=options.evidence_min_search_request
        ),
        evidence.forum_reports(window=window),
    ]
    findings = {}
    for rule in rules:
        for page_id, finding in rule.items():
            findings.setdefault(page_id, []).append(finding)
    return findings


def reviews_open_on_evidence(*, now=None) -> int:
    """Open a review on each live article that evidence says may be wrong."""
    findings = evidence_findings(now=now)
    opened = 0
    for article in ArticlePage.objects.live().filter(pk__in=findings):
        if review_open(article=article, findings=findings[article.pk]):
            opened += 1
    return opened


def review_digests_send(*, today=None) -> int:
    """One e-mail to each owner listing their articles due a review."""
    today = today or timezone.localdate()
    sent = 0
    for owner, reviews in due_by_owner(today=today).items():
        with mail.in_language_of(owner):
            rows = [
                {
                    "title": review.article.title,
                    "url": mail.absolute_url(
                        reverse("reviews_admin:article", args=[review.article_id])
                    ),
                    "review_by": review.review_by,
                    "evidence": review.evidence_lines(),
                    "overdue": review.review_by <= today,
                }
                for review in reviews
            ]
            context = {
                "owner": owner,
                "rows": rows,
                "dashboard_url": mail.absolute_url(reverse("wagtailadmin_home")),
                "site_name": mail.site_name(),
            }
            count = len(rows)
            subject = ngettext(
                "%(count)d article due for review",
                "%(count)d articles due for review",
                count,
            ) % {"count": count}
            message = mail.markdown_email(
                subject=mail.subject_line(subject),
                markdown_text=render_to_string("reviews/email/digest.md", context),
                to=[owner.email],
            )
            sent += message.send(fail_silently=True)
    logger.info("Sent %d review digests", sent)
    return sent
