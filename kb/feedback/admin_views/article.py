"""One article's feedback page."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Page

from ..analytics import (
    article_requests_after_reading,
    article_search_terms,
    article_weekly_views,
)
from ..chart import trend_svg, views_svg
from ..models import ArticleFeedback
from ..selectors import article_score, article_state, article_trend, feedback_list
from .permissions import permission_policy, require_feedback_permission


def article_detail(request, page_id):
    """One article's answers: counts, score, reasons, comments and the weekly trend."""
    require_feedback_permission(request.user)
    page = Page.objects.filter(pk=page_id).specific().first()
    snapshot = ArticleFeedback.objects.filter(article_page_id=page_id).first()
    if page is None and snapshot is None:
        raise Http404("No feedback for this article")
    title = page.title if page else snapshot.article_title
    score = article_score(article_page_id=page_id, title=title)
    state = article_state(article_page_id=page_id)
    trend = article_trend(article_page_id=page_id)
    views = article_weekly_views(article_page_id=page_id, weeks=len(trend))
    baseline = (
        timezone.localtime(state.score_since).date()
        if state and state.score_since
        else None
    )
    return TemplateResponse(
        request,
        "feedback/admin/article_detail.html",
        {
            "page": page,
            "article_page_id": page_id,
            "title": title,
            "score": score,
            "state": state,
            "trend": trend,
            "chart": trend_svg(trend, baseline=baseline),
            "views": views,
            "views_total": sum(point.views for point in views),
            "views_chart": views_svg(views),
            "search_terms": article_search_terms(
                article_page_id=page_id, since=views[0].start
            ),
            "support_requests": article_requests_after_reading(
                article_page_id=page_id, weeks=views, user=request.user
            ),
            "feedback": feedback_list(article_page_id=page_id).select_related(
                "resolved_by"
            )[:200],
            "can_change": permission_policy.user_has_permission(request.user, "change"),
            "header_icon": "help",
        },
    )
