from django import template

from kb.feedback.widget import answer_proven, widget_context

register = template.Library()


@register.inclusion_tag("feedback/widget.html", takes_context=True)
def feedback_widget(context, article=None):
    """The "Was this helpful?" widget for `article` (default: the page being shown)."""
    request = context["request"]
    article = article or context["page"]
    state = request.GET.get("feedback")
    return widget_context(
        request=request,
        article=article,
        state=state,
        related=context.get("related"),
        answered=answer_proven(
            article_page_id=article.pk,
            state=state,
            proof=request.GET.get("answered", ""),
        ),
    )
