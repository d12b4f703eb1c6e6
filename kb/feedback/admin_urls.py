from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import admin_gap_queue, admin_views

app_name = "feedback_admin"

urlpatterns = [
    path(
        "helpfulness/",
        admin_views.ArticleHelpfulnessReport.as_view(),
        name="helpfulness",
    ),
    path(
        "helpfulness/results/",
        admin_views.ArticleHelpfulnessReport.as_view(results_only=True),
        name="helpfulness_results",
    ),
    path("gaps/", admin_views.ContentGapsReport.as_view(), name="gaps"),
    path(
        "gaps/results/",
        admin_views.ContentGapsReport.as_view(results_only=True),
        name="gaps_results",
    ),
    path("gaps/gap/", admin_gap_queue.gap_detail, name="gap"),
    path(
        "gaps/history/", admin_gap_queue.GapHistoryReport.as_view(), name="gap_history"
    ),
    path(
        "gaps/history/results/",
        admin_gap_queue.GapHistoryReport.as_view(results_only=True),
        name="gap_history_results",
    ),
    path("comments/", admin_views.FeedbackCommentsReport.as_view(), name="comments"),
    path(
        "comments/results/",
        admin_views.FeedbackCommentsReport.as_view(results_only=True),
        name="comments_results",
    ),
    path("articles/<id:page_id>/", admin_views.article_detail, name="article"),
    path(
        "articles/<id:page_id>/reset/",
        admin_views.article_score_reset_view,
        name="article_reset",
    ),
    path(
        "articles/<id:page_id>/visibility/",
        admin_views.article_score_visibility_view,
        name="article_visibility",
    ),
    path("<id:pk>/resolve/", admin_views.feedback_resolve_view, name="resolve"),
    path("create-article/", admin_views.create_article, name="create_article"),
]
