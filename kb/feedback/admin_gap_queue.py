"""Editor screens for the content-gap work queue: one gap's page (state, history,
the search's results, "Add synonym", "Add editor's pick", "Create article") and
the history of every gap's changes with its CSV export."""

from urllib.parse import urlencode

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from .forms import GapTicketForm
from .gap_queue import gap_events, gap_ticket, gap_ticket_change
from .gaps import SEARCH_KINDS, GapKind, create_article_url
from .models import ArticleFeedback, GapEvent, GapState

permission_policy = ModelPermissionPolicy(ArticleFeedback)
SHOW_CHOICES = [*GapState.choices, ("all", "All")]


def gap_work_url(gap) -> str:
    return gap_work_url_for(gap.key, gap.kind, gap.title)


def gap_work_url_for(key: str, kind: str, title: str) -> str:
    query = {"key": key, "kind": kind, "title": title[:255]}
    return reverse("feedback_admin:gap") + "?" + urlencode(query)


def ticket_work_url(ticket) -> str:
    return reverse("feedback_admin:gap") + "?" + ticket.work_query


def _search_links(query: str) -> dict:
    """Where an editor acts on a search: its results, a synonym, an editor's pick."""
    from wagtail.contrib.search_promotions.models import Query

    links = {"results": reverse("kb_search:search") + "?" + urlencode({"q": query})}
    try:
        links["synonym"] = reverse("wagtailsnippets_kb_search_synonym:add") + (
            "?" + urlencode({"terms": query})
        )
    except NoReverseMatch:
        pass
    logged = Query.objects.filter(query_string=query).first()
    links["pick"] = (
        reverse("wagtailsearchpromotions:edit", args=[logged.pk])
        if logged
        else reverse("wagtailsearchpromotions:add")
    )
    return links


def gap_detail(request):
    """One gap in the work queue: its state, the forms to move it, its history."""
    if not permission_policy.user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    key, kind, title = (source.get(name, "") for name in ("key", "kind", "title"))
    if not key or kind not in GapKind.labels or not title:
        return HttpResponseBadRequest(_("Open a gap from the content-gap report."))
    can_change = permission_policy.user_has_permission(request.user, "change")
    form = GapTicketForm(initial={"key": key, "kind": kind, "title": title})
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = GapTicketForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            ticket = gap_ticket_change(
                key=key,
                kind=kind,
                title=title,
                state=data["state"],
                user=request.user,
                assignee=data["assignee"],
                snoozed_until=data["snoozed_until"],
                reason=data["reason"],
                covered_by=data["covered_by"],
            )
            messages.success(
                request,
                _("Gap “%(title)s”: %(state)s.")
                % {"title": title, "state": ticket.get_state_display()},
            )
            return redirect(gap_work_url_for(key, kind, title))
        status = 400
    is_search = kind in SEARCH_KINDS
    return TemplateResponse(
        request,
        "feedback/admin/gap_detail.html",
        {
            "title": title,
            "kind_label": GapKind.labels[kind],
            "ticket": gap_ticket(key=key),
            "form": form,
            "can_change": can_change,
            "events": gap_events(key=key)[:100],
            "search_links": _search_links(title) if is_search else None,
            "create_url": create_article_url(title, GapKind.labels[kind].lower()),
            "header_icon": "warning",
        },
        status=status,
    )


class GapEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )
    state = django_filters.ChoiceFilter(choices=GapState.choices)

    class Meta:
        model = GapEvent
        fields = ["state"]


class GapHistoryReport(ReportView):
    page_title = gettext_lazy("Content gap history")
    header_icon = "history"
    index_url_name = "feedback_admin:gap_history"
    index_results_url_name = "feedback_admin:gap_history_results"
    filterset_class = GapEventFilterSet
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    export_filename = "content-gap-history"
    columns = [
        DateColumn("at", label=gettext_lazy("When")),
        TitleColumn(
            "title",
            label=gettext_lazy("Gap"),
            accessor=lambda event: event.ticket.title,
            get_url=lambda event: ticket_work_url(event.ticket),
        ),
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        Column(
            "actor",
            label=gettext_lazy("Who"),
            accessor=lambda e: e.actor or "Background check",
        ),
        Column("detail", label=gettext_lazy("Details")),
    ]
    list_export = ["at", "ticket.title", "ticket.kind", "state", "actor", "detail"]
    export_headings = {
        "at": "When",
        "ticket.title": "Gap",
        "ticket.kind": "Kind",
        "state": "State",
        "actor": "Who",
        "detail": "Details",
    }

    def get_queryset(self):
        return self.filter_queryset(gap_events())
