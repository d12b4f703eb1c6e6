"""Search analytics and editor-managed synonyms.

Queries themselves are Wagtail's `search_promotions.Query` (one row per normalised
query string, shared with editor's picks and Wagtail's own "Search terms" report);
the rows here add what that model lacks: result counts and clicks per day.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def default_language():
    return settings.LANGUAGE_CODE


class ClickSource(models.TextChoices):
    RESULTS = "results", _("Search results")
    SUGGESTIONS = "suggestions", _("Search-as-you-type suggestions")


class QueryDailyStats(models.Model):
    """How often a query was searched on one day in one language, and how many
    results it had."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="kb_daily_stats",
    )
    date = models.DateField(default=timezone.localdate, db_index=True)
    language = models.CharField(
        max_length=15,
        default=default_language,
        db_index=True,
        help_text="The reader's language the search was made in.",
    )
    searches = models.PositiveIntegerField(
        default=0, help_text=_("Searches by distinct visitors (refreshes not counted).")
    )
    results = models.PositiveIntegerField(
        default=0, help_text=_("Number of results the last search of the day found.")
    )

    class Meta:
        verbose_name = "daily query statistics"
        verbose_name_plural = "daily query statistics"
        constraints = [
            models.UniqueConstraint(
                fields=["query", "date", "language"],
                name="kb_search_stats_query_date_language",
            )
        ]

    def __str__(self):
        return f"{self.query} on {self.date} ({self.language}): {self.searches}"


class QuerySearcher(models.Model):
    """One client that searched a query: a search is offered to other visitors
    (suggestions, popular searches) only once several different clients made it."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="kb_searchers",
    )
    searcher = models.CharField(
        max_length=64,
        help_text=_("Keyed hash of the client's address (never the address)."),
    )
    last_searched = models.DateField(default=timezone.localdate, db_index=True)

    class Meta:
        verbose_name = "query searcher"
        constraints = [
            models.UniqueConstraint(
                fields=["query", "searcher"], name="kb_search_searcher_query"
            )
        ]

    def __str__(self):
        return f"{self.query} by {self.searcher[:8]}"


class SearchClick(models.Model):
    """A visitor opened a result: which one, at which rank, for which query."""

    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        on_delete=models.CASCADE,
        related_name="kb_clicks",
    )
    date = models.DateField(default=timezone.localdate, db_index=True)
    language = models.CharField(
        max_length=15,
        default=default_language,
        db_index=True,
        help_text="The reader's language the search was made in.",
    )
    clicked_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(
        max_length=32, help_text=_("Result type, e.g. article or thread.")
    )
    object_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255, blank=True)
    rank = models.PositiveIntegerField(help_text=_("1 for the first result."))
    source = models.CharField(
        max_length=16, choices=ClickSource.choices, default=ClickSource.RESULTS
    )

    class Meta:
        verbose_name = "search result click"
        ordering = ["-clicked_at"]

    def __str__(self):
        return f"{self.query} → {self.title or self.url} (#{self.rank})"


class Synonym(models.Model):
    """Words and phrases that mean the same to customers, e.g. "sign in, log in, login".

    A search for any of them also finds content that uses the others.
    """

    terms = models.CharField(
        max_length=500,
        help_text='Comma-separated words or phrases that mean the same, e.g. "sign in, '
        'log in, login".',
    )
    note = models.CharField(
        max_length=200, blank=True, help_text=_("Why, for other editors.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = "search synonym"

    def __str__(self):
        return self.terms

    @property
    def term_list(self) -> list[str]:
        seen = []
        for term in self.terms.split(","):
            term = " ".join(term.lower().split())
            if term and term not in seen:
                seen.append(term)
        return seen


class PendingIndexUpdate(models.Model):
    """An object whose change no search backend could apply or queue (its index
    was unwritable): the worker applies it as soon as the index takes writes."""

    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    noted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_pk"], name="kb_search_pending_object"
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_pk}"


class MeaningVector(models.Model):
    """The embedding of one text of an object visitors can find, computed when it
    was indexed, for the re-ranking by meaning (kb/search/embeddings.py)."""

    class Part(models.TextChoices):
        TITLE = "title"
        TEXT = "text", _("title and start of text")

    model_label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    part = models.CharField(max_length=5, choices=Part.choices)
    digest = models.CharField(
        max_length=32, help_text=_("BLAKE2b-128 of the embedded text.")
    )
    vector = models.BinaryField(help_text=_("float32 values, unit length."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "object_pk", "part"],
                name="kb_search_meaning_vector_object_part",
            )
        ]

    def __str__(self):
        return f"{self.model_label} {self.object_pk} {self.part}"
