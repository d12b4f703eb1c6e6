"""Editor screens: one article's review, all reviews, and the review history."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from kb.articles.models import ArticlePage

from .forms import MarkReviewedForm, ReviewForm, possible_owners
from .models import ArticleReview, ReviewAction, ReviewEvent
from .selectors import review_events, review_for, review_list, review_settings
from .services import review_mark_done, review_unsaved, review_update

# Anyone who may open the admin may read reviews; editing one needs the right to
# edit its article (checked per article).
permission_policy = ModelPermissionPolicy(ArticleReview)


def _article(request, page_id):
    article = get_object_or_404(ArticlePage, pk=page_id)
    if not article.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return article


def article_review(request, page_id):
    """The article's owner, review date, open evidence and history; the forms to
    change them and to mark the article reviewed."""
    article = _article(request, page_id)
    review = review_for(article=article) or review_unsaved(
        article=article, site_settings=review_settings(request)
    )
    status = 200
    form = ReviewForm(initial={"owner": review.owner, "review_by": review.review_by})
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            review_update(
                article=article,
                user=request.user,
                owner=form.cleaned_data["owner"],
                review_by=form.cleaned_data["review_by"],
            )
            messages.success(request, _("Owner and review date saved."))
            return redirect("reviews_admin:article", article.pk)
        status = 400
    return TemplateResponse(
        request,
        "reviews/admin/article_review.html",
        {
            "article": article,
            "review": review,
            "form": form,
            "mark_form": MarkReviewedForm(),
            "events": review_events(article_page_id=article.pk)[:100],
            "header_icon": "calendar-check",
        },
        status=status,
    )


@require_POST
def article_mark_reviewed(request, page_id):
    article = _article(request, page_id)
    form = MarkReviewedForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    review = review_mark_done(
        article=article,
        user=request.user,
        note=note,
        site_settings=review_settings(request),
    )
    messages.success(
        request,
        _("“%(title)s” marked as reviewed; next review by %(date)s.")
        % {
            "title": article.title,
            "date": date_format(review.review_by, "SHORT_DATE_FORMAT"),
        },
    )
    next_url = request.POST.get("next", "")
    if next_url == "dashboard":
        return redirect("wagtailadmin_home")
    return redirect("reviews_admin:article", article.pk)


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("due", "Due for review"), ("opened", "Opened by evidence")],
        method="filter_status",
    )
    owner = django_filters.ModelChoiceFilter(queryset=possible_owners())

    class Meta:
        model = ArticleReview
        fields = ["owner"]

    def filter_status(self, queryset, name, value):
        from django.db.models import Q
        from django.utils import timezone

        if value == "opened":
            return queryset.filter(opened_at__isnull=False)
        return queryset.filter(
            Q(review_by__lte=timezone.localdate()) | Q(opened_at__isnull=False)
        )


class ArticleReviewsReport(ReportView):
    page_title = gettext_lazy("Article reviews")
    header_icon = "calendar-check"
    index_url_name = "reviews_admin:reviews"
    index_results_url_name = "reviews_admin:reviews_results"
    filterset_class = ReviewFilterSet
    any_permission_required = ["add", "change", "view"]
    permission_policy = permission_policy
    export_filename = "article-reviews"
    columns = [
        TitleColumn(
            "article",
            label=gettext_lazy("Article"),
            accessor=lambda review: review.article.title,
            get_url=lambda review: _review_url(review.article_id),
        ),
        Column("owner", label=gettext_lazy("Owner")),
        DateColumn("review_by", label=gettext_lazy("Review by")),
        Column("evidence", label=gettext_lazy("Opened by evidence")),
        DateColumn("last_reviewed_at", label=gettext_lazy("Last reviewed")),
        Column("last_reviewed_by", label=gettext_lazy("Reviewed by")),
    ]
    list_export = [
        "article.title",
        "owner",
        "review_by",
        "opened_at",
        "evidence",
        "last_reviewed_at",
        "last_reviewed_by",
    ]
    export_headings = {
        "article.title": "Article",
        "owner": "Owner",
        "review_by": "Review by",
        "opened_at": "Opened by evidence at",
        "evidence": "Evidence",
        "last_reviewed_at": "Last reviewed at",
        "last_reviewed_by": "Last reviewed by",
    }

    def get_queryset(self):
        return self.filter_queryset(review_list())


class ReviewEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )
    action = django_filters.ChoiceFilter(choices=ReviewAction.choices)

    class Meta:
        model = ReviewEvent
        fields = ["action"]


class ReviewHistoryReport(ReportView):
    page_title = gettext_lazy("Review history")
    header_icon = "history"
    index_url_name = "reviews_admin:history"
    index_results_url_name = "reviews_admin:history_results"
    filterset_class = ReviewEventFilterSet
    any_permission_required = ["add", "change", "view"]
    permission_policy = permission_policy
    export_filename = "review-history"
    columns = [
        DateColumn("at", label=gettext_lazy("When")),
        TitleColumn(
            "article_title",
            label=gettext_lazy("Article"),
            get_url=lambda event: _review_url(event.article_page_id),
        ),
        Column("action", label=gettext_lazy("Change"), accessor="get_action_display"),
        Column(
            "actor",
            label=gettext_lazy("Who"),
            accessor=lambda e: e.actor or "Background check",
        ),
        Column("detail", label=gettext_lazy("Details")),
    ]
    list_export = ["at", "article_title", "get_action_display", "actor", "detail"]
    export_headings = {
        "at": "When",
        "article_title": "Article",
        "get_action_display": "Change",
        "actor": "Who",
        "detail": "Details",
    }

    def get_queryset(self):
        return self.filter_queryset(review_events())


def _review_url(page_id):
    from django.urls import reverse

    return reverse("reviews_admin:article", args=[page_id])
