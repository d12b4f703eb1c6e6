"""Search index updates when the transaction commits, once per object.

modelsearch updates the index at every save, before the transaction commits:
publishing a page saved it (and wrote the index) three times, another process
could find a page whose new row it could not read yet, and a save rolled back
stayed in the index. Here a save or delete only notes the object; when the
transaction commits, each noted object is read again and indexed as it is then,
or removed when it is gone or no longer to be indexed (a hidden thread).
"""

import threading
from collections import defaultdict

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import signal_handlers as modelsearch_handlers
from modelsearch.index import get_indexed_models

from . import index_updates

_local = threading.local()


def connect():
    """Replace modelsearch's per-save updates (call after modelsearch's ready())."""
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(modelsearch_handlers.post_save_signal_handler, model)
        post_delete.disconnect(modelsearch_handlers.post_delete_signal_handler, model)
        post_save.connect(object_changed, model, dispatch_uid=f"kb-search-{model}")
        post_delete.connect(object_changed, model, dispatch_uid=f"kb-search-{model}")


def object_changed(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or not index_updates.backends():
        return
    changed = _local.__dict__.setdefault("changed", defaultdict(set))
    changed[type(instance)].add(instance.pk)
    if _commits_later():
        # One callback per change: a savepoint rolled back drops its own, and the
        # first callback that runs applies every change noted so far.
        transaction.on_commit(apply_changes, robust=True)
    else:
        apply_changes()


def _commits_later():
    blocks = transaction.get_connection().atomic_blocks
    # Django's TestCase runs each test in a transaction that never commits: there
    # changes apply at once, as if that transaction were not there.
    return bool(blocks) and not blocks[0]._from_testcase


def apply_changes():
    """Index every noted object as the database has it now."""
    changed = _local.__dict__.pop("changed", None)
    if changed:
        index_updates.index_objects(changed)
