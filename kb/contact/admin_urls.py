from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import admin_views

app_name = "contact_admin"

urlpatterns = [
    path("score/", admin_views.SelfServiceReport.as_view(), name="score"),
    path(
        "score/results/",
        admin_views.SelfServiceReport.as_view(results_only=True),
        name="score_results",
    ),
    path(
        "requests/<id:pk>/attachment/",
        admin_views.attachment_download,
        name="attachment",
    ),
]
