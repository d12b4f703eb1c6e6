"""Editor's picks (wagtail.contrib.search_promotions): the results editors chose
for a query, shown above the ranking."""

from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import tuning
from ..sources import Source, source_of
from .hits import SNIPPET_LENGTH, SearchHit
from .queries import normalise_query


def promoted_hits(*, query: str) -> list[SearchHit]:
    """Editor's picks (wagtail.contrib.search_promotions) for the query, in order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query(query)
    if normalised not in tuning.picked_queries.get():
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
            source = source_of(page)
            summary = Source.summary(page) if source else ""
            hits.append(
                SearchHit(
                    object=page,
                    kind=source.kind if source else "page",
                    kind_label=source.label if source else _("Page"),
                    title=page.title,
                    url=page.get_url() or "",
                    snippet_html=escape(
                        Truncator(promotion.description or summary).chars(
                            SNIPPET_LENGTH
                        )
                    ),
                    score=0.0,
                    category=Source.category(page) if source else "",
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
                    kind_label=_("Link"),
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
