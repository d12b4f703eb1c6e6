from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import admin_views

app_name = "reviews_admin"

urlpatterns = [
    path("", admin_views.ArticleReviewsReport.as_view(), name="reviews"),
    path(
        "results/",
        admin_views.ArticleReviewsReport.as_view(results_only=True),
        name="reviews_results",
    ),
    path("history/", admin_views.ReviewHistoryReport.as_view(), name="history"),
    path(
        "history/results/",
        admin_views.ReviewHistoryReport.as_view(results_only=True),
        name="history_results",
    ),
    path("articles/<id:page_id>/", admin_views.article_review, name="article"),
    path(
        "articles/<id:page_id>/reviewed/",
        admin_views.article_mark_reviewed,
        name="mark_reviewed",
    ),
]
