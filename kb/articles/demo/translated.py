"""The demo's translations, read from `translations/<language>/` beside this module.

Each language folder mirrors the English one for what it translates: `_home.md`
(title, intro), then category folders and article files named exactly like
their English sources (`01-getting-started/01-create-your-account.md`), which
is how each is paired with its source. A category's `_category.md` and each
article give a `slug` in their language; an article's front matter has its
`title`, `summary`, `tags` and `keywords` (related articles come from the
source). Links in a translated body name English pages
(`/getting-started/invite-your-team/`); they are pointed at the translation
when there is one and stay on the English page when there isn't.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    DEMO_DIR,
    DemoArticle,
    DemoContentError,
    DemoSite,
    _read_article,
    _required,
    _split_front_matter,
)

TRANSLATIONS_DIR = DEMO_DIR / "translations"
HREF = re.compile(r'href="(/[^"#]*)(#[^"]*)?"')


@dataclass
class TranslatedCategory:
    source_slug: str
    slug: str
    title: str
    description: str
    articles: dict[str, DemoArticle] = field(default_factory=dict)  # by source slug


@dataclass
class DemoTranslation:
    language: str
    title: str
    intro: str
    categories: list[TranslatedCategory]


def read_demo_translations(
    site: DemoSite, directory: Path = TRANSLATIONS_DIR
) -> list[DemoTranslation]:
    """Every language folder's translations, checked against the English `site`."""
    if not directory.is_dir():
        return []
    return [
        _read_language(site, folder)
        for folder in sorted(p for p in directory.iterdir() if p.is_dir())
    ]


def _read_language(site: DemoSite, folder: Path) -> DemoTranslation:
    meta, _ = _split_front_matter(folder / "_home.md")
    sources = {category.slug: category for category in site.categories}
    # The English folders' names ("01-getting-started"), from their articles' files.
    folders = {c.slug: c.articles[0].source.parent.name for c in site.categories}
    categories = []
    for source_slug, name in folders.items():
        category_folder = folder / name
        if not category_folder.is_dir():
            continue
        category_meta, description = _split_front_matter(
            category_folder / "_category.md"
        )
        translated = TranslatedCategory(
            source_slug=source_slug,
            slug=_required(category_meta, "slug", category_folder / "_category.md"),
            title=_required(category_meta, "title", category_folder / "_category.md"),
            description=" ".join(description.split()),
        )
        article_files = {a.source.name: a for a in sources[source_slug].articles}
        for path in sorted(category_folder.glob("*.md")):
            if path.name == "_category.md":
                continue
            source = article_files.get(path.name)
            if source is None:
                raise DemoContentError(
                    f"{path}: no English article {path.name} to translate"
                )
            translated.articles[source.slug] = _read_article(path)
        categories.append(translated)
    translation = DemoTranslation(
        language=folder.name,
        title=_required(meta, "title", folder / "_home.md"),
        intro=meta.get("intro", ""),
        categories=categories,
    )
    _localise_links(site, translation)
    return translation


def _localise_links(site: DemoSite, translation: DemoTranslation):
    paths = {}
    for category in site.categories:
        paths[f"/{category.slug}/"] = f"/{category.slug}/"
        for article in category.articles:
            paths[f"/{category.slug}/{article.slug}/"] = (
                f"/{category.slug}/{article.slug}/"
            )
    prefix = f"/{translation.language}"
    for category in translation.categories:
        paths[f"/{category.source_slug}/"] = f"{prefix}/{category.slug}/"
        for source_slug, article in category.articles.items():
            paths[f"/{category.source_slug}/{source_slug}/"] = (
                f"{prefix}/{category.slug}/{article.slug}/"
            )

    def replace(match, source):
        path, anchor = match.group(1), match.group(2) or ""
        if path not in paths:
            raise DemoContentError(f"{source}: link to {path} matches no demo page")
        return f'href="{paths[path]}{anchor}"'

    for category in translation.categories:
        for article in category.articles.values():
            for block in article.body:
                if block["type"] == "paragraph":
                    block["value"] = HREF.sub(
                        lambda m, a=article: replace(m, a.source), block["value"]
                    )
                elif block["type"] == "callout":
                    block["value"]["text"] = HREF.sub(
                        lambda m, a=article: replace(m, a.source),
                        block["value"]["text"],
                    )
