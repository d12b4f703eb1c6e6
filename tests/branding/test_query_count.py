"""Branding costs one query a page however much of it editors set, and the home and
article pages stay within their query budgets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from kb.branding.models import BrandingSettings
from tests import factories

pytestmark = pytest.mark.django_db

# Home: site, branding, the page, its translations (language switcher, hreflang),
# its categories (12). Article: its ancestors, translations, tags, related articles,
# review and feedback settings (20).
MAX_HOME_QUERIES = 13
MAX_ARTICLE_QUERIES = 21


def page_queries(client, path):
    client.get(path)  # warm the per-process caches (content types, site roots)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_full_branding_adds_no_query_to_the_home_and_article_pages(
    client, category, make_image
):
    article = factories.make_article(category)
    plain = page_queries(client, "/"), page_queries(client, article.url)

    brand = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
    brand.site_name = "Globex Support"
    brand.logo, brand.logo_dark = make_image("Logo"), make_image("Dark logo")
    brand.favicon = make_image("Icon", (64, 64))
    brand.brand_colour = "#7a1fa2"
    brand.footer_links = [("link", {"label": "Status", "url": "https://s.example"})]
    brand.notice_enabled, brand.notice_text = True, "Payments are delayed."
    brand.save()
    branded = page_queries(client, "/"), page_queries(client, article.url)

    assert branded == plain
    assert branded[0] <= MAX_HOME_QUERIES
    assert branded[1] <= MAX_ARTICLE_QUERIES
    html = client.get(article.url).content.decode()
    assert "Payments are delayed." in html and brand.logo.file.url in html
