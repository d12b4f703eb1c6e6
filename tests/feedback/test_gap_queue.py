"""The content-gap list as a work queue: assign, snooze, dismiss, cover; gaps
close themselves once an answering article gets clicks; every change is recorded
and exported. Clock frozen with time-machine."""

import csv
import datetime
import io
from urllib.parse import urlencode

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query

from kb.feedback.gap_queue import (
    gap_ticket_change,
    gaps_with_tickets,
    search_gaps_close_answered,
)
from kb.feedback.gaps import GapKind, content_gaps, top_gaps
from kb.feedback.jobs import close_answered_gaps
from kb.feedback.models import GapEvent, GapState, GapTicket
from kb.search.models import QueryDailyStats, SearchClick
from tests import factories

pytestmark = pytest.mark.django_db
TZ = datetime.UTC
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def searched(query, *, searches=7, results=0, day=None):
    logged = Query.get(query)
    QueryDailyStats.objects.create(
        query=logged,
        date=day or NOW.date(),
        searches=searches,
        results=results,
    )
    return logged


def gap_url(gap):
    return (
        reverse("feedback_admin:gap")
        + "?"
        + urlencode({"key": gap.key, "kind": gap.kind, "title": gap.title})
    )


def post_state(client, gap, **data):
    fields = {"key": gap.key, "kind": gap.kind, "title": gap.title, **data}
    return client.post(reverse("feedback_admin:gap"), fields)


def no_results_gap():
    [gap] = content_gaps(kinds=[GapKind.NO_RESULTS])
    return gap


def test_assigning_a_gap_keeps_it_in_the_queue_with_who_has_it(
    frozen, editor_client, home
):
    searched("zapier")
    gap = no_results_gap()
    writer = factories.make_user("other")
    writer.groups.add(Group.objects.get(name="Editors"))
    response = post_state(editor_client, gap, state="assigned", assignee=writer.pk)
    assert response.status_code == 302
    [listed] = gaps_with_tickets(content_gaps(kinds=[GapKind.NO_RESULTS]))
    assert listed.state_label == "Assigned to other"
    html = editor_client.get(reverse("feedback_admin:gaps")).content.decode()
    assert "Assigned to other" in html


def test_snoozed_gaps_leave_the_queue_until_their_date(frozen, editor_client, home):
    searched("zapier")
    gap = no_results_gap()
    post_state(editor_client, gap, state="snoozed", snoozed_until="2026-06-15")
    assert gaps_with_tickets(content_gaps(kinds=[GapKind.NO_RESULTS])) == []
    assert top_gaps() == []
    snoozed = editor_client.get(reverse("feedback_admin:gaps"), {"show": "snoozed"})
    assert "Snoozed until 15 Jun 2026" in snoozed.content.decode()
    with time_machine.travel(datetime.datetime(2026, 6, 15, 9, tzinfo=TZ)):
        [back] = gaps_with_tickets(content_gaps(kinds=[GapKind.NO_RESULTS]))
    assert back.title == "zapier"


def test_dismissing_needs_a_reason_and_records_who(frozen, editor_client, home):
    searched("asdfgh")
    gap = no_results_gap()
    response = post_state(editor_client, gap, state="dismissed", reason="")
    assert response.status_code == 400
    assert "Say why the gap is dismissed" in response.content.decode()
    assert not GapTicket.objects.exists()
    post_state(editor_client, gap, state="dismissed", reason="Keyboard mash")
    ticket = GapTicket.objects.get()
    assert ticket.state == GapState.DISMISSED
    assert ticket.updated_by.username == "writer"
    assert gaps_with_tickets(content_gaps(kinds=[GapKind.NO_RESULTS])) == []


def test_snoozing_into_the_past_is_refused(frozen, editor_client, home):
    searched("zapier")
    response = post_state(
        editor_client, no_results_gap(), state="snoozed", snoozed_until="2026-05-01"
    )
    assert response.status_code == 400
    assert "after today" in response.content.decode()


def test_covered_by_an_article(frozen, editor_client, category):
    searched("zapier")
    article = factories.make_article(category, "Connect Zapier")
    post_state(editor_client, no_results_gap(), state="covered", covered_by=article.pk)
    ticket = GapTicket.objects.get()
    assert ticket.covered_by_id == article.pk
    assert GapEvent.objects.get().detail == "Covered by Connect Zapier"


def test_gap_page_links_to_results_synonym_pick_and_create(frozen, editor_client, home):
    logged = searched("zapier")
    html = editor_client.get(gap_url(no_results_gap())).content.decode()
    assert reverse("kb_search:search") + "?q=zapier" in html
    assert reverse("wagtailsearchpromotions:edit", args=[logged.pk]) in html
    assert "Add synonym" in html and "terms=zapier" in html
    assert "Create article" in html
    synonym = editor_client.get(
        reverse("wagtailsnippets_kb_search_synonym:add") + "?terms=zapier"
    )
    assert 'value="zapier, "' in synonym.content.decode()


def test_gap_page_without_a_gap_is_a_400(editor_client, home):
    assert editor_client.get(reverse("feedback_admin:gap")).status_code == 400


def test_search_gap_closes_itself_once_a_new_article_gets_its_clicks(category):
    with time_machine.travel(NOW - datetime.timedelta(days=10), tick=False):
        logged = searched("zapier", day=(NOW - datetime.timedelta(days=10)).date())
        # Assigned earlier; still in the queue although the report may drop the row.
        gap = no_results_gap()
        gap_ticket_change(
            key=gap.key,
            kind=gap.kind,
            title=gap.title,
            state=GapState.ASSIGNED,
            assignee=factories.make_user("someone"),
        )
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        article = factories.make_article(category, "Connect Zapier")
    assert search_gaps_close_answered() == 0  # published, but nobody found it yet
    with time_machine.travel(NOW, tick=False):
        SearchClick.objects.create(
            query=logged,
            kind="article",
            object_id=str(article.pk),
            url=article.url,
            title=article.title,
            rank=1,
        )
        assert close_answered_gaps.call() == 1
    ticket = GapTicket.objects.get()
    assert ticket.state == GapState.COVERED and ticket.covered_by_id == article.pk
    event = ticket.events.first()
    assert event.actor is None and event.state == GapState.COVERED


def test_gap_history_exports_as_csv(frozen, editor_client, home):
    searched("asdfgh")
    post_state(editor_client, no_results_gap(), state="dismissed", reason="Noise")
    response = editor_client.get(
        reverse("feedback_admin:gap_history"), {"export": "csv"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["When", "Gap", "Kind", "State", "Who", "Details"]
    assert rows[1][1:] == [
        "asdfgh",
        "no_results",
        "dismissed",
        "writer",
        "Dismissed: Noise",
    ]


def test_the_assignees_dashboard_lists_gaps_assigned_to_them(
    frozen, editor_client, home
):
    from django.contrib.auth import get_user_model

    searched("zapier")
    writer = get_user_model().objects.get(username="writer")
    post_state(editor_client, no_results_gap(), state="assigned", assignee=writer.pk)
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Assigned to you" in html
    assert gap_url(no_results_gap()).replace("&", "&amp;") in html
