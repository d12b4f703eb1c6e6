"""What the site search covers: apps register their searchable models here.

kb.search imports no app's models. Each app registers its content once, in its
AppConfig.ready()::

    from kb.search.registry import register

    class ForumConfig(AppConfig):
        def ready(self):
            register(
                "thread",
                model="forum.Topic",
                label="Forum thread",
                label_plural="Forum threads",
                queryset=lambda: Topic.objects.visible().select_related("section"),
                text_fields=("title", "search_body"),
                category_of=lambda topic: topic.section.name,
                answered=lambda topic: topic.accepted_answer_id is not None,
            )

The model must be a `modelsearch.index.Indexed` model (Wagtail pages are) so the
search backend indexes it. Everything else is optional:

- `queryset`: a callable returning what customers may find (published, visible).
  Backends filter only on the model's `index.FilterField`s, so filter on those.
  Default: `.live().public()` for Wagtail pages, all rows otherwise.
- `text_fields`: fields (or attributes/methods) whose plain text the snippet is cut
  from; StreamFields and rich text are turned into text. `summary_field`: shown
  as the snippet when the backend cannot highlight (default: the first text field).
- `category_of(obj) -> str`: the category name shown beside a result. Default for
  Wagtail pages: the parent page's title. `filter_category(queryset, id)` and
  `category_choices() -> [(id, name)]` let the search page filter by category;
  Wagtail pages get both from the page tree (the category is the parent page).
  Kinds without category filtering are left out while a category filter is on.
- `answered(obj) -> bool`: for question-like content, whether it has an accepted
  answer (shown on the result). `None` means "not a question".
- `boost`: multiplies this kind's scores when results of all kinds are merged.
- `suggest`: offer this kind's titles in search-as-you-type.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model, QuerySet

_kinds: dict[str, "SearchKind"] = {}


@dataclass(frozen=True)
class SearchKind:
    name: str
    model_label: str
    label: str
    label_plural: str
    queryset_factory: Callable[[], QuerySet] | None = None
    text_fields: tuple[str, ...] = ()
    summary_field: str | None = None
    category_of_func: Callable[[Model], str] | None = None
    filter_category_func: Callable[[QuerySet, int], QuerySet] | None = None
    category_choices_func: Callable[[], list[tuple[int, str]]] | None = None
    answered_func: Callable[[Model], bool] | None = None
    boost: float = 1.0
    suggest: bool = True

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    @property
    def is_page(self) -> bool:
        from wagtail.models import Page

        return issubclass(self.model, Page)

    def queryset(self) -> QuerySet:
        if self.queryset_factory is not None:
            return self.queryset_factory()
        manager = self.model._default_manager
        if self.is_page:
            return manager.live().public()
        return manager.all()

    @property
    def filters_by_category(self) -> bool:
        return self.filter_category_func is not None or self.is_page

    def filter_category(self, queryset: QuerySet, category_id: int) -> QuerySet:
        if self.filter_category_func is not None:
            return self.filter_category_func(queryset, category_id)
        from wagtail.models import Page

        parent = Page.objects.filter(pk=category_id).first()
        if parent is None:
            return queryset.none()
        return queryset.descendant_of(parent)

    def category_choices(self) -> list[tuple[int, str]]:
        if self.category_choices_func is not None:
            return list(self.category_choices_func())
        if not self.is_page:
            return []
        from wagtail.models import Page

        paths = {
            path[: -self.model.steplen]
            for path in self.queryset().values_list("path", flat=True)
        }
        parents = Page.objects.filter(path__in=paths).order_by("title")
        return list(parents.values_list("pk", "title"))

    def categories_for(self, objects: list[Model]) -> dict[int, str]:
        """Category name per object pk, in as few queries as possible."""
        if self.category_of_func is not None:
            return {obj.pk: self.category_of_func(obj) or "" for obj in objects}
        if not self.is_page or not objects:
            return {}
        from wagtail.models import Page

        parent_paths = {obj.pk: obj.path[: -obj.steplen] for obj in objects}
        titles = dict(
            Page.objects.filter(path__in=set(parent_paths.values())).values_list(
                "path", "title"
            )
        )
        return {pk: titles.get(path, "") for pk, path in parent_paths.items()}

    def answered(self, obj: Model) -> bool | None:
        return self.answered_func(obj) if self.answered_func is not None else None

    def url_of(self, obj: Model) -> str:
        if self.is_page:
            return obj.get_url() or ""
        return obj.get_absolute_url()

    def text_of(self, obj: Model, *, fields: tuple[str, ...] | None = None) -> str:
        """The plain text of the given fields (default: `text_fields`), for snippets."""
        parts = []
        for name in fields if fields is not None else self.text_fields:
            parts.append(_plain_text(obj, name))
        return "\n".join(part for part in parts if part)

    def summary_of(self, obj: Model) -> str:
        field = self.summary_field or (
            self.text_fields[0] if self.text_fields else None
        )
        return self.text_of(obj, fields=(field,)) if field else ""


_TEXTS_KEPT = 2_000
_texts = {}  # (field, digest of the stored value) -> plain text


def _plain_text(obj: Model, name: str) -> str:
    from django.core.exceptions import FieldDoesNotExist

    value = getattr(obj, name, "")
    if callable(value):
        value = value()
    if value is None:
        return ""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    from wagtail.fields import RichTextField

    if field is None or not (
        hasattr(field, "get_searchable_content") or isinstance(field, RichTextField)
    ):
        return str(value)
    # Rich text to plain text parses HTML (milliseconds for a results page):
    # kept per stored value, which is cheap to fingerprint.
    raw = getattr(value, "raw_data", None)
    stored = json.dumps(list(raw), default=str) if raw is not None else str(value)
    key = (field, hashlib.blake2b(stored.encode("utf-8", "surrogatepass")).digest())
    text = _texts.get(key)
    if text is None:
        text = _html_to_text(field, value)
        if len(_texts) >= _TEXTS_KEPT:
            _texts.clear()
        _texts[key] = text
    return text


def _html_to_text(field, value) -> str:
    from django.utils.html import strip_tags

    if hasattr(field, "get_searchable_content"):  # StreamField
        content = field.get_searchable_content(value)
        return " ".join(strip_tags(str(part)) for part in content)
    return strip_tags(str(value))


def register(
    name: str,
    *,
    model: str,
    label: str,
    label_plural: str | None = None,
    queryset: Callable[[], QuerySet] | None = None,
    text_fields: tuple[str, ...] = (),
    summary_field: str | None = None,
    category_of: Callable[[Model], str] | None = None,
    filter_category: Callable[[QuerySet, int], QuerySet] | None = None,
    category_choices: Callable[[], list[tuple[int, str]]] | None = None,
    answered: Callable[[Model], bool] | None = None,
    boost: float = 1.0,
    suggest: bool = True,
) -> SearchKind:
    """Make `model` searchable on the site as results of kind `name` ("article")."""
    kind = SearchKind(
        name=name,
        model_label=model,
        label=label,
        label_plural=label_plural or f"{label}s",
        queryset_factory=queryset,
        text_fields=tuple(text_fields),
        summary_field=summary_field,
        category_of_func=category_of,
        filter_category_func=filter_category,
        category_choices_func=category_choices,
        answered_func=answered,
        boost=boost,
        suggest=suggest,
    )
    _kinds[name] = kind
    return kind


def unregister(name: str) -> None:
    _kinds.pop(name, None)


def get_kinds() -> list[SearchKind]:
    """Registered kinds, in registration order."""
    return list(_kinds.values())


def get_kind(name: str) -> SearchKind | None:
    return _kinds.get(name)


def kind_for_model(model: type[Model]) -> SearchKind | None:
    label = model._meta.label
    for kind in _kinds.values():
        if kind.model_label.lower() == label.lower():
            return kind
    return None
