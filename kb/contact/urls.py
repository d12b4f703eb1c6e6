from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("", views.contact, name="form"),
    path("sent/", views.sent, name="sent"),
    path("suggest/", views.suggest, name="suggest"),
    path("open/", views.open_suggestion, name="open"),
]
