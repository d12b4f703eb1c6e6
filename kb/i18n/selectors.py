"""Read-only queries: a page's translations, as the language switcher shows them."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, CharField, F, OuterRef, Q, Subquery, Value, When
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
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
            url = home_url(code) + "?untranslated=1"
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


def home_url(code: str) -> str:
    """The front page's address in a language ("/", "/de/"), whatever is active."""
    with translation.override(code):
        return reverse("wagtail_serve", args=[""])


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


class TranslationStatus:
    UP_TO_DATE = "up_to_date"
    OUT_OF_DATE = "out_of_date"
    DRAFT = "draft"
    NO_SOURCE = "no_source"

    labels = {
        UP_TO_DATE: _("Up to date"),
        OUT_OF_DATE: _("Out of date"),
        DRAFT: _("Not published yet"),
        NO_SOURCE: _("No source page"),
    }
    choices = list(labels.items())


def translations_with_status():
    """Every translated page (not in the default language) with its source's id
    and last publication, and its status: out of date when the source was
    published after the translation last was (publishing a translation says it
    carries the source's changes)."""
    source_locale = Locale.get_default()
    sources = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=source_locale
    )
    return (
        Page.objects.exclude(locale=source_locale)
        .filter(depth__gt=1)
        .select_related("locale")
        .annotate(
            source_id=Subquery(sources.values("pk")[:1]),
            source_title=Subquery(sources.values("title")[:1]),
            source_published_at=Subquery(sources.values("last_published_at")[:1]),
        )
        .annotate(
            translation_status=Case(
                When(source_id__isnull=True, then=Value(TranslationStatus.NO_SOURCE)),
                When(
                    Q(live=False) | Q(last_published_at__isnull=True),
                    then=Value(TranslationStatus.DRAFT),
                ),
                When(
                    source_published_at__gt=F("last_published_at"),
                    then=Value(TranslationStatus.OUT_OF_DATE),
                ),
                default=Value(TranslationStatus.UP_TO_DATE),
                output_field=CharField(),
            )
        )
        .order_by("path")
    )


def translation_status_for(page):
    """This translation with its status annotations, or None for a source page."""
    return translations_with_status().filter(pk=page.pk).first()


def translations_out_of_date_for(source):
    """The source page's translations that its later changes left behind."""
    return [
        translated
        for translated in translations_with_status().filter(
            translation_key=source.translation_key
        )
        if translated.translation_status == TranslationStatus.OUT_OF_DATE
    ]


def pages_to_translate(*, source, locales):
    """{locale: [pages of the source's tree it lacks]}, parents first."""
    tree = list(Page.objects.descendant_of(source, inclusive=True).order_by("path"))
    keys = {page.translation_key for page in tree}
    have = set(
        Page.objects.filter(translation_key__in=keys, locale__in=locales).values_list(
            "translation_key", "locale_id"
        )
    )
    return {
        locale: [page for page in tree if (page.translation_key, locale.pk) not in have]
        for locale in locales
    }
