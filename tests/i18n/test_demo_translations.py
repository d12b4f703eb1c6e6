"""The demo help center in three languages."""

import pytest
from wagtail.models import Locale

from kb.articles.demo import read_demo_site
from kb.articles.demo.translated import read_demo_translations
from kb.articles.models import ArticlePage, CategoryPage, HomePage
from kb.articles.selectors import article_related
from kb.articles.services import demo_content_load
from kb.i18n.selectors import TranslationStatus, translations_with_status

BASE_URL = "http://help.example.com"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield demo_content_load(base_url=BASE_URL)
            transaction.set_rollback(True)


@pytest.mark.parametrize("language", ["de", "es"])
def test_getting_started_and_troubleshooting_are_translated(language):
    site = read_demo_site()
    translation = {t.language: t for t in read_demo_translations(site)}[language]
    by_slug = {c.source_slug: c for c in translation.categories}
    english = {c.slug: c for c in site.categories}
    for slug in ("getting-started", "troubleshooting"):
        assert set(by_slug[slug].articles) == {a.slug for a in english[slug].articles}


@pytest.mark.django_db
def test_demo_serves_three_languages(client, demo):
    for url, title in [
        ("/", "Acme Projects Help Center"),
        ("/de/", "Acme Projects Hilfe-Center"),
        ("/es/", "Centro de ayuda de Acme Projects"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert title in response.content.decode()
    german = client.get("/de/erste-schritte/konto-erstellen/").content.decode()
    assert "Registrieren" in german and '<html lang="de">' in german


@pytest.mark.django_db
def test_demo_translations_link_to_translated_pages_when_there_are(client, demo):
    html = client.get("/de/erste-schritte/konto-erstellen/").content.decode()
    assert 'href="/de/erste-schritte/' in html
    # Billing is not translated: its link stays on the English page.
    assert 'href="/account-and-billing/compare-plans/"' in html


@pytest.mark.django_db
def test_demo_translations_are_up_to_date_and_reloading_changes_nothing(demo):
    statuses = {p.translation_status for p in translations_with_status()}
    assert statuses == {TranslationStatus.UP_TO_DATE}
    again = demo_content_load(base_url=BASE_URL)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == demo.created


@pytest.mark.django_db
def test_translated_articles_show_related_articles_in_their_language(client, demo):
    german = Locale.objects.get(language_code="de")
    article = ArticlePage.objects.get(locale=german, slug="konto-erstellen")
    assert all(r.locale_id == german.pk for r in article_related(article=article))
    assert HomePage.objects.filter(locale=german).count() == 1
    assert CategoryPage.objects.filter(locale=german).count() == 2
