"""Admin reports on the search log: Wagtail report views with date filter and export."""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy, ngettext
from django_filters import ChoiceFilter, DateFromToRangeFilter
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query

from .. import selectors
from ..selectors.languages import language_choices

REPORTS_PERMISSION = "kb_search.view_querydailystats"


def can_view_reports(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(REPORTS_PERMISSION))


class SearchLogFilterSet(WagtailFilterSet):
    # Applied by the selector (sums must count only the chosen days), not here.
    date = DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget, method="keep_all"
    )
    language = ChoiceFilter(
        label=gettext_lazy("Readers' language"),
        choices=language_choices,
        empty_label=gettext_lazy("All languages"),
        method="keep_all",
    )

    class Meta:
        model = Query
        fields = []

    def keep_all(self, queryset, name, value):
        return queryset


def _percent(value):
    return "" if value is None else f"{value * 100:.0f}%"


def _rank(value):
    return "" if value is None else f"{value:.1f}"


class PercentColumn(Column):
    def get_value(self, instance):
        return _percent(super().get_value(instance))


class RankColumn(Column):
    def get_value(self, instance):
        return _rank(super().get_value(instance))


class SearchLogReportView(ReportView):
    """Base for the search reports: rows come from one of the log selectors."""

    header_icon = "search"
    filterset_class = SearchLogFilterSet
    selector = staticmethod(selectors.top_queries)
    default_ordering = "-searches"
    is_searchable = True
    search_fields = ["query_string"]
    search_backend_name = None
    columns = [
        Column("query_string", label=gettext_lazy("Search"), sort_key="query_string"),
        NumberColumn("searches", label=gettext_lazy("Searches"), sort_key="searches"),
        NumberColumn("results", label=gettext_lazy("Results"), sort_key="results"),
        NumberColumn("clicks", label=gettext_lazy("Clicks"), sort_key="clicks"),
        PercentColumn(
            "click_through",
            label=gettext_lazy("Click-through"),
            sort_key="click_through",
        ),
        RankColumn(
            "average_rank",
            label=gettext_lazy("Average clicked rank"),
            sort_key="average_rank",
        ),
    ]
    list_export = [
        "query_string",
        "searches",
        "results",
        "clicks",
        "click_through",
        "average_rank",
    ]
    export_headings = {
        "query_string": "Search",
        "searches": "Searches",
        "results": "Results",
        "clicks": "Clicks",
        "click_through": "Click-through rate",
        "average_rank": "Average clicked rank",
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def period(self):
        if self.filters and self.filters.is_valid():
            dates = self.filters.form.cleaned_data.get("date")
            if dates:
                return dates.start, dates.stop
        return None, None

    @cached_property
    def language(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("language") or None
        return None

    def get_base_queryset(self):
        since, until = self.period
        return self.selector(since=since, until=until, language=self.language)

    def get_page_subtitle(self):
        since, until = self.period
        summary = selectors.search_summary(
            since=since, until=until, language=self.language
        )
        searches, clicks = summary["searches"], summary["clicks"]
        parts = [
            ngettext("%(n)d search", "%(n)d searches", searches) % {"n": searches},
            ngettext("%(n)d click", "%(n)d clicks", clicks) % {"n": clicks},
        ]
        if summary["click_through"] is not None:
            parts.append(f"click-through {_percent(summary['click_through'])}")
        if summary["average_rank"] is not None:
            parts.append(f"average clicked rank {_rank(summary['average_rank'])}")
        return " · ".join(parts)


class TopQueriesReportView(SearchLogReportView):
    page_title = gettext_lazy("Top searches")
    export_filename = "top-searches"
    index_url_name = "kb_search_reports:top"
    index_results_url_name = "kb_search_reports:top_results"
    selector = staticmethod(selectors.top_queries)


class NoResultsReportView(SearchLogReportView):
    page_title = gettext_lazy("Searches without results")
    export_filename = "searches-without-results"
    index_url_name = "kb_search_reports:no_results"
    index_results_url_name = "kb_search_reports:no_results_results"
    selector = staticmethod(selectors.queries_without_results)
    columns = SearchLogReportView.columns[:2]
    list_export = ["query_string", "searches"]


class NoClicksReportView(SearchLogReportView):
    page_title = gettext_lazy("Searches without clicks")
    export_filename = "searches-without-clicks"
    index_url_name = "kb_search_reports:no_clicks"
    index_results_url_name = "kb_search_reports:no_clicks_results"
    selector = staticmethod(selectors.queries_without_clicks)
    columns = SearchLogReportView.columns[:3]
    list_export = ["query_string", "searches", "results"]
