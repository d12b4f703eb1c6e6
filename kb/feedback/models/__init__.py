"""The feedback app's models, by concern:

- `feedback`: readers' "Was this helpful?" votes, per-article score state, daily
  views and the site's feedback settings;
- `gap_tickets`: the content-gap work queue (tickets and their events);
- `followers`: readers following an article and the update notices they get.

Other code imports from `kb.feedback.models`; every model is re-exported here.
"""

from .feedback import (
    COMMENT_MAX_LENGTH,
    ArticleDailyViews,
    ArticleFeedback,
    ArticleFeedbackState,
    FeedbackSettings,
    Reason,
)
from .followers import ArticleFollower, ArticleUpdateNotice
from .gap_tickets import GapEvent, GapState, GapTicket

__all__ = [
    "COMMENT_MAX_LENGTH",
    "ArticleDailyViews",
    "ArticleFeedback",
    "ArticleFeedbackState",
    "ArticleFollower",
    "ArticleUpdateNotice",
    "FeedbackSettings",
    "GapEvent",
    "GapState",
    "GapTicket",
    "Reason",
]
