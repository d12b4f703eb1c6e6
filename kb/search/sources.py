"""What the site search covers: the indexed models that say how they appear in it.

The search app imports no app's models. A model takes part in the site search by
declaring, beside its `search_fields` (which modelsearch reads the same way):

    search_result_kind = "article"      # its name in ?type= and in the JSON API
    search_result_label = "Article"     # shown beside each result
    search_result_label_plural = "Articles"   # optional; default: label + "s"
    search_result_boost = 1.2           # optional: its scores against other kinds
    search_result_suggest = True        # optional: its titles while typing

    @classmethod
    def search_results(cls):            # what visitors may find (published,
        ...                             # visible), with what a hit shows joined in

and, each optional:

    def search_result_url(self) -> str        # default: get_url() or get_absolute_url()
    def search_result_category(self) -> str   # shown beside the result
    def search_result_text(self) -> str       # plain text the snippet is cut from
    def search_result_summary(self) -> str    # the snippet where that can't be done
    def search_result_solved(self) -> bool    # questions: an answer was accepted

    @classmethod
    def search_result_categories(cls) -> list[tuple[int, str]]
    @classmethod
    def search_results_in_category(cls, queryset, category_id) -> QuerySet

    def search_language(self) -> str          # the language it is written in
                                              # (default: its Wagtail locale's)
    @classmethod
    def search_results_in_language(cls, queryset, language) -> QuerySet
                                              # for backends without languages

Without the last two a kind is left out while a category filter is on. Only the
class that declares `search_result_kind` takes part, not its subclasses.
`search_results()` must load everything the methods above read (select_related,
prefetch_related, annotations), so a results page costs the same few queries
whatever its hits.
"""

import functools
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from modelsearch.index import get_indexed_models


@dataclass(frozen=True)
class Source:
    model: type[Model]

    @property
    def kind(self) -> str:
        return self.model.search_result_kind

    @property
    def label(self) -> str:
        return self.model.search_result_label

    @property
    def label_plural(self) -> str:
        return getattr(self.model, "search_result_label_plural", f"{self.label}s")

    @property
    def boost(self) -> float:
        return float(getattr(self.model, "search_result_boost", 1.0))

    @property
    def suggest(self) -> bool:
        return bool(getattr(self.model, "search_result_suggest", True))

    @property
    def filters_by_category(self) -> bool:
        return hasattr(self.model, "search_results_in_category")

    def queryset(self, category_id: int | None = None) -> QuerySet:
        queryset = self.model.search_results()
        if category_id is not None:
            queryset = self.model.search_results_in_category(queryset, category_id)
        return queryset

    def category_choices(self) -> list[tuple[int, str]]:
        choices = getattr(self.model, "search_result_categories", None)
        return list(choices()) if choices is not None else []

    @staticmethod
    def title(obj) -> str:
        return getattr(obj, "title", None) or str(obj)

    @staticmethod
    def url(obj) -> str:
        method = getattr(obj, "search_result_url", None)
        if method is not None:
            return method()
        get_url = getattr(obj, "get_url", None)
        return (get_url() if get_url else obj.get_absolute_url()) or ""

    @staticmethod
    def category(obj) -> str:
        return _call(obj, "search_result_category", "")

    @staticmethod
    def text(obj) -> str:
        return _call(obj, "search_result_text", "")

    @staticmethod
    def summary(obj) -> str:
        return _call(obj, "search_result_summary", "")

    @staticmethod
    def solved(obj) -> bool | None:
        return _call(obj, "search_result_solved", None)


def _call(obj, name, default):
    method = getattr(obj, name, None)
    return method() if method is not None else default


@functools.cache
def sources() -> tuple[Source, ...]:
    """Every kind of content the site search covers, in INSTALLED_APPS order."""
    return tuple(
        Source(model)
        for model in get_indexed_models()
        if "search_result_kind" in model.__dict__
    )


def source_named(kind: str) -> Source | None:
    return next((s for s in sources() if s.kind == kind), None)


def source_of(obj) -> Source | None:
    """The source `obj` belongs to (an instance of its model or a subclass)."""
    return next((s for s in sources() if isinstance(obj, s.model)), None)
