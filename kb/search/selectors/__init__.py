"""Reads for the site search, by concern:

- `queries`: cleaning what a visitor typed, its logged form, synonyms, the query;
- `site`: the site search itself;
- `hits`: what a search answers (SearchOutcome, SearchHit);
- `picks`: editor's picks for a query;
- `semantic`: re-ranking the first hits by meaning (KB_SEARCH_SEMANTIC), used by `site`;
- `corrections`: spelling corrections, from other searchers and the index's words;
- `suggest`: suggestions while typing, popular searches and content, the forum link;
- `reports`: the search-log reports (top queries, no results, no clicks, totals);
- `languages`: the content languages, and searching one of them.

Other code imports from `kb.search.selectors`; every public name is re-exported here.
"""

from .corrections import correction_for, searched_correction, spelling_suggestion
from .hits import SNIPPET_LENGTH, SearchHit, SearchOutcome
from .picks import promoted_hits
from .queries import (
    MAX_QUERY_LENGTH,
    MAX_SYNONYM_ALTERNATIVES,
    build_search_query,
    clean_query,
    normalise_query,
    synonym_groups,
    synonyms_for,
)
from .reports import (
    queries_without_clicks,
    queries_without_results,
    search_summary,
    top_queries,
)
from .site import MAX_OFFSET, site_search
from .suggest import (
    POPULAR_DAYS,
    POPULAR_MIN_SEARCHERS,
    SUGGEST_MIN_LENGTH,
    SUGGEST_QUERIES,
    SUGGEST_TITLES,
    ask_community_url,
    corrected_suggestions,
    popular_content,
    popular_queries,
    suggestions,
)

__all__ = [
    "MAX_OFFSET",
    "MAX_QUERY_LENGTH",
    "MAX_SYNONYM_ALTERNATIVES",
    "POPULAR_DAYS",
    "POPULAR_MIN_SEARCHERS",
    "SNIPPET_LENGTH",
    "SUGGEST_MIN_LENGTH",
    "SUGGEST_QUERIES",
    "SUGGEST_TITLES",
    "SearchHit",
    "SearchOutcome",
    "ask_community_url",
    "build_search_query",
    "clean_query",
    "corrected_suggestions",
    "correction_for",
    "normalise_query",
    "popular_content",
    "popular_queries",
    "promoted_hits",
    "queries_without_clicks",
    "queries_without_results",
    "search_summary",
    "searched_correction",
    "site_search",
    "spelling_suggestion",
    "suggestions",
    "synonym_groups",
    "synonyms_for",
    "top_queries",
]
