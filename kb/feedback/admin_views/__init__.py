"""Editor screens: reports (helpfulness, content gaps, comments), one article's
feedback, and "create an article" from a search or forum question.

By concern:

- `permissions`: who may see and change feedback (permission_policy);
- `reports`: the helpfulness, content-gap and comment reports;
- `article`: one article's feedback page;
- `actions`: that page's buttons (resolve, reset the score, show or hide it);
- `create`: a draft article started from a search or forum question.

Other code imports from `kb.feedback.admin_views`; every public name is re-exported
here.
"""

from .actions import (
    article_score_reset_view,
    article_score_visibility_view,
    feedback_resolve_view,
)
from .article import article_detail
from .create import create_article
from .permissions import permission_policy, require_feedback_permission
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
