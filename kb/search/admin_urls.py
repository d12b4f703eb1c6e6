from django.urls import path

from .views.reports import NoClicksReportView, NoResultsReportView, TopQueriesReportView

app_name = "kb_search_reports"

urlpatterns = [
    path("top/", TopQueriesReportView.as_view(), name="top"),
    path(
        "top/results/",
        TopQueriesReportView.as_view(results_only=True),
        name="top_results",
    ),
    path("no-results/", NoResultsReportView.as_view(), name="no_results"),
    path(
        "no-results/results/",
        NoResultsReportView.as_view(results_only=True),
        name="no_results_results",
    ),
    path("no-clicks/", NoClicksReportView.as_view(), name="no_clicks"),
    path(
        "no-clicks/results/",
        NoClicksReportView.as_view(results_only=True),
        name="no_clicks_results",
    ),
]
