from django.apps import AppConfig
from wagtail.search import apps as wagtail_search_apps


class SearchConfig(AppConfig):
    name = "kb.search"
    label = "kb_search"
    default = True
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import tuning

        tuning.connect()


class WagtailSearchConfig(wagtail_search_apps.WagtailSearchAppConfig):
    """Wagtail's search app (modelsearch), with index updates applied when the
    transaction commits instead of at every save (see signal_handlers.py)."""

    default = False

    def ready(self):
        super().ready()
        from . import signal_handlers

        signal_handlers.connect()
