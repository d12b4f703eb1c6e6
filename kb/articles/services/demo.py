"""Loading the demo help center from kb/articles/demo/: its home, site, categories
and articles (the translations are loaded by demo_translations)."""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..demo import DEMO_DIR, DemoArticle, DemoSite, read_demo_site
from ..demo.translated import read_demo_translations
from ..models import ArticlePage, CategoryPage, HomePage
from .demo_pages import _page_upsert
from .demo_translations import _translation_load


@dataclass
class DemoLoadSummary:
    categories: int = 0
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)
    home: HomePage | None = None


def demo_content_load(
    *, base_url: str = "", directory: Path = DEMO_DIR, stdout=None
) -> DemoLoadSummary:
    """Create or bring up to date the demo help center from kb/articles/demo/.

    Idempotent: pages are matched on their slugs and saved (as a new published
    revision) only when they differ from the files. Pages an editor has changed
    since (a revision by a user, a draft, an unpublish) are left alone, so
    re-running `make run` never overwrites work done in the admin. `base_url`,
    when given, becomes the default site's host and port so that the sitemap
    and full URLs point where the site is served. `directory` is for tests.
    """
    content = read_demo_site(directory)
    translations = read_demo_translations(content, directory / "translations")
    summary = DemoLoadSummary()
    write = stdout.write if stdout else (lambda message: None)
    with transaction.atomic():
        home = _home_ensure(content=content, summary=summary)
        _site_ensure(home=home, base_url=base_url)
        _welcome_page_remove(home=home)
        pages: dict[str, ArticlePage] = {}
        categories: dict[str, CategoryPage] = {}
        owned: set[str] = set()
        for demo_category in content.categories:
            category, _ = categories[demo_category.slug] = _page_upsert(
                parent=home,
                model=CategoryPage,
                slug=demo_category.slug,
                fields={
                    "title": demo_category.title,
                    "description": demo_category.description,
                    "icon": demo_category.icon,
                },
                summary=summary,
                lookup=CategoryPage.objects.child_of(home),
            )
            summary.categories += 1
            counts = (summary.created, summary.updated)
            for demo_article in demo_category.articles:
                page, is_owned = _article_upsert(
                    category=category, home=home, demo=demo_article, summary=summary
                )
                pages[demo_article.slug] = page
                if is_owned:
                    owned.add(demo_article.slug)
                summary.articles += 1
            write(
                f"  {demo_category.title}: {len(demo_category.articles)} articles "
                f"({summary.created - counts[0]} created, "
                f"{summary.updated - counts[1]} updated)\n"
            )
        for demo_article in content.articles:
            if demo_article.slug in owned:
                _related_set(
                    page=pages[demo_article.slug],
                    slugs=demo_article.related,
                    pages=pages,
                )
        for translation in translations:
            counts = (summary.created, summary.updated)
            _translation_load(
                translation=translation,
                home=home,
                categories={slug: page for slug, (page, _) in categories.items()},
                articles=pages,
                summary=summary,
            )
            translated = sum(1 + len(c.articles) for c in translation.categories)
            write(
                f"  Translated into {translation.language}: home, "
                f"{len(translation.categories)} categories and "
                f"{translated - len(translation.categories)} articles "
                f"({summary.created - counts[0]} created, "
                f"{summary.updated - counts[1]} updated)\n"
            )
    summary.home = home
    return summary


def _home_ensure(*, content: DemoSite, summary: DemoLoadSummary) -> HomePage:
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title=content.title, slug="help", intro=content.intro)
        )
        home.save_revision().publish()
        summary.created += 1
    else:
        summary.unchanged += 1
    return home


def _welcome_page_remove(*, home: HomePage):
    """Delete Wagtail's untouched "Welcome to your new Wagtail site!" page.

    Called once the home page has replaced it as the site's root (deleting a
    site's root page would delete the site).
    """
    for page in home.get_siblings(inclusive=False):
        if (
            page.specific_class is Page
            and page.slug == "home"
            and page.numchild == 0
            and not Site.objects.filter(root_page=page).exists()
        ):
            page.delete()


def _site_ensure(*, home: HomePage, base_url: str):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, root_page=home)
    wanted = {"root_page_id": home.pk, "site_name": settings.WAGTAIL_SITE_NAME}
    if base_url:
        parts = urlsplit(base_url)
        if parts.hostname:
            wanted["hostname"] = parts.hostname
            wanted["port"] = parts.port or (443 if parts.scheme == "https" else 80)
    if site.pk and all(getattr(site, key) == value for key, value in wanted.items()):
        return
    for key, value in wanted.items():
        setattr(site, key, value)
    site.save()
    Site.clear_site_root_paths_cache()


def _article_upsert(*, category, home, demo: DemoArticle, summary):
    return _page_upsert(
        parent=category,
        model=ArticlePage,
        slug=demo.slug,
        fields={
            "title": demo.title,
            "summary": demo.summary,
            "body": demo.body,
            "search_keywords": demo.keywords,
        },
        tags=demo.tags,
        summary=summary,
        # Anywhere under home: an article an editor moved is still the same article.
        lookup=ArticlePage.objects.descendant_of(home),
    )


def _related_set(*, page: ArticlePage, slugs: list[str], pages: dict[str, ArticlePage]):
    wanted = [pages[slug].pk for slug in slugs if slug in pages]
    current = sorted(page.related_articles.values_list("pk", flat=True))
    if current != sorted(wanted):
        page.related_articles.set(wanted)
