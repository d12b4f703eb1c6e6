"""Editor screens: reports (helpfulness, content gaps, comments), one article's
feedback, and "create an article" from a search or forum question."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from kb.articles.models import CategoryPage
from kb.search.selectors.languages import language_choices

from ..admin_gap_queue import SHOW_CHOICES, gap_work_url
from ..analytics import (
    article_requests_after_reading,
    article_search_terms,
    article_weekly_views,
)
from ..chart import trend_svg, views_svg
from ..forms import CreateArticleForm
from ..gap_queue import ACTIVE, gaps_with_tickets
from ..gaps import GapKind, content_gaps
from ..models import ArticleFeedback
from ..selectors import (
    article_score,
    article_scores,
    article_state,
    article_trend,
    feedback_list,
    feedback_settings,
)
from ..services import (
    article_draft_create,
    article_score_reset,
    article_score_visibility_set,
    feedback_resolve,
)

permission_policy = ModelPermissionPolicy(ArticleFeedback)
DEFAULT_GAP_DAYS = 90


def require_feedback_permission(user, action="view"):
    actions = ["view", "change"] if action == "view" else [action]
    if not permission_policy.user_has_any_permission(user, actions):
        raise PermissionDenied


class LinkColumn(Column):
    """A cell with a link whose address and text come from the row."""

    cell_template_name = "feedback/admin/link_cell.html"

    def __init__(self, name, *, get_url, get_text, **kwargs):
        super().__init__(name, **kwargs)
        self._get_url, self._get_text = get_url, get_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = self._get_url(instance)
        context["text"] = self._get_text(instance)
        return context


class PeriodFilterSet(WagtailFilterSet):
    period = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget, method="keep"
    )

    class Meta:
        model = ArticleFeedback
        fields = []

    def keep(self, queryset, name, value):
        return queryset


class GapFilterSet(PeriodFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Gap"), choices=GapKind.choices, method="keep"
    )
    language = django_filters.ChoiceFilter(
        label="Readers' language",
        choices=language_choices,
        empty_label="All languages",
        method="keep",
    )
    show = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=SHOW_CHOICES,
        empty_label=gettext_lazy("To do (open, assigned, snooze over)"),
        method="keep",
    )


class ListReportView(ReportView):
    """A report over a list of rows computed for a period (not a queryset)."""

    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    default_days = None

    def period(self):
        start = stop = None
        if self.filters and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get("period")
            if value:
                start, stop = value.start, value.stop
        if start is None and self.default_days:
            start = timezone.now() - datetime.timedelta(days=self.default_days)
        return start, stop

    def filter_queryset(self, queryset):
        return queryset  # the filters' values shape the rows in get_queryset()

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))


class ArticleHelpfulnessReport(ListReportView):
    page_title = gettext_lazy("Article helpfulness")
    header_icon = "help"
    index_url_name = "feedback_admin:helpfulness"
    index_results_url_name = "feedback_admin:helpfulness_results"
    filterset_class = PeriodFilterSet
    export_filename = "article-helpfulness"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Article"),
            get_url=lambda row: _article_url(row.article_page_id),
        ),
        Column("helpful", label=gettext_lazy("Helpful")),
        Column("not_helpful", label=gettext_lazy("Not helpful")),
        Column("score_percent", label=gettext_lazy("Score (Wilson lower bound, %)")),
        Column("unresolved", label=gettext_lazy("Open comments")),
    ]
    list_export = [
        "title",
        "helpful",
        "not_helpful",
        "score_percent",
        "unresolved",
        "exists",
    ]
    export_headings = {
        "title": "Article",
        "helpful": "Helpful",
        "not_helpful": "Not helpful",
        "score_percent": "Score (%)",
        "unresolved": "Open comments",
        "exists": "Article exists",
    }

    def get_queryset(self):
        since, until = self.period()
        return sorted(
            article_scores(since=since, until=until),
            key=lambda row: (row.score, -row.total),
        )


class ContentGapsReport(ListReportView):
    page_title = gettext_lazy("Content gaps")
    header_icon = "warning"
    index_url_name = "feedback_admin:gaps"
    index_results_url_name = "feedback_admin:gaps_results"
    filterset_class = GapFilterSet
    export_filename = "content-gaps"
    default_days = DEFAULT_GAP_DAYS
    columns = [
        Column("kind_label", label=gettext_lazy("Gap")),
        TitleColumn(
            "title",
            label=gettext_lazy("What"),
            get_url=lambda gap: gap.source_url or gap.fix_url,
        ),
        Column("detail", label=gettext_lazy("Details")),
        Column("impact", label=gettext_lazy("Readers affected")),
        Column("state_label", label=gettext_lazy("State")),
        LinkColumn(
            "fix",
            label=gettext_lazy("Fix"),
            get_url=lambda gap: gap.fix_url,
            get_text=lambda g: g.fix_label,
        ),
        LinkColumn(
            "work",
            label=gettext_lazy("Work queue"),
            get_url=gap_work_url,
            get_text=lambda gap: "Assign, snooze, dismiss…",
        ),
    ]
    list_export = ["kind_label", "title", "detail", "impact", "fix_url", "state_label"]
    export_headings = {
        "kind_label": "Gap",
        "title": "What",
        "detail": "Details",
        "impact": "Readers affected",
        "fix_url": "Fix at",
        "state_label": "State",
    }

    def get_queryset(self):
        since, until = self.period()
        kind = show = language = None
        if self.filters and self.filters.is_valid():
            kind = self.filters.form.cleaned_data.get("kind")
            show = self.filters.form.cleaned_data.get("show")
            language = self.filters.form.cleaned_data.get("language") or None
        gaps = content_gaps(
            since=since,
            until=until,
            kinds=[kind] if kind else (),
            site_settings=feedback_settings(self.request),
            language=language,
        )
        return gaps_with_tickets(gaps, show=show or ACTIVE)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["fix_url"] = self.request.build_absolute_uri(item.fix_url)
        return row


class CommentFilterSet(WagtailFilterSet):
    updated_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Date"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=[("open", "Open"), ("resolved", "Resolved")],
        method="filter_status",
    )

    class Meta:
        model = ArticleFeedback
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(resolved_at__isnull=(value == "open"))


class FeedbackCommentsReport(ReportView):
    page_title = gettext_lazy("Reader feedback")
    header_icon = "comment"
    index_url_name = "feedback_admin:comments"
    index_results_url_name = "feedback_admin:comments_results"
    filterset_class = CommentFilterSet
    permission_policy = permission_policy
    any_permission_required = ["view", "change"]
    export_filename = "reader-feedback"
    columns = [
        TitleColumn(
            "article_title",
            label=gettext_lazy("Article"),
            get_url=lambda row: _article_url(row.article_page_id),
        ),
        Column(
            "reasons_text",
            label=gettext_lazy("Reasons"),
            accessor=lambda r: ", ".join(r.reason_labels()),
        ),
        Column("comment", label=pgettext_lazy("noun", "Comment")),
        DateColumn("updated_at", label=gettext_lazy("Date")),
        Column(
            "status",
            label=gettext_lazy("Status"),
            accessor=lambda r: (
                f"Resolved by {r.resolved_by or 'a former editor'}"
                if r.resolved_at
                else "Open"
            ),
        ),
    ]
    list_export = [
        "article_title",
        "reason_labels",
        "comment",
        "updated_at",
        "resolved_at",
        "resolved_by",
    ]
    export_headings = {
        "article_title": "Article",
        "reason_labels": "Reasons",
        "comment": "Comment",
        "updated_at": "Date",
        "resolved_at": "Resolved at",
        "resolved_by": "Resolved by",
    }

    def get_queryset(self):
        queryset = feedback_list()
        return self.filter_queryset(queryset)


def _article_url(article_page_id):
    from django.urls import reverse

    return reverse("feedback_admin:article", args=[article_page_id])


def article_detail(request, page_id):
    """One article's answers: counts, score, reasons, comments and the weekly trend."""
    require_feedback_permission(request.user)
    page = Page.objects.filter(pk=page_id).specific().first()
    snapshot = ArticleFeedback.objects.filter(article_page_id=page_id).first()
    if page is None and snapshot is None:
        raise Http404("No feedback for this article")
    title = page.title if page else snapshot.article_title
    score = article_score(article_page_id=page_id, title=title)
    state = article_state(article_page_id=page_id)
    trend = article_trend(article_page_id=page_id)
    views = article_weekly_views(article_page_id=page_id, weeks=len(trend))
    baseline = (
        timezone.localtime(state.score_since).date()
        if state and state.score_since
        else None
    )
    return TemplateResponse(
        request,
        "feedback/admin/article_detail.html",
        {
            "page": page,
            "article_page_id": page_id,
            "title": title,
            "score": score,
            "state": state,
            "trend": trend,
            "chart": trend_svg(trend, baseline=baseline),
            "views": views,
            "views_total": sum(point.views for point in views),
            "views_chart": views_svg(views),
            "search_terms": article_search_terms(
                article_page_id=page_id, since=views[0].start
            ),
            "support_requests": article_requests_after_reading(
                article_page_id=page_id, weeks=views, user=request.user
            ),
            "feedback": feedback_list(article_page_id=page_id).select_related(
                "resolved_by"
            )[:200],
            "can_change": permission_policy.user_has_permission(request.user, "change"),
            "header_icon": "help",
        },
    )


@require_POST
def feedback_resolve_view(request, pk):
    require_feedback_permission(request.user, "change")
    feedback = get_object_or_404(ArticleFeedback, pk=pk)
    resolved = request.POST.get("resolved", "1") == "1"
    feedback_resolve(feedback=feedback, user=request.user, resolved=resolved)
    messages.success(
        request, _("Feedback marked resolved.") if resolved else _("Feedback reopened.")
    )
    return redirect("feedback_admin:article", feedback.article_page_id)


@require_POST
def article_score_reset_view(request, page_id):
    require_feedback_permission(request.user, "change")
    page = Page.objects.filter(pk=page_id).first()
    article_score_reset(
        article_page_id=page_id,
        user=request.user,
        revision=page.live_revision if page else None,
        note=request.POST.get("note", "")[:200] or "Reset by an editor",
    )
    messages.success(request, _("The score now counts only answers from now on."))
    return redirect("feedback_admin:article", page_id)


@require_POST
def article_score_visibility_view(request, page_id):
    require_feedback_permission(request.user, "change")
    show = request.POST.get("show") == "1"
    article_score_visibility_set(article_page_id=page_id, show=show)
    messages.success(
        request,
        _("Readers now see this score.")
        if show
        else _("The score is hidden from readers."),
    )
    return redirect("feedback_admin:article", page_id)


def _addable_categories(user):
    categories = CategoryPage.objects.live().order_by("path")
    return CategoryPage.objects.filter(
        pk__in=[
            c.pk for c in categories if c.permissions_for_user(user).can_add_subpage()
        ]
    ).order_by("path")


def create_article(request):
    """Start a draft article titled after a search query or forum question."""
    categories = _addable_categories(request.user)
    if not categories.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = CreateArticleForm(request.POST, categories=categories)
        if form.is_valid():
            article = article_draft_create(
                category=form.cleaned_data["category"],
                title=form.cleaned_data["title"],
                user=request.user,
                source=form.cleaned_data["source"],
            )
            messages.success(
                request, _("Draft created: write the article and publish it.")
            )
            return redirect("wagtailadmin_pages:edit", article.pk)
        status = 400
    else:
        form = CreateArticleForm(
            initial={
                "title": request.GET.get("title", "")[:255],
                "source": request.GET.get("source", "")[:500],
            },
            categories=categories,
        )
        status = 200
    return TemplateResponse(
        request,
        "feedback/admin/create_article.html",
        {"form": form, "header_icon": "doc-empty-inverse"},
        status=status,
    )
