"""Notes what a visit did on other apps' pages, without those apps knowing.

Searches (the search page) and "Was this helpful?" answers are read from the
resolved view and its response; article views come from a Wagtail hook
(wagtail_hooks.py). The middleware also sets the visit cookie when a visit began.
"""

from kb.search.selectors import normalise_query

from . import visits
from .models import VisitEvent


def _vote_title(page_id) -> str:
    from kb.articles.models import ArticlePage

    return (
        ArticlePage.objects.filter(pk=page_id).values_list("title", flat=True).first()
        or ""
    )


def record_from_response(request, response) -> None:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return
    if match.view_name == "kb_search:search" and response.status_code == 200:
        query = normalise_query(request.GET.get("q", ""))
        if query:
            visits.record(request, kind=VisitEvent.Kind.SEARCH, text=query)
    elif (
        match.view_name == "feedback:vote"
        and request.method == "POST"
        and response.status_code in (200, 302)
        and request.POST.get("helpful") in ("yes", "no")
    ):
        page_id = match.kwargs.get("page_id")
        visits.record(
            request,
            kind=VisitEvent.Kind.FEEDBACK,
            text=_vote_title(page_id),
            page_id=page_id,
            helpful=request.POST["helpful"] == "yes",
        )


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        record_from_response(request, response)
        visits.set_visit_cookie(request, response)
        return response
