from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("background-tasks/", include(admin_urls, namespace="kb_worker"))]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_background_tasks_report():
    return SuperuserMenuItem(
        gettext_lazy("Background tasks"),
        reverse("kb_worker:tasks"),
        name="background-tasks",
        icon_name="cogs",
        order=1900,
    )
