"""Queryset filters as Whoosh queries on the stored FilterField columns."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Subquery
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from django.db.models.sql.constants import MULTI, SINGLE
from whoosh import query as wq

from . import documents, mapping

# A filter the index cannot answer (a to-many relation, an unknown lookup): the
# database answers the queryset's whole filter instead.
DATABASE = object()


class Compiled:
    """A compiled filter (always truthy, unlike an empty Whoosh compound query)."""

    def __init__(self, query):
        self.query = query


def indexed_subclasses(model):
    root = mapping.get_model_root(model)
    return [m for m in mapping.models_of_root(root) if issubclass(m, model)] or [model]


class FilterCompilerMixin:
    """The filter half of the query compiler (modelsearch's _process_lookup hooks)."""

    def content_type_filter(self):
        if indexed_subclasses(self.root) == [self.root] or self.model is self.root:
            return None
        return wq.Term(mapping.CONTENT_TYPES, mapping.content_type_label(self.model))

    def filters(self):
        """(whoosh filter or None, answered_by_database: bool)."""
        compiled = self._get_filters_from_queryset()
        parts = []
        content_type = self.content_type_filter()
        if content_type is not None:
            parts.append(content_type)
        if compiled is DATABASE:
            return (wq.And(parts) if parts else None), True
        if isinstance(compiled, Compiled):
            parts.append(compiled.query)
        if not parts:
            return None, False
        return (parts[0] if len(parts) == 1 else wq.And(parts)), False

    def _process_lookup(self, field_path, lookup, value):
        column = mapping.column_for(self.model, field_path)
        if column is None:
            return DATABASE
        try:
            query = self._lookup_query(column, lookup, value)
        except (TypeError, ValueError, OverflowError):
            return DATABASE
        return DATABASE if query is None else Compiled(query)

    def _lookup_query(self, column, lookup, value):
        name, kind = column.name, column.kind

        def convert(item):
            return documents.to_index_value(kind, item)

        numeric = kind != "str"
        if lookup == "exact":
            if isinstance(value, (Query, Subquery)):
                row = self._run(value, SINGLE)
                value = row[0] if row else None
                if value is None:
                    return wq.NullQuery
            return wq.Term(name, convert(value))
        if lookup == "isnull":
            has = wq.Term(mapping.HAS, name)
            return wq.Not(has) if value else has
        if lookup in ("startswith", "prefix") and not numeric:
            return wq.Prefix(name, convert(value))
        if lookup in ("gt", "gte", "lt", "lte"):
            bound = convert(value)
            low = bound if lookup in ("gt", "gte") else None
            high = bound if lookup in ("lt", "lte") else None
            return self._range(name, numeric, low, high, lookup == "gt", lookup == "lt")
        if lookup == "range":
            low, high = value
            return self._range(name, numeric, convert(low), convert(high), False, False)
        if lookup == "in":
            if isinstance(value, (Query, Subquery)):
                values = [row[0] for chunk in self._run(value, MULTI) for row in chunk]
            else:
                values = list(value)
            terms = [
                wq.Term(name, convert(item)) for item in values if item is not None
            ]
            return wq.Or(terms) if terms else wq.NullQuery
        return None

    @staticmethod
    def _range(name, numeric, low, high, low_excluded, high_excluded):
        kind = wq.NumericRange if numeric else wq.TermRange
        return kind(
            name,
            low,
            high,
            startexcl=low_excluded,
            endexcl=high_excluded,
            constantscore=True,
        )

    def _run(self, value, result_type):
        db_alias = self.queryset._db or DEFAULT_DB_ALIAS
        query = value.query if isinstance(value, Subquery) else value
        return query.get_compiler(db_alias).execute_sql(result_type=result_type)

    def _get_filters_from_where_node(self, where_node, check_only=False):
        # modelsearch skips lookups on the `*_ptr_id` key of a multi-table subclass
        # (so `ArticlePage.objects.exclude(pk=...)` would be ignored); the index
        # answers them from its id column instead.
        target = getattr(getattr(where_node, "lhs", None), "target", None)
        if (
            isinstance(where_node, Lookup)
            and target is not None
            and target.attname.endswith("_ptr_id")
        ):
            if check_only:
                return None
            return self._pk_lookup(where_node.lookup_name, where_node.rhs)
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _pk_lookup(self, lookup, value):
        if isinstance(value, (Query, Subquery)):
            return DATABASE
        if lookup == "exact":
            return Compiled(wq.Term(mapping.ID, str(getattr(value, "pk", value))))
        if lookup == "in":
            terms = [wq.Term(mapping.ID, str(getattr(v, "pk", v))) for v in value]
            return Compiled(wq.Or(terms) if terms else wq.NullQuery)
        return DATABASE

    def _process_match_none(self):
        return Compiled(wq.NullQuery)

    def _connect_filters(self, filters, connector, negated):
        if any(f is DATABASE for f in filters):
            return DATABASE
        queries = [f.query for f in filters if isinstance(f, Compiled)]
        if not queries:
            return None
        if len(queries) == 1:
            query = queries[0]
        elif connector == "OR":
            query = wq.Or(queries)
        else:
            query = wq.And(queries)
        if negated:
            query = wq.And([wq.Every(), wq.Not(query)])
        return Compiled(query)
