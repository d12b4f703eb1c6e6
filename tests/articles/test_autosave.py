"""New pages that only Wagtail's autosave saved (an "Add page" form typed into,
then abandoned) don't pile up as drafts: a daily job deletes them after a day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from kb.articles.jobs import PERIODIC, delete_abandoned_new_pages

pytestmark = pytest.mark.django_db
AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # how Wagtail's autosave posts


def new_article_form(client, category, title):
    url = reverse(
        "wagtailadmin_pages:add", args=["articles", "articlepage", category.pk]
    )
    page = client.get(url).content.decode()
    form = querydict_from_html(page, form_id="page-edit-form")
    form.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Half written.</p>"))])}
        )
    )
    form.update({"title": title, "summary": "Unfinished.", "slug": title.lower()})
    return url, form


def autosave_new_article(client, category, title="Abandoned"):
    url, form = new_article_form(client, category, title)
    response = client.post(url, form, **AUTOSAVE)
    assert response.json()["success"] is True
    return Page.objects.get(pk=response.json()["pk"])


def a_day_passes(page):
    Page.objects.filter(pk=page.pk).update(
        latest_revision_created_at=timezone.now() - timedelta(days=1, minutes=1)
    )


def run_daily_job():
    assert (delete_abandoned_new_pages, timedelta(days=1)) in PERIODIC
    delete_abandoned_new_pages.enqueue()  # the tests' task backend runs it now


def test_an_abandoned_autosaved_new_article_is_deleted_after_a_day(
    editor_client, category
):
    draft = autosave_new_article(editor_client, category)
    explorer = reverse("wagtailadmin_explore", args=[category.pk])
    assert "Abandoned" in editor_client.get(explorer).content.decode()

    a_day_passes(draft)
    run_daily_job()

    assert not Page.objects.filter(pk=draft.pk).exists()
    assert "Abandoned" not in editor_client.get(explorer).content.decode()


def test_an_autosaved_new_article_still_being_written_is_kept(
    editor_client, category
):
    draft = autosave_new_article(editor_client, category)

    run_daily_job()

    assert Page.objects.filter(pk=draft.pk).exists()


def test_an_autosaved_new_article_its_editor_then_saved_is_kept(
    editor_client, category
):
    draft = autosave_new_article(editor_client, category, "Kept")
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    form = querydict_from_html(
        editor_client.get(edit_url).content.decode(), form_id="page-edit-form"
    )
    form.update(
        nested_form_data(
            {"body": streamfield([("paragraph", rich_text("<p>Finished.</p>"))])}
        )
    )
    assert editor_client.post(edit_url, form).status_code == 302  # "Save draft"

    a_day_passes(draft)
    run_daily_job()

    assert Page.objects.filter(pk=draft.pk).exists()


def test_a_new_article_saved_by_hand_is_never_deleted(editor_client, category):
    url, form = new_article_form(editor_client, category, "Manual")
    assert editor_client.post(url, form).status_code == 302
    draft = Page.objects.get(slug="manual")

    a_day_passes(draft)
    run_daily_job()

    assert Page.objects.filter(pk=draft.pk).exists()
