"""Checks that a rendered page carries no active content from user input."""

import re
from html.parser import HTMLParser

FORBIDDEN_TAGS = {
    "iframe",
    "svg",
    "style",
    "object",
    "embed",
    "math",
    "frame",
    "base",
    "meta",
}
URL_ATTRS = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):", re.I)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _site_icon(tag, attrs) -> bool:
    """The site's own icons (kb/articles/icons.py): inline SVG from templates,
    hidden from screen readers. Member input never reaches the page as SVG; an
    event handler on one is still reported below."""
    return (
        tag == "svg"
        and attrs.get("class") == "category-icon"
        and attrs.get("aria-hidden") == "true"
    )


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag in FORBIDDEN_TAGS and not (
            (self.in_head and tag == "meta") or _site_icon(tag, dict(attrs))
        ):
            self.problems.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            # schema.org data in the head is data, not code (see json_ld).
            is_data = self.in_head and dict(attrs).get("type") == "application/ld+json"
            if not src.startswith("/static/") and not is_data:
                self.problems.append(f"<script src={src!r}>")
        if tag == "form":
            action = dict(attrs).get("action") or ""
            if not action.startswith("/"):
                self.problems.append(f"<form action={action!r}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name}={value!r}")
            if (
                name in URL_ATTRS
                and value
                and BAD_SCHEME.match(INVISIBLE.sub("", value))
            ):
                self.problems.append(f"{name}={value!r}")
            if (
                name == "style"
                and value
                and re.search(r"expression|url\(", value, re.I)
            ):
                self.problems.append(f"style={value!r}")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def active_content(html: str) -> list[str]:
    """What in the page could run script: forbidden tags, handlers, bad URLs."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
