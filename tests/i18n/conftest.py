import pytest
from wagtail.models import Locale

from tests import factories


def translate(page, language, **fields):
    """The page's published translation into `language` (its parents translated too)."""
    translated = page.copy_for_translation(
        Locale.objects.get(language_code=language), copy_parents=True
    ).specific
    for key, value in fields.items():
        setattr(translated, key, value)
    translated.save_revision().publish()
    return translated.specific_class.objects.get(pk=translated.pk)


@pytest.fixture
def article(category):
    return factories.make_article(category, "Reset your password")


@pytest.fixture
def german_article(home, category, article):
    translate(home, "de", title="Acme Hilfe-Center")
    translate(category, "de", title="Erste Schritte")
    return translate(article, "de", title="Passwort zurücksetzen", slug="passwort")
