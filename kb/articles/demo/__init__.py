"""The demo help center's content, read from the Markdown files beside this module.

Layout: `_home.md` for the home page, then one folder per category
(`01-getting-started/`) holding `_category.md` (its `icon` is a name from
`kb/articles/icons.py`) and one file per article
(`01-create-your-account.md`). The number prefixes set the order; the rest of
the name is the page's slug. Each file starts with a front matter block of
`key: value` lines between `---` lines (`tags`, `keywords` and `related` are
comma separated; `keywords` are the article's search keywords, `related` names
other articles' slugs), then the body in Markdown
with four additions that map to the article's StreamField blocks:

- `## Heading` and `### Subheading` become heading blocks (they feed the
  table of contents);
- `> [!NOTE]`, `> [!TIP]` or `> [!WARNING]` followed by `> text` lines become
  a callout;
- a fenced block (three backticks and a language such as `bash` or `json`)
  becomes a highlighted code block;
- `::: markdown` ... `:::` becomes a Markdown block (for tables and the like);
- everything else becomes rich text paragraphs (lists, bold, links, `code`).

Links to other demo pages use their path (`/getting-started/invite-your-team/`)
and are checked, like the block contents, when the files are read.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown

from ..icons import CategoryIcon

DEMO_DIR = Path(__file__).resolve().parent

CODE_LANGUAGES = {
    "text",
    "bash",
    "python",
    "javascript",
    "json",
    "html",
    "css",
    "yaml",
    "sql",
}
CALLOUT_KINDS = {"NOTE": "note", "TIP": "tip", "WARNING": "warning"}
PARAGRAPH_TAGS = {
    "p",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "code",
    "h4",
    "br",
}
CALLOUT_TAGS = {"p", "strong", "em", "b", "i", "a", "code", "br"}
ORDER_PREFIX = re.compile(r"^\d+-")


class DemoContentError(ValueError):
    """A demo file that can't be turned into pages; the message names the file."""


@dataclass
class DemoArticle:
    slug: str
    title: str
    summary: str
    tags: list[str]
    related: list[str]
    body: list[dict]
    source: Path
    keywords: str = ""


@dataclass
class DemoCategory:
    slug: str
    title: str
    description: str
    icon: str
    articles: list[DemoArticle] = field(default_factory=list)


@dataclass
class DemoSite:
    title: str
    intro: str
    categories: list[DemoCategory]

    @property
    def articles(self):
        return [
            article for category in self.categories for article in category.articles
        ]


def read_demo_site(directory: Path = DEMO_DIR) -> DemoSite:
    """Read and check every demo file; raises DemoContentError on the first problem."""
    meta, _ = _split_front_matter(directory / "_home.md")
    categories = []
    for folder in sorted(
        p for p in directory.iterdir() if p.is_dir() and ORDER_PREFIX.match(p.name)
    ):
        category_meta, description = _split_front_matter(folder / "_category.md")
        category = DemoCategory(
            slug=_slug(folder),
            title=_required(category_meta, "title", folder / "_category.md"),
            description=" ".join(description.split()),
            icon=_icon(category_meta, folder / "_category.md"),
        )
        for path in sorted(folder.glob("*.md")):
            if path.name != "_category.md":
                category.articles.append(_read_article(path))
        categories.append(category)
    site = DemoSite(
        title=_required(meta, "title", directory / "_home.md"),
        intro=meta.get("intro", ""),
        categories=categories,
    )
    _check_references(site)
    return site


def _icon(meta: dict, path: Path) -> str:
    icon = meta.get("icon", "")
    if icon and icon not in CategoryIcon.values:
        raise DemoContentError(
            f"{path}: unknown icon {icon!r}; choose one of "
            f"{', '.join(CategoryIcon.values)} (kb/articles/icons.py)"
        )
    return icon


def _read_article(path: Path) -> DemoArticle:
    meta, text = _split_front_matter(path)
    return DemoArticle(
        slug=meta.get("slug") or _slug(path),
        title=_required(meta, "title", path),
        summary=_required(meta, "summary", path),
        tags=_comma_list(meta.get("tags", "")),
        related=_comma_list(meta.get("related", "")),
        body=_parse_body(text, path),
        source=path,
        keywords=", ".join(_comma_list(meta.get("keywords", ""))),
    )


def _slug(path: Path) -> str:
    return ORDER_PREFIX.sub("", path.stem if path.is_file() else path.name)


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _required(meta: dict, key: str, path: Path) -> str:
    if not meta.get(key):
        raise DemoContentError(f"{path}: the front matter needs a '{key}: ...' line")
    return meta[key]


def _split_front_matter(path: Path) -> tuple[dict, str]:
    if not path.is_file():
        raise DemoContentError(f"{path} is missing")
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].strip() != "---":
        raise DemoContentError(f"{path}: must start with a '---' front matter line")
    try:
        end = lines.index("---", 1)
    except ValueError:
        raise DemoContentError(
            f"{path}: the front matter has no closing '---'"
        ) from None
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise DemoContentError(f"{path}:{number}: expected 'key: value'")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[key.strip()] = value
    return meta, "\n".join(lines[end + 1 :])


def _parse_body(text: str, path: Path) -> list[dict]:
    blocks: list[dict] = []
    prose: list[str] = []

    def flush_prose():
        source = "\n".join(prose).strip()
        prose.clear()
        if source:
            html = _markdown_html(source, PARAGRAPH_TAGS, path, "a paragraph")
            blocks.append({"type": "paragraph", "value": html})

    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if line.startswith("## ") or line.startswith("### "):
            flush_prose()
            level = "h2" if line.startswith("## ") else "h3"
            blocks.append(
                {
                    "type": "heading",
                    "value": {"text": line.lstrip("#").strip(), "level": level},
                }
            )
        elif match := re.fullmatch(r">\s*\[!(\w+)\]", stripped):
            flush_prose()
            kind = CALLOUT_KINDS.get(match.group(1).upper())
            if kind is None:
                raise DemoContentError(
                    f"{path}:{i + 1}: callouts are NOTE, TIP or WARNING"
                )
            quoted = []
            while i + 1 < len(lines) and lines[i + 1].startswith(">"):
                i += 1
                quoted.append(lines[i][1:].removeprefix(" "))
            html = _markdown_html("\n".join(quoted), CALLOUT_TAGS, path, "a callout")
            blocks.append({"type": "callout", "value": {"kind": kind, "text": html}})
        elif stripped.startswith("```"):
            flush_prose()
            language = stripped[3:].strip() or "text"
            if language not in CODE_LANGUAGES:
                raise DemoContentError(
                    f"{path}:{i + 1}: code language '{language}' is not one of "
                    f"{', '.join(sorted(CODE_LANGUAGES))}"
                )
            code, i = _until(lines, i, "```", path)
            blocks.append(
                {"type": "code", "value": {"language": language, "code": code}}
            )
        elif stripped == "::: markdown":
            flush_prose()
            source, i = _until(lines, i, ":::", path)
            blocks.append({"type": "markdown", "value": source})
        else:
            prose.append(line)
        i += 1
    flush_prose()
    if not blocks:
        raise DemoContentError(f"{path}: the article has no body")
    return blocks


def _until(lines: list[str], start: int, closing: str, path: Path) -> tuple[str, int]:
    for end in range(start + 1, len(lines)):
        if lines[end].strip() == closing:
            return "\n".join(lines[start + 1 : end]), end
    raise DemoContentError(f"{path}:{start + 1}: no closing '{closing}'")


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")


def _markdown_html(source: str, allowed: set[str], path: Path, where: str) -> str:
    # "tables" so that a pipe table is refused below rather than shown as text.
    html = markdown.markdown(source, extensions=["tables"], output_format="html")
    collector = _TagCollector()
    collector.feed(html)
    extra = collector.tags - allowed
    if extra:
        raise DemoContentError(
            f"{path}: {where} can't hold <{'>, <'.join(sorted(extra))}>; "
            "use a '::: markdown' block or a fenced code block"
        )
    return html


def _check_references(site: DemoSite):
    slugs = {}
    for article in site.articles:
        if article.slug in slugs:
            raise DemoContentError(
                f"{article.source}: slug '{article.slug}' is also used by "
                f"{slugs[article.slug].source}"
            )
        slugs[article.slug] = article
    paths = {f"/{c.slug}/" for c in site.categories} | {
        f"/{c.slug}/{a.slug}/" for c in site.categories for a in c.articles
    }
    for article in site.articles:
        for slug in article.related:
            if slug not in slugs or slug == article.slug:
                raise DemoContentError(
                    f"{article.source}: related article '{slug}' doesn't exist"
                )
        for href in _internal_links(article.body):
            if href.split("#")[0] not in paths:
                raise DemoContentError(
                    f"{article.source}: link to {href} matches no demo page"
                )


def _internal_links(body: list[dict]) -> list[str]:
    links = []
    for block in body:
        html = block["value"] if block["type"] == "paragraph" else None
        if block["type"] == "callout":
            html = block["value"]["text"]
        if html:
            collector = _TagCollector()
            collector.feed(html)
            links += [href for href in collector.hrefs if href.startswith("/")]
    return links
