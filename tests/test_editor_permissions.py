"""Every admin feature the README promises editors, opened by a member of Wagtail's
Editors group (no superuser, no extra permission) through the admin's own screens."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.contrib.search_promotions.models import Query
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from kb.articles.models import ArticlePage, CategoryPage
from kb.articles.services import demo_editor_ensure
from kb.feedback.models import ArticleFeedbackState, FeedbackSettings
from kb.search.models import Synonym
from tests import factories

pytestmark = pytest.mark.django_db
REFUSED = "Sorry, you do not have permission"


def admin_form(client, url, form_id):
    response = client.get(url)
    assert response.status_code == 200, url
    assert REFUSED not in response.content.decode()
    return querydict_from_html(response.content.decode(), form_id=form_id)


def png_file(name="screenshot.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_editors_write_a_new_article_and_save_it_as_a_draft(editor_client, category):
    url = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", category.pk]
    )
    form = admin_form(editor_client, url, "page-edit-form")
    form.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Step one.</p>"))])}
        )
    )
    form.update({"title": "Invite a teammate", "summary": "How to invite people."})
    form["slug"] = "invite-a-teammate"

    response = editor_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ArticlePage.objects.get(slug="invite-a-teammate")
    assert not draft.live and draft.get_parent().pk == category.pk


def test_editors_add_a_category(editor_client, home):
    url = reverse("wagtailadmin_pages:add", args=["articles", "categorypage", home.pk])
    form = admin_form(editor_client, url, "page-edit-form")
    form.update({"title": "Billing", "slug": "billing"})

    response = editor_client.post(url, form)

    assert response.status_code == 302
    assert CategoryPage.objects.filter(slug="billing").exists()


def test_editors_upload_images(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Share dialog",
            "file": png_file(),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 302
    assert Image.objects.filter(title="Share dialog").exists()


def test_editors_upload_documents(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Price list",
            "file": SimpleUploadedFile("prices.txt", b"Pro: 10 EUR a month"),
            "collection": Collection.get_first_root_node().pk,
        },
    )

    assert response.status_code == 302
    assert Document.objects.filter(title="Price list").exists()


def test_editors_promote_search_results(editor_client, article):
    index = editor_client.get(reverse("wagtailsearchpromotions:index"))
    assert index.status_code == 200 and REFUSED not in index.content.decode()

    response = editor_client.post(
        reverse("wagtailsearchpromotions:add"),
        {
            "query_string": "reset password",
            "editors_picks-TOTAL_FORMS": 1,
            "editors_picks-INITIAL_FORMS": 0,
            "editors_picks-MAX_NUM_FORMS": 1000,
            "editors_picks-0-DELETE": "",
            "editors_picks-0-ORDER": 0,
            "editors_picks-0-page": article.pk,
            "editors_picks-0-description": "The official guide",
        },
    )

    assert response.status_code == 302
    assert Query.get("reset password").editors_picks.filter(page=article).exists()


def test_editors_change_the_article_feedback_settings(editor_client, home):
    url = reverse("wagtailsettings:edit", args=["feedback", "feedbacksettings"])
    response = editor_client.get(url, follow=True)
    assert response.status_code == 200 and REFUSED not in response.content.decode()
    form = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    form["contact_url"] = "mailto:support@acme.example"

    saved = editor_client.post(response.wsgi_request.path, form)

    assert saved.status_code == 302
    assert FeedbackSettings.objects.get().contact_url == "mailto:support@acme.example"


def test_editors_keep_search_synonyms(editor_client):
    response = editor_client.post(
        reverse("wagtailsnippets_kb_search_synonym:add"),
        {"terms": "sign in, log in, login"},
    )

    assert response.status_code == 302
    assert Synonym.objects.count() == 1


@pytest.mark.parametrize(
    "url_name",
    [
        "feedback_admin:gaps",
        "feedback_admin:helpfulness",
        "feedback_admin:comments",
        "kb_search_reports:top",
        "kb_search_reports:no_results",
        "kb_search_reports:no_clicks",
    ],
)
def test_editors_read_the_reports(editor_client, url_name):
    response = editor_client.get(reverse(url_name))

    assert response.status_code == 200
    assert REFUSED not in response.content.decode()


def test_editors_restart_an_articles_score_and_show_it_to_readers(
    editor_client, article
):
    detail = editor_client.get(reverse("feedback_admin:article", args=[article.pk]))
    editor_client.post(reverse("feedback_admin:article_reset", args=[article.pk]))
    editor_client.post(
        reverse("feedback_admin:article_visibility", args=[article.pk]),
        {"show": "1"},
    )

    assert detail.status_code == 200
    state = ArticleFeedbackState.objects.get(article_page_id=article.pk)
    assert state.score_since is not None and state.show_score


def test_demo_editor_reaches_picks_and_feedback_settings(client, home):
    demo_editor_ensure(password="a-long-test-password")
    client.login(username="editor", password="a-long-test-password")

    settings_url = reverse(
        "wagtailsettings:edit", args=["feedback", "feedbacksettings"]
    )
    for url in (reverse("wagtailsearchpromotions:index"), settings_url):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert REFUSED not in response.content.decode(), url


def test_demo_editor_moderates_the_forum_and_publishes(client, category):
    demo_editor_ensure(password="a-long-test-password")
    client.login(username="editor", password="a-long-test-password")
    draft = factories.make_article(category, "Export a report", live=False)
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    form = admin_form(client, url, "page-edit-form")
    form.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Open Reports.</p>"))])}
        )
    )
    form["action-publish"] = "action-publish"

    published = client.post(url, form)

    assert client.get(reverse("forum_admin:queue")).status_code == 200
    assert published.status_code == 302
    assert Page.objects.get(pk=draft.pk).live
