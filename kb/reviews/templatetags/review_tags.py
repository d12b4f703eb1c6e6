from django import template

from kb.reviews.selectors import review_for, review_settings

register = template.Library()


@register.inclusion_tag("reviews/last_reviewed.html", takes_context=True)
def last_reviewed(context, article=None):
    """ "Last reviewed on ..." under an article, where the site turns it on."""
    article = article or context["page"]
    if not review_settings(context["request"]).show_last_reviewed:
        return {"reviewed_at": None}
    review = review_for(article=article)
    return {"reviewed_at": review.last_reviewed_at if review else None}
