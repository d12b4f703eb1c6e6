"""Editor screens: the translations report and syncing a tree's translations."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from .selectors import TranslationStatus, pages_to_translate, translations_with_status
from .services import translations_sync


class TranslationFilterSet(WagtailFilterSet):
    locale = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Language"),
        queryset=Locale.objects.all(),
        method="filter_locale",
    )
    translation_status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=TranslationStatus.choices
    )

    class Meta:
        model = Page
        fields = []

    def filter_locale(self, queryset, name, value):
        return queryset.filter(locale=value)


def _edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id]) if page_id else None


class TranslationsReport(ReportView):
    page_title = gettext_lazy("Translations")
    header_icon = "globe"
    index_url_name = "i18n_admin:translations"
    index_results_url_name = "i18n_admin:translations_results"
    filterset_class = TranslationFilterSet
    export_filename = "translations"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Translation"),
            get_url=lambda page: _edit_url(page.pk),
        ),
        Column(
            "language",
            label=gettext_lazy("Language"),
            accessor=lambda page: page.locale.get_display_name(),
        ),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor=lambda page: TranslationStatus.labels[page.translation_status],
        ),
        TitleColumn(
            "source_title",
            label=gettext_lazy("Source"),
            get_url=lambda page: _edit_url(page.source_id),
        ),
        DateColumn("source_published_at", label=gettext_lazy("Source published")),
        DateColumn("last_published_at", label=gettext_lazy("Translation published")),
    ]
    list_export = [
        "title",
        "locale.language_code",
        "translation_status",
        "source_title",
        "source_published_at",
        "last_published_at",
    ]

    def get_queryset(self):
        return self.filter_queryset(translations_with_status())


def _sync_source(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if page.is_root():
        raise PermissionDenied
    if not (
        request.user.has_perm("simple_translation.submit_translation")
        and page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    return page.specific


def translations_sync_view(request, page_id):
    """Shows what a sync would create in each language; creates it on POST."""
    source = _sync_source(request, page_id)
    locales = list(Locale.objects.exclude(pk=source.locale_id))
    if request.method == "POST":
        created = translations_sync(source=source, locales=locales, user=request.user)
        total = sum(len(pages) for pages in created.values())
        messages.success(
            request,
            ngettext(
                "%(count)d draft translation created; translate and publish it.",
                "%(count)d draft translations created; translate and publish them.",
                total,
            )
            % {"count": total}
            if total
            else _("Every page of this tree is already translated."),
        )
        return redirect("i18n_admin:translations")
    missing = pages_to_translate(source=source, locales=locales)
    return TemplateResponse(
        request,
        "i18n/admin/translations_sync.html",
        {
            "source": source,
            "missing": [(locale, len(pages)) for locale, pages in missing.items()],
            "anything_missing": any(missing.values()),
        },
    )
