"""A modelsearch (Wagtail search) backend on Whoosh, an index in a local folder.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "kb.search.backends.whoosh",
        "PATH": "var/whoosh",  # index folder (default: KB_SEARCH_INDEX_PATH)
        "LANGUAGE": "en",            # the source language: stop words, stemming
        "LANGUAGES": ["de", "es"],   # other languages content is written in
        "WRITE_TIMEOUT": 5,  # seconds a write waits for the lock, then queues
        "CACHE_MB": 64,  # per index and thread: decoded postings, filter sets
    }}

Sites on several machines can't share a local folder: they switch to
`modelsearch.backends.database` (PostgreSQL) or an Elasticsearch/OpenSearch
backend by settings alone (see the README).
"""

import copy
from functools import cached_property
from pathlib import Path

from django.conf import settings
from modelsearch.backends.base import BaseSearchBackend, get_model_root
from modelsearch.index import get_indexed_models

from . import mapping, snippets, vocabulary
from .compiler import (
    WhooshAutocompleteQueryCompiler,
    WhooshSearchQueryCompiler,
    analyze,
)
from .index import WhooshIndex, WhooshRebuilder
from .results import WhooshSearchResults


def default_path():
    path = getattr(settings, "KB_SEARCH_INDEX_PATH", None)
    return Path(path) if path else Path(settings.BASE_DIR) / "var" / "whoosh"


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    # A failed index write is logged and queued, never an error for the editor.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        self.path = Path(params.pop("PATH", None) or default_path())
        self.language = mapping.base_language(params.pop("LANGUAGE", None))
        others = [mapping.base_language(c) for c in params.pop("LANGUAGES", ())]
        # The source language first; each other one has its own columns.
        self.languages = tuple(dict.fromkeys([self.language, *others]))
        # What searches through this backend are written in (`for_language`).
        self.query_language = self.language
        self.write_timeout = float(params.pop("WRITE_TIMEOUT", 5))
        self.cache_bytes = int(float(params.pop("CACHE_MB", 64)) * (1 << 20))

    def for_language(self, language):
        """This backend searching the content written in `language` (one of
        `languages`; another searches the source language's), with that
        language's stop words, stemmer and spelling words."""
        language = mapping.base_language(language)
        clone = copy.copy(self)
        clone.__dict__.pop("query_analyzer", None)
        clone.query_language = language if language in self.languages else self.language
        return clone

    def get_index_for_model(self, model):
        return self.index_class(self, get_model_root(model))

    def apply_backlog(self):
        """Apply the updates each index queued while it was busy or unwritable;
        raises ChangeNotQueued with the ones it could neither apply nor keep."""
        indexes = {}
        for model in get_indexed_models():
            index = self.get_index_for_model(model)
            indexes[index.name] = index
        for index in indexes.values():
            index.refresh()

    @cached_property
    def query_analyzer(self):
        return mapping.text_analyzer(self.query_language)

    def search_terms(self, query_string):
        """The terms a search for `query_string` looks for: stop words ("the",
        "how to") left out, the other words stemmed. [] when only stop words."""
        return analyze(self.query_analyzer, query_string)

    def highlight(self, text, query_string, *, limit=240):
        """HTML-escaped excerpt of `text` around the best match, words in <mark>.

        "" when nothing matches.
        """
        return snippets.highlight(self.query_language, text, query_string, limit=limit)

    def spelling_suggestion(self, query_string, *, querysets=None):
        """The query with misspelt words fixed from the words of the documents
        `querysets` let through (None: every index), or None."""
        return vocabulary.spelling_suggestion(self, query_string, querysets=querysets)

    def suggest_terms(self, prefix, *, limit=8, querysets=None):
        """Words completing the last word of `prefix`, most frequent first, from
        the documents `querysets` let through (None: every index)."""
        return vocabulary.suggest_terms(self, prefix, limit=limit, querysets=querysets)


SearchBackend = WhooshSearchBackend
