"""Reads for contact: a visit's context, suggestions, the self-service score and
what came before requests (for the content-gap report).

Other code imports from `kb.contact.selectors`; every public name is re-exported here.
"""

from .before_requests import (
    SCORE_WEEKS,
    SUGGESTION_LIMIT,
    SUGGESTION_MIN_LENGTH,
    SUGGESTION_QUERY_WORDS,
    BeforeRequest,
    ScoreWeek,
    SearchThenRequest,
    articles_read_before_request,
    categories,
    request_list,
    requests_after_reading,
    requests_visible_to,
    searches_before_request,
    searches_on_article_then_request,
    self_service_summary,
    self_service_weeks,
    suggestion_query,
    suggestions,
    support_address,
    threads_read_before_request,
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
