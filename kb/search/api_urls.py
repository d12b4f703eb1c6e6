from django.urls import path

from .views import api

app_name = "kb_search_api"

urlpatterns = [
    path("", api.search, name="search"),
]
