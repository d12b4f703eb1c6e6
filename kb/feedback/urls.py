from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("articles/<int:page_id>/vote/", views.vote, name="vote"),
]
