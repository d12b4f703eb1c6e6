"""What only this backend offers: snippets, "did you mean", term suggestions.

All three read the index's own analyzer and vocabulary (the unstemmed words of
every SearchField, across all indexes of the backend).
"""

import re
import threading
from collections import Counter

from whoosh import analysis as whoosh_analysis
from whoosh import highlight as whoosh_highlight
from whoosh import query as wq

from . import docsets, mapping
from .compiler import MAX_QUERY_CHARS, MAX_TERMS, analyze
from .store import IndexUnavailable

WORD = re.compile(r"\w+", re.UNICODE)


class MarkFormatter(whoosh_highlight.HtmlFormatter):
    """Matched words in <mark>, the rest HTML-escaped, "…" where the text was cut."""

    between = " … "

    def format_token(self, text, token, replace=False):
        word = whoosh_highlight.get_text(text, token, replace)
        return f"<mark>{whoosh_highlight.htmlescape(word, quote=False)}</mark>"

    def format_fragment(self, fragment, replace=False):
        body = super().format_fragment(fragment, replace=replace).strip()
        if fragment.startchar > 0:
            body = "… " + body
        if fragment.endchar < len(fragment.text):
            body = body + " …"
        return body


class WordMemoAnalyzer:
    """The text analyzer for snippets, each distinct word analysed once.

    The analyzer's filters (lower case, stop words kept as highlighting asks,
    stemming, accent folding) act on one word at a time, so a text's tokens are its
    tokenizer's matches, each with the analysed form of that word alone: the same
    tokens, without running the filter chain again for every repeat of a word.
    Falls back to the analyzer itself when its first step is not a regex tokenizer.
    """

    MAX_WORDS = 50_000

    def __init__(self, analyzer):
        self.analyzer = analyzer
        items = getattr(analyzer, "items", None) or [None]
        tokenizer = items[0]
        self.expression = (
            tokenizer.expression
            if isinstance(tokenizer, whoosh_analysis.RegexTokenizer)
            and not tokenizer.gaps
            else None
        )
        self.words = {}

    def _analysed(self, word, mode):
        key = (word, mode)
        found = self.words.get(key)
        if found is None:
            texts = [t.text for t in self.analyzer(word, mode=mode, removestops=False)]
            found = texts[0] if len(texts) == 1 else False  # False: not one token
            if len(self.words) >= self.MAX_WORDS:
                self.words.clear()
            self.words[key] = found
        return found

    def __call__(self, text, *, chars=True, mode="", removestops=False, **kwargs):
        if self.expression is None or removestops or kwargs.get("positions"):
            yield from self.analyzer(
                text, chars=chars, mode=mode, removestops=removestops, **kwargs
            )
            return
        token = whoosh_analysis.Token(
            positions=False, chars=chars, removestops=False, mode=mode
        )
        for match in self.expression.finditer(text):
            analysed = self._analysed(match.group(0), mode)
            if analysed is False:  # a word the filters split or drop: the slow way
                yield from self.analyzer(
                    match.group(0),
                    chars=chars,
                    start_char=match.start(),
                    mode=mode,
                    removestops=False,
                )
                continue
            token.text = analysed
            token.boost = 1.0
            token.stopped = False
            if chars:
                token.startchar = match.start()
                token.endchar = match.end()
            yield token


_local = threading.local()


def _snippet_analyzer(language):
    """The index's text analyzer for snippets, one per thread and language (its
    caches are not safe to share across threads); a new one per snippet would
    stem every word of every text again."""
    analyzers = getattr(_local, "analyzers", None)
    if analyzers is None:
        analyzers = _local.analyzers = {}
    analyzer = analyzers.get(language)
    if analyzer is None:
        analyzer = WordMemoAnalyzer(mapping.text_analyzer(language))
        analyzers[language] = analyzer
    return analyzer


def highlight(backend, text, query_string, *, limit=240):
    if not text or not query_string:
        return ""
    analyzer = _snippet_analyzer(backend.language)
    terms = set(analyze(analyzer.analyzer, query_string))
    if not terms:
        return ""
    fragmenter = whoosh_highlight.ContextFragmenter(
        maxchars=limit, surround=max(20, limit // 2), charlimit=200_000
    )
    return whoosh_highlight.highlight(
        text, terms, analyzer, fragmenter, MarkFormatter(), top=1
    )


class Vocabulary:
    """The spelling vocabulary of the indexes visitors search, limited to what they
    may find: a word only in drafts, held posts or admin-only content (documents,
    images) is never suggested. Kinds come from the site-search registry; with none
    registered (outside the site), every index counts.
    """

    def __init__(self, backend):
        self.indexes = {}  # index name -> (reader, searcher, [filter or None])
        for model, queryset in _searched(backend):
            index = backend.get_index_for_model(model)
            try:
                searcher = index.searcher()
            except IndexUnavailable:
                continue
            if mapping.SPELLING not in searcher.schema:
                continue
            whoosh_filter = _filter_of(queryset)
            if whoosh_filter is False:
                continue
            entry = self.indexes.setdefault(
                index.name, (searcher.reader(), searcher, [])
            )
            entry[2].append(whoosh_filter)

    @property
    def readers(self):
        return [reader for reader, _, _ in self.indexes.values()]

    def frequency(self, term):
        return sum(r.doc_frequency(mapping.SPELLING, term) for r in self.readers)

    def visible(self, term):
        """Whether a document visitors may find holds `term`. The filters' sets of
        documents are cached per searcher generation (docsets.filter_docset):
        listing them again for every candidate word made each keystroke slow."""
        for _, searcher, filters in self.indexes.values():
            found = docsets.docset(searcher, wq.Term(mapping.SPELLING, term))
            if not found:
                continue
            for whoosh_filter in filters:
                if whoosh_filter is None:
                    return True
                if not found.isdisjoint(docsets.filter_docset(searcher, whoosh_filter)):
                    return True
        return False


def _searched(backend):
    """(model, queryset or None) for each kind of content visitors search."""
    try:
        from kb.search import registry

        kinds = registry.get_kinds()
    except Exception:  # noqa: BLE001 - no registry: the backend used on its own
        kinds = []
    if not kinds:
        for index in backend.all_indexes():
            yield index.root, None
        return
    for kind in kinds:
        try:
            queryset = kind.queryset()
        except Exception:  # noqa: BLE001 - an app not ready: leave its words out
            continue
        yield queryset.model, queryset


def _filter_of(queryset):
    """The Whoosh filter for what `queryset` lets through; None: all; False: unknown."""
    if queryset is None:
        return None
    from modelsearch.query import MATCH_ALL

    from .compiler import WhooshSearchQueryCompiler

    try:
        whoosh_filter, by_database = WhooshSearchQueryCompiler(
            queryset, MATCH_ALL
        ).filters()
    except Exception:  # noqa: BLE001 - a filter the index can't express
        return False
    return False if by_database else whoosh_filter


def _words(text):
    return [w.lower() for w in WORD.findall((text or "")[:MAX_QUERY_CHARS])][:MAX_TERMS]


def _term_text(term):
    return term.decode("utf-8") if isinstance(term, bytes) else term


def edit_distance(a, b):
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return previous[-1]


def spelling_suggestion(backend, query_string):
    words = _words(query_string)
    if not words:
        return None
    vocabulary = Vocabulary(backend)
    readers = vocabulary.readers
    if not readers:
        return None
    corrections = {}
    for word in set(words):
        if len(word) < 3 or word.isdigit():
            continue
        if vocabulary.frequency(word) and vocabulary.visible(word):
            continue
        maxdist = 1 if len(word) <= 5 else 2
        candidates = Counter()
        for reader in readers:
            for term in reader.terms_within(mapping.SPELLING, word, maxdist, prefix=1):
                term = _term_text(term)
                candidates[term] += reader.doc_frequency(mapping.SPELLING, term)
        ranked = sorted(
            candidates, key=lambda t: (edit_distance(word, t), -candidates[t], t)
        )
        best = next((t for t in ranked[:20] if vocabulary.visible(t)), None)
        if best is not None:
            corrections[word] = best
    if not corrections:
        return None
    return WORD.sub(
        lambda m: corrections.get(m.group(0).lower(), m.group(0)),
        query_string[:MAX_QUERY_CHARS],
    ).strip()


def suggest_terms(backend, prefix, *, limit=8):
    """Completions of the last word typed (earlier words kept), most frequent first."""
    text = (prefix or "")[:MAX_QUERY_CHARS]
    words = _words(text)
    if not words or text[-1:].isspace() or limit <= 0:
        return []
    head, last = words[:-1], words[-1]
    vocabulary = Vocabulary(backend)
    readers = vocabulary.readers
    counts = Counter()
    for reader in readers:
        for number, term in enumerate(reader.expand_prefix(mapping.SPELLING, last)):
            if number >= 2000:
                break
            term = _term_text(term)
            counts[term] += reader.doc_frequency(mapping.SPELLING, term)
    ranked = [term for term, _ in counts.most_common()]
    if len(ranked) < limit and len(last) >= 4:
        close = Counter()
        for reader in readers:
            for term in reader.terms_within(mapping.SPELLING, last, 1, prefix=1):
                term = _term_text(term)
                if term not in counts:
                    close[term] += reader.doc_frequency(mapping.SPELLING, term)
        ranked += [term for term, _ in close.most_common()]
    shown = []
    for term in ranked[: limit * 5]:
        if len(shown) == limit:
            break
        if vocabulary.visible(term):
            shown.append(" ".join([*head, term]))
    return shown
