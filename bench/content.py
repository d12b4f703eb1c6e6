"""Loading a corpus into the (throwaway) database as real kb content.

Runs inside a worker whose database is a temporary one. Each document becomes what
a site would hold: a published help article under a category under the help center
home page (`articles`), or a question topic in a forum section (`forum`). Returns
the mapping from the object's primary key to the document's `_id`, which is how
search hits are scored against the qrels.
"""

import html

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from tqdm import tqdm

SUMMARY_CHARS = 200  # ArticlePage.summary: "one or two sentences"
TITLE_CHARS = 255  # Page.title


def _paragraphs_html(text: str) -> str:
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        f"<p>{html.escape(part).replace(chr(10), '<br/>')}</p>"
        for part in parts
        if part
    )


def _title(doc_id: str, doc: dict, max_chars: int) -> str:
    """The document's title; one made of its first words when it has none."""
    title = " ".join(doc["title"].split()) or Truncator(
        " ".join(doc["text"].split())
    ).words(10, truncate="…")
    return Truncator(title or doc_id).chars(max_chars, truncate="…")


def _chunks(corpus: dict[str, dict], *, desc: str, progress: bool, size: int = 200):
    """The corpus in chunks, one transaction each so SQLite syncs once per chunk."""
    items = list(corpus.items())
    with tqdm(total=len(items), desc=desc, unit="doc", disable=not progress) as bar:
        for start in range(0, len(items), size):
            chunk = items[start : start + size]
            yield chunk
            bar.update(len(chunk))


def load_articles(corpus: dict[str, dict], *, progress: bool = True) -> dict[int, str]:
    """One published ArticlePage per document, body = the text as paragraphs."""
    from wagtail.models import Page, Site
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from kb.articles.models import ArticlePage, CategoryPage, HomePage

    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Help center", slug="help", intro="How can we help?")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home},
    )
    category = home.add_child(
        instance=CategoryPage(title="Questions", slug="questions", description="")
    )
    # Published as an import would publish them: live, without a revision history
    # (saving a revision and publishing it would triple the loading time).
    now = timezone.now()
    mapping = {}
    for chunk in _chunks(corpus, desc="loading articles", progress=progress):
        # Plain-text articles link to nothing, so Wagtail's reference index has
        # nothing to record (its update costs a third of the loading time).
        with transaction.atomic(), disable_reference_index_auto_update():
            for doc_id, doc in chunk:
                text = " ".join(doc["text"].split())
                article = ArticlePage(
                    title=_title(doc_id, doc, TITLE_CHARS),
                    summary=Truncator(text).chars(SUMMARY_CHARS, truncate="…") or "-",
                    body=[("paragraph", _paragraphs_html(doc["text"]) or "<p></p>")],
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
                category.add_child(instance=article)
                mapping[article.pk] = doc_id
    return mapping


def load_forum(corpus: dict[str, dict], *, progress: bool = True) -> dict[int, str]:
    """One question topic per document, asked through the forum's own service:
    title = the title, question = the text (Markdown, as a member would write it)."""
    from django.contrib.auth import get_user_model

    from kb.forum.models import BODY_MAX, TITLE_MAX, ForumSection
    from kb.forum.services import topic_create

    author = get_user_model().objects.create_user(
        username="benchmark", email="benchmark@example.com", password=None
    )
    section = ForumSection.objects.create(name="Questions", slug="questions")
    mapping = {}
    for chunk in _chunks(corpus, desc="loading forum topics", progress=progress):
        with transaction.atomic():
            for doc_id, doc in chunk:
                topic = topic_create(
                    author=author,
                    section=section,
                    title=_title(doc_id, doc, TITLE_MAX),
                    body=Truncator(doc["text"] or doc["title"]).chars(
                        BODY_MAX, truncate=""
                    ),
                )
                mapping[topic.pk] = doc_id
    return mapping
