"""The menu's "Articles": every category with all its live articles, at /articles/."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from kb.articles.models import CategoryPage
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def test_the_articles_menu_item_leads_to_every_article_by_category(client, home):
    billing = make_category(home, "Account and billing", description="Plans")
    titles = [f"Billing question {n}" for n in range(7)]
    for title in titles:
        make_article(billing, title)
    make_article(billing, "Secret draft", live=False)
    make_article(make_category(home, "Troubleshooting"), "Fix sync errors")

    home_html = client.get("/").content.decode()
    assert '<li><a href="/articles/">Articles</a></li>' in home_html
    response = client.get("/articles/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>All articles</h1>" in html
    assert 'aria-current="page">Articles</a>' in html
    # All seven, where the home page shows a category's first five.
    for title in [*titles, "Fix sync errors"]:
        assert title in html
    assert "Secret draft" not in html
    assert html.index("Account and billing") < html.index("Troubleshooting")
    assert f'href="{billing.url}"' in html


def test_the_home_page_links_to_all_articles(client, category):
    html = client.get("/").content.decode()

    assert '<a href="/articles/">All articles</a>' in html


def test_the_all_articles_page_is_in_the_sitemap(client, category):
    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://localhost/articles/</loc>" in xml


def test_a_category_cannot_take_the_all_articles_address(editor_client, home):
    url = reverse("wagtailadmin_pages:add", args=["articles", "categorypage", home.pk])
    form = querydict_from_html(
        editor_client.get(url).content.decode(), form_id="page-edit-form"
    )
    form.update({"title": "Articles", "slug": "articles"})

    response = editor_client.post(url, form)

    assert response.status_code == 200
    assert "the address of the list of all articles" in response.content.decode()
    assert not CategoryPage.objects.filter(slug="articles").exists()
