"""Forum threads, registered by the forum app, come up beside articles."""

import pytest

from kb.search.selectors import site_search
from tests.factories import make_user
from tests.search.conftest import both_backends

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(help_center, django_capture_on_commit_callbacks):
    from kb.forum import services
    from kb.forum.models import ForumSection

    section = ForumSection.objects.create(name="Billing questions", slug="billing-q")
    asker, helper = make_user("asker"), make_user("helper")
    with django_capture_on_commit_callbacks(execute=True):
        solved = services.topic_create(
            author=asker,
            section=section,
            title="Invoice shows the wrong tax number",
            body="My invoice has last year's tax number on it.",
        )
        answer = services.answer_create(
            author=helper, topic=solved, body="Update it under Billing settings."
        )
        services.answer_accept(user=asker, post=answer)
        open_question = services.topic_create(
            author=asker,
            section=section,
            title="Can invoices be sent to two addresses?",
            body="Our accounting team wants a copy of every invoice.",
        )
    return {"solved": solved, "open": open_question}


@both_backends
def test_threads_and_articles_share_one_ranked_list(threads):
    outcome = site_search(query="invoice tax number")

    kinds = [hit.kind for hit in outcome.hits]
    assert "thread" in kinds and "article" in kinds
    assert outcome.kind_counts["thread"] == 2
    thread = next(
        h for h in outcome.hits if h.title == "Invoice shows the wrong tax number"
    )
    assert thread.kind_label == "Forum thread"
    assert thread.category == "Billing questions"
    assert thread.answered is True
    assert thread.url == threads["solved"].get_absolute_url()
    other = next(h for h in outcome.hits if h.title.startswith("Can invoices"))
    assert other.answered is False


def test_search_page_marks_answered_threads(client, threads):
    html = client.get(
        "/search/", {"q": "invoice", "type": "thread"}, HTTP_USER_AGENT="Mozilla/5.0"
    ).content.decode()

    assert "Invoice shows the wrong tax number" in html
    assert "✓ Answered" in html and "Not answered yet" in html
    assert "Download an invoice" not in html
    assert '<option value="thread" selected>Forum threads</option>' in html


def test_result_count_says_how_many_of_each_type(client, threads):
    html = client.get(
        "/search/", {"q": "invoice tax"}, HTTP_USER_AGENT="Mozilla/5.0"
    ).content.decode()

    assert "2 forum threads" in html and "2 articles" in html
