"""modelsearch queries (PlainText, Phrase, Fuzzy, Boost, And/Or/Not, MATCH_ALL) and
queryset filters and ordering, as Whoosh queries.

User text never goes through Whoosh's query parser: it is cut into words by the
index's own analyzer, so no input (quotes, operators, `*`, `:`, control characters,
any Unicode, very long strings) can raise.
"""

from django.db.models import F, OrderBy
from modelsearch.backends.base import BaseSearchQueryCompiler, OrderByFieldError
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from . import mapping
from .filters import FilterCompilerMixin, indexed_subclasses

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32


def analyze(analyzer, text):
    text = (text or "")[:MAX_QUERY_CHARS]
    terms = []
    for token in analyzer(text, mode="query"):
        if token.text and token.text not in terms:
            terms.append(token.text)
        if len(terms) >= MAX_TERMS:
            break
    return terms


def fuzzy_distance(term):
    return 0 if len(term) <= 2 else 1 if len(term) <= 5 else 2


class WhooshSearchQueryCompiler(FilterCompilerMixin, BaseSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"
    HANDLES_ORDER_BY_EXPRESSIONS = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = self.queryset.model
        self.root = mapping.get_model_root(self.model)

    # Search columns

    def search_columns(self):
        """[(column, boost)] the query's words are looked for in."""
        if self.fields:
            wanted = set(self.fields)
            return [
                (
                    "f_" + mapping.raw_column_name(self.model, field),
                    float(field.boost or 1.0),
                )
                for field in self.model.get_searchable_search_fields()
                if field.field_name in wanted
            ]
        columns = {}
        for model in indexed_subclasses(self.model):
            for column in mapping.iter_columns(model):
                if column.role == "text":
                    columns.setdefault(column.name, column.boost)
        return list(columns.items())

    # The query

    def build(self, schema, language, languages=None):
        """The Whoosh query for the search terms (filters are separate), in the
        columns of `language` (see mapping.localized)."""
        languages = languages or (language,)
        columns = [
            (self.localized(name, language, languages), boost)
            for name, boost in self.search_columns()
        ]
        columns = [(name, boost) for name, boost in columns if name in schema]
        # The words of the query go through the index's own analyzer.
        self.analyzer = (
            schema[columns[0][0]].analyzer
            if columns
            else mapping.text_analyzer(language)
        )
        return self._compile(self.query, columns, 1.0)

    def text_analyzer(self):
        return self.analyzer

    @staticmethod
    def localized(name, language, languages):
        return mapping.localized(name, language, languages)

    def _compile(self, query, columns, boost):
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, Not):
            return wq.Not(self._compile(query.subquery, columns, boost))
        if isinstance(query, And):
            return wq.And([self._compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self._compile(q, columns, boost) for q in query.subqueries])
        if isinstance(query, Boost):
            return self._compile(query.subquery, columns, boost * query.boost)
        if not columns:
            return wq.NullQuery
        if isinstance(query, PlainText):
            terms = analyze(self.text_analyzer(), query.query_string)
            boost *= query.boost
            return self._combine(
                [self._any_column(columns, wq.Term, term, boost) for term in terms],
                query.operator,
            )
        if isinstance(query, Fuzzy):
            terms = analyze(self.text_analyzer(), query.query_string)
            parts = []
            for term in terms:
                parts.append(
                    wq.Or(
                        [
                            wq.FuzzyTerm(
                                name,
                                term,
                                boost=b * boost,
                                maxdist=fuzzy_distance(term),
                                prefixlength=1,
                            )
                            for name, b in columns
                        ]
                    )
                )
            return self._combine(parts, query.operator)
        if isinstance(query, Phrase):
            words = analyze(self.text_analyzer(), query.query_string)
            if not words:
                return wq.NullQuery
            if len(words) == 1:
                return self._any_column(columns, wq.Term, words[0], boost)
            return wq.Or(
                [wq.Phrase(name, words, boost=b * boost) for name, b in columns]
            )
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported by the Whoosh backend."
        )

    @staticmethod
    def _any_column(columns, make, term, boost):
        return wq.Or([make(name, term, boost=b * boost) for name, b in columns])

    @staticmethod
    def _combine(parts, operator):
        if not parts:
            return wq.NullQuery
        return wq.And(parts) if operator == "and" else wq.Or(parts)

    # Ordering

    def _get_order_by(self):
        if self.order_by_relevance:
            return
        for item in self.queryset.query.order_by:
            reverse = False
            if isinstance(item, OrderBy):
                if not isinstance(item.expression, F):
                    continue
                reverse, item = item.descending, item.expression.name
            elif isinstance(item, F):
                item = item.name
            if not isinstance(item, str) or item == "?":
                continue
            if item.startswith("-"):
                reverse, item = True, item[1:]
            if item in ("pk", self.model._meta.pk.attname, self.model._meta.pk.name):
                yield reverse, "pk"
                continue
            field = self._get_filterable_field(item)
            if field is None:
                raise OrderByFieldError(
                    f'Cannot sort search results with field "{item}". Please add '
                    f'index.FilterField("{item}") to '
                    f"{self.model.__name__}.search_fields.",
                    field_name=item,
                )
            yield reverse, field

    def sort_columns(self):
        """[(column name, reverse)], or None to sort by relevance."""
        if self.order_by_relevance:
            return None
        pk_column = mapping.PK if mapping.has_integer_pk(self.root) else mapping.ID
        columns = []
        for reverse, field in self._get_order_by():
            if field == "pk":
                columns.append((pk_column, reverse))
                continue
            column = mapping.column_for(self.model, [field])
            if column is None:
                raise OrderByFieldError(
                    "Cannot sort search results by the to-many field "
                    f'"{field.field_name}".',
                    field_name=field.field_name,
                )
            columns.append((column.name, reverse))
        return columns or [(pk_column, True)]


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Prefix matching on the edge n-grams of AutocompleteFields (no stemming)."""

    @staticmethod
    def localized(name, language, languages):
        # Titles while typing come from the reader's language; a field's own
        # edge n-grams (fields=) are one column for every language.
        if name == mapping.AUTOCOMPLETE:
            return mapping.localized(name, language, languages)
        return name

    def search_columns(self):
        if not self.fields:
            return [(mapping.AUTOCOMPLETE, 1.0)]
        wanted = set(self.fields)
        return [
            ("f_" + mapping.raw_column_name(self.model, field), 1.0)
            for field in self.model.get_autocomplete_search_fields()
            if field.field_name in wanted
        ]

    def _compile(self, query, columns, boost):
        if isinstance(query, MatchAll):
            return wq.Every()
        if not columns:
            return wq.NullQuery
        if isinstance(query, PlainText):
            terms = [
                t[: mapping.EDGE_MAX]
                for t in analyze(mapping.word_analyzer(), query.query_string)
            ]
            return self._combine(
                [self._any_column(columns, wq.Term, term, boost) for term in terms],
                query.operator,
            )
        raise NotImplementedError(
            f"`{query.__class__.__name__}` is not supported for autocomplete queries."
        )
