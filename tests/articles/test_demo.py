"""The demo help center loader, its management command and the demo editor account."""

import re
import shutil
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from taggit.models import Tag
from wagtail.models import Page, Revision, Site
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from kb.articles.demo import DEMO_DIR, DemoContentError, read_demo_site
from kb.articles.models import ArticlePage, CategoryPage, HomePage
from kb.articles.services import (
    DemoEditorRefused,
    demo_content_load,
    demo_editor_ensure,
)

pytestmark = pytest.mark.django_db
BASE_URL = "http://help.example.com"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, rolled back after its last test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield demo_content_load(base_url=BASE_URL)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            Site.clear_site_root_paths_cache()


def site_state():
    return {
        "pages": sorted(Page.objects.values_list("pk", "path", "title", "live")),
        "revisions": Revision.objects.count(),
        "tags": Tag.objects.count(),
        "related": sorted(
            ArticlePage.related_articles.through.objects.values_list(
                "from_articlepage_id", "to_articlepage_id"
            )
        ),
        "sites": list(
            Site.objects.values_list("pk", "root_page_id", "hostname", "port")
        ),
    }


def test_demo_builds_a_help_center_at_the_default_sites_root(demo):
    site = Site.objects.get(is_default_site=True)

    assert isinstance(site.root_page.specific, HomePage)
    assert Site.objects.count() == 1
    assert (site.hostname, site.port) == ("help.example.com", 80)
    assert CategoryPage.objects.live().child_of(site.root_page).count() >= 6
    assert ArticlePage.objects.live().descendant_of(site.root_page).count() >= 40
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    # (The other top-level pages are the home page's translations.)
    assert not (
        Page.objects.filter(depth=2)
        .exclude(translation_key=site.root_page.translation_key)
        .exists()
    )
    assert demo.created == Page.objects.filter(depth__gte=2).count()


def test_demo_articles_have_summaries_tags_structure_and_related_articles(demo):
    articles = list(ArticlePage.objects.live().prefetch_related("tagged_items"))

    assert all(article.summary and article.tagged_items.all() for article in articles)
    assert all(article.revisions.filter(user=None).exists() for article in articles)
    block_types = {block.block_type for article in articles for block in article.body}
    assert {"heading", "paragraph", "callout", "code", "markdown"} <= block_types
    assert sum(bool(article.table_of_contents()) for article in articles) >= 20
    with_related = [a for a in articles if a.related_articles.exists()]
    assert len(with_related) >= 40


def test_loading_the_demo_again_changes_nothing(demo):
    before = site_state()

    again = demo_content_load(base_url=BASE_URL)

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == demo.created
    assert site_state() == before
    slugs = list(ArticlePage.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


def test_reloading_keeps_what_an_editor_changed_in_the_admin(demo):
    editor = demo_editor_ensure(password="a-long-test-password").user
    article = ArticlePage.objects.get(slug="reset-your-password")
    article.title = "Reset or change your password"
    article.save_revision(user=editor).publish(user=editor)
    draft = ArticlePage.objects.get(slug="card-declined")
    draft.summary = "Work in progress"
    draft.save_revision(user=editor)

    summary = demo_content_load(base_url=BASE_URL)

    assert summary.updated == 0
    assert len(summary.kept_edits) == 2
    assert (
        ArticlePage.objects.get(slug="reset-your-password").title
        == "Reset or change your password"
    )
    assert ArticlePage.objects.get(slug="card-declined").has_unpublished_changes


def test_an_edited_demo_file_publishes_a_new_revision_of_that_article_only(
    demo, tmp_path
):
    directory = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, directory)
    source = next(directory.glob("*/*-keyboard-shortcuts.md"))
    source.write_text(
        source.read_text().replace("Keyboard shortcuts", "All keyboard shortcuts", 1)
    )
    revisions = Revision.objects.count()

    summary = demo_content_load(base_url=BASE_URL, directory=directory)

    assert (summary.created, summary.updated) == (0, 1)
    assert Revision.objects.count() == revisions + 1
    assert (
        ArticlePage.objects.get(slug="keyboard-shortcuts").title
        == "All keyboard shortcuts"
    )


def test_every_demo_article_renders_and_its_links_lead_to_live_pages(client, demo):
    articles = list(ArticlePage.objects.live())
    urls = {page.url for page in Page.objects.live()}

    for article in articles:
        response = client.get(article.url)
        assert response.status_code == 200, article.url
        html = response.content.decode()
        assert article.title.replace("'", "&#x27;").replace('"', "&quot;") in html
        body = BeautifulSoup(html, "html.parser").select_one(".article-body")
        for link in body.select('a[href^="/"]'):
            assert link["href"].split("#")[0] in urls, (
                f"{article.url} links to {link['href']}"
            )


def test_home_page_and_sitemap_show_the_demo(client, demo):
    home = client.get("/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    for category in CategoryPage.objects.live().filter(locale__language_code="en"):
        assert category.title in home
    for article in ArticlePage.objects.live():
        assert f"<loc>{BASE_URL}{article.url}</loc>" in sitemap


def test_demo_editor_logs_in_and_publishes_a_change_to_an_article(demo):
    demo_editor_ensure(password="a-long-test-password")
    article = ArticlePage.objects.get(slug="connect-slack")
    client = Client()

    login = client.post(
        "/admin/login/",
        {"username": "editor", "password": "a-long-test-password"},
        follow=True,
    )
    edit_url = f"/admin/pages/{article.pk}/edit/"
    form = querydict_from_html(
        client.get(edit_url).content.decode(), form_id="page-edit-form"
    )
    form.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Updated.</p>"))])}
        )
    )
    form["title"] = "Connect Slack to your workspace"
    form["action-publish"] = "action-publish"
    response = client.post(edit_url, form)

    assert login.status_code == 200 and login.wsgi_request.user.username == "editor"
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Connect Slack to your workspace"
    assert article.latest_revision.user.username == "editor"
    assert "Updated." in client.get(article.url).content.decode()


def test_anonymous_visitor_cannot_open_the_article_editor(client, demo):
    article = ArticlePage.objects.first()

    response = client.get(f"/admin/pages/{article.pk}/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_generated_editor_password_is_given_once_with_debug_on(demo, settings):
    settings.DEBUG = True

    first = demo_editor_ensure()
    second = demo_editor_ensure()

    assert first.created and first.password and len(first.password) >= 12
    assert first.user.check_password(first.password)
    assert set(first.user.groups.values_list("name", flat=True)) == {
        "Editors",
        "Moderators",
    }
    assert not second.created and second.password is None
    second.user.refresh_from_db()
    assert second.user.check_password(first.password)


def test_kb_demo_password_sets_the_editors_password(demo, settings):
    settings.DEBUG = False
    demo_editor_ensure(password="first-long-password")

    changed = demo_editor_ensure(password="second-long-password")

    assert changed.password_changed and changed.password is None
    changed.user.refresh_from_db()
    assert changed.user.check_password("second-long-password")


def test_production_settings_refuse_a_generated_editor_password(
    demo, settings, monkeypatch
):
    settings.DEBUG = False
    monkeypatch.delenv("KB_DEMO_PASSWORD", raising=False)

    with pytest.raises(DemoEditorRefused):
        demo_editor_ensure()
    with pytest.raises(CommandError, match="KB_DEMO_PASSWORD"):
        call_command("articles_load_demo")
    assert not get_user_model().objects.filter(username="editor").exists()


def test_command_prints_the_site_and_a_generated_password_only_once(
    demo, settings, monkeypatch
):
    settings.DEBUG = True
    monkeypatch.delenv("KB_DEMO_PASSWORD", raising=False)
    first, second = StringIO(), StringIO()

    call_command("articles_load_demo", stdout=first)
    call_command("articles_load_demo", stdout=second)

    password = re.search(r"with password: (\S+)", first.getvalue()).group(1)
    assert "Admin: http://127.0.0.1:8000/admin/" in first.getvalue()
    assert get_user_model().objects.get(username="editor").check_password(password)
    assert password not in second.getvalue()
    assert "0 pages created, 0 updated" in second.getvalue()


def test_command_uses_kb_demo_password_under_production_settings(
    demo, settings, monkeypatch
):
    settings.DEBUG = False
    monkeypatch.setenv("KB_DEMO_PASSWORD", "chosen-by-the-operator")
    out = StringIO()

    call_command("articles_load_demo", stdout=out)

    assert "password in KB_DEMO_PASSWORD" in out.getvalue()
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("chosen-by-the-operator")


@pytest.mark.parametrize(
    "mistake, message",
    [
        ("[help](/no-such-category/page/)", "matches no demo page"),
        ("```cobol\nDISPLAY 'HI'.\n```", "code language 'cobol'"),
        ("| a | b |\n| - | - |\n| 1 | 2 |", "use a '::: markdown' block"),
        ("> [!DANGER]\n> Careful", "NOTE, TIP or WARNING"),
    ],
)
def test_a_broken_demo_file_is_refused_with_its_name(tmp_path, mistake, message):
    directory = tmp_path / "demo"
    shutil.copytree(DEMO_DIR, directory)
    source = next(directory.glob("*/*-keyboard-shortcuts.md"))
    source.write_text(source.read_text() + "\n" + mistake + "\n")

    with pytest.raises(DemoContentError, match=message) as error:
        read_demo_site(directory)

    assert "keyboard-shortcuts.md" in str(error.value)
