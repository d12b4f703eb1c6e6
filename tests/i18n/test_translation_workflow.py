"""Editors' translation workflow: syncing a tree, and translations going out of
date when their source changes."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale, Page

from kb.articles.models import ArticlePage
from kb.i18n.selectors import TranslationStatus, translations_with_status
from kb.i18n.services import translations_sync
from tests import factories

pytestmark = pytest.mark.django_db


def status_of(page):
    return translations_with_status().get(pk=page.pk).translation_status


@pytest.fixture
def translator_client(client, home):
    """A member of Wagtail's Editors group, who may translate (a data migration)."""
    user = factories.make_user("translator")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_sync_creates_draft_translations_of_the_whole_tree(home, category, article):
    created = translations_sync(source=home)
    german = Locale.objects.get(language_code="de")
    assert len(created[german]) == 3  # home, category, article
    german_article = ArticlePage.objects.get(locale=german)
    assert german_article.title == article.title
    assert not german_article.live
    assert german_article.get_parent().get_parent().locale == german


def test_sync_again_creates_only_what_is_new(home, category, article):
    translations_sync(source=home)
    new = factories.make_article(category, "Invite your team")
    created = translations_sync(source=home)
    assert {
        locale.language_code: [p.title for p in pages]
        for locale, pages in created.items()
    } == {
        "de": [new.title],
        "es": [new.title],
    }
    assert (
        ArticlePage.objects.filter(translation_key=article.translation_key).count() == 3
    )


def test_translation_is_up_to_date_after_publishing(german_article):
    assert status_of(german_article) == TranslationStatus.UP_TO_DATE


def test_translation_goes_out_of_date_when_source_is_published(article, german_article):
    article.summary = "A new first step."
    article.save_revision().publish()
    assert status_of(german_article) == TranslationStatus.OUT_OF_DATE
    # The translator carries the change over and publishes: up to date again.
    german_article.save_revision().publish()
    assert status_of(german_article) == TranslationStatus.UP_TO_DATE


def test_draft_translation_is_not_published_yet(home, category, article):
    translations_sync(source=home)
    draft = ArticlePage.objects.get(locale__language_code="es")
    assert status_of(draft) == TranslationStatus.DRAFT


def test_editor_sees_out_of_date_notice_on_translation(
    translator_client, article, german_article
):
    article.save_revision().publish()
    response = translator_client.get(f"/admin/pages/{german_article.pk}/edit/")
    assert response.status_code == 200
    assert "Out of date: the source page" in response.content.decode()
    source = translator_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Translations out of date with this page: Deutsch" in source


def test_translations_report_filters_by_status(
    translator_client, article, german_article
):
    article.save_revision().publish()
    response = translator_client.get(
        "/admin/translations/", {"translation_status": "out_of_date"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Passwort zurücksetzen" in html
    assert "Out of date" in html
    response = translator_client.get(
        "/admin/translations/", {"translation_status": "up_to_date"}
    )
    assert "Passwort zurücksetzen" not in response.content.decode()


def test_sync_screen_counts_then_creates(translator_client, home, category, article):
    page = translator_client.get(
        f"/admin/translations/sync/{home.pk}/"
    ).content.decode()
    assert "3 pages to create" in page
    response = translator_client.post(f"/admin/translations/sync/{home.pk}/")
    assert response.status_code == 302
    assert Page.objects.filter(locale__language_code="es").count() == 3


def test_sync_needs_the_translate_permission(client, home):
    user = factories.make_user("no_translator", is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(f"/admin/translations/sync/{home.pk}/")
    # Wagtail's admin answers a refused action with a redirect and a message.
    assert response.status_code in (302, 403)
    assert not Page.objects.filter(locale__language_code="de").exists()


def test_sync_command_syncs_the_sites_tree(home, category, article):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("i18n_sync_translations", "--language", "es", stdout=out)
    assert "es: 3 draft translations created" in out.getvalue()
    assert not Page.objects.filter(locale__language_code="de").exists()


def test_sync_command_refuses_an_unknown_language(home):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown language: fr"):
        call_command("i18n_sync_translations", "--language", "fr")


def test_dashboard_lists_translations_out_of_date(
    translator_client, article, german_article
):
    article.save_revision().publish()
    html = translator_client.get("/admin/").content.decode()
    assert "Translations out of date" in html
    assert f'href="/admin/pages/{german_article.pk}/edit/"' in html
    assert "1 translation out of date" in html
