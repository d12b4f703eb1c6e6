"""Reading the help center in a language: URLs, the switcher, hreflang, the
reader's remembered and browser language."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db


def test_english_article_keeps_its_unprefixed_url(client, article, german_article):
    assert article.url == "/getting-started/reset-your-password/"
    response = client.get(article.url)
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content


def test_german_article_is_served_under_de_prefix_in_german(client, german_article):
    assert german_article.url == "/de/getting-started/passwort/"
    response = client.get(german_article.url)
    assert response.status_code == 200
    assert '<html lang="de">' in response.content.decode()
    assert "Passwort zurücksetzen" in response.content.decode()


def test_reader_pages_have_prefixed_addresses(client, home):
    for url in ("/de/search/", "/es/community/", "/de/contact/"):
        assert client.get(url).status_code == 200, url
    # Admin, API, sitemap and robots stay unprefixed.
    assert client.get("/de/sitemap.xml").status_code == 404
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200


def test_switcher_links_to_same_article_in_other_language(
    client, article, german_article
):
    html = client.get(article.url).content.decode()
    assert 'aria-label="Language"' in html
    assert "/language/de/?next=%2Fde%2Fgetting-started%2Fpasswort%2F" in html
    # Spanish has no translation: the option says so and leads to the Spanish home.
    assert "/language/es/?next=%2Fes%2F%3Funtranslated%3D1" in html
    assert "aún no traducido" in html  # said in the language it offers


def test_switcher_queries_do_not_grow_with_translations(
    client, home, category, article, german_article
):
    def queries_for_article():
        client.get(article.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            client.get(article.url)
        return len(queries.captured_queries)

    with_german = queries_for_article()
    translate(home, "es", title="Centro de ayuda")
    translate(category, "es", title="Primeros pasos")
    translate(article, "es", title="Restablecer la contraseña", slug="contrasena")
    assert queries_for_article() == with_german


def test_hreflang_links_name_each_translation_and_x_default(
    client, article, german_article
):
    html = client.get(german_article.url).content.decode()
    assert (
        '<link rel="alternate" hreflang="en" '
        'href="http://testserver/getting-started/reset-your-password/">'
    ) in html
    assert (
        '<link rel="alternate" hreflang="de" '
        'href="http://testserver/de/getting-started/passwort/">'
    ) in html
    assert 'hreflang="x-default" href="http://testserver/getting-started/' in html
    assert 'hreflang="es"' not in html


def test_choosing_a_language_remembers_it_and_goes_to_the_page(client, german_article):
    response = client.get(f"/language/de/?next={german_article.url}")
    assert response.status_code == 302
    assert response["Location"] == german_article.url
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


def test_choosing_a_language_never_redirects_off_site(client, home):
    response = client.get("/language/es/?next=https://evil.example/")
    assert response["Location"] == "/es/"
    assert client.get("/language/fr/").status_code == 404


def test_remembered_choice_sends_home_to_that_language(client, german_article):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"] == "/de/"


def test_browser_language_sends_home_to_that_language(client, german_article):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert response["Location"] == "/de/"
    assert "Accept-Language" in response["Vary"]


def test_browser_language_without_a_translated_home_stays_english(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200


def test_remembered_english_beats_the_browser_language(client, german_article):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200


def test_english_urls_stay_english_whatever_the_browser_says(
    client, article, german_article
):
    response = client.get(article.url, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    assert b"Reset your password" in response.content


@pytest.mark.parametrize(
    "header",
    [
        "",
        "*",
        "xx-YY",
        "de;q=abc",
        ";;;,,,=",
        "de-DE;q=0.9," * 200,
        "\u00e9\u00e9;q=1",
        "en;q=1.5, de;q=-1",
        "a" * 5000,
    ],
)
def test_bad_accept_language_does_no_harm(client, article, german_article, header):
    for url in ("/", article.url, german_article.url, "/search/?q=password"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=header)
        assert response.status_code in (200, 302), (url, header)
    # A cookie naming no site language is ignored too.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "<script>"
    assert client.get("/").status_code == 200


def test_sitemap_lists_translations_as_alternates(client, article, german_article):
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/de/getting-started/passwort/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="de" '
        'href="http://localhost/de/getting-started/passwort/"'
    ) in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="en" '
        'href="http://localhost/getting-started/reset-your-password/"'
    ) in xml


def test_untranslated_option_leads_to_that_languages_home_from_any_language(
    client, german_article
):
    html = client.get(german_article.url).content.decode()
    assert "/language/es/?next=%2Fes%2F%3Funtranslated%3D1" in html


def test_home_says_when_the_page_is_not_translated(client, german_article):
    html = client.get("/de/?untranslated=1").content.decode()
    assert (
        "isn't translated into this language yet" in html
        or "untranslated-notice" in html
    )


def test_untranslated_article_has_no_prefixed_address(client, category, german_article):
    other = factories.make_article(category, "Invite your team")
    assert client.get(other.url).status_code == 200
    assert client.get("/de" + other.url).status_code == 404


def test_english_with_a_prefix_redirects_to_the_unprefixed_url(client, article):
    response = client.get("/en" + article.url + "?x=1")
    assert response.status_code == 301
    assert response["Location"] == article.url + "?x=1"
    assert client.get("/en/search/").status_code == 301


def test_all_articles_list_switches_to_the_same_list_in_german(client, german_article):
    html = client.get("/articles/").content.decode()
    assert "/language/de/?next=%2Fde%2Farticles%2F" in html
    german = client.get("/de/articles/").content.decode()
    assert "Passwort zurücksetzen" in german
    assert "Reset your password" not in german


def test_logging_in_and_out_in_german_stays_in_german(client, home):
    from allauth.account.models import EmailAddress

    member = factories.make_user("leser")
    EmailAddress.objects.create(
        user=member, email=member.email, verified=True, primary=True
    )
    response = client.post(
        "/de/accounts/login/", {"login": "leser", "password": "pw-for-tests-only"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/de/community/"

    response = client.post("/de/accounts/logout/")
    assert response["Location"] == "/de/community/"
    assert client.post("/accounts/logout/")["Location"] == "/community/"
