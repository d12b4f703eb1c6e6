"""Create an article from a search or forum question: a draft in a chosen category."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from kb.articles.models import CategoryPage

from ..forms import CreateArticleForm
from ..services import article_draft_create


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
