from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from kb.markup import json_ld_script

from .blocks import ArticleBodyBlock, body_text
from .icons import CategoryIcon, CategoryIconSelect
from .visibility import ReaderPageManager

TOC_MIN_HEADINGS = 3


ALL_ARTICLES_SLUG = "articles"


def _locales_in(language: str):
    """The locales of `language`, with its regional variants ("pt" and "pt-br")."""
    return Locale.objects.filter(
        Q(language_code__iexact=language) | Q(language_code__istartswith=f"{language}-")
    ).values_list("pk", flat=True)


class HomePage(RoutablePageMixin, Page):
    """The help center's front page: search box and the list of categories, and
    at /articles/ every category with all its articles (the menu's "Articles")."""

    intro = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("One line under the search box, e.g. 'How can we help?'"),
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

    @path(f"{ALL_ARTICLES_SLUG}/", name="all_articles")
    def all_articles(self, request):
        from .selectors import category_list

        # Page's context, not the home page's (no "recently added" to compute).
        context = super().get_context(request)
        context["categories"] = category_list(home=self)
        return TemplateResponse(request, "articles/all_articles.html", context)

    @property
    def all_articles_url(self):
        return self.url + self.reverse_subpage("all_articles")

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append({"location": urls[0]["location"] + ALL_ARTICLES_SLUG + "/"})
        return urls


class CategoryPage(Page):
    """A section of the help center grouping related articles."""

    description = models.TextField(
        blank=True,
        help_text=_("Shown on the home page and at the top of the category."),
    )
    icon = models.CharField(
        max_length=32,
        blank=True,
        choices=CategoryIcon.choices,
        help_text=_(
            "Shown beside the category's name on the home page, the category "
            "page and the list of all articles."
        ),
    )

    review_interval_days = models.PositiveIntegerField(
        "review interval (days)",
        null=True,
        blank=True,
        help_text=_(
            "How often this category's articles are reviewed. Empty: the "
            "site's interval (Settings → Article reviews)."
        ),
    )

    objects = ReaderPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("icon", widget=CategoryIconSelect),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("review_interval_days")]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    class Meta:
        verbose_name = "category"
        verbose_name_plural = "categories"

    def clean(self):
        super().clean()
        if self.slug == ALL_ARTICLES_SLUG:
            raise ValidationError(
                {
                    "slug": f'"{ALL_ARTICLES_SLUG}" is the address of the list of all '
                    "articles; choose another slug."
                }
            )

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
        help_text=_("One or two sentences; shown in listings and search results."),
    )
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    tags = ClusterTaggableManager(through=ArticleTag, blank=True)
    related_articles = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="+",
        help_text=_("Shown under the article; filled from shared tags when empty."),
    )
    search_keywords = models.CharField(
        "search keywords",
        max_length=500,
        blank=True,
        help_text="Words customers use for this article that it doesn't say itself, "
        'comma separated (e.g. "can\'t log in, locked out"). Searched like the '
        "title, never shown to readers.",
    )

    objects = ReaderPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("tags"), FieldPanel("related_articles")], "Links"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("search_keywords")], "For the help center search"),
    ]
    # A customer's question matches an article's title far better than its body
    # (StackFAQ's dev queries: docs/benchmarks.md); the summary counts as body text.
    search_fields = Page.search_fields + [
        index.SearchField("title", boost=4),
        # What an editor says customers call the article weighs like its title.
        index.SearchField("search_keywords", boost=4),
        index.SearchField("summary"),
        index.SearchField("body_text"),
        index.AutocompleteField("title"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("last_published_at"),
    ]
    # How articles appear in the site search (kb/search/sources.py).
    search_result_kind = "article"
    search_result_label = _("Article")
    search_result_label_plural = _("Articles")
    search_result_boost = 1.2
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
        context["json_ld"] = json_ld_script(self.structured_data(request))
        return context

    def structured_data(self, request) -> dict:
        """schema.org Article, for search engines."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.summary,
            "url": self.get_full_url(request),
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        return data

    @classmethod
    def search_results(cls):
        """Published public articles, each with its category's title."""
        path = OuterRef("path")
        parent_path = Substr(path, 1, Length(path) - cls.steplen)
        category = Page.objects.filter(path=parent_path).values("title")[:1]
        return cls.objects.live().public().annotate(category_title=Subquery(category))

    @classmethod
    def search_result_categories(cls):
        """The categories in the reader's language, to narrow a search to one."""
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        categories = CategoryPage.objects.live().public().filter(
            locale__in=_locales_in(language)
        )
        return list(categories.order_by("title").values_list("pk", "title"))

    @classmethod
    def search_results_in_language(cls, queryset, language):
        # By locale id: search backends filter on the page's own columns only.
        return queryset.filter(locale__in=list(_locales_in(language)))

    @classmethod
    def get_indexed_objects(cls):
        # The index analyses each article in its locale's language.
        return super().get_indexed_objects().select_related("locale")

    @classmethod
    def search_results_in_category(cls, queryset, category_id):
        category = CategoryPage.objects.filter(pk=category_id).first()
        return queryset.descendant_of(category) if category else queryset.none()

    def search_result_category(self):
        title = getattr(self, "category_title", None)
        return title if title is not None else self.get_parent().title

    def search_result_text(self):
        return f"{self.summary}\n{self.body_text()}"

    def search_result_summary(self):
        return self.summary

    def body_text(self):
        """The body as the plain text a reader reads (indexed and cut into snippets)."""
        return body_text(self.body)

    def table_of_contents(self):
        """The article's headings as (anchor, text, level), for long articles only."""
        headings = [
            (slugify(block.value["text"]), block.value["text"], block.value["level"])
            for block in self.body
            if block.block_type == "heading"
        ]
        return headings if len(headings) >= TOC_MIN_HEADINGS else []


class AutosavedNewPage(models.Model):
    """A page that Wagtail's autosave created from an "Add page" form and that its
    editor has not saved, submitted or published by hand yet.

    Wagtail autosaves a new page's form as a draft page as soon as something is
    typed, so an abandoned form leaves a draft in the page explorer; those older
    than a day are deleted (`kb.articles.jobs`).
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "autosaved new page"

    def __str__(self):
        return f"autosaved new page {self.page_id}"
