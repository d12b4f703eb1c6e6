from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import admin_views

app_name = "i18n_admin"

urlpatterns = [
    path("", admin_views.TranslationsReport.as_view(), name="translations"),
    path(
        "results/",
        admin_views.TranslationsReport.as_view(results_only=True),
        name="translations_results",
    ),
    path("sync/<id:page_id>/", admin_views.translations_sync_view, name="sync"),
]
