"""The article page's buttons: resolve a comment, reset the score, show or hide it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from ..models import ArticleFeedback
from ..services import (
    article_score_reset,
    article_score_visibility_set,
    feedback_resolve,
)
from .permissions import require_feedback_permission


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
