"""A real Chromium: hostile names, mentions, tags and posts stay text on every
community page; the thread's schema.org data passes the Content-Security-Policy;
the editor's toolbar, @mention suggestions and draft autosave work."""

import json

import pytest
from django.contrib.auth import get_user_model

from kb.forum import notifications, services
from kb.forum.models import ForumSection
from tests import factories

from .conftest import trust
from .test_security import CLASSIC_PAYLOADS

pytestmark = pytest.mark.browser

# Recorded before any page script runs: dialogs opened and CSP violations.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || ""));
});
"""


INLINE_SCRIPTS = """() => document.querySelectorAll(
  'script:not([src]):not([type="application/ld+json"])').length"""
EVENT_HANDLERS = """() => document.querySelectorAll(
  '[onerror], [onload], [onclick], [onmouseover], [onfocus]').length"""


def _member(username):
    user = factories.make_user(username)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return trust(user)


def _page(browser, live_server, user=None):
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    if user is not None:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("Login").fill(user.username)
        page.get_by_label("Password", exact=True).fill("pw-for-tests-only")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/community/**")
    return page


def _hostile_strings(shared_dir):
    strings = json.loads((shared_dir / "security" / "blns.json").read_text("utf-8"))
    scripty = [s for s in strings if "<" in s or "javascript" in s.lower()]
    return CLASSIC_PAYLOADS + scripty[:60]


def test_hostile_names_mentions_and_posts_never_run(
    browser, live_server, transactional_db, shared_dir
):
    section = ForumSection.objects.create(name="Projects", slug="projects")
    asker, helper = _member("asker"), _member("helper")
    topic = services.topic_create(
        author=asker,
        section=section,
        title="<img src=x onerror=alert('title')> How do I?",
        body="Question <script>alert('q')</script> with @helper mentioned.",
        tags=["xss"],
    )
    hostile = _hostile_strings(shared_dir)
    members = [_member(f"m{n}") for n in range(12)]
    for member, text in zip(members, hostile, strict=False):
        services.profile_update(user=member, display_name=text[:60])
        answer = services.answer_create(
            author=member, topic=topic, body=f"{text}\n\n@asker @helper see this"
        )
        services.comment_create(author=asker, post=answer, body=text[:600] or "x")
    for text in hostile[12:]:
        services.answer_create(author=helper, topic=topic, body=text or "empty")
    assert notifications.unread_count(asker) >= 12

    page = _page(browser, live_server, asker)
    for path in (
        topic.get_absolute_url(),
        "/community/notifications/",
        f"/community/members/{asker.pk}/",
        *(f"/community/members/{member.pk}/" for member in members),
        "/community/my/questions/",
        "/community/",
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(INLINE_SCRIPTS) == 0, path
        assert page.evaluate(EVENT_HANDLERS) == 0, path
    assert page.dialogs == []
    page.goto(live_server.url + "/community/notifications/")
    shown = page.locator(".notification-list").inner_text()
    assert "helper answered “<img src=x onerror=alert('title')> How do I?”" in shown


def test_thread_schema_data_parses_and_breaks_no_policy(
    browser, live_server, transactional_db
):
    section = ForumSection.objects.create(name="Projects", slug="projects")
    asker, helper = _member("asker"), _member("helper")
    topic = services.topic_create(
        author=asker,
        section=section,
        title="Why does </script> break my export?",
        body="It stops at </script><script>alert(1)</script> every time.",
    )
    answer = services.answer_create(author=helper, topic=topic, body="Escape it.")
    services.answer_accept(user=asker, post=answer)

    page = _page(browser, live_server)
    page.goto(live_server.url + topic.get_absolute_url())
    data = page.evaluate(
        "() => JSON.parse(document.querySelector("
        "'script[type=\"application/ld+json\"]').textContent)"
    )

    assert data["@type"] == "QAPage"
    assert data["mainEntity"]["name"] == topic.title
    assert data["mainEntity"]["acceptedAnswer"]["text"] == "Escape it."
    assert page.evaluate("window.__csp") == []
    assert page.dialogs == []


def test_toolbar_mentions_and_a_draft_that_survives_a_reload(
    browser, live_server, transactional_db
):
    section = ForumSection.objects.create(name="Projects", slug="projects")
    asker, helper = _member("asker"), _member("helper")
    factories.make_user("carol")
    topic = services.topic_create(
        author=asker, section=section, title="How do I share a board?", body="Details."
    )
    page = _page(browser, live_server, helper)
    page.goto(live_server.url + topic.get_absolute_url())
    box = page.get_by_role("textbox", name="Your answer")

    box.fill("Use the share menu")
    box.evaluate("(t) => { t.selectionStart = 8; t.selectionEnd = 18; }")
    page.get_by_role("button", name="Bold").click()
    assert box.input_value() == "Use the **share menu**"

    box.press("End")
    box.press_sequentially(" and ask @car", delay=30)
    page.get_by_role("button", name="@carol").click()
    assert box.input_value().endswith("ask @carol ")

    page.locator(".md-status", has_text="Draft saved").wait_for()
    page.reload()
    box = page.get_by_role("textbox", name="Your answer")
    assert box.input_value().startswith("Use the **share menu** and ask @carol")
    assert "draft is back" in page.locator(".md-status").first.inner_text()

    page.get_by_role("button", name="Post your answer").click()
    page.locator(".message--success", has_text="Your answer is posted.").wait_for()
    assert page.get_by_role("textbox", name="Your answer").input_value() == ""
    assert (
        notifications.unread_count(get_user_model().objects.get(username="carol")) == 1
    )
    assert page.evaluate("window.__csp") == []
