"""Loading the demo's translations, as editors would with Wagtail's "Translate"."""

from wagtail.models import Locale

from ..demo.translated import DemoTranslation
from .demo_pages import _page_update


def _translation_load(
    *, translation: DemoTranslation, home, categories, articles, summary
):
    """Translate the demo's home, categories and articles into one language, as
    editors would with Wagtail's "Translate": a copy in the locale, then its text."""
    locale, _ = Locale.objects.get_or_create(language_code=translation.language)
    _translation_upsert(
        source=home,
        locale=locale,
        fields={"title": translation.title, "intro": translation.intro},
        summary=summary,
    )
    for demo_category in translation.categories:
        _translation_upsert(
            source=categories[demo_category.source_slug],
            locale=locale,
            fields={
                "title": demo_category.title,
                "slug": demo_category.slug,
                "description": demo_category.description,
            },
            summary=summary,
        )
        for source_slug, demo in demo_category.articles.items():
            _translation_upsert(
                source=articles[source_slug],
                locale=locale,
                fields={
                    "title": demo.title,
                    "slug": demo.slug,
                    "summary": demo.summary,
                    "body": demo.body,
                    "search_keywords": demo.keywords,
                },
                tags=demo.tags,
                summary=summary,
            )


def _translation_upsert(*, source, locale, fields, summary, tags=None):
    page = (
        type(source)
        .objects.filter(translation_key=source.translation_key, locale=locale)
        .select_related("latest_revision")
        .first()
    )
    if page is not None:
        return _page_update(page=page, fields=fields, tags=tags, summary=summary)
    page = source.copy_for_translation(locale).specific
    for key, value in fields.items():
        setattr(page, key, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    summary.created += 1
    return page, True
