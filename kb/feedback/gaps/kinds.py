"""What a content gap is: its kinds, its row in the report, the links that fix it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kb.search.selectors.languages import language_name


class GapKind:
    LEAST_HELPFUL = "least_helpful"
    SCORE_DROPPED = "score_dropped"
    NO_RESULTS = "no_results"
    NO_CLICKS = "no_clicks"
    UNANSWERED = "unanswered"
    STALE = "stale"
    READ_BEFORE_REQUEST = "read_before_request"
    SEARCHED_BEFORE_REQUEST = "searched_before_request"
    TRANSLATION_LESS_HELPFUL = "translation_less_helpful"

    choices = [
        (LEAST_HELPFUL, gettext_lazy("Least helpful article")),
        (SCORE_DROPPED, gettext_lazy("Score dropped")),
        (NO_RESULTS, gettext_lazy("Search without results")),
        (NO_CLICKS, gettext_lazy("Search without clicks")),
        (UNANSWERED, gettext_lazy("Unanswered forum question")),
        (STALE, gettext_lazy("Stale article with traffic")),
        (READ_BEFORE_REQUEST, gettext_lazy("Read just before a support request")),
        (SEARCHED_BEFORE_REQUEST, gettext_lazy("Search followed by a support request")),
        (
            TRANSLATION_LESS_HELPFUL,
            gettext_lazy("Translation less helpful than source"),
        ),
    ]
    labels = dict(choices)


SEARCH_KINDS = {GapKind.NO_RESULTS, GapKind.NO_CLICKS}


@dataclass
class Gap:
    kind: str
    title: str
    detail: str
    impact: int  # readers affected: not-helpful votes, searches, followers, views
    fix_url: str
    fix_label: str
    source_url: str = ""
    # A search gap of readers of another language than the source language's:
    # what they searched isn't written (or translated) in their language.
    language: str = ""

    @property
    def kind_label(self) -> str:
        if not self.language:
            return str(GapKind.labels[self.kind])
        names = {"language": language_name(self.language)}
        if self.kind == GapKind.NO_RESULTS:
            return _("Translation gap: search without results in %(language)s") % names
        names["kind"] = GapKind.labels[self.kind]
        return _("%(kind)s (%(language)s)") % names

    @property
    def key(self) -> str:
        """What identifies this gap across reports (its ticket's key)."""
        what = (self.source_url or self.title).lower()
        if self.language:
            what = f"{self.language}:{what}"
        return f"{self.kind}:{what}"[:500]

    @property
    def is_search(self) -> bool:
        return self.kind in SEARCH_KINDS


def create_article_url(title: str, source: str = "") -> str:
    query = {"title": title[:255]}
    if source:
        query["source"] = source[:500]
    return reverse("feedback_admin:create_article") + "?" + urlencode(query)


def _article_gap(kind, article_page_id, *, title, detail, impact) -> Gap:
    """A gap an editor fixes by editing the article (its feedback page as source)."""
    return Gap(
        kind=kind,
        title=title,
        detail=detail,
        impact=impact,
        fix_url=reverse("wagtailadmin_pages:edit", args=[article_page_id]),
        fix_label=_("Edit article"),
        source_url=reverse("feedback_admin:article", args=[article_page_id]),
    )


def _day(moment):
    return timezone.localtime(moment).date() if moment else None
