from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kb.reports"
    label = "kb_reports"
    verbose_name = "Report exports"

    def ready(self):
        from . import cells

        cells.protect_spreadsheet_exports()
