"""The content-gap report: what readers needed and didn't find, in one list.

Other code imports from `kb.feedback.gaps`; every public name is re-exported here.
"""

from .articles import (
    DROP_AT_LEAST,
    HELPFUL_FLOOR,
    RECENT_DAYS,
    SEARCH_KINDS,
    SEARCH_ROWS,
    Gap,
    GapKind,
    content_gaps,
    create_article_url,
    top_gaps,
)

__all__ = [
    "DROP_AT_LEAST",
    "HELPFUL_FLOOR",
    "RECENT_DAYS",
    "SEARCH_KINDS",
    "SEARCH_ROWS",
    "Gap",
    "GapKind",
    "content_gaps",
    "create_article_url",
    "top_gaps",
]
