"""A real Chromium: ask → suggestions → post → answer → accept."""

import pytest

from kb.forum import services
from kb.forum.models import ForumSection, SuggestionOpen, Topic
from tests import factories

pytestmark = pytest.mark.browser


def _member(username):
    user = factories.make_user(username)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def _log_in(browser, live_server, username):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Login").fill(username)
    page.get_by_label("Password", exact=True).fill("pw-for-tests-only")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/community/**")
    return page


def test_ask_see_suggestions_post_answer_and_accept(
    browser, live_server, transactional_db
):
    section = ForumSection.objects.create(name="Projects", slug="projects")
    asker, helper = _member("asker"), _member("helper")
    existing = services.topic_create(
        author=helper,
        section=section,
        title="How to archive a finished project",
        body="Where is the archive button for projects?",
    )

    page = _log_in(browser, live_server, "asker")
    page.goto(live_server.url + "/community/ask/")
    page.get_by_label("Title").press_sequentially("archive finished project", delay=20)
    suggestion = page.locator("#similar a", has_text=existing.title)
    suggestion.wait_for(timeout=10_000)

    with page.context.expect_page() as opened:
        suggestion.click()
    opened.value.wait_for_load_state()
    assert opened.value.url.endswith(existing.get_absolute_url())
    opened.value.close()
    assert SuggestionOpen.objects.filter(
        user=asker, url=existing.get_absolute_url()
    ).exists()

    page.get_by_label("Title").fill("How do I archive a project but keep its files?")
    page.get_by_label("Details").fill(
        "I want to **keep** the attachments.\n\n```\nfiles/\n```"
    )
    page.locator(".md-preview strong", has_text="keep").wait_for(timeout=10_000)
    page.get_by_role("button", name="Post your question").click()
    page.wait_for_url("**/community/t/**")
    assert page.get_by_role(
        "heading", name="How do I archive a project but keep its files?"
    ).is_visible()
    topic = Topic.objects.get(title__startswith="How do I archive")

    helper_page = _log_in(browser, live_server, "helper")
    helper_page.goto(live_server.url + topic.get_absolute_url())
    helper_page.get_by_role("textbox", name="Your answer").fill(
        "Use **Archive** in the project menu; files stay."
    )
    helper_page.get_by_role("button", name="Post your answer").click()
    helper_page.locator(
        ".post:not(.post--question) .post-body strong", has_text="Archive"
    ).wait_for()

    page.reload()
    page.get_by_role("button", name="Accept this answer").click()
    page.locator(".post--accepted").wait_for()
    assert (
        page.locator(".post--accepted .badge--solved").inner_text() == "Accepted answer"
    )
    assert page.locator("h1 + .meta .badge--solved").inner_text() == "Solved"
    topic.refresh_from_db()
    assert topic.accepted_answer is not None
