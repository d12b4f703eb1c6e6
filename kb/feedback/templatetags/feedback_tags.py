from django import template

from kb.feedback.widget import widget_context

register = template.Library()


@register.inclusion_tag("feedback/widget.html", takes_context=True)
def feedback_widget(context, article=None):
    """The "Was this helpful?" widget for `article` (default: the page being shown)."""
    request = context["request"]
    article = article or context["page"]
    return widget_context(
        request=request,
        article=article,
        state=request.GET.get("feedback"),
        related=context.get("related"),
    )
