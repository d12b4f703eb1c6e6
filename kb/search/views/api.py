"""The JSON search API (/api/search/?q=), for in-product help widgets.

Same results as the search page. Public content only, so any origin may call it.
"""

from django.http import JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from .. import selectors
from ..forms import SearchForm
from ..selectors.languages import content_language
from ..tracking import search_rate
from .site import fallback_notice, record_search, too_many_searches

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50


def _hit_json(request, hit):
    url = hit.url
    if url.startswith("/"):
        url = request.build_absolute_uri(url)
    return {
        "type": hit.kind,
        "type_label": hit.kind_label,
        "title": hit.title,
        "url": url,
        "snippet_html": hit.snippet_html,
        "category": hit.category,
        "answered": hit.answered,
        "recommended": hit.promoted,
        "rank": hit.rank,
        "score": hit.score,
    }


def _json(data, status=200):
    response = JsonResponse(
        data, status=status, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@ratelimit(group="kb-search", key="ip", rate=search_rate, block=False)
def search(request):
    """?q= text, &type= kind, &category= id, &page= number, &per_page= up to 50,
    &lang= the reader's language (default: the page's language)."""
    if getattr(request, "limited", False):
        response = too_many_searches()
        response["Access-Control-Allow-Origin"] = "*"
        return response
    params = SearchForm(request.GET).cleaned()
    try:
        per_page = int(request.GET.get("per_page", DEFAULT_PER_PAGE))
    except ValueError:
        per_page = DEFAULT_PER_PAGE
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    language = content_language(request.GET.get("lang") or get_language())
    outcome = selectors.site_search(
        language=language,
        query=params["q"],
        kinds=[params["kind"]] if params["kind"] else [],
        category_id=params["category"],
        offset=(params["page"] - 1) * per_page,
        limit=per_page,
        correct=not params["exact"],
    )
    record_search(request, outcome)
    data = {
        "query": outcome.query,
        "truncated": outcome.truncated,
        "max_query_length": selectors.MAX_QUERY_LENGTH,
        "total": outcome.total,
        "page": params["page"],
        "per_page": per_page,
        # Results are for `query`; `original_query` is what was typed, when a
        # corrected spelling was searched instead (`exact=1` searches it as typed).
        "original_query": outcome.original_query,
        "corrected_query": outcome.corrected_query,
        "only_common_words": outcome.only_common_words,
        # The language searched, and the reader's when it found nothing and the
        # source language's content is shown instead.
        "language": outcome.language,
        "fallback_from": outcome.fallback_from,
        "counts": outcome.kind_counts,
        "recommended": [_hit_json(request, hit) for hit in outcome.picks],
        "results": [_hit_json(request, hit) for hit in outcome.hits],
    }
    if outcome.original_query:
        data["notice"] = _(
            "Showing results for %(query)s; nothing much was found for %(original)s."
        ) % {"query": outcome.query, "original": outcome.original_query}
    if outcome.fallback_from:
        data["notice"] = fallback_notice(outcome)
    if outcome.only_common_words:
        data["notice"] = _(
            "That search has only very common words, which search skips. "
            "Add what you need help with, e.g. “reset my password”."
        )
    if outcome.truncated:
        data["notice"] = _("Your search was cut to its first %(count)d characters.") % {
            "count": selectors.MAX_QUERY_LENGTH
        }
    if outcome.failed:
        data["notice"] = _(
            "Search is partly unavailable right now; results may be missing."
        )
    return _json(data)
