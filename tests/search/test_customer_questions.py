"""Questions phrased the way customers type them (customer_questions.json), asked
of the demo help center: the article that answers each is in the first three."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Site

from kb.articles.demo import read_demo_site
from kb.articles.models import ArticlePage
from kb.search import signal_handlers
from kb.search.selectors import site_search

pytestmark = pytest.mark.django_db

QUESTIONS = json.loads((Path(__file__).parent / "customer_questions.json").read_text())
TOP = 3
REQUIRED_SHARE = 0.95


@pytest.fixture(scope="module")
def demo_help_center(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo articles, community and synonyms on a fresh Whoosh index, loaded
    once for this module and rolled back after its last test."""
    index = tmp_path_factory.mktemp("index")
    backends = {
        "default": {
            "BACKEND": "kb.search.backends.whoosh",
            "PATH": str(index),
            "LANGUAGE": "en",
        }
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                call_command("articles_load_demo", "--no-editor", stdout=StringIO())
                call_command("forum_load_demo", stdout=StringIO())
                call_command("search_load_demo", stdout=StringIO())
                # Index what the loaders wrote now: this transaction never commits.
                signal_handlers.apply_changes()
                yield dict(ArticlePage.objects.values_list("title", "slug"))
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
                Site.clear_site_root_paths_cache()


def test_the_questions_cover_every_demo_category():
    site = read_demo_site()
    asked = {question["article"] for question in QUESTIONS}
    slugs = {article.slug for article in site.articles}

    assert len(QUESTIONS) >= 60
    assert asked <= slugs
    for category in site.categories:
        assert asked & {article.slug for article in category.articles}, category.slug


@pytest.mark.parametrize("meaning", [False, True], ids=["words", "meaning"])
def test_customers_questions_find_their_article_in_the_first_three(
    demo_help_center, settings, meaning
):
    """With the word ranking alone, and re-ranked by meaning (the default where its
    extra is installed)."""
    settings.KB_SEARCH_SEMANTIC = meaning
    misses, empty = [], []
    for question in QUESTIONS:
        outcome = site_search(query=question["question"], limit=TOP)
        found = [demo_help_center.get(hit.title, hit.title) for hit in outcome.hits]
        if question["article"] not in found:
            misses.append(
                f"{question['question']!r}: {question['article']} not in {found}"
            )
        if not outcome.total:
            empty.append(question["question"])

    share = 1 - len(misses) / len(QUESTIONS)
    assert share >= REQUIRED_SHARE, (
        f"{share:.0%} found in the first {TOP}; missed:\n" + "\n".join(misses)
    )
    assert not empty, f"no results for {empty}"


def test_only_what_readers_see_is_searched_not_the_editors_block_labels(
    demo_help_center,
):
    for label in ("h2", "h3", "callout", "richtext"):
        assert site_search(query=label, correct=False).total == 0, label
    headings = site_search(query="Section (H2)", correct=False, limit=100)
    assert 0 < headings.total < len(demo_help_center) / 2
    for hit in headings.hits:
        assert "(H2)" not in hit.snippet_html


def test_misspelt_questions_get_the_corrections_results_on_the_demo(demo_help_center):
    for typed, corrected, article in [
        ("pasword", "password", "Reset your password"),
        ("slak notifcations", "slack notifications", "Slack notifications stopped"),
    ]:
        outcome = site_search(query=typed, limit=TOP)

        assert (outcome.query, outcome.original_query) == (corrected, typed)
        assert any(hit.title.startswith(article) for hit in outcome.hits), typed


def test_questions_of_only_common_words_are_explained_on_the_demo(demo_help_center):
    for typed in ("how to", "the", "how do i"):
        outcome = site_search(query=typed)

        assert outcome.only_common_words and not outcome.total, typed
