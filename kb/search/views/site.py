"""The search page, search-as-you-type suggestions, click recording, OpenSearch."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.decorators import ratelimit

from .. import selectors, services
from ..forms import SearchForm
from ..selectors.languages import content_language, language_name
from ..sources import sources
from ..tracking import (
    click_token,
    is_bot,
    read_click_token,
    search_rate,
    searcher_key,
    suggest_rate,
    visitor_key,
)

PER_PAGE = 10
MAX_PAGES = selectors.MAX_OFFSET // PER_PAGE + 1


def record_search(request, outcome) -> None:
    """Log a visitor's search (not a bot's, not a repeat); never for a failed search."""
    if outcome.query and not outcome.failed and not is_bot(request):
        services.search_record(
            query=outcome.query,
            # What the reader's language had: a fallback is a translation gap.
            results=0 if outcome.fallback_from else outcome.total,
            visitor=visitor_key(request),
            searcher=searcher_key(request),
            language=outcome.fallback_from or outcome.language,
        )


def _page_links(request, params, page, num_pages):
    def link(number):
        return "?" + urlencode({**params, "page": number})

    return {
        "previous": link(page - 1) if page > 1 else None,
        "next": link(page + 1) if page < num_pages else None,
    }


@require_GET
@ratelimit(group="kb-search", key="ip", rate=search_rate, block=True)
def search(request):
    params = SearchForm(request.GET).cleaned()
    kinds = [params["kind"]] if params["kind"] else []
    language = content_language(get_language())

    def run(page):
        return selectors.site_search(
            query=params["q"],
            kinds=kinds,
            category_id=params["category"],
            offset=(page - 1) * PER_PAGE,
            limit=PER_PAGE,
            correct=not params["exact"],
            language=language,
        )

    page = params["page"]
    outcome = run(page)
    num_pages = min(max(1, -(-outcome.total // PER_PAGE)), MAX_PAGES)
    if page > num_pages:  # past the end: show the last page instead of nothing
        page = num_pages
        outcome = run(page)
    record_search(request, outcome)
    base_params = {"q": outcome.query}
    if params["kind"]:
        base_params["type"] = params["kind"]
    if params["category"]:
        base_params["category"] = params["category"]
    for hit in outcome.picks + outcome.hits:
        hit.click_token = click_token(query=outcome.query, hit=hit, language=language)
    kinds_all = sources()
    kind_summary = [
        (count, source.label if count == 1 else source.label_plural)
        for source in kinds_all
        if (count := outcome.kind_counts.get(source.kind, 0))
    ]
    context = {
        "query": outcome.query,
        "outcome": outcome,
        "hits": outcome.hits,
        "picks": outcome.picks,
        "kinds": kinds_all,
        "kind_summary": kind_summary,
        "selected_kind": params["kind"],
        "selected_category": params["category"],
        "categories": _category_choices(kinds_all),
        "page_number": page,
        "num_pages": num_pages,
        "first_rank": outcome.offset + 1,
        "last_rank": outcome.offset + len(outcome.hits),
        "links": _page_links(
            request,
            {**base_params, "exact": 1} if params["exact"] else base_params,
            page,
            num_pages,
        ),
        "corrected_url": (
            "?" + urlencode({**base_params, "q": outcome.corrected_query})
            if outcome.corrected_query
            else None
        ),
        "original_url": (
            "?" + urlencode({**base_params, "q": outcome.original_query, "exact": 1})
            if outcome.original_query
            else None
        ),
        "popular": selectors.popular_content()
        if outcome.query and not outcome.total
        else [],
        "popular_searches": selectors.popular_queries(limit=8)
        if not outcome.query or outcome.only_common_words
        else [],
        "ask_url": selectors.ask_community_url(outcome.query),
        "max_length": selectors.MAX_QUERY_LENGTH,
        "fallback_notice": fallback_notice(outcome),
    }
    return render(request, "search/search.html", context)


def fallback_notice(outcome) -> str:
    """"No results in Deutsch; showing English results.", or "" when the
    reader's own language was searched."""
    if not outcome.fallback_from:
        return ""
    return gettext("No results in %(reader)s; showing %(source)s results.") % {
        "reader": language_name(outcome.fallback_from),
        "source": language_name(outcome.language),
    }


def _category_choices(kinds):
    seen = {}
    for source in kinds:
        for pk, name in source.category_choices():
            seen.setdefault(pk, name)
    return sorted(seen.items(), key=lambda item: item[1].lower())


@require_GET
@ratelimit(group="kb-search-suggest", key="ip", rate=suggest_rate, block=False)
def suggest(request):
    """Search-as-you-type: article titles and popular queries for what is typed so far.

    `?format=opensearch` answers in the OpenSearch suggestions format browsers use.
    """
    if getattr(request, "limited", False):
        return too_many_searches()
    prefix, _ = selectors.clean_query(request.GET.get("q", ""))
    language = content_language(get_language())
    suggestions, corrected = selectors.corrected_suggestions(
        prefix=prefix, language=language
    )
    if request.GET.get("format") == "opensearch":
        labels = [s["label"] for s in suggestions]
        response = JsonResponse([prefix, labels], safe=False)
        response["Content-Type"] = "application/x-suggestions+json"
        return response
    for item in suggestions:
        if item["type"] != "query":
            item["click"] = click_token(
                query=prefix,
                hit=item.pop("hit"),
                source="suggestions",
                language=language,
            )
        else:
            item.pop("hit", None)
    response = JsonResponse(
        {
            "query": prefix,
            "corrected_query": corrected,
            "suggestions": suggestions,
            "csrf_token": get_token(request),
        }
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


def too_many_searches():
    """429 for a JSON client over its search rate limit."""
    response = JsonResponse(
        {
            "error": gettext(
                "Too many searches from your address. Please wait a minute."
            )
        },
        status=429,
    )
    response["Retry-After"] = "60"
    return response


@require_POST
@ratelimit(group="kb-search-click", key="ip", rate=suggest_rate, block=False)
def click(request):
    """Record a click on a result (sent by static/js/search.js with sendBeacon)."""
    if getattr(request, "limited", False):
        return too_many_searches()
    payload = read_click_token(request.POST.get("t", ""))
    if payload is None:
        return JsonResponse(
            {"error": gettext("Unknown or expired result.")}, status=400
        )
    recorded = None
    if not is_bot(request):
        try:
            rank = int(payload.get("r", 0))
        except (TypeError, ValueError):
            rank = 0
        recorded = services.click_record(
            query=str(payload.get("q", "")),
            kind=str(payload.get("k", "")),
            object_id=str(payload.get("i", "")),
            url=str(payload.get("u", "")),
            title=str(payload.get("t", "")),
            rank=rank,
            source=str(payload.get("s", "")),
            visitor=visitor_key(request),
            language=str(payload.get("l", "")),
        )
    return JsonResponse({"recorded": recorded is not None}, status=202)


@require_GET
def opensearch(request):
    """The OpenSearch description that lets browsers add the help center as a search."""
    context = {
        "search_url": request.build_absolute_uri(reverse("kb_search:search")),
        "suggest_url": request.build_absolute_uri(reverse("kb_search:suggest")),
        "favicon_url": request.build_absolute_uri(static("favicon.svg")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    response = render(
        request,
        "search/opensearch.xml",
        context,
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
    return response
