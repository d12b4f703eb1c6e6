"""`manage.py update_index`: rebuild the search indexes, with a progress bar.

Wagtail's command of the same name, with two changes: a tqdm progress bar per
model when stdout is a terminal (one summary line per model otherwise), and rows
read in primary-key pages instead of inside one long transaction, so editors can
keep saving while a big index rebuilds. The Whoosh backend builds into a fresh
folder and swaps it in when done; a killed rebuild leaves the old index in place.
`--workers N` sets how many processes write the Whoosh segments (default: one per
core, up to 4). With KB_SEARCH_SEMANTIC on, the objects' meaning vectors are
computed last (kb/search/embeddings.py).
"""

import os

from django.core.management.base import CommandError
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    Command as RebuildCommand,
)
from modelsearch.management.commands.rebuild_modelsearch_index import (
    group_models_by_index,
)
from tqdm import tqdm

from kb.search import embeddings
from kb.search.sources import sources


def terminal_width(stream, default=100):
    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        width = 0
    return width if width >= 40 else default


class Command(RebuildCommand):
    help = "Rebuild the search index of every search backend (or of --backend)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Processes writing a Whoosh index (default: one per core, up to 4).",
        )

    def handle(self, **options):
        self.workers = options["workers"]
        if self.workers is not None and self.workers < 1:
            raise CommandError("--workers must be at least 1")
        super().handle(**options)
        if embeddings.enabled() and not options.get("schema_only"):
            self.store_meaning_vectors()

    def store_meaning_vectors(self):
        """The vectors the re-ranking by meaning reads, whichever the backend."""
        on_terminal = self.verbosity > 0 and self.stdout.isatty()
        total = sum(s.queryset().count() for s in sources()) if on_terminal else None
        with tqdm(
            total=total,
            desc="meaning vectors",
            unit=" objects",
            file=self.stdout._out,
            disable=not on_terminal,
        ) as bar:
            count = embeddings.store_all_vectors(progress=bar.update)
        self.write(f"Meaning vectors of {count} objects stored")

    def update_backend(self, backend_name, schema_only=False, chunk_size=1000):
        self.write(f"Updating backend: {backend_name}")
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            self.write(f"Backend '{backend_name}' doesn't require rebuilding")
            return
        for index, models in group_models_by_index(
            backend, get_indexed_models()
        ).items():
            rebuilder = backend.rebuilder_class(index)
            if self.workers is not None and hasattr(rebuilder, "workers"):
                rebuilder.workers = self.workers
            try:
                building = rebuilder.start()
            except Exception as error:
                raise CommandError(
                    f"{backend_name}: can't rebuild {index}: {error}"
                ) from error
            for model in models:
                building.add_model(model)
            count = 0
            try:
                if not schema_only:
                    for model in models:
                        count += self.index_model(
                            backend_name, building, model, chunk_size
                        )
            except BaseException:
                # The current index stays as it was; the half-built one is removed
                # by the next rebuild.
                if hasattr(rebuilder, "release"):
                    rebuilder.release()
                raise
            rebuilder.finish()
            self.write(f"{backend_name}: index {index} rebuilt with {count} objects")

    def index_model(self, backend_name, building, model, chunk_size):
        queryset = model.get_indexed_objects()
        label = f"{model._meta.app_label}.{model.__name__}"
        on_terminal = self.verbosity > 0 and self.stdout.isatty()
        bar = tqdm(
            total=queryset.count() if on_terminal else None,
            desc=f"{backend_name}: {label}",
            unit=" objects",
            file=self.stdout._out,
            disable=not on_terminal,
            ncols=terminal_width(self.stdout._out) if on_terminal else None,
        )
        count = 0
        with bar:
            for chunk in self.queryset_chunks(queryset, chunk_size):
                building.add_items(model, chunk)
                count += len(chunk)
                bar.update(len(chunk))
        if not on_terminal:
            self.write(f"{backend_name}: {label} {count} objects")
        return count

    def queryset_chunks(self, qs, chunk_size=1000):
        """Pages of `chunk_size` rows in primary-key order, each its own short query."""
        last_pk = None
        while True:
            page = qs.order_by("pk")
            if last_pk is not None:
                page = page.filter(pk__gt=last_pk)
            items = list(page[:chunk_size])
            if not items:
                return
            yield items
            last_pk = items[-1].pk
