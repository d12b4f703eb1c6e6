"""Read-only queries: a page's translations, as the language switcher shows them."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from wagtail.models import Locale, Page, Site


@dataclass
class LanguageOption:
    code: str
    name: str
    url: str  # where the reader goes: this page in that language, or its home
    translated: bool  # the page exists (live) in that language
    current: bool

    @property
    def choose_url(self) -> str:
        """The switcher's link: remembers the choice, then goes to `url`."""
        path = reverse("language_choose", args=[self.code])
        return f"{path}?{urlencode({'next': self.url})}"


def language_options(*, request, page=None) -> list[LanguageOption]:
    """Every site language with the URL of what the reader is looking at in it.

    For a Wagtail page, its live translations (one query; their URLs come from
    Wagtail's per-request cache of site roots); a language without one sends
    the reader to that language's home with `?untranslated=1`. Other pages
    (search, community, contact) have the same address under each prefix.
    """
    current = translation.get_language() or settings.LANGUAGE_CODE
    if page is None or not isinstance(page, Page):
        return [
            LanguageOption(
                code=code,
                name=name,
                url=translate_url(request.get_full_path(), code),
                translated=True,
                current=code == current,
            )
            for code, name in settings.LANGUAGES
        ]
    translations = {
        p.locale.language_code: p
        for p in Page.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
        .only("id", "url_path", "locale__language_code", "translation_key")
    }
    remainder = _routed_remainder(request, page)
    options = []
    for code, name in settings.LANGUAGES:
        translated = translations.get(code)
        if translated is not None:
            url = (translated.get_url(request) or "") + remainder
        else:
            url = _home_url(code) + "?untranslated=1"
        options.append(
            LanguageOption(
                code=code,
                name=name,
                url=url,
                translated=translated is not None,
                current=code == current,
            )
        )
    return options


def _routed_remainder(request, page) -> str:
    """What a routable page serves below its own URL (the home's /articles/)."""
    own = page.get_url(request) or ""
    if own and request.path.startswith(own):
        return request.path[len(own) :]
    return ""


def _home_url(code: str) -> str:
    return translate_url("/", code)


def preferred_home_url(request, language: str) -> str | None:
    """The live home page's URL in `language`, if the site has one."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    home = site.root_page.get_translation_or_none(locale)
    if home is None or not home.live:
        return None
    return home.get_url(request)
