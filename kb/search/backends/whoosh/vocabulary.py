"""Spelling corrections ("did you mean") and word completions from the index.

Both read the spelling column (the unstemmed words of every SearchField) of the
indexes searched, and offer only words that visitors may find: the caller passes
the querysets of what they may find, and a word held only by documents outside
them (drafts, held posts, admin-only content) is never offered.
"""

import re
from collections import Counter

from . import docsets, mapping
from .compiler import MAX_QUERY_CHARS, MAX_TERMS
from .store import IndexUnavailable

WORD = re.compile(r"\w+", re.UNICODE)


def _filter_of(queryset):
    """The Whoosh filter for what `queryset` lets through; None: all; False: unknown."""
    if queryset is None:
        return None
    from modelsearch.query import MATCH_ALL

    from .compiler import WhooshSearchQueryCompiler

    try:
        whoosh_filter, by_database = WhooshSearchQueryCompiler(
            queryset, MATCH_ALL
        ).filters()
    except Exception:  # noqa: BLE001 - a filter the index can't express
        return False
    return False if by_database else whoosh_filter


class Vocabulary:
    """The spelling words of the indexes of `querysets` (None: every index), each
    limited to the documents its querysets let through, in the language the
    backend searches."""

    def __init__(self, backend, querysets=None):
        self.entries = {}  # index name -> (generation, [mask or None])
        self.column = mapping.localized(
            mapping.SPELLING,
            getattr(backend, "query_language", None),
            getattr(backend, "languages", ("en",)),
        )
        if querysets is None:
            targets = [(index.root, None) for index in backend.all_indexes()]
        else:
            targets = [(queryset.model, queryset) for queryset in querysets]
        for model, queryset in targets:
            index = backend.get_index_for_model(model)
            try:
                generation = index.generation()
            except IndexUnavailable:
                continue
            if self.column not in generation.schema:
                continue
            whoosh_filter = _filter_of(queryset)
            if whoosh_filter is False:
                continue
            masks = self.entries.setdefault(index.name, (generation, []))[1]
            masks.append(
                None
                if whoosh_filter is None
                else docsets.filter_mask(generation, whoosh_filter)
            )

    @property
    def readers(self):
        return [generation.searcher.reader() for generation, _ in self.entries.values()]

    def frequency(self, term):
        return sum(r.doc_frequency(self.column, term) for r in self.readers)

    def visible(self, term):
        """Whether a document visitors may find holds `term`."""
        for generation, masks in self.entries.values():
            ids = generation.postings(self.column, term)[0]
            if not len(ids):
                continue
            for mask in masks:
                if mask is None or mask[ids].any():
                    return True
        return False


def _words(text):
    return [w.lower() for w in WORD.findall((text or "")[:MAX_QUERY_CHARS])][:MAX_TERMS]


def _term_text(term):
    return term.decode("utf-8") if isinstance(term, bytes) else term


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return previous[-1]


def spelling_suggestion(backend, query_string, *, querysets=None):
    words = _words(query_string)
    if not words:
        return None
    vocabulary = Vocabulary(backend, querysets)
    readers = vocabulary.readers
    if not readers:
        return None
    corrections = {}
    for word in set(words):
        if len(word) < 3 or word.isdigit():
            continue
        if vocabulary.frequency(word) and vocabulary.visible(word):
            continue
        maxdist = 1 if len(word) <= 5 else 2
        candidates = Counter()
        for reader in readers:
            for term in reader.terms_within(
                vocabulary.column, word, maxdist, prefix=1
            ):
                term = _term_text(term)
                candidates[term] += reader.doc_frequency(vocabulary.column, term)
        ranked = sorted(
            candidates, key=lambda t: (edit_distance(word, t), -candidates[t], t)
        )
        best = next((t for t in ranked[:20] if vocabulary.visible(t)), None)
        if best is not None:
            corrections[word] = best
    if not corrections:
        return None
    return WORD.sub(
        lambda m: corrections.get(m.group(0).lower(), m.group(0)),
        query_string[:MAX_QUERY_CHARS],
    ).strip()


def suggest_terms(backend, prefix, *, limit=8, querysets=None):
    """Completions of the last word typed (earlier words kept), most frequent first."""
    text = (prefix or "")[:MAX_QUERY_CHARS]
    words = _words(text)
    if not words or text[-1:].isspace() or limit <= 0:
        return []
    head, last = words[:-1], words[-1]
    vocabulary = Vocabulary(backend, querysets)
    readers = vocabulary.readers
    counts = Counter()
    for reader in readers:
        for number, term in enumerate(reader.expand_prefix(vocabulary.column, last)):
            if number >= 2000:
                break
            term = _term_text(term)
            counts[term] += reader.doc_frequency(vocabulary.column, term)
    ranked = [term for term, _ in counts.most_common()]
    if len(ranked) < limit and len(last) >= 4:
        close = Counter()
        for reader in readers:
            for term in reader.terms_within(vocabulary.column, last, 1, prefix=1):
                term = _term_text(term)
                if term not in counts:
                    close[term] += reader.doc_frequency(vocabulary.column, term)
        ranked += [term for term, _ in close.most_common()]
    shown = []
    for term in ranked[: limit * 5]:
        if len(shown) == limit:
            break
        if vocabulary.visible(term):
            shown.append(" ".join([*head, term]))
    return shown
