import pytest

from tests.factories import make_article, make_category, make_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_browses_from_home_to_an_article_with_the_keyboard(live_server, browser_page):
    home = make_home()
    category = make_category(home, "Troubleshooting")
    body = [("heading", {"text": t, "level": "h2"}) for t in ("Symptoms", "Causes", "Fix")]
    make_article(category, "App won't load", body=body)

    page = browser_page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"

    page.get_by_role("link", name="Troubleshooting", exact=True).click()
    page.get_by_role("link", name="App won't load").click()

    assert page.get_by_role("heading", level=1).inner_text() == "App won't load"
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Fix").click()
    assert page.url.endswith("#fix")
    assert page.get_by_role("navigation", name="Breadcrumb").is_visible()
