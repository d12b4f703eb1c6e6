"""What editors set that every search reads: their synonym groups, and the queries
they chose results for (editor's picks). Both were read from the database at every
search; each process now keeps a copy until an editor changes them."""

from django.db.models.signals import post_delete, post_save

from kb.cache import KeptCopy


def _synonym_groups() -> tuple[tuple[str, ...], ...]:
    from .models import Synonym

    groups = (tuple(s.term_list) for s in Synonym.objects.all())
    return tuple(group for group in groups if len(group) > 1)


def _picked_queries() -> frozenset[str]:
    """Normalised, as promotions store them."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    picked = SearchPromotion.objects.values_list("query__query_string", flat=True)
    return frozenset(picked)


synonym_groups = KeptCopy("kb-search:synonym-groups", _synonym_groups)
picked_queries = KeptCopy("kb-search:picked-queries", _picked_queries)


def connect() -> None:
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from .models import Synonym

    for model, copy in ((Synonym, synonym_groups), (SearchPromotion, picked_queries)):
        uid = f"kb-search-tuning-{model.__name__}"
        post_save.connect(copy.changed, model, dispatch_uid=uid)
        post_delete.connect(copy.changed, model, dispatch_uid=uid)
