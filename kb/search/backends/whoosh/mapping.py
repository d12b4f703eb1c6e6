"""From models' `search_fields` to a Whoosh schema and documents.

One Whoosh index per root model (as modelsearch's Elasticsearch backend does): a
model and its multi-table subclasses share one index whose schema is the union of
their fields, so a search on `Book` also finds a `Novel` by its `setting`. Column
names follow the Elasticsearch mapping (fields defined on a subclass get the
subclass as prefix, related fields the relation name) with an `f_` prefix; meta
columns start with `m_`.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.db.models.fields.related import ForeignObjectRel, OneToOneRel
from modelsearch.backends.base import get_model_root
from modelsearch.index import (
    AutocompleteField,
    FilterField,
    RelatedFields,
    SearchField,
    get_indexed_models,
)
from whoosh import analysis, fields
from whoosh.support.charset import accent_map

ID = "m_id"  # the primary key as text, unique
PK = "m_pk"  # the primary key as a number, for ordering (integer keys only)
CONTENT_TYPES = "m_ct"  # "app.Model" of the object's class and its indexed parents
HAS = "m_has"  # names of the filter columns that hold a value (for isnull)
AUTOCOMPLETE = "m_ac"  # edge n-grams of every AutocompleteField
SPELLING = "m_spell"  # unstemmed words of every SearchField, for "did you mean"

EDGE_MAX = 15
MAX_TOKEN = 64

KIND_BY_TYPE = {
    "AutoField": "int",
    "SmallAutoField": "int",
    "BigAutoField": "int",
    "IntegerField": "int",
    "SmallIntegerField": "int",
    "BigIntegerField": "int",
    "PositiveIntegerField": "int",
    "PositiveSmallIntegerField": "int",
    "PositiveBigIntegerField": "int",
    "BooleanField": "bool",
    "NullBooleanField": "bool",
    "FloatField": "float",
    "DecimalField": "float",
    "DateField": "date",
    "DateTimeField": "datetime",
    "TimeField": "str",
}


def base_language(code):
    """"de" of "de-AT", "de_at" or "DE"; "en" when none."""
    return (code or "en").split("-")[0].split("_")[0].lower()


def localized(name, language, languages):
    """The column that holds column `name`'s words in `language`.

    `languages` are the index's languages, its source language first: the source
    language's words are in the plain columns (an index of one language is laid
    out as before), another's in `<name>.<language>` columns analysed with that
    language's stop words and stemmer; a language the index doesn't know uses
    the plain columns.
    """
    language = base_language(language)
    if language == languages[0] or language not in languages:
        return name
    return f"{name}.{language}"


def text_analyzer(language):
    """Words, lower case, stop words out, stemmed, accents folded (after stemming)."""
    lang = base_language(language)
    try:
        stoplist = analysis.StopFilter(lang=lang, minsize=1, maxsize=MAX_TOKEN)
    except Exception:  # noqa: BLE001 - no stop list for this language
        stoplist = analysis.StopFilter(
            stoplist=frozenset(), minsize=1, maxsize=MAX_TOKEN
        )
    try:
        stemmer = analysis.StemFilter(lang=lang, cachesize=50000)
    except Exception:  # noqa: BLE001 - no stemmer for this language
        stemmer = analysis.PassFilter()
    return (
        analysis.RegexTokenizer()
        | analysis.LowercaseFilter()
        | stoplist
        | stemmer
        | analysis.CharsetFilter(accent_map)
    )


def plain_analyzer():
    """Words as typed (lower case, accents kept): the spelling vocabulary."""
    return (
        analysis.RegexTokenizer()
        | analysis.LowercaseFilter()
        | analysis.StopFilter(stoplist=frozenset(), minsize=2, maxsize=40)
    )


def word_analyzer():
    """Words, lower case, accents folded: autocomplete queries."""
    return (
        analysis.RegexTokenizer()
        | analysis.LowercaseFilter()
        | analysis.CharsetFilter(accent_map)
    )


def edge_analyzer():
    return word_analyzer() | analysis.NgramFilter(1, EDGE_MAX, at="start")


@dataclass(frozen=True)
class Column:
    name: str
    role: str  # "text", "autocomplete" or "filter"
    kind: str = "str"  # filter columns: int, bool, float, date, datetime, str
    boost: float = 1.0
    multi: bool = False  # holds several values (a to-many relation)
    field: object = None  # the search_fields entry
    model: type | None = None  # the model the entry belongs to


def is_multi_valued(model, field_name):
    try:
        field = model._meta.get_field(field_name)
    except Exception:  # noqa: BLE001 - a method or property
        return False
    return bool(field.one_to_many or field.many_to_many)


def related_model_of(model, related):
    return related.get_field(model).related_model


def raw_column_name(model, field):
    """The Elasticsearch mapping's column name, without our `f_` prefix."""
    root = get_model_root(model)
    definition = field.get_definition_model(model)
    prefix = ""
    if definition is not None and definition != root:
        prefix = f"{definition._meta.app_label.lower()}_{definition.__name__.lower()}__"
    if isinstance(field, FilterField):
        return prefix + field.get_attname(model) + "_filter"
    if isinstance(field, AutocompleteField):
        return prefix + field.get_attname(model) + "_edgengrams"
    if isinstance(field, SearchField):
        return prefix + field.get_attname(model)
    return prefix + field.field_name


def iter_columns(model, search_fields=None, prefix="", multi=False):
    """Every column the entries of `search_fields` (default: the model's) fill."""
    for field in model.get_search_fields() if search_fields is None else search_fields:
        name = prefix + raw_column_name(model, field)
        if isinstance(field, RelatedFields):
            try:
                related = related_model_of(model, field)
            except Exception:  # noqa: BLE001 - not a relation; nothing to index
                continue
            yield from iter_columns(
                related,
                field.fields,
                prefix=name + "__",
                multi=multi or is_multi_valued(model, field.field_name),
            )
        elif isinstance(field, SearchField):
            yield Column(
                "f_" + name,
                "text",
                boost=float(field.boost or 1.0),
                field=field,
                model=model,
            )
        elif isinstance(field, AutocompleteField):
            yield Column("f_" + name, "autocomplete", field=field, model=model)
        elif isinstance(field, FilterField):
            yield Column(
                "f_" + name,
                "filter",
                kind=KIND_BY_TYPE.get(field.get_type(model), "str"),
                multi=multi or is_multi_valued(model, field.field_name),
                field=field,
                model=model,
            )


def column_for(model, path):
    """The column of a FilterField reached through `path` (RelatedFields, FilterField).

    Returns None when the path crosses a to-many relation: such filters are left to
    the database, which keeps "the same related row" semantics of several conditions.
    """
    prefix = ""
    for related in path[:-1]:
        if is_multi_valued(model, related.field_name):
            return None
        field = related.get_field(model)
        if not isinstance(field, (models.Field, ForeignObjectRel)):
            return None
        if isinstance(field, ForeignObjectRel) and not isinstance(field, OneToOneRel):
            return None
        prefix += raw_column_name(model, related) + "__"
        model = field.related_model
    last = path[-1]
    if is_multi_valued(model, last.field_name):
        return None
    return Column(
        "f_" + prefix + raw_column_name(model, last),
        "filter",
        kind=KIND_BY_TYPE.get(last.get_type(model), "str"),
        field=last,
        model=model,
    )


def models_of_root(root):
    return [model for model in get_indexed_models() if get_model_root(model) is root]


def content_type_label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def content_types(model):
    labels = [content_type_label(model)]
    parent = model.indexed_get_parent()
    while parent is not None:
        labels.append(content_type_label(parent))
        parent = parent.indexed_get_parent()
    return labels


def has_integer_pk(model):
    return (
        KIND_BY_TYPE.get(model._meta.pk.get_internal_type()) == "int"
        or isinstance(model._meta.pk, models.OneToOneField)
        and has_integer_pk(model._meta.pk.related_model)
    )


@lru_cache(maxsize=64)
def columns_of_root(root):
    """All columns of a root model's index: {name: Column}; the first one wins."""
    found = {}
    for model in models_of_root(root) or [root]:
        for column in iter_columns(model):
            found.setdefault(column.name, column)
    return found


def whoosh_field(column, language):
    if column.role == "text":
        return fields.TEXT(analyzer=text_analyzer(language), phrase=True)
    if column.role == "autocomplete":
        return fields.TEXT(analyzer=edge_analyzer(), phrase=False)
    if column.kind == "float":
        return fields.NUMERIC(float, stored=True, sortable=not column.multi)
    if column.kind == "str":
        return fields.ID(stored=True, sortable=not column.multi)
    return fields.NUMERIC(
        int, bits=64, signed=True, stored=True, sortable=not column.multi
    )


def build_schema(root, language, languages=()):
    """The index's schema; `languages` beyond `language` (the source language)
    get their own text and spelling columns."""
    others = [
        lang for lang in dict.fromkeys(map(base_language, languages))
        if lang != base_language(language)
    ]
    schema = fields.Schema()
    schema.add(ID, fields.ID(unique=True, stored=True, sortable=True))
    if has_integer_pk(root):
        schema.add(PK, fields.NUMERIC(int, bits=64, signed=True, sortable=True))
    schema.add(CONTENT_TYPES, fields.KEYWORD())
    schema.add(HAS, fields.KEYWORD())
    schema.add(AUTOCOMPLETE, fields.TEXT(analyzer=edge_analyzer(), phrase=False))
    schema.add(SPELLING, fields.TEXT(analyzer=plain_analyzer(), phrase=False))
    for lang in others:
        edges = fields.TEXT(analyzer=edge_analyzer(), phrase=False)
        schema.add(f"{AUTOCOMPLETE}.{lang}", edges)
        words = fields.TEXT(analyzer=plain_analyzer(), phrase=False)
        schema.add(f"{SPELLING}.{lang}", words)
    for column in columns_of_root(root).values():
        schema.add(column.name, whoosh_field(column, language))
        if column.role == "text":
            for lang in others:
                schema.add(f"{column.name}.{lang}", whoosh_field(column, lang))
    return schema
