"""A reader switches language on an article in a real browser; the German
article fits a phone and passes axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.i18n.conftest import translate
from tests.test_mobile_a11y import PHONE, describe, page_width

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_in_two_languages():
    home = factories.make_home()
    category = factories.make_category(home, "Troubleshooting")
    article = factories.make_article(category, "Reset your password")
    translate(home, "de", title="Acme Hilfe-Center")
    translate(category, "de", title="Fehlerbehebung", slug="fehlerbehebung")
    german = translate(
        article, "de", title="Passwort zurücksetzen", slug="passwort-zuruecksetzen"
    )
    return article, german


def test_reader_switches_an_article_to_german_on_a_phone(
    live_server, browser, site_in_two_languages
):
    article, german = site_in_two_languages
    context = browser.new_context(viewport=PHONE, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + article.url)

    page.get_by_role("button", name="Menu").click()
    switcher = page.get_by_role("navigation", name="Language")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="Deutsch").click()

    page.wait_for_url(f"**{german.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Passwort zurücksetzen"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page_width(page) <= PHONE["width"]
    violations = Axe().run(page).response["violations"]
    assert violations == [], describe(violations)

    # The choice is remembered: the front door now opens in German.
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/de/"

    # Spanish has no translation: the switcher says so and the Spanish home explains.
    # The page is German now, and so are the menu and the switcher's name.
    page.get_by_role("button", name="Menü").click()
    switcher = page.get_by_role("navigation", name="Sprache")
    switcher.locator("summary").click()
    switcher.get_by_role("link", name="Español (aún no traducido)").click()
    page.wait_for_url("**/es/?untranslated=1")
    assert page.get_by_role("status").first.is_visible()
    context.close()


def test_german_browser_is_welcomed_in_german_and_english_links_stay_english(
    live_server, browser, site_in_two_languages
):
    article, german = site_in_two_languages
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.url == live_server.url + "/de/"
    page.goto(live_server.url + article.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Reset your password"
    hreflang = page.locator('link[rel="alternate"][hreflang="de"]')
    assert hreflang.get_attribute("href").endswith(german.url)
    context.close()
