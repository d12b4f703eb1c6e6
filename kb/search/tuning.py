"""What editors set that every search reads: their synonym groups, and the queries
they chose results for (editor's picks).

Both were read from the database at every search. Each process now keeps one copy
and reads the rows again only after a change: every save or delete of a synonym or
a pick changes a version in the shared cache, at once and again when its
transaction commits (a process that read between the two read the rows as they
were before; the second change makes it read them again).
"""

import threading
from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from kb.cache import change_shared_version, shared_version

VERSION_KEY = "kb-search:tuning-version"


@dataclass(frozen=True)
class Tuning:
    synonym_groups: tuple[tuple[str, ...], ...]
    picked_queries: frozenset[str]  # normalised, as promotions store them


_kept: tuple[int, Tuning] | None = None
_lock = threading.Lock()


def synonym_groups() -> tuple[tuple[str, ...], ...]:
    if _in_transaction():
        return _synonym_groups()
    return _current().synonym_groups


def picked_queries() -> frozenset[str]:
    if _in_transaction():
        return _picked_queries()
    return _current().picked_queries


def _in_transaction() -> bool:
    # What a transaction reads may be rolled back, and nothing would say so: it is
    # read from the database, not kept.
    return transaction.get_connection().in_atomic_block


def _current() -> Tuning:
    global _kept
    version = shared_version(VERSION_KEY)
    kept = _kept
    if kept is not None and kept[0] == version:
        return kept[1]
    tuning = Tuning(synonym_groups=_synonym_groups(), picked_queries=_picked_queries())
    with _lock:
        _kept = (version, tuning)
    return tuning


def _synonym_groups():
    from .models import Synonym

    groups = (tuple(s.term_list) for s in Synonym.objects.all())
    return tuple(group for group in groups if len(group) > 1)


def _picked_queries():
    from wagtail.contrib.search_promotions.models import SearchPromotion

    picked = SearchPromotion.objects.values_list("query__query_string", flat=True)
    return frozenset(picked)


def changed(**kwargs) -> None:
    change_shared_version(VERSION_KEY)
    transaction.on_commit(lambda: change_shared_version(VERSION_KEY))


def connect() -> None:
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from .models import Synonym

    for model in (Synonym, SearchPromotion):
        post_save.connect(changed, model, dispatch_uid=f"kb-search-tuning-{model}")
        post_delete.connect(changed, model, dispatch_uid=f"kb-search-tuning-{model}")
