"""The translations report, the "Sync translations" button, and the editor's
notice when a translation is out of date with its source."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import widgets as wagtailadmin_widgets
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Locale

from . import admin_urls
from .selectors import (
    TranslationStatus,
    translation_status_for,
    translations_out_of_date_for,
    translations_with_status,
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("translations/", include(admin_urls, namespace="i18n_admin"))]


@hooks.register("register_reports_menu_item")
def register_translations_menu_item():
    return MenuItem(
        _("Translations"),
        reverse("i18n_admin:translations"),
        icon_name="globe",
        order=960,
    )


@hooks.register("register_page_header_buttons")
def sync_translations_button(page, user, view_name, next_url=None):
    if (
        not page.is_root()
        and page.numchild
        and user.has_perm("simple_translation.submit_translation")
    ):
        yield wagtailadmin_widgets.Button(
            _("Sync translations"),
            reverse("i18n_admin:sync", args=[page.pk]),
            icon_name="globe",
            priority=85,
        )


class TranslationsOutOfDatePanel(Component):
    """The translations whose source changed since they were last published."""

    name = "translations_out_of_date"
    template_name = "i18n/admin/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        behind = translations_with_status().filter(
            translation_status=TranslationStatus.OUT_OF_DATE
        )
        return {"translations": list(behind[:10]), "count": behind.count()}


@hooks.register("construct_homepage_panels")
def add_translations_out_of_date_panel(request, panels):
    panels.append(TranslationsOutOfDatePanel())


@hooks.register("before_edit_page")
def notice_translation_out_of_date(request, page):
    if request.method != "GET":
        return None
    if page.locale_id != Locale.get_default().pk:
        translated = translation_status_for(page)
        if (
            translated
            and translated.translation_status == TranslationStatus.OUT_OF_DATE
        ):
            messages.warning(
                request,
                _(
                    "Out of date: the source page “%(source)s” changed on %(changed)s, "
                    "after this translation was last published on %(published)s. "
                    "Carry its changes over, then publish."
                )
                % {
                    "source": translated.source_title,
                    "changed": date_format(
                        translated.source_published_at, "DATETIME_FORMAT"
                    ),
                    "published": date_format(
                        translated.last_published_at, "DATETIME_FORMAT"
                    ),
                },
            )
        return None
    behind = translations_out_of_date_for(page)
    if behind:
        messages.info(
            request,
            _("Translations out of date with this page: %(languages)s.")
            % {"languages": ", ".join(p.locale.get_display_name() for p in behind)},
        )
    return None
