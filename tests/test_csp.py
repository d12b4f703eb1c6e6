"""A Content-Security-Policy on every page, which the site's own pages and the
Wagtail admin work under: no console error, no blocked script or style."""

import re

import pytest
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from kb.forum import services as forum_services
from kb.forum.models import ForumSection
from tests import factories

STRICT_SCRIPT = re.compile(r"script-src 'self'(;|$)")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/search/?q=password", "/community/"])
def test_public_pages_send_a_policy_that_allows_only_the_sites_scripts(
    client, home, url
):
    response = client.get(url, HTTP_USER_AGENT="Mozilla/5.0")

    policy = response["Content-Security-Policy"]
    assert STRICT_SCRIPT.search(policy)
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


def watch(page):
    """Console messages and CSP violations the page reports, as they happen.

    Chromium's own "verbose" hints (autocomplete attributes on Wagtail's login
    form) are not the site's messages and are left out.
    """
    seen = []

    def console(message):
        if message.type not in ("verbose", "debug"):
            seen.append(f"console {message.type}: {message.text}")

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(f"error: {error}"))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return seen


def visit(page, seen, url):
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    return [f"{url}: {entry}" for entry in seen]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_and_the_page_editor_work_under_the_policy(browser, live_server):
    home = factories.make_home()
    category = factories.make_category(home)
    video_url = "https://www.youtube.com/watch?v=kb-demo"
    Embed.objects.create(  # as if fetched: the test needs no network
        hash=get_embed_hash(video_url),
        url=video_url,
        type="video",
        html='<iframe title="Demo" width="480" height="270"></iframe>',
        width=480,
        height=270,
    )
    article = factories.make_article(
        category,
        "Reset your password",
        body=[("paragraph", "<p>Watch the video.</p>"), ("video", video_url)],
    )
    member = factories.make_user("member")
    topic = forum_services.topic_create(
        author=member,
        section=ForumSection.objects.create(name="Projects", slug="projects"),
        title="How to archive a finished project",
        body="Where is the **archive** button?\n\n```python\nprint(1)\n```",
    )
    factories.make_user("editor", is_superuser=True, is_staff=True)

    reader = browser.new_page()
    seen = watch(reader)
    problems = []
    for url in ["/", article.url, topic.get_absolute_url(), "/search/?q=password"]:
        problems += visit(reader, seen, live_server.url + url)
        seen.clear()
        if url == article.url:  # the video keeps its 16:9 shape without inline style
            box = reader.locator(".responsive-object iframe").bounding_box()
            assert box["height"] == pytest.approx(box["width"] * 9 / 16, abs=2)

    editor = browser.new_page()
    seen = watch(editor)
    editor.goto(live_server.url + "/admin/login/")
    editor.get_by_label("Username").fill("editor")
    editor.get_by_label("Password").fill("pw-for-tests-only")
    editor.get_by_role("button", name="Sign in").click()
    editor.wait_for_url(live_server.url + "/admin/")
    editor.wait_for_load_state("networkidle")
    problems += [f"/admin/: {entry}" for entry in seen]
    seen.clear()
    problems += visit(editor, seen, f"{live_server.url}/admin/pages/{article.pk}/edit/")
    seen.clear()
    # The schedule-publishing pickers start without their inline scripts.
    assert editor.locator(".xdsoft_datetimepicker").count() == 2
    seen.clear()
    for url in ["/admin/search-reports/top/", article.url]:  # date filters; userbar
        problems += visit(editor, seen, live_server.url + url)
        seen.clear()

    assert problems == []
