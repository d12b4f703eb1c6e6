import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kb.articles.models import ArticlePage
from kb.feedback.models import ArticleFeedback, ArticleFeedbackState
from kb.feedback.services import article_view_record, feedback_record
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = factories.make_user("editor", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user


def votes(article, helpful, not_helpful, *, prefix="r"):
    for n in range(helpful):
        feedback_record(article=article, reader_key=f"c:{prefix}y{n}", helpful=True)
    for n in range(not_helpful):
        feedback_record(
            article=article,
            reader_key=f"c:{prefix}n{n}",
            helpful=False,
            reasons=["outdated"],
            comment=f"Comment {n}",
        )


def test_article_feedback_page_shows_counts_score_reasons_comments_and_chart(
    client, editor, article
):
    votes(article, 3, 2)
    response = client.get(reverse("feedback_admin:article", args=[article.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<dd data-stat="helpful">3</dd>' in html
    assert '<dd data-stat="not_helpful">2</dd>' in html
    assert '<dd data-stat="score">23%</dd>' in html  # Wilson lower bound of 3/5
    assert "It&#x27;s outdated: 2" in html or "It's outdated: 2" in html
    assert "Comment 1" in html
    assert '<svg class="feedback-chart"' in html and "3 helpful, 2 not helpful" in html


def test_editor_marks_feedback_resolved_with_who_and_when(client, editor, article):
    votes(article, 0, 1)
    item = ArticleFeedback.objects.get()
    response = client.post(
        reverse("feedback_admin:resolve", args=[item.pk]), follow=True
    )

    item.refresh_from_db()
    assert item.resolved_by == editor and item.resolved_at is not None
    assert "Resolved by editor" in response.content.decode()


def test_editor_restarts_the_score_and_history_stays_in_the_chart(
    client, editor, article
):
    votes(article, 0, 4)
    client.post(
        reverse("feedback_admin:article_reset", args=[article.pk]),
        {"note": "Rewritten"},
    )
    votes(article, 2, 0, prefix="after")
    html = client.get(
        reverse("feedback_admin:article", args=[article.pk])
    ).content.decode()

    state = ArticleFeedbackState.objects.get(article_page_id=article.pk)
    article.refresh_from_db()
    assert state.baseline_revision is not None
    assert state.reset_by == editor and state.baseline_revision == article.live_revision
    assert '<dd data-stat="not_helpful">0</dd>' in html
    assert '<dd data-stat="helpful">2</dd>' in html
    assert "2 helpful, 4 not helpful" in html  # this week's bar keeps the history
    assert "(before restart)" in html


def test_editor_can_show_the_score_to_readers(client, editor, article):
    client.post(
        reverse("feedback_admin:article_visibility", args=[article.pk]), {"show": "1"}
    )
    assert (
        ArticleFeedbackState.objects.get(article_page_id=article.pk).show_score is True
    )


def test_deleted_articles_feedback_page_still_works(client, editor, article):
    votes(article, 1, 1)
    page_id = article.pk
    article.delete()
    html = client.get(
        reverse("feedback_admin:article", args=[page_id])
    ).content.decode()

    assert "This article has been deleted" in html
    assert "Reset your password" in html


def test_helpfulness_report_lists_least_helpful_first_and_exports(
    client, editor, category
):
    good = factories.make_article(category, "Good article")
    bad = factories.make_article(category, "Bad article")
    votes(good, 9, 1, prefix="g")
    votes(bad, 1, 5, prefix="b")
    url = reverse("feedback_admin:helpfulness")

    html = client.get(url).content.decode()
    assert html.index("Bad article") < html.index("Good article")

    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Article", "Helpful", "Not helpful"]
    assert rows[1][:3] == ["Bad article", "1", "5"]

    xlsx = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [cell.value for cell in sheet[2]][:3] == ["Bad article", 1, 5]


def test_helpfulness_report_filters_by_date(client, editor, category):
    old = factories.make_article(category, "Old votes")
    votes(old, 1, 1)
    ArticleFeedback.objects.update(
        updated_at=timezone.now() - datetime.timedelta(days=100)
    )
    new = factories.make_article(category, "New votes")
    votes(new, 1, 0, prefix="n")
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()

    html = client.get(
        reverse("feedback_admin:helpfulness"), {"period_from": since}
    ).content.decode()
    assert "New votes" in html and "Old votes" not in html


def test_comments_report_filters_open_feedback_and_exports(client, editor, article):
    votes(article, 0, 2)
    first = ArticleFeedback.objects.order_by("pk").first()
    client.post(reverse("feedback_admin:resolve", args=[first.pk]))
    url = reverse("feedback_admin:comments")

    html = client.get(url, {"status": "open"}).content.decode()
    assert "Comment 1" in html and "Comment 0" not in html
    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Article",
        "Reasons",
        "Comment",
        "Date",
        "Resolved at",
        "Resolved by",
    ]
    by_comment = {row[2]: row for row in rows[1:]}
    assert by_comment["Comment 0"][1] == "It's outdated"
    assert by_comment["Comment 0"][5] == "editor"
    assert by_comment["Comment 1"][4] == ""


def test_content_gaps_report_links_each_row_to_its_fix(client, editor, category):
    bad = factories.make_article(category, "Confusing article")
    votes(bad, 1, 6)
    stale = factories.make_article(category, "Ancient article")
    ArticlePage.objects.filter(pk=stale.pk).update(
        last_published_at=timezone.now() - datetime.timedelta(days=400)
    )
    for _ in range(25):
        article_view_record(article_page_id=stale.pk)
    url = reverse("feedback_admin:gaps")

    html = client.get(url).content.decode()
    assert "14% of 7 readers found it helpful" in html
    assert reverse("wagtailadmin_pages:edit", args=[bad.pk]) in html
    assert "Ancient article" in html and "25 views; last updated" in html

    only_stale = client.get(url, {"kind": "stale"}).content.decode()
    assert "Confusing article" not in only_stale

    response = client.get(url, {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Gap", "What", "Details", "Readers affected", "Fix at", "State"]
    fixes = {row[1]: row[4] for row in rows[1:]}
    assert fixes["Confusing article"].endswith(f"/admin/pages/{bad.pk}/edit/")


def test_articles_with_few_votes_are_not_called_least_helpful(client, editor, article):
    votes(article, 0, 2)
    html = client.get(reverse("feedback_admin:gaps")).content.decode()
    assert "readers found it helpful" not in html
    votes(article, 0, 5, prefix="more")
    html = client.get(reverse("feedback_admin:gaps")).content.decode()
    assert "0% of 7 readers found it helpful" in html


def test_score_drop_is_a_gap(client, editor, article):
    votes(article, 6, 0, prefix="before")
    ArticleFeedback.objects.update(
        updated_at=timezone.now() - datetime.timedelta(days=60)
    )
    votes(article, 1, 5, prefix="after")

    html = client.get(reverse("feedback_admin:gaps")).content.decode()
    assert "Score dropped" in html
    assert "fell from 100% to 17%" in html


def test_create_article_from_a_gap_makes_a_prefilled_draft(client, editor, category):
    url = reverse("feedback_admin:create_article")
    form = client.get(url, {"title": "export invoices to pdf", "source": "search"})
    assert 'value="export invoices to pdf"' in form.content.decode()

    response = client.post(
        url,
        {
            "title": "Export invoices to PDF",
            "category": category.pk,
            "source": "search",
        },
    )
    draft = ArticlePage.objects.get(title="Export invoices to PDF")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert draft.live is False and draft.get_parent().pk == category.pk


def test_create_article_with_bad_input_is_400(client, editor, category):
    response = client.post(reverse("feedback_admin:create_article"), {"title": ""})
    assert response.status_code == 400


def test_dashboard_shows_the_top_three_gaps(client, editor, category):
    for n in range(4):
        article = factories.make_article(category, f"Weak article {n}")
        votes(article, 0, 5 + n, prefix=str(n))
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Top content gaps" in html
    assert "Weak article 3" in html and "Weak article 1" in html
    assert "Weak article 0" not in html


def test_reports_need_the_feedback_permission(client, article):
    user = factories.make_user("writer")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for name, args in [
        ("feedback_admin:gaps", []),
        ("feedback_admin:helpfulness", []),
        ("feedback_admin:comments", []),
        ("feedback_admin:article", [article.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code in (302, 403)
    votes(article, 0, 1)
    item = ArticleFeedback.objects.get()
    response = client.post(reverse("feedback_admin:resolve", args=[item.pk]))
    assert response.status_code in (302, 403)
    item.refresh_from_db()
    assert item.resolved_at is None
    assert (
        "Top content gaps"
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_wagtail_editors_group_may_see_feedback(client, article):
    user = factories.make_user("writer")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)

    assert client.get(reverse("feedback_admin:gaps")).status_code == 200


def test_article_editor_links_to_its_reader_feedback(client, editor, article):
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[article.pk])
    ).content.decode()
    assert reverse("feedback_admin:article", args=[article.pk]) in html


def test_exported_reader_comments_cannot_run_as_formulas(client, editor, article):
    feedback_record(
        article=article,
        reader_key="c:x",
        helpful=False,
        comment='=HYPERLINK("http://evil.example","click")',
    )
    response = client.get(reverse("feedback_admin:comments"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert rows[1][2].startswith("'=HYPERLINK")
