from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from kb.articles.models import ArticlePage

from . import admin_urls
from .admin_views import permission_policy
from .selectors import reviews_due


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reviews/", include(admin_urls, namespace="reviews_admin"))]


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="reviews", codename="view_articlereview"
    )


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return permission_policy.user_has_any_permission(
            request.user, ["add", "change", "view"]
        )


@hooks.register("register_reports_menu_item")
def register_reviews_menu_item():
    return ReviewsMenuItem(
        gettext_lazy("Article reviews"),
        reverse("reviews_admin:reviews"),
        icon_name="calendar-check",
        order=930,
    )


@hooks.register("register_reports_menu_item")
def register_review_history_menu_item():
    return ReviewsMenuItem(
        gettext_lazy("Review history"),
        reverse("reviews_admin:history"),
        icon_name="history",
        order=940,
    )


def _review_button(page, user, priority):
    is_article = issubclass(page.specific_class or type(page), ArticlePage)
    if is_article and page.live and page.permissions_for_user(user).can_edit():
        yield Button(
            "Review",
            reverse("reviews_admin:article", args=[page.pk]),
            icon_name="calendar-check",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def page_header_review_button(page, user, view_name, next_url=None):
    yield from _review_button(page, user, 85)


@hooks.register("register_page_listing_more_buttons")
def page_listing_review_button(page, user, next_url=None):
    yield from _review_button(page, user, 85)


class DueForReviewPanel(Component):
    """The signed-in editor's own articles that are due a review."""

    name = "due_for_review"
    template_name = "reviews/admin/dashboard_panel.html"
    order = 140

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        reviews = list(reviews_due(owner=self.request.user)[:10])
        return {"reviews": reviews, "request": self.request}


@hooks.register("construct_homepage_panels")
def add_due_for_review_panel(request, panels):
    panels.append(DueForReviewPanel(request))
