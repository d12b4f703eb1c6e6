from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import views

app_name = "feedback"

urlpatterns = [
    path("articles/<id:page_id>/vote/", views.vote, name="vote"),
    path("articles/<id:page_id>/follow/", views.follow, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
