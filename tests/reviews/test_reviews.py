"""Article owners, review dates, the daily digest, the dashboard and "Mark as
reviewed"; the clock is frozen with time-machine."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from kb.reviews.checks import review_digests_send, reviews_schedule_missing
from kb.reviews.models import ArticleReview, ReviewAction, ReviewEvent, ReviewSettings
from kb.reviews.services import review_mark_done
from tests import factories

pytestmark = pytest.mark.django_db
TZ = datetime.UTC
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def editor(username="owner"):
    user = factories.make_user(username)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def owner(home):
    return editor()


@pytest.fixture
def billing(home):
    return factories.make_category(home, "Billing", review_interval_days=90)


def publish(category, title, owner):
    with time_machine.travel(START, tick=False):
        article = factories.make_article(category, title, owner=owner)
    return article


def test_publishing_schedules_a_review_after_the_categorys_interval(billing, owner):
    article = publish(billing, "Change your plan", owner)
    review = ArticleReview.objects.get(article=article)
    assert review.owner == owner
    assert review.review_by == datetime.date(2026, 5, 31)  # 90 days after 2 March
    event = ReviewEvent.objects.get(article_page_id=article.pk)
    assert event.action == ReviewAction.SCHEDULED


def test_categories_without_interval_use_the_sites(category, owner):
    site = Site.objects.get(is_default_site=True)
    ReviewSettings.objects.create(site=site, interval_days=30)
    article = publish(category, "Reset your password", owner)
    assert article.review.review_by == datetime.date(2026, 4, 1)


def test_articles_published_before_reviews_existed_get_one_from_the_daily_check(
    category, owner
):
    article = publish(category, "Old article", owner)
    ArticleReview.objects.all().delete()
    assert reviews_schedule_missing() == 1
    assert ArticleReview.objects.get(article=article).owner == owner
    assert reviews_schedule_missing() == 0


def test_digest_lists_only_articles_due_and_goes_to_their_owner(billing, owner):
    other = editor("other")
    due = publish(billing, "Change your plan", owner)
    publish(billing, "Refunds", other)
    ArticleReview.objects.filter(article__title="Refunds").update(
        review_by=datetime.date(2027, 1, 1)
    )
    with time_machine.travel(datetime.datetime(2026, 5, 30, 6, tzinfo=TZ)):
        assert review_digests_send() == 0  # nothing due yet
    with time_machine.travel(datetime.datetime(2026, 5, 31, 6, tzinfo=TZ)):
        assert review_digests_send() == 1
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "1 article due for review" in message.subject
    assert "Change your plan" in message.body
    assert reverse("reviews_admin:article", args=[due.pk]) in message.body
    assert "Refunds" not in message.body


def test_digest_is_written_in_the_owners_admin_language(billing, owner):
    """An editor who chose German for the admin (Account → Preferences) gets the
    digest in German; the worker has no request to take a language from."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "de"
    profile.save()
    publish(billing, "Change your plan", owner)
    with time_machine.travel(datetime.datetime(2026, 5, 31, 6, tzinfo=TZ)):
        assert review_digests_send() == 1

    [message] = mail.outbox
    assert "1 Artikel muss geprüft werden" in message.subject


def test_digest_is_a_periodic_worker_job_run_daily():
    from kb.worker.schedule import periodic_jobs

    jobs = {job.name: job.every for job in periodic_jobs()}
    assert jobs["kb.reviews.jobs.review_digests"] == datetime.timedelta(days=1)
    assert jobs["kb.reviews.jobs.review_daily_check"] == datetime.timedelta(days=1)


def test_dashboard_shows_the_signed_in_editors_articles_due(client, billing, owner):
    publish(billing, "Change your plan", owner)
    publish(billing, "Someone else's", editor("other"))
    ArticleReview.objects.update(review_by=datetime.date(2026, 3, 1))
    client.force_login(owner)
    with time_machine.travel(START):
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Due for review" in html
    assert "Change your plan" in html
    assert "Someone else&#x27;s" not in html and "Someone else's" not in html


def test_mark_as_reviewed_records_who_and_when_and_schedules_the_next(
    client, billing, owner
):
    article = publish(billing, "Change your plan", owner)
    client.force_login(owner)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 12, tzinfo=TZ), tick=False):
        response = client.post(
            reverse("reviews_admin:mark_reviewed", args=[article.pk]),
            {"note": "Checked the screenshots", "next": "dashboard"},
        )
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
        html = client.get(reverse("wagtailadmin_home")).content.decode()
    review = ArticleReview.objects.get(article=article)
    assert review.last_reviewed_by == owner
    assert review.last_reviewed_at == datetime.datetime(2026, 6, 10, 12, tzinfo=TZ)
    assert review.review_by == datetime.date(2026, 9, 8)
    assert "None of your articles is due for review" in html
    event = ReviewEvent.objects.filter(action=ReviewAction.REVIEWED).get()
    assert event.actor == owner and "Checked the screenshots" in event.detail


def test_readers_see_last_reviewed_only_where_the_site_turns_it_on(
    client, category, owner
):
    article = publish(category, "Reset your password", owner)
    with time_machine.travel(datetime.datetime(2026, 4, 5, 12, tzinfo=TZ)):
        review_mark_done(article=article, user=owner)
    assert "Last reviewed on" not in client.get(article.url).content.decode()
    ReviewSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"show_last_reviewed": True},
    )
    html = client.get(article.url).content.decode()
    assert "Last reviewed on" in html and "5 April 2026" in html


def test_editor_changes_owner_and_date_and_history_exports_as_csv(
    client, billing, owner
):
    article = publish(billing, "Change your plan", owner)
    other = editor("other")
    client.force_login(owner)
    url = reverse("reviews_admin:article", args=[article.pk])
    response = client.post(url, {"owner": other.pk, "review_by": "2026-12-01"})
    assert response.status_code == 302
    review = ArticleReview.objects.get(article=article)
    assert review.owner == other and review.review_by == datetime.date(2026, 12, 1)
    csv = client.get(reverse("reviews_admin:history") + "?export=csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode()
    assert "Owner changed" in text and "owner → other" in text
    assert "Review date changed" in text and "2026-12-01" in text


def test_bad_review_date_is_a_400_with_a_message(client, billing, owner):
    article = publish(billing, "Change your plan", owner)
    client.force_login(owner)
    response = client.post(
        reverse("reviews_admin:article", args=[article.pk]),
        {"owner": "", "review_by": "not a date"},
    )
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


def test_people_who_cannot_edit_the_article_cannot_review_it(client, billing, owner):
    article = publish(billing, "Change your plan", owner)
    member = factories.make_user("member")
    client.force_login(member)
    response = client.post(reverse("reviews_admin:mark_reviewed", args=[article.pk]))
    assert response.status_code in (302, 403)
    assert ArticleReview.objects.get(article=article).last_reviewed_at is None


def test_reviews_report_filters_due_and_exports_csv(client, billing, owner):
    publish(billing, "Change your plan", owner)
    publish(billing, "Refunds", owner)
    ArticleReview.objects.filter(article__title="Refunds").update(
        review_by=datetime.date(2027, 1, 1)
    )
    client.force_login(owner)
    url = reverse("reviews_admin:reviews")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=TZ)):
        due = client.get(url, {"status": "due"}).content.decode()
        export = client.get(url, {"status": "due", "export": "csv"})
    assert "Change your plan" in due and "Refunds" not in due
    text = b"".join(export.streaming_content).decode()
    assert text.splitlines()[0].startswith("Article,Owner,Review by")
    assert "Change your plan,owner,2026-05-31" in text


def test_the_review_page_of_a_never_reviewed_article_writes_nothing(
    client, billing, owner
):
    article = publish(billing, "Change your plan", owner)
    ArticleReview.objects.all().delete()
    client.force_login(owner)
    html = client.get(reverse("reviews_admin:article", args=[article.pk]))
    assert html.status_code == 200 and b"Mark as reviewed" in html.content
    assert not ArticleReview.objects.exists()
