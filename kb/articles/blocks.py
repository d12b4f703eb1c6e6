import functools
import json

from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import get_text_for_indexing

from kb.markup import render_markdown, scrollable


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "articles/blocks/heading.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value["text"])
        return context


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
    )
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "code"])

    class Meta:
        icon = "warning"
        template = "articles/blocks/callout.html"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(
        choices=[
            ("text", _("Plain text")),
            ("bash", "Shell"),
            ("python", "Python"),
            ("javascript", "JavaScript"),
            ("json", "JSON"),
            ("html", "HTML"),
            ("css", "CSS"),
            ("yaml", "YAML"),
            ("sql", "SQL"),
        ],
        default="text",
    )
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        template = "articles/blocks/code.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        try:
            lexer = get_lexer_by_name(value["language"])
        except ClassNotFound:
            lexer = get_lexer_by_name("text")
        html = highlight(value["code"], lexer, HtmlFormatter(cssclass="highlight"))
        # Pygments escapes the code.
        context["highlighted"] = mark_safe(scrollable(html))  # noqa: S308
        return context


class MarkdownBlock(blocks.TextBlock):
    """Markdown written by editors, rendered and sanitised like forum posts."""

    class Meta:
        icon = "doc-full"

    def render_basic(self, value, context=None):
        return mark_safe(render_markdown(value, user_content=False))  # noqa: S308


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "code", "h4"]
    )
    callout = CalloutBlock()
    code = CodeBlock()
    image = ImageBlock()
    video = EmbedBlock(help_text="A YouTube or Vimeo address.", icon="media")
    markdown = MarkdownBlock()


def _markdown_text(source: str) -> str:
    return get_text_for_indexing(render_markdown(source, user_content=False))


# What a reader reads of each block, from its stored (raw) value: the text of
# headings, paragraphs, callouts, code and Markdown, and never a block's type or a
# choice's label ("Section (H2)", "Tip"), which StreamField's own searchable
# content includes. Images and videos have no text to read.
_BLOCK_TEXT = {
    "heading": lambda value: value.get("text", ""),
    "paragraph": lambda value: get_text_for_indexing(value or ""),
    "callout": lambda value: get_text_for_indexing(value.get("text", "")),
    "code": lambda value: value.get("code", ""),
    "markdown": lambda value: _markdown_text(value or ""),
}


@functools.lru_cache(maxsize=2048)
def _stored_body_text(stored: str) -> str:
    parts = []
    for block in json.loads(stored):
        read = _BLOCK_TEXT.get(block.get("type"))
        value = block.get("value")
        text = read(value) if read is not None and value is not None else ""
        if text and text.strip():
            parts.append(text.strip())
    return "\n".join(parts)


def body_text(body) -> str:
    """An article body (a StreamValue) as the plain text its reader reads.

    Kept per stored value: the same articles come up in many searches, and
    rendering Markdown or parsing rich text takes a millisecond each time.
    """
    return _stored_body_text(json.dumps(list(body.raw_data), default=str))
