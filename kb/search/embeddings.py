"""What each searchable object means, as vectors: the re-ranking by meaning's data.

An object has two texts to compare with a query: its title, and its title with the
first TEXT_CHARS characters of its text. Their vectors are computed when the object
is indexed (`index_objects`, `update_index`) and kept in the database (MeaningVector,
one row per object and text, with the digest of the text, so an unchanged text is
not embedded again), so a search embeds only its query, in every process and right
after a restart. A search reads the candidates' vectors by their keys, without
loading the objects: only the page shown is loaded.

Each process keeps a copy of the stored vectors it read, valid while a version in
the shared cache is unchanged; every write of vectors changes it when its
transaction commits. An object without rows (indexed while the setting was off) is
embedded when a search meets it, and kept in this process by its text's digest.

WordLlama's static word embeddings (256 dimensions, shipped inside its wheel: nothing
is downloaded, no GPU). Optional: the `semantic` extra, used where
settings.KB_SEARCH_SEMANTIC is on.
"""

import functools
import hashlib
import logging
import threading
from collections import OrderedDict, defaultdict
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction
from django.db.models import Q

from kb.cache import change_shared_version, shared_version

from .models import MeaningVector
from .sources import Source, sources

logger = logging.getLogger(__name__)

# 3,000 characters score 0.009 higher on StackFAQ's threads than 1,000 (its dev
# half, docs/benchmarks.md); they take twice as long to embed, when indexing only.
TEXT_CHARS = 3000
CACHED_VECTORS = 20_000  # per process, about 1 KB each
DIMENSIONS = 256


def enabled() -> bool:
    return bool(getattr(settings, "KB_SEARCH_SEMANTIC", False))


@functools.cache
def embedding_model():
    """WordLlama's 256-dimension model, from the files in its wheel."""
    # Imported here: only a site with the setting on installs the extra. Importing
    # it calls logging.basicConfig(level=INFO), which would print every library's
    # INFO records; the root logger is put back as the site's settings left it.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    import wordllama

    root.handlers[:], root.level = handlers, level

    # Its loader looks for the shipped tokenizer in a folder that does not exist,
    # then downloads it; given the package's own folder as its cache, it finds both
    # files there, and with downloads off it never touches the network.
    return wordllama.WordLlama.load(
        cache_dir=Path(wordllama.__file__).parent, disable_download=True
    )


def embed(texts: list[str]) -> np.ndarray:
    """Unit vectors, one row per text (a text without a known word: all NaN)."""
    # The model pads each batch to its longest text: batches of texts of about
    # the same length embed in half the time of texts in their given order.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    embedded = embedding_model().embed(
        [texts[i] for i in order], norm=True, batch_size=16
    )
    vectors = np.empty_like(embedded, dtype=np.float32)
    vectors[order] = embedded
    return vectors


def texts_of(obj) -> tuple[str, str]:
    """The title, and the title with the start of the text, as a hit shows them."""
    title = Source.title(obj)
    return title, f"{title}\n{Source.text(obj)[:TEXT_CHARS]}"


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class _VectorCache:
    """Vectors by key, the least recently used dropped past a bound."""

    def __init__(self, size: int):
        self.size = size
        self.version = None  # of the stored vectors it holds (for _stored)
        self._vectors: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, keys: list) -> dict:
        with self._lock:
            found = {}
            for key in keys:
                vector = self._vectors.get(key)
                if vector is not None:
                    self._vectors.move_to_end(key)
                    found[key] = vector
            return found

    def put(self, vectors: dict) -> None:
        with self._lock:
            for key, vector in vectors.items():
                self._vectors[key] = vector
                self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def start_version(self, version) -> None:
        """Empty it unless it holds what `version` names."""
        with self._lock:
            if version != self.version:
                self._vectors.clear()
                self.version = version


# This process's copies: vectors embedded here, by their text's digest (never
# stale: a digest names one text); and stored vectors by (model label, pk, part),
# valid while the shared STORED_VERSION is unchanged (every write changes it).
_cache = _VectorCache(CACHED_VECTORS)
_stored = _VectorCache(CACHED_VECTORS)
STORED_VERSION = "kb-search:meaning-vectors-version"


def vectors(texts: list[str]) -> np.ndarray:
    """A unit vector per text, one row each: from this process's copy, else
    embedded now (and kept in that copy)."""
    keys = [digest(text) for text in texts]
    found = _cache.get(keys)
    missing = {
        key: text for key, text in zip(keys, texts, strict=True) if key not in found
    }
    if missing:
        computed = dict(zip(missing, embed(list(missing.values())), strict=True))
        _cache.put(computed)
        found.update(computed)
    return np.stack([found[key] for key in keys])


def stored_vectors(pks_by_model) -> dict[tuple[str, str, str], np.ndarray]:
    """The vectors computed when the objects ({model: pks}) were indexed, by
    (model label, pk as text, part); an object indexed while the setting was off
    has none. Read from the database only when this process has no copy."""
    _stored.start_version(shared_version(STORED_VERSION))
    keys = [
        (model._meta.label, str(pk), part)
        for model, pks in pks_by_model.items()
        for pk in pks
        for part in MeaningVector.Part.values
    ]
    found = _stored.get(keys)
    unread = defaultdict(set)
    for label, pk, part in keys:
        if (label, pk, part) not in found:
            unread[label].add(pk)
    if unread:
        objects = Q()
        for label, pks in unread.items():
            objects |= Q(model_label=label, object_pk__in=pks)
        read = {
            (label, pk, part): np.frombuffer(vector, dtype=np.float32)
            for label, pk, part, vector in MeaningVector.objects.filter(
                objects
            ).values_list("model_label", "object_pk", "part", "vector")
        }
        _stored.put(read)
        found.update(read)
    return found


def _stored_vectors_changed() -> None:
    """Tell every process its copies of stored vectors are out of date."""

    transaction.on_commit(lambda: change_shared_version(STORED_VERSION))


# Writes: called where objects are indexed.


def store_vectors(changed) -> None:
    """Compute and keep the vectors of the objects of `changed` ({model: pks}) that
    visitors can find, and forget those of the others (unpublished, deleted)."""
    if not enabled():
        return
    for source in sources():
        # A page may be noted as a Page or as its own class.
        pks = {
            pk
            for model, model_pks in changed.items()
            if issubclass(source.model, model) or issubclass(model, source.model)
            for pk in model_pks
        }
        if not pks:
            continue
        objects = list(source.queryset().filter(pk__in=list(pks)))
        found = {str(obj.pk) for obj in objects}
        label = source.model._meta.label
        with transaction.atomic():
            MeaningVector.objects.filter(
                model_label=label,
                object_pk__in=[str(pk) for pk in pks if str(pk) not in found],
            ).delete()
            _store(label, objects)
            _stored_vectors_changed()


def store_all_vectors(*, chunk_size=500, progress=None) -> int:
    """Compute the vectors of every object visitors can find (a rebuild), and
    forget those of objects they no longer can; how many objects. `progress(n)` is
    called after each chunk of n objects."""
    count = 0
    for source in sources():
        label = source.model._meta.label
        kept = set()
        queryset = source.queryset().order_by("pk")
        last_pk = None
        while True:
            page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            objects = list(page[:chunk_size])
            if not objects:
                break
            _store(label, objects)
            kept.update(str(obj.pk) for obj in objects)
            count += len(objects)
            last_pk = objects[-1].pk
            if progress is not None:
                progress(len(objects))
        stored = MeaningVector.objects.filter(model_label=label)
        stale = sorted(set(stored.values_list("object_pk", flat=True)) - kept)
        for start in range(0, len(stale), chunk_size):
            stored.filter(object_pk__in=stale[start : start + chunk_size]).delete()
    _stored_vectors_changed()
    return count


def _store(label: str, objects: list) -> None:
    """Upsert the rows of `objects`, embedding only the texts that changed."""
    rows = {}
    for obj in objects:
        for part, text in zip(MeaningVector.Part.values, texts_of(obj), strict=True):
            rows[(str(obj.pk), part)] = (digest(text), text)
    current = set(
        MeaningVector.objects.filter(
            model_label=label, object_pk__in={pk for pk, _ in rows}
        ).values_list("object_pk", "part", "digest")
    )
    changed = {
        key: value
        for key, value in rows.items()
        if (*key, value[0]) not in current
    }
    if not changed:
        return
    computed = embed([text for _, text in changed.values()])
    MeaningVector.objects.bulk_create(
        [
            MeaningVector(
                model_label=label,
                object_pk=pk,
                part=part,
                digest=key,
                vector=vector.tobytes(),
            )
            for ((pk, part), (key, _)), vector in zip(
                changed.items(), computed, strict=True
            )
        ],
        update_conflicts=True,
        unique_fields=["model_label", "object_pk", "part"],
        update_fields=["digest", "vector"],
    )
