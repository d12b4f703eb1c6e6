"""Model instances as Whoosh documents, and filter values as the index stores them."""

import datetime
import uuid

from django.apps import apps
from django.db import models
from django.utils import timezone
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, FilterField, RelatedFields, SearchField

from .mapping import (
    AUTOCOMPLETE,
    CONTENT_TYPES,
    HAS,
    ID,
    PK,
    SPELLING,
    columns_of_root,
    content_types,
    has_integer_pk,
    localized,
    raw_column_name,
    related_model_of,
)

EPOCH = datetime.datetime(1970, 1, 1)


def to_index_value(kind, value):
    """A value as a filter column of this kind stores it (or ValueError)."""
    if isinstance(value, models.Model):
        value = value.pk
    if kind == "int":
        if isinstance(value, bool):
            return int(value)
        return int(value)
    if kind == "bool":
        return int(bool(value))
    if kind == "float":
        return float(value)
    if kind in ("date", "datetime"):
        if isinstance(value, str):
            value = datetime.datetime.fromisoformat(value)
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = value.astimezone(datetime.UTC).replace(tzinfo=None)
            if kind == "date":
                value = datetime.datetime.combine(value.date(), datetime.time())
        elif isinstance(value, datetime.date):
            value = datetime.datetime.combine(value, datetime.time())
        else:
            raise ValueError(f"not a date: {value!r}")
        return (value - EPOCH) // datetime.timedelta(microseconds=1)
    if isinstance(value, datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return force_str(value)


def from_index_value(kind, value):
    if value is None:
        return None
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return (EPOCH + datetime.timedelta(microseconds=value)).date()
    if kind == "datetime":
        return (EPOCH + datetime.timedelta(microseconds=value)).replace(
            tzinfo=datetime.UTC
        )
    return value


def prepare_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return "\n".join(prepare_text(item) for item in value)
    if isinstance(value, dict):
        return "\n".join(prepare_text(item) for item in value.values())
    if isinstance(value, models.Model):
        return force_str(value)
    return force_str(value)


def filter_values(value):
    """A FilterField value as a list of plain values (to-many fields give several)."""
    if value is None:
        return []
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.all().values_list("pk", flat=True))
    if isinstance(value, (list, tuple, set)):
        return [item.pk if isinstance(item, models.Model) else item for item in value]
    if isinstance(value, models.Model):
        return [value.pk]
    return [value]


class DocumentBuilder:
    """Collects one object's values column by column."""

    def __init__(self, columns):
        self.columns = columns
        self.values = {}
        self.autocomplete = []
        self.spelling = []

    def add(self, model, obj, search_fields=None, prefix=""):
        for field in (
            model.get_search_fields() if search_fields is None else search_fields
        ):
            name = prefix + raw_column_name(model, field)
            if isinstance(field, RelatedFields):
                self.add_related(model, obj, field, name)
                continue
            try:
                value = field.get_value(obj)
            except Exception:  # noqa: BLE001 - a broken callable must not stop indexing
                value = None
            column = self.columns.get("f_" + name)
            if column is None:
                continue
            if isinstance(field, SearchField):
                text = prepare_text(value)
                self.values.setdefault(column.name, []).append(text)
                self.spelling.append(text)
            elif isinstance(field, AutocompleteField):
                text = prepare_text(value)
                self.values.setdefault(column.name, []).append(text)
                self.autocomplete.append(text)
            elif isinstance(field, FilterField):
                for item in filter_values(value):
                    try:
                        converted = to_index_value(column.kind, item)
                    except (TypeError, ValueError):
                        continue
                    self.values.setdefault(column.name, []).append(converted)

    def add_related(self, model, obj, field, name):
        try:
            related = related_model_of(model, field)
            value = field.get_value(obj)
        except Exception:  # noqa: BLE001 - a missing related row indexes as nothing
            return
        if value is None:
            return
        if isinstance(value, (models.Manager, models.QuerySet)):
            items = list(value.all())
        else:
            if callable(value):
                value = value()
            items = [value]
        for item in items:
            self.add(related, item, field.fields, prefix=name + "__")

    def document(self, language=None, languages=("en",)):
        """The document; its words go to the text columns of `language`."""
        doc = {}
        has = []
        for name, values in self.values.items():
            column = self.columns[name]
            if column.role == "text":
                doc[localized(name, language, languages)] = "\n".join(
                    v for v in values if v
                )
            elif column.role == "autocomplete":
                doc[name] = "\n".join(v for v in values if v)
            elif column.multi:
                doc[name] = values
                has.append(name)
            elif values:
                doc[name] = values[0]
                has.append(name)
        doc[HAS] = " ".join(has)
        doc[localized(AUTOCOMPLETE, language, languages)] = "\n".join(
            v for v in self.autocomplete if v
        )
        doc[localized(SPELLING, language, languages)] = "\n".join(
            v for v in self.spelling if v
        )
        return doc


def object_language(obj):
    """The language `obj` is written in: its `search_language` (a value or a
    method), else its Wagtail locale's; None when it says neither."""
    language = getattr(obj, "search_language", None)
    if callable(language):
        language = language()
    if language is None and getattr(obj, "locale_id", None) is not None:
        language = obj.locale.language_code
    return language


def build_document(obj, root, languages=("en",)):
    """`obj` as a document of the index of `root`, whose languages (the source
    language first) are `languages`."""
    model = type(obj)
    builder = DocumentBuilder(columns_of_root(root))
    builder.add(model, obj)
    language = object_language(obj) if len(languages) > 1 else None
    doc = builder.document(language, languages)
    doc[ID] = str(obj.pk)
    if has_integer_pk(root):
        try:
            doc[PK] = int(obj.pk)
        except (TypeError, ValueError):
            pass
    doc[CONTENT_TYPES] = " ".join(content_types(model))
    return doc


def load_documents(refs, root, languages=("en",)):
    """Fresh documents for queued references; a reference to a gone row deletes it."""
    docs, deletes = {}, set()
    by_label = {}
    for label, pk in refs:
        by_label.setdefault(label, set()).add(pk)
    for label, pks in by_label.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            deletes.update(pks)
            continue
        found = {
            str(obj.pk): obj
            for obj in model.get_indexed_objects().filter(pk__in=list(pks))
        }
        for pk in pks:
            obj = found.get(pk)
            if obj is not None:
                obj = obj.get_indexed_instance() or obj
                docs[pk] = build_document(obj, root, languages)
            else:
                deletes.add(pk)
    for pk in docs:
        deletes.discard(pk)
    return docs, deletes
