"""Read-only queries for article pages and listings."""

from collections import defaultdict

from django.db.models import Count, Q

from .models import ArticlePage, CategoryPage

RELATED_LIMIT = 5


def category_list(*, home):
    """Live categories under the home page, each with its live articles in `articles`."""
    categories = list(CategoryPage.objects.child_of(home).live().public().order_by("path"))
    by_parent = defaultdict(list)
    for article in ArticlePage.objects.descendant_of(home).live().public().order_by("path"):
        by_parent[article.path[: -ArticlePage.steplen]].append(article)
    for category in categories:
        category.articles = by_parent[category.path]
    return categories


def category_articles(*, category):
    return ArticlePage.objects.child_of(category).live().public().order_by("path")


def popular_articles(*, home, limit=6):
    """The newest articles for now; the feedback app's view counts can refine this."""
    return (
        ArticlePage.objects.descendant_of(home)
        .live()
        .public()
        .order_by("-first_published_at")[:limit]
    )


def article_related(*, article, limit=RELATED_LIMIT):
    """Hand-picked related articles, else the live articles sharing most tags; in
    the article's language (a translation copies its source's picks, which point
    at the source language's articles, so they are matched by translation)."""
    picked = list(
        ArticlePage.objects.live()
        .public()
        .filter(
            locale_id=article.locale_id,
            translation_key__in=article.related_articles.values("translation_key"),
        )
        .order_by("path")[:limit]
    )
    if picked:
        return picked
    tag_ids = list(article.tags.values_list("id", flat=True))
    if not tag_ids:
        return list(
            ArticlePage.objects.sibling_of(article, inclusive=False)
            .live()
            .public()
            .order_by("path")[:limit]
        )
    return list(
        ArticlePage.objects.live()
        .public()
        .filter(locale_id=article.locale_id)
        .exclude(pk=article.pk)
        .annotate(shared=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
        .filter(shared__gt=0)
        .order_by("-shared", "title")[:limit]
    )
