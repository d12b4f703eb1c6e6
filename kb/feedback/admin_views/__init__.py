"""Editor screens: reports (helpfulness, content gaps, comments), one article's
feedback, and "create an article" from a search or forum question.

Other code imports from `kb.feedback.admin_views`; every public name is re-exported
here.
"""

from .reports import (
    DEFAULT_GAP_DAYS,
    ArticleHelpfulnessReport,
    CommentFilterSet,
    ContentGapsReport,
    FeedbackCommentsReport,
    GapFilterSet,
    LinkColumn,
    ListReportView,
    PeriodFilterSet,
    article_detail,
    article_score_reset_view,
    article_score_visibility_view,
    create_article,
    feedback_resolve_view,
    permission_policy,
    require_feedback_permission,
)

__all__ = [
    "DEFAULT_GAP_DAYS",
    "ArticleHelpfulnessReport",
    "CommentFilterSet",
    "ContentGapsReport",
    "FeedbackCommentsReport",
    "GapFilterSet",
    "LinkColumn",
    "ListReportView",
    "PeriodFilterSet",
    "article_detail",
    "article_score_reset_view",
    "article_score_visibility_view",
    "create_article",
    "feedback_resolve_view",
    "permission_policy",
    "require_feedback_permission",
]
