"""A document's fields as postings, for `bulk.SegmentBuilder`: what Whoosh's
writer gets from each field's `index()`, computed faster where that is provably
the same.

A text field whose analyzer is a `RegexTokenizer` followed by filters that look
at one word at a time (lower case, stop words, stemming, accent folding, edge
n-grams) turns a word into the same terms wherever it appears: each distinct word
is analyzed once (`Words`) and `WordAnalysis` rebuilds what the field's format
would encode (frequencies, positions). Any other field (`FieldIndex`) goes
through its own `index()`, remembered for values that repeat.

Terms come out as numbers in a segment's `Vocabulary`, so the postings of a
segment are plain arrays of numbers.
"""

import pickle
import re
from collections import Counter
from itertools import chain

from whoosh import analysis, fields, formats
from whoosh.system import pack_uint

MEMO_WORDS = 100_000  # analyzed words kept per analyzer (about 20 MB)
MEMO_VALUES = 1024  # indexed values kept per keyword or number field

WORD_FILTERS = (
    analysis.LowercaseFilter,
    analysis.StopFilter,
    analysis.StemFilter,
    analysis.CharsetFilter,
    analysis.PassFilter,
    analysis.NgramFilter,
)
VALUE_FIELDS = (fields.ID, fields.KEYWORD, fields.NUMERIC, fields.BOOLEAN)
# Whoosh's default word pattern without its capturing group, so `findall` gives
# whole matches (a third faster than `finditer`).
WORD_PATTERNS = {analysis.tokenizers.default_pattern.pattern: r"[\w\*]+(?:\.?[\w\*]+)*"}
FREQ_BYTES = [pack_uint(n) for n in range(256)]


def freq_bytes(freq):
    return FREQ_BYTES[freq] if freq < 256 else pack_uint(freq)


class Memo(dict):
    """Results by key, computed on a miss; emptied when it holds `limit` keys."""

    def __init__(self, compute, limit):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key):
        if len(self) >= self.limit:
            self.clear()
        found = self[key] = self.compute(key)
        return found


class Vocabulary(dict):
    """A segment's terms of one analysis: term bytes -> number, numbered in the
    order they come; `terms` lists them by number."""

    def __init__(self):
        super().__init__()
        self.terms = []

    def __missing__(self, term):
        number = self[term] = len(self.terms)
        self.terms.append(term)
        return number


class Words:
    """Words through an analyzer that looks at one word at a time: each distinct
    word goes through its filters once. Shared by the fields of one analyzer."""

    def __init__(self, analyzer, positions):
        tokenizer, *filters = analyzer.items
        self.find = self.word_finder(tokenizer.expression)
        self.filters = filters
        self.positions = positions  # one term (or none) per word
        self.renumber = any(
            type(f) is analysis.StopFilter and f.renumber for f in filters
        )
        self.memo = Memo(self.analyze, MEMO_WORDS)

    @staticmethod
    def word_finder(expression):
        """A function giving the texts of the expression's matches."""
        pattern = WORD_PATTERNS.get(expression.pattern)
        if pattern is not None:
            expression = re.compile(pattern, expression.flags)
        if not expression.groups:
            return expression.findall
        return lambda text: list(map(re.Match.group, expression.finditer(text)))

    def analyze(self, word):
        """The terms (bytes) the analyzer makes of one word."""
        token = analysis.Token(removestops=True, mode="index")
        token.text, token.boost, token.stopped = word, 1.0, False
        stream = iter((token,))
        for step in self.filters:
            stream = step(stream)
        return tuple(t.text.encode("utf-8") for t in stream)

    def numbered(self, vocabulary):
        """word -> its terms' numbers in a segment's `vocabulary` (with positions:
        the one number, or None for a stop word)."""
        memo, positions = self.memo, self.positions

        def numbers(word):
            terms = memo[word]
            if positions:
                return vocabulary[terms[0]] if terms else None
            return tuple(vocabulary[term] for term in terms)

        return Memo(numbers, float("inf"))


class WordAnalysis:
    """A text field analyzed word by word (`Words`), giving what its format's
    `word_values` gives. Only a stop filter drops words; with `renumber` it
    numbers the kept words on from the position of the first one, and
    positions are rebuilt that way."""

    def __init__(self, field, words):
        self.words = words
        self.boost = field.format.field_boost
        if words.positions:
            self.encode = field.format.encode
            self.one_place = Memo(lambda n: self.encode([n]), MEMO_WORDS)

    @staticmethod
    def provable(field):
        """Whether the field's analyzer works word by word, as `Words` needs."""
        if type(field) is not fields.TEXT or field.vector or field.separate_spelling():
            return False
        if type(field.format) not in (formats.Positions, formats.Frequency):
            return False
        if type(field.analyzer) is not analysis.CompositeAnalyzer:
            return False
        tokenizer, *filters = field.analyzer.items
        if type(tokenizer) is not analysis.RegexTokenizer or tokenizer.gaps:
            return False
        if any(type(f) not in WORD_FILTERS for f in filters):
            return False
        # Positions are rebuilt only for one term per word and one stop filter.
        return type(field.format) is not formats.Positions or (
            not any(type(f) is analysis.NgramFilter for f in filters)
            and sum(type(f) is analysis.StopFilter for f in filters) <= 1
        )

    def index(self, text, numbered):
        """(term numbers, weights, encoded values, field length) of `text`;
        `numbered` is the segment's `Words.numbered`."""
        boost, words = self.boost, self.words
        if not words.positions:
            found = [numbered[word] for word in words.find(text)]
            counts = Counter(chain.from_iterable(found))
            freqs = list(counts.values())
            weights = [n * boost for n in freqs]
            return list(counts), weights, list(map(freq_bytes, freqs)), sum(freqs)
        terms = [numbered[word] for word in words.find(text)]
        kept = [term for term in terms if term is not None]
        if words.renumber:
            numbers = enumerate(kept, terms.index(kept[0]) if kept else 0)
        else:
            numbers = ((n, term) for n, term in enumerate(terms) if term is not None)
        places = {}
        for number, term in numbers:
            found = places.get(term)
            if found is None:
                places[term] = [number]
            else:
                found.append(number)
        encode, one = self.encode, self.one_place
        return (
            list(places),
            [len(found) * boost for found in places.values()],
            [one[f[0]] if len(f) == 1 else encode(f) for f in places.values()],
            len(kept),
        )


class FieldIndex:
    """Any other field: its own `index()`, remembered for repeated plain values."""

    def __init__(self, field):
        self.field = field
        self.memo = (
            Memo(self._index, MEMO_VALUES) if type(field) in VALUE_FIELDS else None
        )

    def index(self, value, vocabulary):
        if self.memo is not None and isinstance(value, (str, int, float)):
            terms, weights, values, total = self.memo[type(value), value]
        else:
            terms, weights, values, total = self._index((type(value), value))
        return [vocabulary[term] for term in terms], weights, values, total

    def _index(self, key):
        items = list(self.field.index(key[1]))
        return (
            [term for term, _, _, _ in items],
            [float(weight) for _, _, weight, _ in items],
            [value or b"" for _, _, _, value in items],
            sum(freq for _, freq, _, _ in items),
        )


class Analyses:
    """How each field of a schema is indexed. Fields of the same analyzer (same
    class and settings: equal pickles) share their `Words`."""

    def __init__(self, schema):
        self.schema = schema
        self.by_field = {}
        self.fallbacks = {}
        self.words = {}

    def __call__(self, name, value):
        """The field's analysis for this value (text, or a list of texts)."""
        found = self.by_field.get(name)
        if found is None:
            field = self.schema[name]
            if WordAnalysis.provable(field):
                positions = type(field.format) is formats.Positions
                key = (pickle.dumps(field.analyzer), positions)
                words = self.words.get(key)
                if words is None:
                    words = self.words[key] = Words(field.analyzer, positions)
                found = WordAnalysis(field, words)
            else:
                found = FieldIndex(field)
            self.by_field[name] = found
        if type(found) is WordAnalysis and not isinstance(value, str):
            found = self.fallbacks.get(name)
            if found is None:
                found = self.fallbacks[name] = FieldIndex(self.schema[name])
        return found
