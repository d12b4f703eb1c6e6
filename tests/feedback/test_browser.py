import pytest

from kb.feedback.models import ArticleFeedback
from tests.factories import make_article, make_category, make_home

# No serialized_rollback: it leaves the database empty (no content types or
# permissions) for the transactional tests that follow; `wagtail_root` instead
# puts back the little of Wagtail's migration data a page tree needs.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Headless Chromium says "HeadlessChrome", which the site treats as a bot: not
# counted, but answered like everyone (the last test).
READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
)


@pytest.fixture
def reader_page(browser_page):
    context = browser_page.context.browser.new_context(user_agent=READER_UA)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def wagtail_root():
    """Wagtail's root page and default locale, lost when an earlier test flushed."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def articles(wagtail_root):
    home = make_home()
    category = make_category(home, "Account")
    article = make_article(category, "Reset your password")
    make_article(category, "Change your e-mail address")
    return article


def test_reader_answers_no_and_explains_without_a_page_reload(
    live_server, reader_page, articles
):
    page = reader_page
    page.goto(live_server.url + articles.url)
    page.evaluate("window.__sameDocument = true")

    page.get_by_role("button", name="No").focus()
    page.keyboard.press("Enter")

    status = page.get_by_role("heading", name="Thanks for telling us.")
    status.wait_for()
    assert page.evaluate("document.activeElement.id") == "feedback-status"
    assert page.evaluate("window.__sameDocument") is True
    help_links = page.get_by_role("navigation", name="Still need help?")
    assert (
        help_links.get_by_role("link", name="Ask the community").get_attribute("href")
        == "/community/"
    )
    assert help_links.get_by_role(
        "link", name="Change your e-mail address"
    ).is_visible()

    page.get_by_label("It's outdated").check()
    page.get_by_label("How could we improve this article? (optional)").fill(
        "The Security tab is now called Sign-in."
    )
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_role("heading", name="Thank you for the details.").wait_for()

    assert page.evaluate("window.__sameDocument") is True
    vote = ArticleFeedback.objects.get()
    assert vote.helpful is False
    assert vote.reasons == ["outdated"]
    assert vote.comment == "The Security tab is now called Sign-in."


def test_reader_without_javascript_votes_with_a_plain_form(
    live_server, browser_page, articles
):
    context = browser_page.context.browser.new_context(
        java_script_enabled=False, user_agent=READER_UA
    )
    page = context.new_page()
    page.goto(live_server.url + articles.url)

    page.get_by_role("button", name="Yes").click()

    page.get_by_role("heading", name="Thanks for your feedback!").wait_for()
    assert "feedback=yes" in page.url
    assert ArticleFeedback.objects.get().helpful is True
    context.close()


HEADLESS_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/130.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_headless_chrome_reader_sees_the_same_thanks(
    live_server, browser_page, articles, javascript
):
    context = browser_page.context.browser.new_context(
        java_script_enabled=javascript, user_agent=HEADLESS_UA
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + articles.url)

    page.get_by_role("button", name="Yes").click()

    page.get_by_role("heading", name="Thanks for your feedback!").wait_for()
    assert not ArticleFeedback.objects.exists()  # a bot is not counted
    context.close()


def test_signed_in_reader_says_no_then_follows_the_article(
    live_server, reader_page, articles, settings
):
    from django.test import Client

    from kb.feedback.models import ArticleFollower
    from tests.factories import make_user

    reader = make_user("follower")
    session = Client()
    session.force_login(reader)
    name = settings.SESSION_COOKIE_NAME
    reader_page.context.add_cookies(
        [{"name": name, "value": session.cookies[name].value, "url": live_server.url}]
    )
    page = reader_page
    page.goto(live_server.url + articles.url)
    page.get_by_role("button", name="No").click()
    page.get_by_role("heading", name="Thanks for telling us.").wait_for()

    page.get_by_role("button", name="E-mail me when this article is updated").click()

    page.get_by_text("We'll e-mail you when this article is updated.").wait_for()
    assert page.get_by_role("button", name="Stop following").is_visible()
    assert ArticleFollower.objects.filter(article=articles, user=reader).exists()
