"""The languages content is written and searched in (settings.LANGUAGES), the
source language (settings.LANGUAGE_CODE) first, and searching one of them."""

from django.conf import settings
from django.utils import translation


def _base(code: str) -> str:
    return (code or "").replace("_", "-").split("-")[0].lower()


def source_language() -> str:
    return _base(settings.LANGUAGE_CODE) or "en"


def content_languages() -> list[str]:
    """Every content language, the source language first."""
    codes = [source_language()] + [_base(code) for code, _ in settings.LANGUAGES]
    return list(dict.fromkeys(codes))


def content_language(code: str | None = None) -> str:
    """The content language for a language code ("de-AT" is "de"); the active
    language when None; the source language for one the site doesn't have."""
    code = _base(code if code is not None else translation.get_language() or "")
    return code if code in content_languages() else source_language()


def language_name(code: str) -> str:
    """A language's own name ("Deutsch"), as settings.LANGUAGES gives it."""
    names = {_base(c): name for c, name in settings.LANGUAGES}
    return names.get(_base(code), code)


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in content_languages()]


def backend_for(backend, language: str):
    """The backend searching content written in `language`: Whoosh analyses each
    language in its own columns; on other backends, None (filter by language)."""
    for_language = getattr(backend, "for_language", None)
    return for_language(language) if for_language is not None else None


def source_queryset(source, category_id, language, *, by_language):
    """What visitors may find of one kind (in one category); with `by_language`,
    only what is written in `language` (a backend without per-language columns)."""
    queryset = source.queryset(category_id)
    in_language = getattr(source.model, "search_results_in_language", None)
    if by_language and in_language is not None:
        queryset = in_language(queryset, language)
    return queryset
