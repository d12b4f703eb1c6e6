from django.urls import path

from .views import BackgroundTasksReportView

app_name = "kb_worker"

urlpatterns = [
    path("", BackgroundTasksReportView.as_view(), name="tasks"),
    path(
        "results/",
        BackgroundTasksReportView.as_view(results_only=True),
        name="tasks_results",
    ),
]
