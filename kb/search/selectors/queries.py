"""What a visitor typed, made searchable: cleaning, the logged form, synonyms and
the backend query."""

import re
import unicodedata
from collections.abc import Sequence

from wagtail.search.query import And, Phrase, PlainText
from wagtail.search.utils import OR

from .. import tuning
from .synonyms import BUILT_IN_SYNONYMS, match_key, respell_contractions

MAX_QUERY_LENGTH = 200
MAX_SYNONYM_ALTERNATIVES = 16

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WORD = re.compile(r"\w", re.UNICODE)


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched: no control characters, single spaces, cut to the maximum.

    Returns (query, truncated).
    """
    text = unicodedata.normalize("NFC", raw or "")
    # Lone surrogates cannot be stored or encoded; drop them with the control chars.
    text = text.encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(_CONTROL.sub(" ", text).split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return text, truncated


def normalise_query(query: str) -> str:
    """The form a query is logged under: cleaned and lower-case."""
    return clean_query(query)[0].lower()


def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Editor-managed synonym groups."""
    return tuning.synonym_groups.get()


def synonyms_for(query: str, *, built_in: bool = True) -> list[str]:
    """Terms that mean the same as a word or phrase of `query` but are not in it.

    The editors' groups come first, then (with `built_in`: they are English) the
    built-in ones; "logging in" is matched by "log in" and "cant" by "can't"
    (see .synonyms.match_key).
    """
    typed = match_key(query)
    alternatives, keys = [], set()
    for group in [*synonym_groups(), *(BUILT_IN_SYNONYMS if built_in else ())]:
        group_keys = [match_key(term) for term in group]
        if any(key in typed for key in group_keys):
            for term, key in zip(group, group_keys, strict=True):
                if key not in typed and key not in keys:
                    alternatives.append(term)
                    keys.add(key)
    return alternatives[:MAX_SYNONYM_ALTERNATIVES]


def build_search_query(query: str, *, synonyms: Sequence[str] = (), searchable=None):
    """The backend query for what a customer typed.

    Quoted parts must match as phrases; the other words are ORed and ranked (people
    type questions, not keyword lists); synonyms widen the words, never the phrases.
    `searchable(text)`, when given, says which words the backend searches: a quoted
    part with none (`"from"`, a stop word) is left out instead of matching nothing.
    """
    parts = query.split('"')
    if len(parts) % 2 == 0:  # an unclosed quote: what follows it is plain words
        parts[-2:] = [" ".join(parts[-2:]), ""]
    phrases = [
        p.strip()
        for p in parts[1::2]
        if _WORD.search(p) and (searchable is None or searchable(p))
    ]
    words = respell_contractions(" ".join(p.strip() for p in parts[0::2] if p.strip()))
    word_query = None
    if _WORD.search(words):
        alternatives = [PlainText(words, operator="or")]
        # A synonym of several words needs all of them, not as a phrase: phrases
        # are read word position by word position, seconds on a large index.
        alternatives += [PlainText(term, operator="and") for term in synonyms]
        word_query = OR(alternatives) if len(alternatives) > 1 else alternatives[0]
    pieces = [Phrase(p) for p in phrases]
    if word_query is not None:
        pieces.append(word_query)
    if not pieces:
        return None
    return pieces[0] if len(pieces) == 1 else And(pieces)
