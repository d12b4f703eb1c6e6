from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb.articles.models import ArticlePage
from kb.search.tracking import referring_search

from . import admin_urls, visits
from .admin_views import ContactRequestViewSet, permission_policy
from .models import ContactCategory, VisitEvent
from .selectors import self_service_summary

DASHBOARD_DAYS = 30


class ContactCategoryViewSet(SnippetViewSet):
    model = ContactCategory
    icon = "tag"
    menu_label = gettext_lazy("Contact categories")
    list_display = ["name", "email", "sort_order"]


register_snippet(ContactCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_contact_requests():
    return ContactRequestViewSet()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("contact/", include(admin_urls, namespace="contact_admin"))]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="contact",
        codename__in=[
            "view_contactrequest",
            "change_contactrequest",
            "delete_contactrequest",
        ],
    )


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_any_permission(
            request.user, ["view", "change"]
        )


@hooks.register("register_reports_menu_item")
def register_score_menu_item():
    return RequestsMenuItem(
        gettext_lazy("Self-service score"),
        reverse("contact_admin:score"),
        icon_name="success",
        order=930,
    )


class SelfServicePanel(Component):
    name = "self_service_score"
    template_name = "contact/admin/dashboard_panel.html"
    order = 140

    def get_context_data(self, parent_context):
        return {
            "summary": self_service_summary(days=DASHBOARD_DAYS),
            "days": DASHBOARD_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_self_service_panel(request, panels):
    if permission_policy.user_has_any_permission(request.user, ["view", "change"]):
        panels.append(SelfServicePanel())


@hooks.register("before_serve_page")
def note_article_read(page, request, serve_args, serve_kwargs):
    """An article read is part of the visit's context (bots start no visit), with
    the search it was opened from, if any."""
    if isinstance(page, ArticlePage) and request.method == "GET":
        visits.record(
            request,
            kind=VisitEvent.Kind.ARTICLE,
            text=page.title,
            page_id=page.pk,
            url=page.get_url(request) or "",
            search_query=referring_search(request),
        )
