"""Writing to a Whoosh index: incremental updates and atomic rebuilds."""

import logging
import os

from modelsearch.backends.base import BaseIndex
from modelsearch.index import class_is_indexed

from . import documents, generation, mapping, parallel
from .store import ChangeNotQueued, IndexStore, IndexUnavailable, WriteTimeout

logger = logging.getLogger("kb.search")

REBUILD_LOCK_WAIT = 60.0
SWAP_LOCK_WAIT = 120.0


def object_ref(obj):
    return (mapping.content_type_label(type(obj)), str(obj.pk))


def ensure_fields(writer, docs, full_schema):
    """Add columns of models added since the index was built."""
    wanted = {name for doc in docs for name in doc}
    for name in wanted - set(writer.schema.names()):
        if name in full_schema:
            writer.add_field(name, full_schema[name])


class WhooshIndex(BaseIndex):
    """The index of one root model (and its multi-table subclasses)."""

    def __init__(self, backend, root):
        super().__init__(backend)
        self.root = root
        self.name = f"{root._meta.app_label.lower()}_{root.__name__.lower()}"
        self.store = IndexStore(backend.path, self.name)

    def get_key(self):
        return self.name

    def __str__(self):
        return self.name

    def schema(self):
        return mapping.build_schema(
            self.root, self.backend.language, self.backend.languages
        )

    def generation(self):
        """The index as this thread reads it now (see `generation`)."""
        return generation.current(self.store, self.backend.cache_bytes)

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        items = [item for item in items if item is not None]
        if not items:
            return
        docs = {
            str(item.pk): documents.build_document(
                item, self.root, self.backend.languages
            )
            for item in items
        }
        self.write(docs, set(), [object_ref(item) for item in items])

    def delete_item(self, item):
        if not class_is_indexed(type(item)):
            return
        self.write({}, {str(item.pk)}, [object_ref(item)])

    def write(self, docs, deletes, refs):
        """Apply a change under the writers' lock; on a timeout queue it instead.

        A busy or broken index queues the change in the backlog, which the next
        writer, `refresh` or `update_index` applies; only when it can't even be
        queued (a read-only folder) does ChangeNotQueued reach the caller.
        """
        try:
            with self.store.write_lock(self.backend.write_timeout):
                backlog = self.store.take_backlog()
                try:
                    self._apply_with_backlog(docs, deletes, backlog)
                except IndexUnavailable:
                    self.queue(backlog)
                    raise
                except Exception:
                    if not backlog:
                        raise
                    # A queued update that can't be applied must not block every
                    # later write: apply this one alone and say what was dropped.
                    logger.exception(
                        "Search index %s: dropped %d queued update(s) that failed; "
                        "run `manage.py update_index`",
                        self.name,
                        len(backlog),
                    )
                    backlog = []
                    self._apply_with_backlog(docs, deletes, backlog)
                if self.store.rebuild_running():
                    self.store.journal(refs + backlog)
        except WriteTimeout:
            logger.warning(
                "Search index %s is busy; queued %d update(s) for the next write",
                self.name,
                len(refs),
            )
            self.queue(refs)
        except IndexUnavailable as error:
            logger.error("%s; queued the update. Run `manage.py update_index`.", error)
            self.queue(refs)
        except ChangeNotQueued:
            raise
        except Exception:
            logger.exception("Search index %s: write failed; queued it", self.name)
            self.queue(refs)

    def queue(self, refs):
        try:
            self.store.queue_backlog(refs)
        except OSError as error:
            raise ChangeNotQueued(
                f"search index {self.name}: can't write or queue "
                f"{len(refs)} update(s): {error}",
                refs,
            ) from error

    def _apply_with_backlog(self, docs, deletes, backlog):
        ix = self.store.open(self.schema(), create=True)
        try:
            if backlog:
                queued_docs, queued_deletes = documents.load_documents(
                    backlog, self.root, self.backend.languages
                )
                queued_docs.update(docs)
                queued_deletes -= set(docs)
                docs, deletes = queued_docs, (queued_deletes | deletes) - set(docs)
            ix_writer_apply(ix, docs, deletes, self.schema())
        finally:
            ix.close()

    def refresh(self):
        """Apply any queued updates now (without waiting for the lock)."""
        if not self.store.backlog_size():
            return
        try:
            with self.store.write_lock(0):
                backlog = self.store.take_backlog()
                try:
                    self._apply_with_backlog({}, set(), backlog)
                except Exception:
                    self.queue(backlog)
                    raise
        except (WriteTimeout, IndexUnavailable):
            pass

    def reset(self):
        rebuilder = WhooshRebuilder(self)
        rebuilder.start()
        rebuilder.finish()


def segment_writer(ix):
    """Whoosh's writer, keeping a segment's files apart: Whoosh reads a compound
    segment into memory on open, once per process and thread."""
    return ix.writer(compound=False)


def ix_writer_apply(ix, docs, deletes, full_schema):
    """One Whoosh commit: add or replace `docs` ({id: doc}), delete `deletes`."""
    writer = segment_writer(ix)
    try:
        ensure_fields(writer, docs.values(), full_schema)
        known = set(writer.schema.names())
        for pk in deletes:
            writer.delete_by_term(mapping.ID, pk)
        for doc in docs.values():
            writer.update_document(**{k: v for k, v in doc.items() if k in known})
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


class BuildingIndex(BaseIndex):
    """The new generation a rebuild fills; nobody else writes to it.

    Documents go to a `parallel.ParallelBuild` (segments written by worker
    processes) in the order they come, so they keep the numbers Whoosh's own
    writer would give them.
    """

    def __init__(self, index, ix, *, workers=None, close_fds=()):
        super().__init__(index.backend)
        self.index = index
        self.ix = ix
        self.build = parallel.ParallelBuild(ix, workers=workers, close_fds=close_fds)
        self.places = {}  # document id -> its place in the build

    def get_key(self):
        return self.index.get_key()

    def __str__(self):
        return str(self.index)

    def add_items(self, model, items):
        if not class_is_indexed(model):
            return
        for item in items:
            if item is None:
                continue
            doc = documents.build_document(
                item, self.index.root, self.index.backend.languages
            )
            self.forget(doc[mapping.ID])  # a replacement, as update_document does
            self.places[doc[mapping.ID]] = self.build.add(doc)
        self.build.flush()

    def delete_item(self, item):
        self.forget(str(item.pk))

    def forget(self, pk):
        place = self.places.pop(pk, None)
        if place is not None:
            self.build.delete(place)

    def finish(self):
        """Write the last segments and the index's table of contents."""
        self.build.finish()
        if self.build.deleted:
            # Replaced documents stay in their segments, marked deleted: merge them
            # out, as the single writer's final optimize would have.
            segment_writer(self.ix).commit(optimize=True)

    def abandon(self):
        self.build.stop()


class WhooshRebuilder:
    """Builds a fresh generation and swaps it in (modelsearch's rebuilder interface)."""

    def __init__(self, index):
        self.index = index
        self.store = index.store
        self.rebuild_fd = None
        self.generation = None
        self.building = None
        self.workers = None  # processes writing segments; None: one per core

    def start(self):
        self.rebuild_fd = self.store.acquire_rebuild_lock(REBUILD_LOCK_WAIT)
        self.store.remove_abandoned_generations()
        self.store.clear_journal()
        self.generation = self.store.new_generation_dir()
        from whoosh import index as whoosh_index

        ix = whoosh_index.create_in(str(self.generation), self.index.schema())
        self.building = BuildingIndex(
            self.index, ix, workers=self.workers, close_fds=[self.rebuild_fd]
        )
        return self.building

    def finish(self):
        try:
            self.building.finish()
            with self.store.write_lock(SWAP_LOCK_WAIT):
                refs = self.store.take_journal() + self.store.take_backlog()
                if refs:
                    try:
                        docs, deletes = documents.load_documents(
                            refs, self.index.root, self.index.backend.languages
                        )
                        ix_writer_apply(
                            self.building.ix, docs, deletes, self.index.schema()
                        )
                    except Exception:  # the rebuilt index is still newer than the old
                        logger.exception(
                            "Search index %s: could not replay %d update(s) made "
                            "during the rebuild",
                            self.index.name,
                            len(refs),
                        )
                self.building.ix.close()
                self.store.swap_to(self.generation)
        finally:
            self.release()

    def release(self):
        """End the rebuild; unless finished, its folder is left for the next one
        to remove."""
        if self.building is not None:
            self.building.abandon()
        if self.rebuild_fd is not None:
            os.close(self.rebuild_fd)
            self.rebuild_fd = None

    def __del__(self):
        self.release()
