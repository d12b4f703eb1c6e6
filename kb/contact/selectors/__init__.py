"""Reads for contact, by concern:

- `support_requests`: categories, support addresses, the request list and who
  may see it;
- `visits`: a visit's context for the agent, and suggestions while writing;
- `score`: the self-service score, per week and for the dashboard;
- `before_requests`: what visits read and searched before a request (for the
  content-gap report, an article's feedback page and reviews).

Other code imports from `kb.contact.selectors`; every public name is re-exported here.
"""

from .before_requests import (
    BeforeRequest,
    SearchThenRequest,
    articles_read_before_request,
    requests_after_reading,
    searches_before_request,
    searches_on_article_then_request,
    threads_read_before_request,
)
from .score import SCORE_WEEKS, ScoreWeek, self_service_summary, self_service_weeks
from .support_requests import (
    categories,
    request_list,
    requests_visible_to,
    support_address,
)
from .visits import (
    SUGGESTION_LIMIT,
    SUGGESTION_MIN_LENGTH,
    SUGGESTION_QUERY_WORDS,
    suggestion_query,
    suggestions,
    visit_context,
)

__all__ = [
    "SCORE_WEEKS",
    "SUGGESTION_LIMIT",
    "SUGGESTION_MIN_LENGTH",
    "SUGGESTION_QUERY_WORDS",
    "BeforeRequest",
    "ScoreWeek",
    "SearchThenRequest",
    "articles_read_before_request",
    "categories",
    "request_list",
    "requests_after_reading",
    "requests_visible_to",
    "searches_before_request",
    "searches_on_article_then_request",
    "self_service_summary",
    "self_service_weeks",
    "suggestion_query",
    "suggestions",
    "support_address",
    "threads_read_before_request",
    "visit_context",
]
