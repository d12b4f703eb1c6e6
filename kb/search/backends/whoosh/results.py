"""Search results: Whoosh hits turned back into model instances, page by page."""

import logging
import time
from collections import Counter, OrderedDict

from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import sorting

from . import docsets, documents, mapping, topk
from .store import IndexUnavailable

logger = logging.getLogger("kb.search")

_last_logged = {}


def log_unavailable(error):
    """Log a missing or broken index clearly, at most once a minute per message."""
    message = str(error)
    now = time.monotonic()
    if now - _last_logged.get(message, -3600) >= 60:
        _last_logged[message] = now
        logger.error(
            "%s. Searches return no results until `manage.py update_index` runs.",
            message,
        )


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def _plan(self):
        """(index, searcher, query, filter or None, database pks or None, sortedby).

        Queryset filters are checked and compiled first, so their errors reach the
        caller. `_run` turns the filter into `allowed`, the set of document numbers
        it lets through (None: all), cached per searcher generation (see
        `docsets`): a plain OR of words is then scored term by term (`topk`), and
        anything else goes to Whoosh with `allowed` as its `filter`, which leaves
        the query's own matcher tree free to skip blocks that cannot reach the
        page (an AND with the filter made Whoosh score every match).
        """
        compiler = self.query_compiler
        whoosh_filter, by_database = compiler.filters()
        pks = None
        if by_database:
            # The index can't answer this filter: the database does. Only filters
            # across to-many relations or unusual lookups get here.
            pks = {str(pk) for pk in compiler.queryset.values_list("pk", flat=True)}
        sort_columns = compiler.sort_columns()
        index = self.backend.get_index_for_model(compiler.queryset.model)
        searcher = index.searcher()
        query = compiler.build(searcher.schema, self.backend.language)
        sortedby = None
        if sort_columns is not None:
            facets = [
                sorting.FieldFacet(name, reverse=reverse)
                for name, reverse in sort_columns
                if name in searcher.schema
            ]
            if len(facets) > 1:
                sortedby = sorting.MultiFacet(facets)
            elif facets:
                sortedby = facets[0]
        return index, searcher, query, whoosh_filter, pks, sortedby

    def _run(self, read):
        """Call read(searcher, query, allowed, pks, sortedby); a broken index reads
        as empty."""
        index, searcher, query, whoosh_filter, pks, sortedby = self._plan()
        try:
            allowed = None
            if whoosh_filter is not None:
                allowed = docsets.filter_docset(searcher, whoosh_filter)
            return read(searcher, query, allowed, pks, sortedby)
        except Exception as error:  # noqa: BLE001 - an unreadable index must not be a 500
            index.store.forget_searcher()
            raise IndexUnavailable(
                f"search index {index.store.link} is unreadable: {error!r}"
            ) from error

    def _hits(self, limit):
        """[(id, score)] in result order, at most `limit` (None: all)."""

        def read(searcher, query, allowed, pks, sortedby):
            if allowed is not None and not allowed:
                return []
            if pks is None and sortedby is None:
                top = topk.top_hits(searcher, query, limit, allowed)
                if top is not None:
                    stored = searcher.stored_fields
                    return [
                        (stored(docnum)[mapping.ID], score) for docnum, score in top
                    ]
            hits = searcher.search(
                query,
                limit=None if pks is not None else limit,
                sortedby=sortedby,
                filter=allowed,
                terms=False,
            )
            rows = [(hit[mapping.ID], hit.score) for hit in hits]
            if pks is not None:
                rows = [row for row in rows if row[0] in pks]
            return rows if limit is None else rows[:limit]

        try:
            return self._run(read)
        except IndexUnavailable as error:
            log_unavailable(error)
            return []

    def _do_search(self):
        if self.stop is not None and self.stop <= self.start:
            return []
        rows = self._hits(self.stop)[self.start : self.stop]
        if not rows:
            return []
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        found = {
            str(obj.pk): obj for obj in queryset.filter(pk__in=[pk for pk, _ in rows])
        }
        results = []
        for pk, score in rows:
            obj = found.get(pk)
            if obj is None:  # deleted since it was indexed
                continue
            if self._score_field:
                setattr(obj, self._score_field, float(score or 0.0))
            results.append(obj)
        return results

    def _do_count(self):
        def read(searcher, query, allowed, pks, sortedby):
            if allowed is not None and not allowed:
                return 0
            if pks is None:
                total = topk.count(searcher, query, allowed)
                if total is not None:
                    return total
                found = docsets.docset(searcher, query)
                return len(found & allowed if allowed is not None else found)
            hits = searcher.search(
                query, limit=None, scored=False, filter=allowed, terms=False
            )
            return sum(1 for hit in hits if hit[mapping.ID] in pks)

        try:
            total = self._run(read)
        except IndexUnavailable as error:
            log_unavailable(error)
            return 0
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
        compiler = self.query_compiler
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to '
                f"{compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        column = mapping.Column(
            "f_" + mapping.raw_column_name(compiler.queryset.model, field),
            "filter",
            kind=mapping.KIND_BY_TYPE.get(
                field.get_type(compiler.queryset.model), "str"
            ),
        )
        counts = Counter()

        def read(searcher, query, allowed, pks, sortedby):
            found = docsets.docset(searcher, query)
            if allowed is not None:
                found &= allowed
            for docnum in sorted(found):
                stored = searcher.stored_fields(docnum)
                if pks is not None and stored.get(mapping.ID) not in pks:
                    continue
                values = stored.get(column.name)
                if values is None or values == []:
                    counts[None] += 1
                    continue
                for value in values if isinstance(values, list) else [values]:
                    counts[documents.from_index_value(column.kind, value)] += 1

        try:
            self._run(read)
        except IndexUnavailable as error:
            log_unavailable(error)
        return OrderedDict(counts.most_common())
