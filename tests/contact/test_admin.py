"""Support's admin: requests listed with states and search, attachments for those
who may see requests, the self-service score report and dashboard, content gaps."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from kb.contact.models import ContactRequest, Visit, VisitEvent
from tests import factories

from .conftest import png_bytes

REQUESTS = "/admin/contact_requests/"


@pytest.fixture
def support_client(client, home):
    client.force_login(
        factories.make_user("lead", is_staff=True, is_superuser=True)
    )
    return client


def make_request(reference="ABCD2345", subject="Refund for March", **fields):
    fields.setdefault("email", "ann@example.com")
    return ContactRequest.objects.create(
        reference=reference, subject=subject, description="Please.", **fields
    )


def test_requests_are_listed_newest_first_and_found_by_reference_or_words(
    support_client,
):
    make_request("AAAA2222", "Refund for March")
    make_request("BBBB3333", "Cannot log in", email="bob@example.com")

    listing = support_client.get(REQUESTS).content.decode()
    by_reference = support_client.get(REQUESTS, {"q": "AAAA2222"}).content.decode()
    by_address = support_client.get(REQUESTS, {"q": "bob@"}).content.decode()

    assert listing.index("Cannot log in") < listing.index("Refund for March")
    assert "Refund for March" in by_reference and "Cannot log in" not in by_reference
    assert "Cannot log in" in by_address and "Refund for March" not in by_address


def test_support_moves_a_request_from_new_to_answered_and_filters_by_state(
    support_client,
):
    contact_request = make_request()
    make_request("OPEN2345", "Still new")

    response = support_client.post(
        f"{REQUESTS}edit/{contact_request.pk}/", {"status": "answered"}
    )
    answered = support_client.get(REQUESTS, {"status": "answered"}).content.decode()

    assert response.status_code == 302
    contact_request.refresh_from_db()
    assert contact_request.status == "answered"
    assert contact_request.subject == "Refund for March"  # only the state changes
    assert "Refund for March" in answered and "Still new" not in answered


def test_nobody_adds_a_request_in_the_admin(support_client):
    assert support_client.get(f"{REQUESTS}new/").status_code in (302, 403)
    assert "Add support request" not in support_client.get(REQUESTS).content.decode()


def test_the_request_page_shows_the_visits_context_and_the_attachment(
    support_client,
):
    contact_request = make_request(
        context={
            "searches": ["refund"],
            "articles": [{"title": "Refunds", "url": "/help/refunds/", "page_id": 3}],
            "feedback": [{"title": "Refunds", "helpful": False, "page_id": 3}],
            "suggestions": [],
        },
        attachment_name="shot.png",
        attachment_type="image/png",
    )
    contact_request.attachment.save("ABCD2345.png", ContentFile(png_bytes()))

    html = support_client.get(f"{REQUESTS}inspect/{contact_request.pk}/").content
    download = support_client.get(
        f"/admin/contact/requests/{contact_request.pk}/attachment/"
    )

    assert "“refund”" in html.decode() and "Refunds: No" in html.decode()
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == png_bytes()


def test_an_editor_without_the_permission_cannot_see_requests_or_attachments(
    editor_client,
):
    contact_request = make_request()

    attachment = editor_client.get(
        f"/admin/contact/requests/{contact_request.pk}/attachment/"
    )

    assert editor_client.get(REQUESTS).status_code in (302, 403)
    assert attachment.status_code in (302, 403)
    assert editor_client.get("/admin/contact/score/").status_code in (302, 403)


def test_the_score_report_shows_a_weekly_chart_and_exports_csv(support_client):
    now = timezone.now()
    for index in range(3):
        visit = Visit.objects.create(visitor="h", started_at=now, last_seen_at=now)
        if index == 0:
            make_request(visit=visit)

    html = support_client.get("/admin/contact/score/").content.decode()
    csv = support_client.get("/admin/contact/score/", {"export": "csv"})

    assert "<svg" in html and "Visits without and with a support request" in html
    assert "66.7" in html
    rows = b"".join(csv.streaming_content).decode().splitlines()
    assert rows[0].startswith("Week of,Visits,Ended with a request")
    assert rows[-1].split(",")[1:] == ["3", "1", "66.7", "0", "1", "333.3"]


def test_the_dashboard_shows_the_self_service_score(support_client):
    now = timezone.now()
    Visit.objects.create(visitor="h", started_at=now, last_seen_at=now)

    html = support_client.get("/admin/").content.decode()

    assert "Self-service score" in html
    assert "100.0%" in html


def test_content_gaps_list_what_visits_read_and_searched_before_a_request(
    support_client, article
):
    at = timezone.now() - datetime.timedelta(days=1)
    visit = Visit.objects.create(visitor="h", started_at=at, last_seen_at=at)
    VisitEvent.objects.create(
        visit=visit, kind="article", text=article.title, page_id=article.pk, at=at
    )
    VisitEvent.objects.create(visit=visit, kind="search", text="refund march", at=at)
    VisitEvent.objects.create(
        visit=visit, kind="article", text="Deleted one", page_id=999_999, at=at
    )
    make_request(visit=visit, created_at=at + datetime.timedelta(minutes=2))

    html = support_client.get("/admin/feedback/gaps/").content.decode()

    assert "Article read just before a support request" in html
    assert "Search followed by a support request" in html
    assert f"/admin/pages/{article.pk}/edit/" in html
    assert "refund march" in html
    assert "title=refund+march" in html  # "Create article" for the search
    assert "title=Deleted+one" in html  # and for an article deleted since


def test_the_support_group_answers_requests_and_reads_the_score(client, home):
    from django.contrib.auth.models import Group

    agent = factories.make_user("agent")
    agent.groups.add(Group.objects.get(name="Support"))
    client.force_login(agent)
    contact_request = make_request()

    listing = client.get(REQUESTS)
    edit = client.post(f"{REQUESTS}edit/{contact_request.pk}/", {"status": "closed"})

    assert listing.status_code == 200 and "Refund for March" in listing.content.decode()
    assert edit.status_code == 302
    contact_request.refresh_from_db()
    assert contact_request.status == "closed"
    assert client.get("/admin/contact/score/").status_code == 200
