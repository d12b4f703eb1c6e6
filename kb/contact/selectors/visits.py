"""A visit's context for the support agent, and the articles and threads the site
suggests while a request is written."""

from kb.search.selectors import site_search

from ..models import Visit, VisitEvent

SUGGESTION_LIMIT = 5
SUGGESTION_MIN_LENGTH = 3
SUGGESTION_QUERY_WORDS = 30  # the subject, then the description's first words


def _articles_read(events) -> list[dict]:
    """Each article once, in the order first read, with the first search it was
    opened from (an article read again from another search is one more event)."""
    articles = {}
    for event in events:
        if event.kind != VisitEvent.Kind.ARTICLE:
            continue
        article = articles.setdefault(
            event.page_id,
            {"title": event.text, "url": event.url, "page_id": event.page_id},
        )
        if event.search_query and "search" not in article:
            article["search"] = event.search_query
    return list(articles.values())


def visit_context(visit: Visit) -> dict:
    """What a visit searched, read and answered before now, for the agent."""
    events = list(visit.events.order_by("at", "pk"))
    return {
        "searches": [e.text for e in events if e.kind == VisitEvent.Kind.SEARCH],
        "articles": _articles_read(events),
        "threads": [
            {"title": e.text, "url": e.url}
            for e in events
            if e.kind == VisitEvent.Kind.THREAD
        ],
        "feedback": [
            {"title": e.text, "helpful": e.helpful, "page_id": e.page_id}
            for e in events
            if e.kind == VisitEvent.Kind.FEEDBACK
        ],
        "suggestions": [
            {"title": e.text, "url": e.url}
            for e in events
            if e.kind == VisitEvent.Kind.SUGGESTION
        ],
    }


def suggestion_query(subject: str, description: str = "") -> str:
    words = f"{subject} {description}".replace("\x00", " ").split()
    return " ".join(words[:SUGGESTION_QUERY_WORDS])


def suggestions(*, subject: str, description: str = "") -> list[dict]:
    """Articles and threads from the site search that may answer the request."""
    query = suggestion_query(subject, description)
    if len(query) < SUGGESTION_MIN_LENGTH:
        return []
    outcome = site_search(query=query, limit=SUGGESTION_LIMIT, correct=False)
    results, seen = [], set()
    for hit in [*outcome.picks, *outcome.hits]:
        if hit.url and hit.url not in seen:
            seen.add(hit.url)
            results.append(
                {
                    "title": hit.title,
                    "url": hit.url,
                    "kind": hit.kind,
                    "kind_label": hit.kind_label,
                    "answered": hit.answered,
                    "page_id": getattr(hit.object, "pk", None)
                    if hit.kind == "article"
                    else None,
                }
            )
    return results[:SUGGESTION_LIMIT]
