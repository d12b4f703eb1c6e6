"""The content-gap report: what readers needed and didn't find, in one list.

Search logs (kb.search.selectors), forum questions (kb.forum.selectors) and what
visits did before a support request (kb.contact.selectors) are read when those
apps provide them; a missing app or function leaves its rows out.

By concern:

- `kinds`: the kinds of gap, a gap's row (Gap) and the links that fix it;
- `articles`: least helpful articles, scores that dropped, stale articles;
- `searches`: searches without results or without clicks, per language;
- `forum`: unanswered forum questions;
- `contact`: what visits read or searched before a support request;
- `report`: all gaps of a period (content_gaps) and the dashboard's (top_gaps).

Other code imports from `kb.feedback.gaps`; every public name is re-exported here.
"""

from .articles import DROP_AT_LEAST, HELPFUL_FLOOR, RECENT_DAYS
from .kinds import SEARCH_KINDS, Gap, GapKind, create_article_url
from .report import content_gaps, top_gaps
from .searches import SEARCH_ROWS

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
