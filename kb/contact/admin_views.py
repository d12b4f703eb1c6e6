"""Admin screens: support requests (a Wagtail model viewset), an attachment's
download, and the self-service score report."""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import kb.converters  # noqa: F401 (registers <id:...>)
from kb.feedback.chart import (
    HELPFUL_COLOUR,
    NOT_HELPFUL_COLOUR,
    weekly_bars_svg,
)

from .models import ContactRequest, RequestStatus
from .selectors import request_list, self_service_weeks


class RequestPermissionPolicy(ModelPermissionPolicy):
    """Requests come from customers only: nobody adds one in the admin."""

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(
            user, [action for action in actions if action != "add"]
        )

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


permission_policy = RequestPermissionPolicy(ContactRequest)
register_permission_policy(ContactRequest, permission_policy)


class RequestInspectView(InspectView):
    def get_context_display_value(self):
        return render_to_string(
            "contact/admin/visit_context.html", {"visit": self.object.context}
        )

    def get_attachment_display_value(self):
        if not self.object.attachment:
            return "None"
        return format_html(
            '<a href="{}">{}</a> ({})',
            reverse("contact_admin:attachment", args=[self.object.pk]),
            self.object.attachment_name,
            self.object.attachment_type,
        )


class RequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices)
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Sent"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ContactRequest
        fields = ["status", "category"]


class ContactRequestViewSet(ModelViewSet):
    model = ContactRequest
    name = "contact_requests"
    icon = "mail"
    menu_label = gettext_lazy("Support requests")
    add_to_admin_menu = True
    menu_order = 250
    form_fields = ["status"]
    list_display = ["reference", "subject", "email", "category", "status", "created_at"]
    list_export = [
        "reference",
        "subject",
        "description",
        "email",
        "category",
        "status",
        "created_at",
    ]
    export_filename = "support-requests"
    filterset_class = RequestFilterSet
    search_fields = ["reference", "subject", "description", "email"]
    search_backend_name = None  # the database's own matching: no index to keep
    inspect_view_enabled = True
    inspect_view_class = RequestInspectView
    inspect_view_fields = [
        "reference",
        "status",
        "created_at",
        "email",
        "category",
        "subject",
        "description",
        "attachment",
        "context",
        "mailed_at",
        "webhook_sent_at",
    ]
    copy_view_enabled = False
    pk_path_converter = "id"  # kb.converters: an id too large is a 404, not a 500

    def get_queryset(self, request):
        return request_list()


def attachment_download(request, pk):
    """The file a customer attached, for those who may see requests; always as a
    download, so a browser never renders it on the site's origin."""
    if not permission_policy.user_has_any_permission(
        request.user, ["view", "change"]
    ):
        raise PermissionDenied
    contact_request = get_object_or_404(ContactRequest, pk=pk)
    if not contact_request.attachment:
        raise Http404("No attachment")
    response = FileResponse(
        contact_request.attachment.open("rb"),
        as_attachment=True,
        filename=contact_request.attachment_name or "attachment",
        content_type=contact_request.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PeriodFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget, method="keep"
    )

    class Meta:
        model = ContactRequest
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class SelfServiceReport(ReportView):
    page_title = gettext_lazy("Self-service score")
    header_icon = "success"
    index_url_name = "contact_admin:score"
    index_results_url_name = "contact_admin:score_results"
    results_template_name = "contact/admin/score_results.html"
    filterset_class = PeriodFilterSet
    export_filename = "self-service-score"
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    columns = [
        DateColumn("start", label=gettext_lazy("Week of")),
        Column("visits", label=gettext_lazy("Visits")),
        Column("visits_with_request", label=gettext_lazy("Ended with a request")),
        Column("score_percent", label=gettext_lazy("Self-service score (%)")),
        Column("deflections", label=gettext_lazy("Deflections")),
        Column("requests", label=gettext_lazy("Requests")),
        Column("requests_per_1000", label=gettext_lazy("Requests per 1,000 visits")),
    ]
    list_export = [
        "start",
        "visits",
        "visits_with_request",
        "score_percent",
        "deflections",
        "requests",
        "requests_per_1000",
    ]
    export_headings = {
        "start": "Week of",
        "visits": "Visits",
        "visits_with_request": "Ended with a request",
        "score_percent": "Self-service score (%)",
        "deflections": "Deflections",
        "requests": "Requests",
        "requests_per_1000": "Requests per 1,000 visits",
    }

    def period(self):
        if self.filters and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get("period")
            if value:
                return value.start, value.stop
        return None, None

    def filter_queryset(self, queryset):
        return queryset  # the period shapes the rows in get_queryset()

    def get_queryset(self):
        start, stop = self.period()
        since = (
            datetime.datetime.combine(start, datetime.time.min, datetime.UTC)
            if start
            else None
        )
        until = (
            datetime.datetime.combine(
                stop + datetime.timedelta(days=1), datetime.time.min, datetime.UTC
            )
            if stop
            else None
        )
        return self_service_weeks(since=since, until=until)

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        weeks = self.get_queryset()
        context["chart"] = weekly_bars_svg(
            [week.start for week in weeks],
            [
                ("without a request", HELPFUL_COLOUR, [w.self_served for w in weeks]),
                (
                    "with a request",
                    NOT_HELPFUL_COLOUR,
                    [w.visits_with_request for w in weeks],
                ),
            ],
            title="Visits without and with a support request, per week",
            title_id="self-service-title",
        )
        return context
