"""Applying changed objects to every search backend, and keeping what none could.

A backend that can neither apply a change nor queue it (the Whoosh index folder
read-only, the search server down) raises; the objects are then kept in the
database as PendingIndexUpdate rows, and the worker's periodic job
(`apply_pending`, kb/search/jobs.py) applies them, and each backend's own queue,
as soon as the index takes writes again.
"""

import logging
from collections import defaultdict

from django.apps import apps
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_instance

from . import embeddings
from .models import PendingIndexUpdate

logger = logging.getLogger("kb.search")

PENDING_BATCH = 500


def backends():
    return [backend for _, backend in get_search_backends_with_name(True)]


def index_objects(changed):
    """Index the objects of `changed` ({model: pks}) as the database has them now,
    or remove them when they are gone or no longer to be indexed."""
    added, removed = defaultdict(list), []
    for model, pks in changed.items():
        rows = {obj.pk: obj for obj in model._default_manager.filter(pk__in=pks)}
        for pk in pks:
            row = rows.get(pk)
            indexed = get_indexed_instance(row) if row is not None else None
            if indexed is not None:
                added[type(indexed)].append(indexed)
            else:
                removed.append(row if row is not None else model(pk=pk))
    for backend in backends():
        try:
            for model, objects in added.items():
                backend.add_bulk(model, objects)
            for obj in removed:
                backend.delete(obj)
        except Exception:  # noqa: BLE001 - kept, and applied by the worker later
            logger.exception(
                "Search index update failed on %s; kept for later", backend
            )
            keep_pending(
                (model._meta.label, pk) for model, pks in changed.items() for pk in pks
            )
    try:
        embeddings.store_vectors(changed)
    except Exception:  # noqa: BLE001 - a search embeds what it does not find
        logger.exception("Meaning vectors not stored")


def keep_pending(refs):
    """Note (model label, pk) pairs for the worker to index later."""
    PendingIndexUpdate.objects.bulk_create(
        [
            PendingIndexUpdate(model_label=label, object_pk=str(pk))
            for label, pk in refs
        ],
        ignore_conflicts=True,  # noted already
    )


def apply_pending():
    """Apply what each backend queued and what was kept here; how many objects
    were kept here."""
    for backend in backends():
        apply_backlog = getattr(backend, "apply_backlog", None)
        if apply_backlog is None:
            continue
        try:
            apply_backlog()
        except Exception as error:  # noqa: BLE001 - the index is still unwritable
            logger.warning("Search backlog of %s not applied: %s", backend, error)
            keep_pending(getattr(error, "refs", ()))
    pending = list(PendingIndexUpdate.objects.order_by("pk")[:PENDING_BATCH])
    if not pending:
        return 0
    # Removed before the objects are read: a change committed meanwhile is read too.
    PendingIndexUpdate.objects.filter(pk__in=[row.pk for row in pending]).delete()
    changed = defaultdict(set)
    for row in pending:
        try:
            model = apps.get_model(row.model_label)
        except LookupError:
            continue  # a model since removed: nothing left to index
        changed[model].add(model._meta.pk.to_python(row.object_pk))
    index_objects(changed)
    return len(pending)
