"""Readers' "Was this helpful?" votes, per-article score state and daily views.

Other code imports from `kb.feedback.models`; every model is re-exported here.
"""

from .feedback import (
    COMMENT_MAX_LENGTH,
    ArticleDailyViews,
    ArticleFeedback,
    ArticleFeedbackState,
    ArticleFollower,
    ArticleUpdateNotice,
    FeedbackSettings,
    GapEvent,
    GapState,
    GapTicket,
    Reason,
)

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
