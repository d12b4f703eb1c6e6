from django.urls import path

from .views import site

app_name = "kb_search"

urlpatterns = [
    path("", site.search, name="search"),
    path("suggest/", site.suggest, name="suggest"),
    path("click/", site.click, name="click"),
    path("opensearch.xml", site.opensearch, name="opensearch"),
]
