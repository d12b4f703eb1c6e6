"""Markdown to safe HTML, shared by article Markdown blocks and forum posts."""

import json
import re
from functools import partial
from html.parser import HTMLParser

import bleach
import markdown
from bleach.linkifier import LinkifyFilter

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol",
    "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "div": ["class"],
    "span": ["class"],
    "code": ["class"],
    "pre": ["class"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = {"http", "https", "mailto"}
MARKDOWN_EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists", "nl2br"]
MARKDOWN_CONFIG = {"codehilite": {"css_class": "highlight", "guess_lang": False}}


def _add_ugc_rel(attrs, new=False):
    attrs[(None, "rel")] = "nofollow ugc noopener"
    return attrs


def render_markdown(text: str, *, user_content: bool = True) -> str:
    """Render Markdown and sanitise the result.

    The rendered HTML passes through bleach's allow-list, so neither raw HTML
    in the source nor a Markdown quirk can smuggle in scripts, event handlers
    or `javascript:` links. Links in user content get rel="nofollow ugc".
    """
    text = (text or "").replace("\x00", "")
    html = markdown.markdown(
        text,
        extensions=MARKDOWN_EXTENSIONS,
        extension_configs=MARKDOWN_CONFIG,
        output_format="html",
    )
    filters = []
    if user_content:
        filters.append(
            partial(LinkifyFilter, callbacks=[_add_ugc_rel], skip_tags={"pre", "code"})
        )
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=filters,
    )
    return scrollable(cleaner.clean(html))


def scrollable(html: str) -> str:
    """Let wide code and tables scroll inside themselves, by keyboard too.

    On a phone a code block or a table is often wider than the screen: it scrolls
    sideways in its own box (see kb.css), and that box takes the keyboard focus so
    that a reader without a mouse can scroll it. Runs on sanitised HTML, where a
    table carries no attributes and a highlighted block is exactly as Pygments
    wrote it.
    """
    return (
        html.replace('<div class="highlight">', '<div class="highlight" tabindex="0">')
        .replace("<table>", '<div class="table-scroll" tabindex="0"><table>')
        .replace("</table>", "</table></div>")
    )


BLOCK_TAGS = {
    "blockquote", "div", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p",
    "pre", "table", "tr", "ul",
}


class _PlainTextWriter(HTMLParser):
    """Safe HTML (from `render_markdown`) as plain text a person reads: paragraphs,
    list bullets, link targets after their text, code kept as it was."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.open_links = []  # (href, index of the link text's first part)
        self.in_pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("li", "dt"):
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag == "a":
            self.open_links.append((dict(attrs).get("href") or "", len(self.parts)))
        if tag == "pre":
            self.in_pre += 1

    def handle_endtag(self, tag):
        if tag == "a" and self.open_links:
            href, start = self.open_links.pop()
            if href and href not in "".join(self.parts[start:]):
                self.parts.append(f" ({href})")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data):
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip()
        self.parts.append(data)

    def text(self) -> str:
        lines = [line.rstrip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(html: str) -> str:
    """The plain-text version of safe HTML, e.g. an e-mail's text part."""
    writer = _PlainTextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()


JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> str:
    """schema.org data for search engines, as a <script type="application/ld+json">.

    Such a script is data, never run, so the Content-Security-Policy (scripts from
    the site's files only) does not block it. Escaping <, > and & keeps text
    members or editors wrote from closing the element.
    """
    from django.utils.safestring import mark_safe

    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
