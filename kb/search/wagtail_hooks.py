from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from . import admin_urls
from .models import Synonym
from .views.reports import can_view_reports


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("search-reports/", include(admin_urls, namespace="kb_search_reports"))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reports(request.user)


def _report_item(label, url_name, name, order):
    return SearchReportMenuItem(
        label, reverse(url_name), name=name, icon_name="search", order=order
    )


@hooks.register("register_reports_menu_item")
def register_top_searches_report():
    return _report_item("Top searches", "kb_search_reports:top", "top-searches", 1310)


@hooks.register("register_reports_menu_item")
def register_no_results_report():
    return _report_item(
        "Searches without results", "kb_search_reports:no_results", "no-results", 1320
    )


@hooks.register("register_reports_menu_item")
def register_no_clicks_report():
    return _report_item(
        "Searches without clicks", "kb_search_reports:no_clicks", "no-clicks", 1330
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="kb_search", codename="view_querydailystats"
    )


class SynonymCreateView(CreateView):
    """Starts from `?terms=` when opened from a search (the content-gap queue)."""

    def get_initial(self):
        initial = super().get_initial()
        terms = self.request.GET.get("terms", "")[:500]
        if terms:
            initial["terms"] = terms + ", "
        return initial


class SynonymViewSet(SnippetViewSet):
    """Editors keep synonym groups under Settings; searches use them at once."""

    model = Synonym
    icon = "list-ul"
    menu_label = gettext_lazy("Search synonyms")
    menu_name = "search-synonyms"
    add_to_settings_menu = True
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]
    search_backend_name = None
    add_view_class = SynonymCreateView


register_snippet(SynonymViewSet)
