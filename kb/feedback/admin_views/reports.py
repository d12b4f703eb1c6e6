"""The report views: article helpfulness, content gaps and reader comments, with
their filters and CSV exports."""

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView

from kb.search.selectors.languages import language_choices

from ..admin_gap_queue import SHOW_CHOICES, gap_work_url
from ..gap_queue import ACTIVE, gaps_with_tickets
from ..gaps import GapKind, content_gaps
from ..models import ArticleFeedback
from ..selectors import article_scores, feedback_list, feedback_settings
from .permissions import permission_policy

DEFAULT_GAP_DAYS = 90


class LinkColumn(Column):
    """A cell with a link whose address and text come from the row."""

    cell_template_name = "feedback/admin/link_cell.html"

    def __init__(self, name, *, get_url, get_text, **kwargs):
        super().__init__(name, **kwargs)
        self._get_url, self._get_text = get_url, get_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self._get_url(instance)
        context["text"] = self._get_text(instance)
        return context


class PeriodFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget, method="keep"
    )

    class Meta:
        model = ArticleFeedback
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class GapFilterSet(PeriodFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Gap"), choices=GapKind.choices, method="keep"
    )
    language = django_filters.ChoiceFilter(
        label="Readers' language",
        choices=language_choices,
        empty_label="All languages",
        method="keep",
    )
    show = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=SHOW_CHOICES,
        empty_label=gettext_lazy("To do (open, assigned, snooze over)"),
        method="keep",
    )


class ListReportView(ReportView):
    """A report over a list of rows computed for a period (not a queryset)."""

    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    default_days = None

    def period(self):
        start = stop = None
        if self.filters and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get("period")
            if value:
                start, stop = value.start, value.stop
        if start is None and self.default_days:
            start = timezone.now() - datetime.timedelta(days=self.default_days)
        return start, stop

    def filter_queryset(self, queryset):
        return queryset  # the filters' values shape the rows in get_queryset()

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class ArticleHelpfulnessReport(ListReportView):
    page_title = gettext_lazy("Article helpfulness")
    header_icon = "help"
    index_url_name = "feedback_admin:helpfulness"
    index_results_url_name = "feedback_admin:helpfulness_results"
    filterset_class = PeriodFilterSet
    export_filename = "article-helpfulness"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Article"),
            get_url=lambda row: _article_url(row.article_page_id),
        ),
        Column("helpful", label=gettext_lazy("Helpful")),
        Column("not_helpful", label=gettext_lazy("Not helpful")),
        Column("score_percent", label=gettext_lazy("Score (Wilson lower bound, %)")),
        Column("unresolved", label=gettext_lazy("Open comments")),
    ]
    list_export = [
        "title",
        "helpful",
        "not_helpful",
        "score_percent",
        "unresolved",
        "exists",
    ]
    export_headings = {
        "title": "Article",
        "helpful": "Helpful",
        "not_helpful": "Not helpful",
        "score_percent": "Score (%)",
        "unresolved": "Open comments",
        "exists": "Article exists",
    }

    def get_queryset(self):
        since, until = self.period()
        return sorted(
            article_scores(since=since, until=until),
            key=lambda row: (row.score, -row.total),
        )


class ContentGapsReport(ListReportView):
    page_title = gettext_lazy("Content gaps")
    header_icon = "warning"
    index_url_name = "feedback_admin:gaps"
    index_results_url_name = "feedback_admin:gaps_results"
    filterset_class = GapFilterSet
    export_filename = "content-gaps"
    default_days = DEFAULT_GAP_DAYS
    columns = [
        Column("kind_label", label=gettext_lazy("Gap")),
        TitleColumn(
            "title",
            label=gettext_lazy("What"),
            get_url=lambda gap: gap.source_url or gap.fix_url,
        ),
        Column("detail", label=gettext_lazy("Details")),
        Column("impact", label=gettext_lazy("Readers affected")),
        Column("state_label", label=gettext_lazy("State")),
        LinkColumn(
            "fix",
            label=gettext_lazy("Fix"),
            get_url=lambda gap: gap.fix_url,
            get_text=lambda g: g.fix_label,
        ),
        LinkColumn(
            "work",
            label=gettext_lazy("Work queue"),
            get_url=gap_work_url,
            get_text=lambda gap: "Assign, snooze, dismiss…",
        ),
    ]
    list_export = ["kind_label", "title", "detail", "impact", "fix_url", "state_label"]
    export_headings = {
        "kind_label": "Gap",
        "title": "What",
        "detail": "Details",
        "impact": "Readers affected",
        "fix_url": "Fix at",
        "state_label": "State",
    }

    def get_queryset(self):
        since, until = self.period()
        kind = show = language = None
        if self.filters and self.filters.is_valid():
            kind = self.filters.form.cleaned_data.get("kind")
            show = self.filters.form.cleaned_data.get("show")
            language = self.filters.form.cleaned_data.get("language") or None
        gaps = content_gaps(
            since=since,
            until=until,
            kinds=[kind] if kind else (),
            site_settings=feedback_settings(self.request),
            language=language,
        )
        return gaps_with_tickets(gaps, show=show or ACTIVE)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["fix_url"] = self.request.build_absolute_uri(item.fix_url)
        return row


class CommentFilterSet(WagtailFilterSet):
    updated_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("open", "Open"), ("resolved", "Resolved")],
        method="filter_status",
    )

    class Meta:
        model = ArticleFeedback
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=(value == "open"))


class FeedbackCommentsReport(ReportView):
    page_title = gettext_lazy("Reader feedback")
    header_icon = "comment"
    index_url_name = "feedback_admin:comments"
    index_results_url_name = "feedback_admin:comments_results"
    filterset_class = CommentFilterSet
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    export_filename = "reader-feedback"
    columns = [
        TitleColumn(
            "article_title",
            label=gettext_lazy("Article"),
            get_url=lambda row: _article_url(row.article_page_id),
        ),
        Column(
            "reasons_text",
            label=gettext_lazy("Reasons"),
            accessor=lambda r: ", ".join(r.reason_labels()),
        ),
        Column("comment", label=pgettext_lazy("noun", "Comment")),
        DateColumn("updated_at", label=gettext_lazy("Date")),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor=lambda r: (
                f"Resolved by {r.resolved_by or 'a former editor'}"
                if r.resolved_at
                else "Open"
            ),
        ),
    ]
    list_export = [
        "article_title",
        "reason_labels",
        "comment",
        "updated_at",
        "resolved_at",
        "resolved_by",
    ]
    export_headings = {
        "article_title": "Article",
        "reason_labels": "Reasons",
        "comment": "Comment",
        "updated_at": "Date",
        "resolved_at": "Resolved at",
        "resolved_by": "Resolved by",
    }

    def get_queryset(self):
        queryset = feedback_list()
        return self.filter_queryset(queryset)


def _article_url(article_page_id):
    from django.urls import reverse

    return reverse("feedback_admin:article", args=[article_page_id])
