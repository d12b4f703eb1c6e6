from django.db import models
from django.utils.text import slugify
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ArticleBodyBlock

TOC_MIN_HEADINGS = 3


class HomePage(Page):
    """The help center's front page: search box and the list of categories."""

    intro = models.CharField(
        max_length=255,
        blank=True,
        help_text="One line under the search box, e.g. 'How can we help?'",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.CategoryPage"]
    max_count = 1

    class Meta:
        verbose_name = "help center home"

    def get_context(self, request, *args, **kwargs):
        from .selectors import category_list, popular_articles

        context = super().get_context(request, *args, **kwargs)
        context["categories"] = category_list(home=self)
        context["popular_articles"] = popular_articles(home=self)
        return context


class CategoryPage(Page):
    """A section of the help center grouping related articles."""

    description = models.TextField(
        blank=True, help_text="Shown on the home page and at the top of the category."
    )
    icon = models.CharField(
        max_length=32,
        blank=True,
        help_text="Optional emoji or short symbol shown beside the category name.",
    )

    content_panels = Page.content_panels + [FieldPanel("description"), FieldPanel("icon")]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = "category"
        verbose_name_plural = "categories"

    def get_context(self, request, *args, **kwargs):
        from .selectors import category_articles

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = category_articles(category=self)
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(Page):
    """A help article."""

    summary = models.TextField(
        max_length=500,
        help_text="One or two sentences; shown in listings and search results.",
    )
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    related_articles = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text="Shown under the article; filled from shared tags when empty.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("related_articles")], "Links"),
    ]
    # A customer's question matches an article's title far better than its body
    # (StackFAQ's dev queries: docs/benchmarks.md); the summary counts as body text.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=4),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("last_published_at"),
    ]
    parent_page_types = ["articles.CategoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"

    def get_context(self, request, *args, **kwargs):
        from .selectors import article_related

        context = super().get_context(request, *args, **kwargs)
        context["category"] = self.get_parent().specific
        context["related"] = article_related(article=self)
        context["toc"] = self.table_of_contents()
        return context

    def table_of_contents(self):
        """The article's headings as (anchor, text, level), for long articles only."""
        headings = [
            (slugify(block.value["text"]), block.value["text"], block.value["level"])
            for block in self.body
            if block.block_type == "heading"
        ]
        return headings if len(headings) >= TOC_MIN_HEADINGS else []
