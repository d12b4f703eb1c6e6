"""Search results: Whoosh hits turned back into model instances, page by page.

A results object and its slices (`results[:10]`, `.count()`) share one pass over
the index: a plain OR of words is scored once (every match, see `scoring`) and both
the count and any page come from that. Other queries (phrases, fuzzy terms,
sorting) go to Whoosh's search for the page and are counted from `docsets`.
"""

import logging
import time
from collections import Counter, OrderedDict

import numpy as np
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import sorting

from . import docsets, documents, generation, mapping, scoring
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


class Plan:
    """What a search asks of the index: compiled once, read from one generation."""

    def __init__(self, results):
        compiler = results.query_compiler
        self.backend = results.backend
        self.compiler = compiler
        # Filters and ordering are compiled first, so their errors reach the caller.
        whoosh_filter, by_database = compiler.filters()
        self.pks = None
        if by_database:
            # The index can't answer this filter (a to-many relation, an unusual
            # lookup): the database does.
            keys = compiler.queryset.values_list("pk", flat=True)
            self.pks = {str(pk) for pk in keys}
        self.sort_columns = compiler.sort_columns()
        self.index = self.backend.get_index_for_model(compiler.queryset.model)
        self.filter = whoosh_filter
        self.generation = None

    def open(self):
        """Read the current generation (IndexUnavailable when there is none)."""
        if self.generation is not None:
            return
        self.generation = self.index.generation()
        schema = self.generation.schema
        self.query = self.compiler.build(
            schema, self.backend.query_language, self.backend.languages
        )
        self.sortedby = None
        if self.sort_columns is not None:
            facets = [
                sorting.FieldFacet(name, reverse=reverse)
                for name, reverse in self.sort_columns
                if name in schema
            ]
            if len(facets) > 1:
                self.sortedby = sorting.MultiFacet(facets)
            elif facets:
                self.sortedby = facets[0]

    def allowed(self):
        """Mask of what the filter lets through, or None for everything."""
        if self.filter is None:
            return None
        return docsets.filter_mask(self.generation, self.filter)

    def stored_id(self, docnum):
        return self.generation.stored_id(int(docnum))


class Scored:
    """Every match of a plain OR of words with its score: count and any page."""

    def __init__(self, plan, matched, values):
        allowed = plan.allowed()
        if allowed is not None:
            matched = matched & allowed
        self.plan = plan
        self.docnums = np.flatnonzero(matched)
        self.values = values[self.docnums]

    def covers(self, stop):
        return True

    def count(self):
        return len(self.docnums)

    def rows(self, stop):
        order = scoring.ranked(self.docnums, self.values, stop)
        return [
            (self.plan.stored_id(self.docnums[i]), float(self.values[i])) for i in order
        ]


class Listed:
    """The first `stop` hits (None: all) as Whoosh's search ranks or sorts them."""

    def __init__(self, plan, stop):
        self.plan, self.stop = plan, stop
        allowed = None
        if plan.filter is not None:
            allowed = docsets.filter_set(plan.generation, plan.filter)
        everything = plan.pks is not None or stop is None
        hits = plan.generation.searcher.search(
            plan.query,
            limit=None if everything else stop,
            sortedby=plan.sortedby,
            filter=allowed,
            terms=False,
        )
        self._rows = [(hit[mapping.ID], hit.score) for hit in hits]
        if plan.pks is not None:
            self._rows = [row for row in self._rows if row[0] in plan.pks]
        self._count = len(self._rows) if everything else None
        if everything:
            self.stop = None

    def covers(self, stop):
        return self.stop is None or (stop is not None and stop <= self.stop)

    def count(self):
        if self._count is None:
            found = docsets.mask(self.plan.generation, self.plan.query)
            allowed = self.plan.allowed()
            self._count = int((found & allowed if allowed is not None else found).sum())
        return self._count

    def rows(self, stop):
        return self._rows if stop is None else self._rows[:stop]


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shared = {}  # the pass, shared with the slices cloned from this

    def _clone(self):
        new = super()._clone()
        new._shared = self._shared
        return new

    def _plan(self):
        plan = self._shared.get("plan")
        if plan is None:
            plan = self._shared["plan"] = Plan(self)
        return plan

    def _found(self, plan, stop):
        """The pass over the index for the hits up to `stop` (None: all)."""
        found = self._shared.get("found")
        if found is not None and found.covers(stop):
            return found
        found = None
        if plan.pks is None and plan.sortedby is None:
            scored = scoring.scores(plan.generation, plan.query)
            if scored is not None:
                found = Scored(plan, *scored)
        if found is None:
            found = Listed(plan, stop)
        self._shared["found"] = found
        return found

    def _read(self, read, empty):
        """read(plan) on the current generation; a missing or unreadable index
        reads as `empty` (logged), never an error for the visitor."""
        plan = self._plan()
        try:
            plan.open()
            return read(plan)
        except IndexUnavailable as error:
            log_unavailable(error)
        except NotImplementedError:
            raise  # a query type this backend does not support
        except Exception as error:  # noqa: BLE001 - an unreadable index
            generation.forget(plan.index.store)
            log_unavailable(
                IndexUnavailable(
                    f"search index {plan.index.store.link} is unreadable: {error!r}"
                )
            )
        self._shared.clear()
        return empty

    def _rows(self):
        """(pk, score) of this slice's hits as the index has them, best first."""
        if self.stop is not None and self.stop <= self.start:
            return []
        rows = self._read(lambda plan: self._found(plan, self.stop).rows(self.stop), [])
        return rows[self.start : self.stop]

    def scored_pks(self):
        """(pk, score) of this slice's hits, best first, without loading the
        objects: what a re-ranking reads before it knows which hits it shows.
        The index applies the queryset's filters; an object deleted since it was
        indexed is left out when the page shown is loaded."""
        return self._rows()

    def _do_search(self):
        rows = self._rows()
        if not rows:
            return []
        queryset = self.query_compiler.queryset
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        loaded = queryset.filter(pk__in=[pk for pk, _ in rows]).order_by()
        found = {str(obj.pk): obj for obj in loaded}
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
        total = self._read(lambda plan: self._found(plan, self.stop).count(), 0)
        total -= self.start
        if self.stop is not None:
            total = min(total, self.stop - self.start)
        return max(total, 0)

    def facet(self, field_name):
        compiler = self.query_compiler
        model = compiler.queryset.model
        field = compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f'index.FilterField("{field_name}") to {model.__name__}.search_fields.',
                field_name=field_name,
            )
        name = "f_" + mapping.raw_column_name(model, field)
        kind = mapping.KIND_BY_TYPE.get(field.get_type(model), "str")
        counts = Counter()

        def read(plan):
            found = docsets.mask(plan.generation, plan.query)
            allowed = plan.allowed()
            if allowed is not None:
                found &= allowed
            stored_fields = plan.generation.searcher.stored_fields
            for docnum in np.flatnonzero(found):
                stored = stored_fields(int(docnum))
                if plan.pks is not None and stored.get(mapping.ID) not in plan.pks:
                    continue
                values = stored.get(name)
                if values is None or values == []:
                    counts[None] += 1
                    continue
                for value in values if isinstance(values, list) else [values]:
                    counts[documents.from_index_value(kind, value)] += 1

        self._read(read, None)
        return OrderedDict(counts.most_common())
