"""Writes: bringing a page tree's translations in line with its source."""

from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale

from .selectors import pages_to_translate


def translations_sync(*, source, locales=None, user=None) -> dict:
    """Create a draft translation of every page of the source's tree that lacks
    one in each locale (all but the source's by default); returns
    {locale: [new pages]}.

    Existing translations are left alone: editors update those, guided by the
    "out of date" status. Each new page is a copy of the source for the
    translator to translate and publish.
    """
    if locales is None:
        locales = list(Locale.objects.exclude(pk=source.locale_id))
    created = {}
    with transaction.atomic():
        for locale, pages in pages_to_translate(source=source, locales=locales).items():
            created[locale] = [
                CopyPageForTranslationAction(
                    page=page.specific,
                    locale=locale,
                    copy_parents=True,
                    user=user,
                ).execute(skip_permission_checks=True)
                for page in pages
                if not page.is_root()
            ]
    return created
