"""The admin's view of the background worker: tasks, failed ones first."""

from django_filters import ChoiceFilter
from django_tasks_db.models import DBTaskResult
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

STATUSES = [
    ("FAILED", "Failed"),
    ("READY", "Waiting"),
    ("RUNNING", "Running"),
    ("SUCCESSFUL", "Done"),
]


class TaskFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label="Status", choices=STATUSES)

    class Meta:
        model = DBTaskResult
        fields = ["status"]


class ErrorColumn(Column):
    def get_value(self, instance):
        return instance.exception_class_path.rsplit(".", 1)[-1] or ""


class BackgroundTasksReportView(ReportView):
    page_title = "Background tasks"
    header_icon = "cogs"
    index_url_name = "kb_worker:tasks"
    index_results_url_name = "kb_worker:tasks_results"
    filterset_class = TaskFilterSet
    export_filename = "background-tasks"
    columns = [
        Column("task_name", label="Task"),
        Column("status", label="Status"),
        DateColumn("enqueued_at", label="Queued"),
        DateColumn("run_after", label="Next try"),
        DateColumn("finished_at", label="Finished"),
        ErrorColumn("exception_class_path", label="Error"),
    ]
    list_export = ["task_name", "status", "enqueued_at", "finished_at"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return DBTaskResult.objects.order_by("-enqueued_at")
