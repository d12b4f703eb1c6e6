"""Reads for the site search: the search itself, suggestions and the search logs."""

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Phrase, PlainText
from wagtail.search.utils import OR

from . import registry

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_OFFSET = 500
SNIPPET_LENGTH = 240
MAX_SYNONYM_ALTERNATIVES = 12

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w", re.UNICODE)


@dataclass
class SearchHit:
    object: object
    kind: str
    kind_label: str
    title: str
    url: str
    snippet_html: str
    score: float
    category: str = ""
    answered: bool | None = None
    rank: int = 0
    promoted: bool = False
    description: str = ""


@dataclass
class SearchOutcome:
    query: str
    truncated: bool = False
    total: int = 0
    corrected_query: str | None = None
    hits: list[SearchHit] = field(default_factory=list)
    picks: list[SearchHit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    failed: bool = False
    offset: int = 0
    limit: int = 10

    @property
    def normalised_query(self) -> str:
        return normalise_query(self.query)


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched: no control characters, single spaces, cut to the maximum.

    Returns (query, truncated).
    """
    text = unicodedata.normalize("NFC", raw or "")
    # Lone surrogates cannot be stored or encoded; drop them with the control chars.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(_CONTROL.sub(" ", text).split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return text, truncated


def normalise_query(query: str) -> str:
    """The form a query is logged under: cleaned and lower-case."""
    return clean_query(query)[0].lower()


def synonym_groups() -> list[list[str]]:
    """Editor-managed synonym groups (read on every search: a handful of rows)."""
    from .models import Synonym

    return [s.term_list for s in Synonym.objects.all() if len(s.term_list) > 1]


def _padded_words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", text.lower())) + " "


def synonyms_for(query: str) -> list[str]:
    """Terms that mean the same as a word or phrase of `query` but are not in it."""
    lowered = _padded_words(query)
    alternatives = []
    for group in synonym_groups():
        present = [t for t in group if _padded_words(t) in lowered]
        if present:
            alternatives += [
                t for t in group if t not in present and t not in alternatives
            ]
    return alternatives[:MAX_SYNONYM_ALTERNATIVES]


def build_search_query(query: str, *, synonyms: Sequence[str] = ()):
    """The backend query for what a customer typed.

    Quoted parts must match as phrases; the other words are ORed and ranked (people
    type questions, not keyword lists); synonyms widen the words, never the phrases.
    """
    parts = query.split('"')
    if len(parts) % 2 == 0:  # an unclosed quote: what follows it is plain words
        parts[-2:] = [" ".join(parts[-2:]), ""]
    phrases = [p.strip() for p in parts[1::2] if _WORD.search(p)]
    words = " ".join(p.strip() for p in parts[0::2] if p.strip())
    word_query = None
    if _WORD.search(words):
        alternatives = [PlainText(words, operator="or")]
        for term in synonyms:
            alternatives.append(Phrase(term) if " " in term else PlainText(term))
        word_query = OR(alternatives) if len(alternatives) > 1 else alternatives[0]
    pieces = [Phrase(p) for p in phrases]
    if word_query is not None:
        pieces.append(word_query)
    if not pieces:
        return None
    return pieces[0] if len(pieces) == 1 else And(pieces)


def _score_sign(backend) -> int:
    # SQLite's FTS5 bm25() is "lower is better"; every other backend is the other way.
    return -1 if "sqlite" in type(backend).__module__ else 1


def _kinds_for(kinds: Sequence[str], category_id: int | None):
    selected = []
    for kind in registry.get_kinds():
        if kinds and kind.name not in kinds:
            continue
        if category_id is not None and not kind.filters_by_category:
            continue
        selected.append(kind)
    return selected


def _search_kind(backend, kind, search_query, *, category_id, fetch):
    queryset = kind.queryset()
    if category_id is not None:
        queryset = kind.filter_category(queryset, category_id)
    results = backend.search(search_query, queryset).annotate_score("_score")
    total = results.count()
    objects = list(results[:fetch]) if total else []
    return total, objects


def _snippet(backend, kind, obj, highlight_terms):
    highlight = getattr(backend, "highlight", None)
    if highlight is not None:
        try:
            html = highlight(kind.text_of(obj), highlight_terms, limit=SNIPPET_LENGTH)
        except Exception:  # a snippet is never worth a failed search page
            logger.exception("Search highlighting failed")
            html = ""
        if html:
            return html
    return escape(Truncator(kind.summary_of(obj)).chars(SNIPPET_LENGTH))


def site_search(
    *,
    query: str,
    backend_name: str = "default",
    kinds: Sequence[str] = (),
    category_id: int | None = None,
    offset: int = 0,
    limit: int = 10,
) -> SearchOutcome:
    """Search every registered kind of content and merge the results into one ranking.

    `query` is what the visitor typed (any text; it is cleaned and cut to
    MAX_QUERY_LENGTH). `kinds` limits the search to some registered kinds
    ("article", "thread"); `category_id` to one category. Editor's picks for the
    query come in `.picks` (and are not repeated in `.hits`).
    """
    text, truncated = clean_query(query)
    offset = max(0, int(offset))
    limit = max(1, min(int(limit), 100))
    outcome = SearchOutcome(query=text, truncated=truncated, offset=offset, limit=limit)
    if not _WORD.search(text):
        return outcome

    backend = get_search_backend(backend_name)
    synonyms = synonyms_for(text)
    search_query = build_search_query(text, synonyms=synonyms)
    if search_query is None:
        return outcome
    sign = _score_sign(backend)
    picks = promoted_hits(query=text) if offset == 0 and not category_id else []
    if kinds:
        picks = [p for p in picks if p.kind in kinds]
    outcome.picks = picks
    picked = {(type(p.object), p.object.pk) for p in picks if p.object is not None}

    scored = []
    # Deeper than MAX_OFFSET only the totals are counted: nobody reads page 60,
    # and fetching it from every kind to merge would be costly.
    fetch = offset + limit + len(picked) if offset <= MAX_OFFSET else 0
    for kind in _kinds_for(kinds, category_id):
        try:
            total, objects = _search_kind(
                backend, kind, search_query, category_id=category_id, fetch=fetch
            )
        except Exception:
            # A backend that chokes on some input must not turn into a 500.
            logger.exception("Search failed for %r on kind %s", text, kind.name)
            outcome.failed = True
            continue
        kept = [o for o in objects if (type(o), o.pk) not in picked]
        total -= len(objects) - len(kept)
        objects = kept
        outcome.kind_counts[kind.name] = total
        outcome.total += total
        for position, obj in enumerate(objects):
            raw = getattr(obj, "_score", None)
            score = sign * float(raw) * kind.boost if raw is not None else -position
            scored.append((score, -position, kind, obj))

    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    page = scored[offset : offset + limit]
    highlight_terms = " ".join([text, *synonyms])
    categories = {}
    for kind in {row[2].name: row[2] for row in page}.values():
        categories[kind.name] = kind.categories_for(
            [r[3] for r in page if r[2] is kind]
        )
    for position, (score, _, kind, obj) in enumerate(page, start=offset + 1):
        outcome.hits.append(
            SearchHit(
                object=obj,
                kind=kind.name,
                kind_label=kind.label,
                title=getattr(obj, "title", None) or str(obj),
                url=kind.url_of(obj),
                snippet_html=_snippet(backend, kind, obj, highlight_terms),
                score=score,
                category=categories[kind.name].get(obj.pk, ""),
                answered=kind.answered(obj),
                rank=position,
            )
        )

    if outcome.total < 3 or outcome.failed:
        outcome.corrected_query = spelling_suggestion(query=text, backend=backend)
    return outcome


def spelling_suggestion(*, query: str, backend=None) -> str | None:
    """ "Did you mean" from the index's own vocabulary (Whoosh only; None elsewhere)."""
    backend = backend or get_search_backend()
    suggest = getattr(backend, "spelling_suggestion", None)
    if suggest is None:
        return None
    try:
        suggestion = suggest(query)
    except Exception:
        logger.exception("Spelling suggestion failed")
        return None
    if suggestion and suggestion.strip().lower() != query.strip().lower():
        return suggestion.strip()
    return None


def promoted_hits(*, query: str) -> list[SearchHit]:
    """Editor's picks (wagtail.contrib.search_promotions) for the query, in order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query(query)
    if not normalised:
        return []
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    hits = []
    for rank, promotion in enumerate(promotions, start=1):
        if promotion.page_id:
            page = promotion.page.specific
            if not page.live or page.get_view_restrictions().exists():
                continue
            kind = registry.kind_for_model(type(page))
            summary = kind.summary_of(page) if kind else ""
            hits.append(
                SearchHit(
                    object=page,
                    kind=kind.name if kind else "page",
                    kind_label=kind.label if kind else "Page",
                    title=page.title,
                    url=page.get_url() or "",
                    snippet_html=escape(
                        Truncator(promotion.description or summary).chars(
                            SNIPPET_LENGTH
                        )
                    ),
                    score=0.0,
                    category=(
                        kind.categories_for([page]).get(page.pk, "") if kind else ""
                    ),
                    rank=rank,
                    promoted=True,
                    description=promotion.description,
                )
            )
        elif promotion.external_link_url:
            hits.append(
                SearchHit(
                    object=None,
                    kind="link",
                    kind_label="Link",
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    snippet_html=escape(
                        Truncator(promotion.description).chars(SNIPPET_LENGTH)
                    ),
                    score=0.0,
                    rank=rank,
                    promoted=True,
                    description=promotion.description,
                )
            )
    return hits


SUGGEST_MIN_LENGTH = 2
SUGGEST_TITLES = 6
SUGGEST_QUERIES = 3
# A query is offered to others only after this many distinct visitors searched it
# and found something: one person's search (an e-mail address, a typo) stays private.
POPULAR_MIN_SEARCHES = 3
POPULAR_DAYS = 90


def suggestions(*, prefix: str, backend_name: str = "default") -> list[dict]:
    """Search-as-you-type: matching titles of every kind, then popular past queries.

    Each item has `type` ("article", "thread", ... or "query"), `label`, `url`,
    `kind_label`, and for content the `hit` (a SearchHit, for click tokens).
    """
    prefix = clean_query(prefix)[0]
    if len(prefix) < SUGGEST_MIN_LENGTH or not _WORD.search(prefix):
        return []
    backend = get_search_backend(backend_name)
    items = []
    for kind in registry.get_kinds():
        if not kind.suggest:
            continue
        for obj in _title_matches(backend, kind, prefix)[: SUGGEST_TITLES - len(items)]:
            hit = SearchHit(
                object=obj,
                kind=kind.name,
                kind_label=kind.label,
                title=getattr(obj, "title", None) or str(obj),
                url=kind.url_of(obj),
                snippet_html="",
                score=0.0,
                rank=len(items) + 1,
            )
            items.append(
                {
                    "type": kind.name,
                    "kind_label": kind.label,
                    "label": hit.title,
                    "url": hit.url,
                    "hit": hit,
                }
            )
        if len(items) >= SUGGEST_TITLES:
            break
    from django.urls import reverse
    from django.utils.http import urlencode

    search_url = reverse("kb_search:search")
    queries = popular_queries(prefix=prefix, limit=SUGGEST_QUERIES)
    if len(queries) < SUGGEST_QUERIES:
        for completion in _completions(backend, prefix):
            if completion not in queries and len(queries) < SUGGEST_QUERIES:
                queries.append(completion)
    for query_string in queries:
        items.append(
            {
                "type": "query",
                "kind_label": "Search",
                "label": query_string,
                "url": f"{search_url}?{urlencode({'q': query_string})}",
                "hit": None,
            }
        )
    return items


def _completions(backend, prefix):
    """The typed words with the last one completed from the index (Whoosh only)."""
    suggest_terms = getattr(backend, "suggest_terms", None)
    words = prefix.lower().split()
    if suggest_terms is None or not words or len(words[-1]) < SUGGEST_MIN_LENGTH:
        return []
    try:
        terms = suggest_terms(prefix, limit=SUGGEST_QUERIES + 1)
    except Exception:
        logger.exception("Term suggestions failed")
        return []
    head = " ".join(words[:-1])
    typed = " ".join(words)
    completions = []
    for term in terms:
        # Whole queries (earlier words kept) or single words: accept both.
        candidate = term.lower() if " " in term else f"{head} {term.lower()}".strip()
        if candidate != typed and candidate not in completions:
            completions.append(candidate)
    return completions


def _title_matches(backend, kind, prefix):
    queryset = kind.queryset()
    try:
        results = list(backend.autocomplete(prefix, queryset)[:SUGGEST_TITLES])
    except Exception:  # a backend without autocomplete, or input it cannot parse
        logger.debug("Autocomplete unavailable for %s", kind.name, exc_info=True)
        results = []
    if results:
        return results
    words = prefix.split()
    if not words or not hasattr(kind.model, "title"):
        return []
    from django.db.models import Q

    title_filter = Q()
    for word in words[:5]:
        title_filter &= Q(title__icontains=word)
    return list(queryset.filter(title_filter).order_by("title")[:SUGGEST_TITLES])


def popular_queries(*, prefix: str = "", limit: int = 10, days: int = POPULAR_DAYS):
    """Past queries many visitors searched and found results for, most first."""
    from datetime import timedelta

    from django.db.models import Q, Sum
    from django.utils import timezone
    from wagtail.contrib.search_promotions.models import Query

    since = timezone.localdate() - timedelta(days=days)
    normalised = normalise_query(prefix)
    queries = Query.objects.filter(
        kb_daily_stats__date__gte=since, kb_daily_stats__results__gt=0
    )
    if normalised:
        queries = queries.filter(
            Q(query_string__startswith=normalised)
            | Q(query_string__contains=f" {normalised}")
        ).exclude(query_string=normalised)
    queries = (
        queries.annotate(total=Sum("kb_daily_stats__searches"))
        .filter(total__gte=POPULAR_MIN_SEARCHES)
        .order_by("-total", "query_string")
    )
    return list(queries.values_list("query_string", flat=True)[:limit])


def popular_content(*, limit: int = 5, days: int = POPULAR_DAYS) -> list[dict]:
    """What searchers open most (from recorded clicks), else the newest content.

    For the zero-results page: rows with `title` and `url`.
    """
    from datetime import timedelta

    from django.db.models import Count
    from django.utils import timezone

    from .models import SearchClick

    since = timezone.localdate() - timedelta(days=days)
    rows = list(
        SearchClick.objects.filter(date__gte=since)
        .exclude(kind="link")
        .values("url", "title")
        .annotate(clicks=Count("id"))
        .order_by("-clicks", "title")[:limit]
    )
    if rows:
        return rows
    for kind in registry.get_kinds():
        newest = kind.queryset().order_by("-pk")[:limit]
        return [
            {"title": getattr(o, "title", str(o)), "url": kind.url_of(o)}
            for o in newest
        ]
    return []


def ask_community_url(query: str = "") -> str | None:
    """Where to ask the community, when the forum is installed."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.http import urlencode

    try:
        url = reverse("forum:ask")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode({'title': query})}" if query else url


# Search logs, for the admin reports and the feedback app's content-gap report.
# Each returns Wagtail `Query` rows annotated with `searches` (distinct visitors),
# `results` (the most results seen in the period), `clicks` (on result pages),
# `click_through` (clicks per search) and `average_rank` (of clicked results).


def _logged_queries(*, since=None, until=None):
    from django.db.models import (
        Avg,
        Count,
        ExpressionWrapper,
        F,
        FloatField,
        IntegerField,
        Max,
        OuterRef,
        Q,
        Subquery,
        Sum,
        Value,
    )
    from django.db.models.functions import Cast, Coalesce, NullIf
    from wagtail.contrib.search_promotions.models import Query

    from .models import ClickSource, SearchClick

    in_period = Q()
    click_filter = {"query": OuterRef("pk"), "source": ClickSource.RESULTS}
    if since is not None:
        in_period &= Q(kb_daily_stats__date__gte=since)
        click_filter["date__gte"] = since
    if until is not None:
        in_period &= Q(kb_daily_stats__date__lte=until)
        click_filter["date__lte"] = until
    clicks = SearchClick.objects.filter(**click_filter).order_by().values("query")
    click_count = clicks.annotate(n=Count("id")).values("n")
    click_rank = clicks.annotate(a=Avg("rank")).values("a")
    searches = Sum("kb_daily_stats__searches", filter=in_period)
    return (
        Query.objects.filter(in_period)
        .annotate(
            searches=Coalesce(searches, Value(0)),
            results=Coalesce(
                Max("kb_daily_stats__results", filter=in_period), Value(0)
            ),
            clicks=Coalesce(
                Subquery(click_count, output_field=IntegerField()), Value(0)
            ),
            average_rank=Subquery(click_rank, output_field=FloatField()),
        )
        .filter(searches__gt=0)
        .annotate(
            click_through=ExpressionWrapper(
                Cast(F("clicks"), FloatField())
                / NullIf(Cast(F("searches"), FloatField()), Value(0.0)),
                output_field=FloatField(),
            )
        )
    )


def top_queries(*, since=None, until=None):
    """Queries by number of searches in the period (dates inclusive), most first."""
    return _logged_queries(since=since, until=until).order_by(
        "-searches", "query_string"
    )


def queries_without_results(*, since=None, until=None):
    """Queries that found nothing (likely missing content), most searched first."""
    return (
        _logged_queries(since=since, until=until)
        .filter(results=0)
        .order_by("-searches", "query_string")
    )


def queries_without_clicks(*, since=None, until=None):
    """Queries that found results nobody opened (likely poor content), most first."""
    return (
        _logged_queries(since=since, until=until)
        .filter(results__gt=0, clicks=0)
        .order_by("-searches", "query_string")
    )


def search_summary(*, since=None, until=None) -> dict:
    """Totals for the period: searches, clicks, click-through rate, average rank."""
    from django.db.models import Avg, Count, Sum

    from .models import ClickSource, QueryDailyStats, SearchClick

    stats = QueryDailyStats.objects.all()
    clicks = SearchClick.objects.filter(source=ClickSource.RESULTS)
    if since is not None:
        stats, clicks = stats.filter(date__gte=since), clicks.filter(date__gte=since)
    if until is not None:
        stats, clicks = stats.filter(date__lte=until), clicks.filter(date__lte=until)
    searches = stats.aggregate(n=Sum("searches"))["n"] or 0
    no_results = stats.filter(results=0).aggregate(n=Sum("searches"))["n"] or 0
    click_stats = clicks.aggregate(n=Count("id"), rank=Avg("rank"))
    return {
        "searches": searches,
        "searches_without_results": no_results,
        "clicks": click_stats["n"],
        "click_through": (click_stats["n"] / searches) if searches else None,
        "average_rank": click_stats["rank"],
    }
