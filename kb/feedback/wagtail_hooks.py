import logging

from django.contrib.auth.models import Permission
from django.db import DatabaseError
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from kb.articles.models import ArticlePage

from . import admin_urls
from .admin_views import permission_policy
from .gap_queue import gaps_assigned_to
from .gaps import RECENT_DAYS, top_gaps
from .readers import is_bot
from .selectors import feedback_settings
from .services import article_view_record

logger = logging.getLogger(__name__)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("feedback/", include(admin_urls, namespace="feedback_admin"))]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="feedback",
        codename__in=["view_articlefeedback", "change_articlefeedback"],
    )


class FeedbackMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_any_permission(
            request.user, ["view", "change"]
        )


@hooks.register("register_reports_menu_item")
def register_gaps_menu_item():
    return FeedbackMenuItem(
        gettext_lazy("Content gaps"),
        reverse("feedback_admin:gaps"),
        icon_name="warning",
        order=900,
    )


@hooks.register("register_reports_menu_item")
def register_helpfulness_menu_item():
    return FeedbackMenuItem(
        gettext_lazy("Article helpfulness"),
        reverse("feedback_admin:helpfulness"),
        icon_name="help",
        order=910,
    )


@hooks.register("register_reports_menu_item")
def register_gap_history_menu_item():
    return FeedbackMenuItem(
        gettext_lazy("Content gap history"),
        reverse("feedback_admin:gap_history"),
        icon_name="history",
        order=905,
    )


@hooks.register("register_reports_menu_item")
def register_comments_menu_item():
    return FeedbackMenuItem(
        gettext_lazy("Reader feedback"),
        reverse("feedback_admin:comments"),
        icon_name="comment",
        order=920,
    )


def _feedback_button(page, user, priority):
    is_article = issubclass(page.specific_class or type(page), ArticlePage)
    if is_article and permission_policy.user_has_any_permission(
        user, ["view", "change"]
    ):
        yield Button(
            "Reader feedback",
            reverse("feedback_admin:article", args=[page.pk]),
            icon_name="help",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_feedback_button(page, user, view_name, next_url=None):
    yield from _feedback_button(page, user, 80)


@hooks.register("register_page_listing_more_buttons")
def page_listing_feedback_button(page, user, next_url=None):
    yield from _feedback_button(page, user, 80)


class ContentGapsPanel(Component):
    name = "content_gaps"
    template_name = "feedback/admin/dashboard_panel.html"
    order = 150

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {
            "gaps": top_gaps(limit=3, site_settings=feedback_settings(self.request)),
            "assigned": gaps_assigned_to(user=self.request.user),
            "days": RECENT_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_content_gaps_panel(request, panels):
    if permission_policy.user_has_any_permission(request.user, ["view", "change"]):
        panels.append(ContentGapsPanel(request))


@hooks.register("before_serve_page")
def count_article_view(page, request, serve_args, serve_kwargs):
    """One small write per article view; bots and feedback redirects are not counted."""
    if (
        isinstance(page, ArticlePage)
        and request.method == "GET"
        and "feedback" not in request.GET
        and not is_bot(request)
    ):
        try:
            article_view_record(article_page_id=page.pk)
        except DatabaseError:  # a view count is never worth an error page
            logger.warning("could not count a view of page %s", page.pk, exc_info=True)
