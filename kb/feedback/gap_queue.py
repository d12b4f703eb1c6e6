"""The content-gap list as a work queue: each gap's ticket (open, assigned,
snoozed until a date, dismissed with a reason, covered by an article), the
history of every change, and the daily check that closes answered searches.

Gaps are computed by kb.feedback.gaps; this module only knows their `key`.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .gaps import SEARCH_KINDS
from .models import GapEvent, GapState, GapTicket

# Which tickets a report shows: the work queue, or one state, or everything.
ACTIVE = "active"
ALL = "all"


def gaps_with_tickets(gaps, *, show: str = ACTIVE, today=None) -> list:
    """The gaps, each with `.ticket` (None while nobody acted on it) and
    `.state_label`, filtered to the work queue (`active`), one GapState, or `all`."""
    today = today or timezone.localdate()
    tickets = GapTicket.objects.select_related("assignee", "covered_by").in_bulk(
        [gap.key for gap in gaps], field_name="key"
    )
    kept = []
    for gap in gaps:
        gap.ticket = tickets.get(gap.key)
        gap.state_label = gap_state_label(gap)
        state = gap.ticket.state if gap.ticket else GapState.OPEN
        if show == ALL:
            kept.append(gap)
        elif show == ACTIVE:
            if gap.ticket is None or gap.ticket.is_active(today):
                kept.append(gap)
        elif state == show:
            kept.append(gap)
    return kept


def gap_state_label(gap) -> str:
    ticket = getattr(gap, "ticket", None)
    return ticket_state_label(ticket) if ticket else GapState.OPEN.label


def ticket_state_label(ticket: GapTicket) -> str:
    if ticket.state == GapState.ASSIGNED:
        return f"Assigned to {ticket.assignee or 'a former editor'}"
    if ticket.state == GapState.SNOOZED:
        return f"Snoozed until {ticket.snoozed_until:%d %b %Y}"
    if ticket.state == GapState.DISMISSED:
        return f"Dismissed: {ticket.dismiss_reason}"
    if ticket.state == GapState.COVERED:
        title = ticket.covered_by.title if ticket.covered_by else "a deleted article"
        return f"Covered by {title}"
    return ticket.get_state_display()


def gap_ticket(*, key: str) -> GapTicket | None:
    return (
        GapTicket.objects.select_related("assignee", "covered_by")
        .filter(key=key)
        .first()
    )


def gaps_assigned_to(*, user, limit: int = 10):
    return GapTicket.objects.filter(state=GapState.ASSIGNED, assignee=user).order_by(
        "-updated_at"
    )[:limit]


def gap_events(*, key: str | None = None):
    events = GapEvent.objects.select_related("ticket", "actor")
    if key is not None:
        events = events.filter(ticket__key=key)
    return events


@transaction.atomic
def gap_ticket_change(
    *,
    key: str,
    kind: str,
    title: str,
    state: str,
    user=None,
    assignee=None,
    snoozed_until: datetime.date | None = None,
    reason: str = "",
    covered_by=None,
) -> GapTicket:
    """Move a gap to `state`, with what that state needs; records who and when."""
    if state not in GapState.values:
        raise ValueError("Unknown state.")
    reason = " ".join(reason.split())[:300]
    if state == GapState.ASSIGNED and assignee is None:
        raise ValueError("Choose who the gap is assigned to.")
    if state == GapState.SNOOZED and (
        snoozed_until is None or snoozed_until <= timezone.localdate()
    ):
        raise ValueError("Snooze until a date after today.")
    if state == GapState.DISMISSED and not reason:
        raise ValueError("Say why the gap is dismissed.")
    if state == GapState.COVERED and covered_by is None:
        raise ValueError("Choose the article that covers the gap.")
    GapTicket.objects.get_or_create(
        key=key[:500], defaults={"kind": kind[:32], "title": title[:255]}
    )
    ticket = GapTicket.objects.select_for_update().get(key=key[:500])
    ticket.state = state
    ticket.assignee = assignee if state == GapState.ASSIGNED else None
    ticket.snoozed_until = snoozed_until if state == GapState.SNOOZED else None
    ticket.dismiss_reason = reason if state == GapState.DISMISSED else ""
    ticket.covered_by = covered_by if state == GapState.COVERED else None
    ticket.updated_at = timezone.now()
    actor = user if user is not None and user.is_authenticated else None
    ticket.updated_by = actor
    ticket.save()
    GapEvent.objects.create(
        ticket=ticket, state=state, actor=actor, detail=ticket_state_label(ticket)
    )
    return ticket


def search_gaps_close_answered(*, gaps=(), user=None) -> int:
    """Close search gaps whose query now leads readers to an article published
    since: an answering article exists and searches for it get clicks.

    Looks at the search gaps in `gaps` and at every search gap still open in the
    queue (a gap whose searches now get clicks leaves the report, not the queue).
    """
    from kb.articles.models import ArticlePage
    from kb.search.models import SearchClick

    candidates = {
        gap.key: (gap.kind, gap.title)
        for gap in gaps_with_tickets([gap for gap in gaps if gap.is_search])
    }
    for ticket in GapTicket.objects.filter(kind__in=SEARCH_KINDS).exclude(
        state__in=[GapState.DISMISSED, GapState.COVERED]
    ):
        candidates[ticket.key] = (ticket.kind, ticket.title)
    if not candidates:
        return 0
    clicks = list(
        SearchClick.objects.filter(
            query__query_string__in={title for _, title in candidates.values()},
            kind="article",
            object_id__regex=r"^[0-9]+$",
        )
        .values("query__query_string", "object_id")
        .annotate(first=Max("clicked_at"))
    )
    articles = ArticlePage.objects.live().in_bulk(
        {int(row["object_id"]) for row in clicks}
    )
    answered = {}
    for row in clicks:
        article = articles.get(int(row["object_id"]))
        published = article and article.first_published_at
        if published and row["first"] >= published:
            answered.setdefault(row["query__query_string"], article)
    closed = 0
    for key, (kind, title) in candidates.items():
        if title in answered:
            gap_ticket_change(
                key=key,
                kind=kind,
                title=title,
                state=GapState.COVERED,
                user=user,
                covered_by=answered[title],
            )
            closed += 1
    return closed
