"""A search page costs the same few SQL queries however many hits it shows."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kb.forum import services
from kb.forum.models import ForumSection
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def help_center(shared_help_center):
    """The help center made once for this module (tests/search/conftest.py)."""
    return shared_help_center


# Sessions, synonyms, editor's picks, each kind's filter and page of hits (with
# its categories and thread posts), category choices, the search log and the
# visit (kb.contact: continued, and the search noted on it), the site and its
# branding (kb.branding, read once per request for the header and footer).
MAX_QUERIES = 24
# Re-ranked by meaning: the candidates' vectors, where this process has no copy.
MAX_QUERIES_MEANING = MAX_QUERIES + 1


def add_content(category, section, asker, count):
    for number in range(count):
        make_article(category, f"Refund case {number}", summary=f"Refund {number}.")
        services.topic_create(
            author=asker,
            section=section,
            title=f"Refund question {number}",
            body=f"How do I get refund number {number}?",
        )


def search_page_queries(client, query):
    """Queries of the page once this process has cached what never changes per
    search (content types, the site's root paths); the search log counts a
    visitor's repeated search once, so each measured search is a new visitor."""
    client.get("/search/", {"q": query}, HTTP_USER_AGENT="Firefox warm-up")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            "/search/", {"q": query}, HTTP_USER_AGENT=f"Firefox {uuid.uuid4()}"
        )
    assert response.status_code == 200
    return len(queries), response.context["outcome"]


@pytest.mark.parametrize("semantic", [False, True], ids=["words", "meaning"])
def test_the_search_page_costs_the_same_queries_for_four_hits_or_ten(
    client, help_center, django_capture_on_commit_callbacks, settings, semantic
):
    settings.KB_SEARCH_SEMANTIC = semantic
    section = ForumSection.objects.create(name="Billing questions", slug="billing-q")
    asker = make_user("asker")
    with django_capture_on_commit_callbacks(execute=True):
        add_content(help_center["billing"], section, asker, 2)
    few, outcome = search_page_queries(client, "refund")
    assert len(outcome.hits) == 4

    with django_capture_on_commit_callbacks(execute=True):
        add_content(help_center["billing"], section, asker, 4)
    many, outcome = search_page_queries(client, "refund")
    assert len(outcome.hits) == 10
    assert {hit.kind for hit in outcome.hits} == {"article", "thread"}
    assert all(hit.snippet_html and hit.category for hit in outcome.hits)

    assert many == few
    assert many <= (MAX_QUERIES_MEANING if semantic else MAX_QUERIES)
