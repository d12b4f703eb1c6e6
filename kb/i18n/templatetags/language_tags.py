from django import template

from ..selectors import language_options as select_language_options

register = template.Library()


@register.simple_tag(takes_context=True)
def language_options(context):
    """The switcher's options for what the page shows, computed once a request
    (the header's switcher and the head's hreflang links share them)."""
    request = context.get("request")
    if request is None:
        return []
    cached = getattr(request, "_kb_language_options", None)
    if cached is None:
        cached = select_language_options(request=request, page=context.get("page"))
        request._kb_language_options = cached
    return cached
