import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from tests.factories import make_article, make_category, make_user

pytestmark = pytest.mark.django_db


def test_home_page_shows_search_box_and_categories(client, home):
    billing = make_category(
        home, "Account and billing", description="Plans and invoices"
    )
    make_article(billing, "Change your plan")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'name="q"' in html
    assert "Account and billing" in html
    assert "Change your plan" in html


def test_category_lists_its_live_articles_only(client, category):
    make_article(category, "Create an account")
    make_article(category, "Secret draft", live=False)

    html = client.get(category.url).content.decode()

    assert "Create an account" in html
    assert "Secret draft" not in html


def test_article_page_has_breadcrumbs_last_updated_and_related(client, category):
    first = make_article(category, "Reset your password")
    make_article(category, "Enable two-factor authentication")

    html = client.get(first.url).content.decode()

    assert 'aria-label="Breadcrumb"' in html
    assert f'href="{category.url}"' in html
    assert "Last updated" in html
    assert "Related articles" in html and "Enable two-factor authentication" in html


def test_long_article_gets_a_table_of_contents(client, category):
    body = [
        ("heading", {"text": t, "level": "h2"}) for t in ("Before", "Steps", "After")
    ]
    long_article = make_article(category, "Import contacts", body=body)
    short_article = make_article(
        category, "Short one", body=[("heading", {"text": "Only", "level": "h2"})]
    )

    long_html = client.get(long_article.url).content.decode()
    short_html = client.get(short_article.url).content.decode()

    assert "On this page" in long_html
    assert 'href="#steps"' in long_html and 'id="steps"' in long_html
    assert "On this page" not in short_html


def test_unpublished_draft_is_not_public(client, category):
    draft = make_article(category, "Upcoming feature", live=False)

    assert client.get(draft.url_path.replace("/help", "", 1)).status_code == 404
    assert "Upcoming feature" not in client.get("/sitemap.xml").content.decode()


def test_sitemap_lists_every_published_page(client, category):
    published = make_article(category, "Export your data")

    xml = client.get("/sitemap.xml").content.decode()

    assert published.slug in xml
    assert category.slug in xml


def test_article_blocks_render_callout_code_and_sanitised_markdown(client, category):
    body = [
        ("callout", {"kind": "warning", "text": "<p>Back up first.</p>"}),
        ("code", {"language": "python", "code": "print('hi') if a < b else None"}),
        ("markdown", "**bold** <script>alert(1)</script> [x](javascript:alert(1))"),
    ]
    page = make_article(category, "Blocks", body=body)

    html = client.get(page.url).content.decode()

    assert "callout--warning" in html and "Back up first." in html
    assert 'class="highlight"' in html and "&lt;" in html
    assert "<strong>bold</strong>" in html
    assert "<script>alert(1)" not in html and "javascript:" not in html


def test_wide_code_and_tables_scroll_in_a_box_that_takes_the_keyboard_focus(
    client, category
):
    body = [
        ("code", {"language": "bash", "code": "curl https://example.com/" + "x" * 200}),
        ("markdown", "| Column | Example |\n| --- | --- |\n| Title | Write it |"),
        ("markdown", "```\nfenced in Markdown\n```"),
    ]
    page = make_article(category, "Wide things", body=body)

    html = client.get(page.url).content.decode()

    assert html.count('<div class="highlight" tabindex="0">') == 2
    assert '<div class="table-scroll" tabindex="0"><table>' in html
    assert "</table></div>" in html


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(colour):
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in channels
        )
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def test_every_code_colour_reads_at_4_5_to_1_on_the_code_background():
    css = (Path(settings.BASE_DIR) / "static/css/pygments.css").read_text()
    background = re.search(r"^\.highlight \{ background: (#\w+)", css, re.M)[1]
    colours = re.findall(r"^\.highlight \.\w+ \{ color: (#\w+)", css, re.M)

    assert len(colours) > 20
    too_faint = {c for c in colours if contrast(c, background) < 4.5}
    assert too_faint == set()


def test_admin_refuses_anonymous_visitor(client, home):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_works_for_an_editor(client, home):
    editor = make_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get("/admin/").status_code == 200
    edit = client.get(f"/admin/pages/{home.pk}/")
    assert edit.status_code == 200


def test_editor_previews_a_draft_that_the_public_cannot_see(client, category):
    draft = make_article(category, "Draft about exports", live=False)
    editor = make_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    revision = draft.get_latest_revision()
    preview = client.get(f"/admin/pages/{draft.pk}/revisions/{revision.pk}/view/")

    assert preview.status_code == 200
    assert "Draft about exports" in preview.content.decode()
    client.logout()
    assert client.get(f"{category.url}draft-about-exports/").status_code == 404


def test_scheduled_article_goes_live_only_when_its_time_comes(client, category):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    article = make_article(category, "Scheduled release notes", live=False)
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() + timedelta(minutes=5)
    revision.save()
    url = f"{category.url}scheduled-release-notes/"

    call_command("publish_scheduled")
    assert client.get(url).status_code == 404

    revision.approved_go_live_at = timezone.now() - timedelta(seconds=1)
    revision.save()
    call_command("publish_scheduled")
    assert client.get(url).status_code == 200


def test_editor_sets_search_keywords_that_readers_never_see(client, category):
    article = make_article(category, search_keywords="locked out, can't log in")
    editor = make_user("editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    client.logout()
    html = client.get(article.url).content.decode()

    assert 'name="search_keywords"' in edit
    assert "locked out" not in html
