"""Writes for the articles app: loading the demo help center and its editor account."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from ..demo import DEMO_DIR, DemoArticle, DemoSite, read_demo_site
from ..demo.translated import DemoTranslation, read_demo_translations
from ..models import ArticlePage, CategoryPage, HomePage

DEMO_EDITOR_USERNAME = "editor"
# Wagtail's migrations create both groups with permissions on the whole page tree:
# Editors may add and edit pages, Moderators may also publish and approve
# workflow tasks.
EDITOR_GROUPS = ("Editors", "Moderators")


class DemoEditorRefused(Exception):
    """The demo editor would get a generated password outside DEBUG."""


@dataclass
class DemoLoadSummary:
    categories: int = 0
    articles: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_edits: list[str] = field(default_factory=list)
    home: HomePage | None = None


@dataclass
class DemoEditor:
    user: object
    created: bool
    password: str | None  # set only when generated now: show it once
    password_changed: bool = False


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


def demo_editor_ensure(*, password: str | None = None) -> DemoEditor:
    """The demo editor account, in Wagtail's Editors and Moderators groups.

    So the demo editor can write, publish and approve pages, but can't manage
    users or settings.

    Without a password one is generated, but only with DEBUG on: a site
    running production settings must be given KB_DEMO_PASSWORD. An existing
    account keeps its password unless a different one is given.
    """
    groups = list(Group.objects.filter(name__in=EDITOR_GROUPS))
    if len(groups) != len(EDITOR_GROUPS):
        raise DemoEditorRefused(
            f"Wagtail's groups {' and '.join(EDITOR_GROUPS)} are needed; "
            "one is missing."
        )
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=DEMO_EDITOR_USERNAME).first()
        created = user is None
        generated = None
        changed = False
        if created:
            if not password:
                if not settings.DEBUG:
                    raise DemoEditorRefused(
                        "Refusing to create the demo editor with a generated "
                        "password while DEBUG is off; set KB_DEMO_PASSWORD to the "
                        "password you want."
                    )
                password = generated = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=DEMO_EDITOR_USERNAME,
                email="editor@example.com",
                password=password,
                first_name="Demo",
                last_name="Editor",
            )
        elif password and not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
            changed = True
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
        user.groups.add(*groups)
    return DemoEditor(
        user=user, created=created, password=generated, password_changed=changed
    )


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


def _editor_touched(page: Page) -> bool:
    revision = page.latest_revision
    return (
        not page.live
        or page.has_unpublished_changes
        or revision is None
        or revision.user_id is not None
    )


def _page_upsert(*, parent, model, slug, fields, summary, lookup, tags=None):
    """Create the page or publish a new revision if it differs; returns (page, owned).

    `owned` is False for a page an editor has changed since the loader wrote it.
    """
    page = lookup.filter(slug=slug).select_related("latest_revision").first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        if tags is not None:
            page.tags.set(tags)
        page.save_revision().publish()
        summary.created += 1
        return page, True
    return _page_update(page=page, fields=fields, tags=tags, summary=summary)


def _page_update(*, page, fields, summary, tags=None):
    """Publish a new revision of the loader's page if the files changed it."""
    if _editor_touched(page):
        summary.kept_edits.append(page.url_path)
        return page, False
    differs = any(
        _comparable(page, key) != _comparable_value(page, key, value)
        for key, value in fields.items()
    )
    if tags is not None and sorted(page.tags.names()) != sorted(tags):
        differs = True
    if not differs:
        summary.unchanged += 1
        return page, True
    for key, value in fields.items():
        setattr(page, key, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    summary.updated += 1
    return page, True


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


def _translation_load(
    *, translation: DemoTranslation, home, categories, articles, summary
):
    """Translate the demo's home, categories and articles into one language, as
    editors would with Wagtail's "Translate": a copy in the locale, then its text."""
    locale, _ = Locale.objects.get_or_create(language_code=translation.language)
    _translation_upsert(
        source=home,
        locale=locale,
        fields={"title": translation.title, "intro": translation.intro},
        summary=summary,
    )
    for demo_category in translation.categories:
        _translation_upsert(
            source=categories[demo_category.source_slug],
            locale=locale,
            fields={
                "title": demo_category.title,
                "slug": demo_category.slug,
                "description": demo_category.description,
            },
            summary=summary,
        )
        for source_slug, demo in demo_category.articles.items():
            _translation_upsert(
                source=articles[source_slug],
                locale=locale,
                fields={
                    "title": demo.title,
                    "slug": demo.slug,
                    "summary": demo.summary,
                    "body": demo.body,
                    "search_keywords": demo.keywords,
                },
                tags=demo.tags,
                summary=summary,
            )


def _translation_upsert(*, source, locale, fields, summary, tags=None):
    page = (
        type(source)
        .objects.filter(translation_key=source.translation_key, locale=locale)
        .select_related("latest_revision")
        .first()
    )
    if page is not None:
        return _page_update(page=page, fields=fields, tags=tags, summary=summary)
    page = source.copy_for_translation(locale).specific
    for key, value in fields.items():
        setattr(page, key, value)
    if tags is not None:
        page.tags.set(tags)
    page.save_revision().publish()
    summary.created += 1
    return page, True


def _comparable(page, key):
    if key == "body":
        return _stream_data(page.body)
    return getattr(page, key)


def _comparable_value(page, key, value):
    if key == "body":
        return _stream_data(type(page).body.field.to_python(value))
    return value


def _stream_data(stream_value) -> list:
    """A StreamField's stored data without the per-block ids."""
    prep = stream_value.stream_block.get_prep_value(stream_value)
    return [{"type": block["type"], "value": block["value"]} for block in prep]


def _related_set(*, page: ArticlePage, slugs: list[str], pages: dict[str, ArticlePage]):
    wanted = [pages[slug].pk for slug in slugs if slug in pages]
    current = sorted(page.related_articles.values_list("pk", flat=True))
    if current != sorted(wanted):
        page.related_articles.set(wanted)
