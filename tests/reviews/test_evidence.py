"""Evidence opens a review by itself, says what opened it, and does not reopen a
review for what an editor has already reviewed. Clock frozen with time-machine."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from kb.feedback.services import feedback_record
from kb.forum import services as forum
from kb.forum.models import ForumSection
from kb.reviews.checks import reviews_open_on_evidence
from kb.reviews.models import ArticleReview, ReviewAction, ReviewEvent
from kb.reviews.services import review_mark_done
from tests import factories

pytestmark = pytest.mark.django_db
TZ = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 6, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _fresh_search_index(settings, tmp_path):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "kb.search.backends.whoosh",
            "PATH": str(tmp_path / "index"),
            "LANGUAGE": "en",
        }
    }


@pytest.fixture
def owner(home):
    user = factories.make_user("owner")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def article(category, owner):
    with time_machine.travel(NOW - datetime.timedelta(days=200), tick=False):
        return factories.make_article(category, "Export your data", owner=owner)


def votes(article, *, at, helpful, count, reasons=(), prefix="r"):
    with time_machine.travel(at, tick=False):
        for i in range(count):
            feedback_record(
                article=article,
                reader_key=f"{prefix}{i}",
                helpful=helpful,
                reasons=list(reasons) or None,
            )


def check():
    with time_machine.travel(NOW, tick=False):
        return reviews_open_on_evidence()


def test_several_readers_saying_outdated_open_a_review_that_says_why(article):
    votes(
        article,
        at=NOW - datetime.timedelta(days=3),
        helpful=False,
        count=3,
        reasons=["outdated"],
    )
    assert check() == 1
    review = ArticleReview.objects.get(article=article)
    assert review.is_due(today=NOW.date())
    assert review.evidence_lines() == [
        '3 readers said it is "outdated" or "incorrect" since 02 May 2026'
    ]
    assert ReviewEvent.objects.filter(action=ReviewAction.OPENED).count() == 1
    assert check() == 0  # the same evidence is not noted twice


def test_two_readers_are_not_enough_and_other_reasons_do_not_count(article):
    votes(
        article,
        at=NOW - datetime.timedelta(days=3),
        helpful=False,
        count=2,
        reasons=["incorrect"],
    )
    votes(
        article,
        at=NOW - datetime.timedelta(days=3),
        helpful=False,
        count=5,
        reasons=["hard_to_follow"],
        prefix="h",
    )
    assert check() == 0
    assert ArticleReview.objects.get(article=article).opened_at is None


def test_a_significant_drop_in_helpfulness_opens_a_review(article):
    votes(article, at=NOW - datetime.timedelta(days=90), helpful=True, count=18)
    votes(
        article,
        at=NOW - datetime.timedelta(days=90),
        helpful=False,
        count=2,
        prefix="old-no",
    )
    votes(
        article,
        at=NOW - datetime.timedelta(days=5),
        helpful=False,
        count=6,
        prefix="new-no",
    )
    votes(
        article,
        at=NOW - datetime.timedelta(days=5),
        helpful=True,
        count=2,
        prefix="new-yes",
    )
    assert check() == 1
    [line] = ArticleReview.objects.get(article=article).evidence_lines()
    assert line.startswith("Helpfulness fell from 90% to 25% since")


def test_a_small_wobble_does_not_open_a_review(article):
    votes(article, at=NOW - datetime.timedelta(days=90), helpful=True, count=8)
    votes(
        article,
        at=NOW - datetime.timedelta(days=90),
        helpful=False,
        count=2,
        prefix="old-no",
    )
    votes(
        article,
        at=NOW - datetime.timedelta(days=5),
        helpful=True,
        count=4,
        prefix="new-yes",
    )
    votes(
        article,
        at=NOW - datetime.timedelta(days=5),
        helpful=False,
        count=2,
        prefix="new-no",
    )
    assert check() == 0


def test_a_linked_forum_thread_saying_the_steps_no_longer_work_opens_a_review(article):
    section = ForumSection.objects.create(name="Help", slug="help")
    member = factories.make_user("member")
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        topic = forum.topic_create(
            author=member,
            section=section,
            title="Export button missing",
            body="I followed the article but these steps no longer work in v5.",
        )
    topic.related_articles.add(article)
    assert check() == 1
    [line] = ArticleReview.objects.get(article=article).evidence_lines()
    assert 'Forum thread "Export button missing"' in line


def test_after_mark_as_reviewed_only_newer_evidence_reopens(article, owner, client):
    votes(
        article,
        at=NOW - datetime.timedelta(days=10),
        helpful=False,
        count=3,
        reasons=["outdated"],
    )
    assert check() == 1
    with time_machine.travel(NOW - datetime.timedelta(days=1), tick=False):
        review_mark_done(article=article, user=owner)
    assert check() == 0
    review = ArticleReview.objects.get(article=article)
    assert review.opened_at is None and not review.evidence
    reviewed = ReviewEvent.objects.get(action=ReviewAction.REVIEWED)
    assert "closed evidence" in reviewed.detail


def test_the_review_page_shows_the_evidence(article, owner, client):
    votes(
        article,
        at=NOW - datetime.timedelta(days=3),
        helpful=False,
        count=3,
        reasons=["outdated"],
    )
    check()
    client.force_login(owner)
    html = client.get(reverse("reviews_admin:article", args=[article.pk])).content
    assert b"Evidence opened this review" in html
    assert b"3 readers said it is" in html


BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"


def test_readers_who_came_from_a_search_and_said_no_open_a_review(article):
    from django.test import Client

    search = "http://testserver/search/?q=export+csv"
    for n in range(3):
        reader = Client(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=f"10.0.0.{n}")
        html = reader.get(article.url, HTTP_REFERER=search).content.decode()
        assert '<input type="hidden" name="search" value="export csv">' in html
        with time_machine.travel(NOW - datetime.timedelta(days=1), tick=False):
            reader.cookies["kb_probe"] = "1"
            response = reader.post(
                reverse("feedback:vote", args=[article.pk]),
                {"helpful": "no", "search": "export csv"},
            )
        assert response.status_code == 302
    assert check() == 1
    [line] = ArticleReview.objects.get(article=article).evidence_lines()
    assert line.startswith('3 readers who found it by searching answered "No"')


def test_a_link_from_another_site_is_not_a_search(client, article):
    html = client.get(
        article.url, HTTP_REFERER="http://elsewhere.example/search/?q=x"
    ).content.decode()
    assert 'name="search"' not in html
