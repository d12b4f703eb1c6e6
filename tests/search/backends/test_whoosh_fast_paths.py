"""The Whoosh backend's fast paths (term-at-a-time top hits, set-based counts,
snippets from word positions) give exactly what Whoosh's own search and highlighter
give."""

import random
import shutil

import pytest
from django.test import override_settings
from modelsearch.query import And, Or, Phrase, PlainText
from whoosh import highlight as whoosh_highlight

from kb.articles.models import ArticlePage
from kb.search.backends.whoosh import docsets, mapping, scoring, snippets
from kb.search.backends.whoosh.compiler import analyze
from tests.conftest import shared_rows
from tests.factories import make_article, make_home
from tests.search.conftest import make_help_center

from .conftest import BACKENDS

pytestmark = pytest.mark.django_db

WORDS = "refund invoice password account billing card export report team login".split()


@pytest.fixture(scope="module")
def indexed_help_center(django_db_setup, django_db_blocker, tmp_path_factory):
    """The help center with 40 more articles, a draft and an edited article (a hidden
    document and a deleted old version), indexed once for the module; its rows are
    rolled back after the module's last test."""
    index = tmp_path_factory.mktemp("fast-paths") / "index"
    backends = {
        "default": {"BACKEND": BACKENDS["whoosh"], "PATH": str(index), "LANGUAGE": "en"}
    }
    with (
        override_settings(WAGTAILSEARCH_BACKENDS=backends),
        shared_rows(django_db_blocker),
    ):
        articles = make_help_center(make_home())
        for number in range(40):
            picked = [WORDS[(number * k) % len(WORDS)] for k in (1, 3, 7)]
            make_article(
                articles["billing" if number % 2 else "account"],
                f"{picked[0].title()} {picked[1]} guide {number}",
                summary=f"About {picked[2]} and {picked[0]}.",
                body=[("paragraph", f"<p>{' '.join(picked * (1 + number % 4))}.</p>")],
            )
        make_article(articles["billing"], "Refund invoice draft", live=False)
        edited = make_article(articles["account"], "Refund card password")
        edited.title = "Refund card password, edited"
        edited.save_revision().publish()
        yield index, articles


@pytest.fixture
def many_articles(whoosh, indexed_help_center):
    """The module's help center, on a copy of its index that is this test's own
    (the `whoosh` backend's folder, not opened yet)."""
    index, articles = indexed_help_center
    shutil.copytree(index, whoosh.path)
    return articles


def whooshs_own(results, limit):
    """(ranking [(id, score)], count) as Whoosh's own search gives them."""
    plan = results._plan()
    plan.open()
    generation, query = plan.generation, plan.query
    searcher = generation.searcher
    allowed = (
        docsets.filter_set(generation, plan.filter) if plan.filter is not None else None
    )
    # The fast path is the one tested.
    assert scoring.scores(generation, query) is not None
    hits = searcher.search(query, limit=limit, filter=allowed)
    ranking = [(hit[mapping.ID], hit.score) for hit in hits]
    everything = searcher.search(query, limit=None, scored=False, filter=allowed)
    return ranking, len(everything)


@pytest.mark.parametrize(
    "text",
    [
        "refund invoice password",
        "billing card export report team",
        "login",
        "nothing",
        # A quoted word with other words, and synonyms: how the site search asks.
        And([Phrase("refund"), PlainText("invoice password card", operator="or")]),
        Or([PlainText("refund team", operator="or"), Phrase("billing")]),
    ],
    ids=str,
)
def test_first_page_and_count_are_whooshs_own_ranking_and_count(
    whoosh, many_articles, text
):
    for queryset in (
        ArticlePage.objects.live(),
        ArticlePage.objects.live().descendant_of(many_articles["billing"]),
    ):
        results = whoosh.search(text, queryset).annotate_score("_score")
        expected, expected_count = whooshs_own(results, 10)

        page = list(results[:10])

        assert [str(p.pk) for p in page] == [pk for pk, _ in expected]
        assert [p._score for p in page] == pytest.approx([s for _, s in expected])
        assert results.count() == expected_count
        assert all(p.live for p in page)


def test_counts_and_pages_follow_edits_to_the_index(whoosh, many_articles):
    before = whoosh.search("zanzibar", ArticlePage.objects.live()).count()
    make_article(many_articles["billing"], "Zanzibar refunds")

    results = whoosh.search("zanzibar refund", ArticlePage.objects.live())

    assert before == 0
    assert list(results[:1])[0].title == "Zanzibar refunds"
    assert whoosh.search("zanzibar", ArticlePage.objects.live()).count() == 1


def plain_whoosh_highlight(text, query, limit=240):
    """Whoosh's highlighter as the backend configures it, on every token."""
    analyzer = mapping.text_analyzer("en")
    terms = set(analyze(analyzer, query))
    fragmenter = whoosh_highlight.ContextFragmenter(
        maxchars=limit, surround=max(20, limit // 2), charlimit=200_000
    )
    return whoosh_highlight.highlight(
        text, terms, analyzer, fragmenter, snippets.MarkFormatter(), top=1
    )


@pytest.mark.parametrize(
    "text",
    [
        "Refunds are refunded: the refund of a refunded invoice. " * 20,
        "Ünïcödé café, naïve résumé — e.g. version 3.14 of x.y.z & <b>tags</b>.",
        "The and of a to in is it. Passwords! PASSWORD password's passwording.",
    ],
)
def test_snippets_mark_the_same_words_as_whooshs_highlighter(whoosh, text):
    for query in ["refund invoice", "cafe resume", "password", "version tags"]:
        assert whoosh.highlight(text, query) == plain_whoosh_highlight(text, query)
    assert "<mark>" in whoosh.highlight(text, "refund password cafe version")


def generated_text(rng, words):
    """A help-article-like text: sentences and paragraphs of `words`, some very long
    words, punctuation, dotted versions and HTML-looking characters."""
    parts = []
    for _ in range(rng.randint(1, 400)):
        word = rng.choice(words)
        roll = rng.random()
        if roll < 0.02:
            word = word * rng.randint(20, 60)  # longer than a snippet's context
        elif roll < 0.05:
            word = f"v{rng.randint(1, 9)}.{rng.randint(0, 20)}"
        parts.append(word)
        parts.append(rng.choice([" ", " ", " ", ", ", ". ", ".\n\n", " & ", " <b>"]))
    return "".join(parts)


def test_snippets_pick_the_passage_whooshs_highlighter_picks(whoosh):
    rng = random.Random(20261123)
    words = [*WORDS, "the", "and", "Refunds", "refunded", "PASSWORDS", "café", "x"]
    queries = ["refund", "refund invoice", "password card team", "cafe x", "v1.2"]
    for _ in range(300):
        text = generated_text(rng, words)
        query = rng.choice(queries)
        limit = rng.choice([40, 120, 240])
        assert whoosh.highlight(text, query, limit=limit) == plain_whoosh_highlight(
            text, query, limit=limit
        ), (text, query, limit)
