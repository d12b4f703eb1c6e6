"""What a search answers: the outcome, and each hit as the page shows it."""

from dataclasses import dataclass, field

from .queries import normalise_query

SNIPPET_LENGTH = 240


@dataclass
class SearchHit:
    object: object
    kind: str
    kind_label: str
    title: str
    url: str
    snippet_html: str
    score: float
    category: str = ""
    answered: bool | None = None
    rank: int = 0
    promoted: bool = False
    description: str = ""


@dataclass
class SearchOutcome:
    query: str
    truncated: bool = False
    total: int = 0
    corrected_query: str | None = None  # "Did you mean", not searched
    original_query: str | None = None  # what was typed, when a correction was searched
    only_common_words: bool = False  # "how to", "the": nothing to search for
    hits: list[SearchHit] = field(default_factory=list)
    picks: list[SearchHit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)
    failed: bool = False
    offset: int = 0
    limit: int = 10
    language: str = "en"  # the language of what was searched
    # The reader's language, when it found nothing and `language` (the source
    # language) was searched instead.
    fallback_from: str | None = None

    @property
    def normalised_query(self) -> str:
        return normalise_query(self.query)
