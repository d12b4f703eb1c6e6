"""Snippets: the passage of a text that best matches a query, words marked.

The passage is the one Whoosh's highlighter would pick, found from word positions
kept per text instead of a token stream per snippet.
"""

import bisect
import hashlib
import threading
from array import array

from whoosh import analysis as whoosh_analysis
from whoosh import highlight as whoosh_highlight

from . import mapping
from .compiler import analyze


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
    MAX_TEXTS = 2_000  # about 10 kB each for a 2,500-character article

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
        self.texts = {}

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

    def positions(self, text, terms, mode="query"):
        """(starts, ends, analysed form or None per word) of every word of `text`,
        the form given only for words whose form is in `terms`; None when some
        word is not one token after analysis (then only the analyzer will do).

        A text's words are found once and kept (the same articles come up for
        many searches): later snippets of it only compare forms with `terms`.
        """
        words = self._words_of(text, mode)
        if words is None:
            return None
        starts, ends, form_numbers, forms = words
        wanted = [form if form in terms else None for form in forms]
        return starts, ends, [wanted[number] for number in form_numbers]

    def _words_of(self, text, mode):
        if self.expression is None:
            return None
        key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass")).digest(), mode)
        found = self.texts.get(key)
        if found is not None:
            return found
        starts, ends, form_numbers = array("I"), array("I"), array("I")
        number_of, forms = {}, []
        for match in self.expression.finditer(text):
            word = match.group(0)
            number = number_of.get(word)
            if number is None:
                analysed = self._analysed(word, mode)
                if analysed is False:
                    return None
                number = number_of[word] = len(forms)
                forms.append(analysed)
            starts.append(match.start())
            ends.append(match.end())
            form_numbers.append(number)
        if len(self.texts) >= self.MAX_TEXTS:
            self.texts.clear()
        found = self.texts[key] = (starts, ends, form_numbers, forms)
        return found


def context_fragments(starts, ends, found, *, maxchars, surround, charlimit):
    """(startchar, endchar, [indexes of matched words]) of each passage Whoosh's
    ContextFragmenter would cut from these word positions, by its rules: up to
    `surround` characters of context before the first match and after the last,
    at most `maxchars` characters of words, nothing past `charlimit`.

    Whoosh walks every word of the text; between passages only the words just
    before the next match matter, so this jumps from match to match and walks
    word by word inside a passage only.
    """
    count = len(starts)
    matches = [i for i, form in enumerate(found) if form is not None]
    pool_start = 0  # the words since the last passage: context for the next one
    position = 0
    for first_match in matches:
        if first_match < position:
            continue
        if charlimit and ends[first_match] > charlimit:
            return
        # The context before: the words of the pool that start within `surround`
        # characters of the end of the word before the match.
        first, countdown = None, -1
        if first_match > pool_start:
            before = bisect.bisect_left(
                starts, ends[first_match - 1] - surround, pool_start, first_match
            )
            if before < first_match:
                first = starts[before]
        currentlen, taken = 0, []
        position = first_match
        while position < count:
            start, end = starts[position], ends[position]
            length = end - start
            if charlimit and end > charlimit:
                if taken:
                    yield first, end, taken
                return
            if currentlen + length > maxchars:
                countdown = 0
            elif found[position] is not None:
                countdown = surround
                if not taken and first is None:
                    first = start
                    countdown += surround
                taken.append(position)
            currentlen += length
            countdown -= length
            position += 1
            if countdown <= 0:
                if taken:
                    yield first, end, taken
                pool_start = position
                if countdown == 0 and position < count and found[position] is None:
                    # Whoosh's countdown stays at 0 here, which makes the next word
                    # an empty passage of its own instead of context for the next.
                    pool_start += 1
                break
        else:
            if taken:
                yield first, ends[-1], taken
            return


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


def highlight(language, text, query_string, *, limit=240):
    """The passage Whoosh's highlighter would pick (ContextFragmenter, best-scored
    fragment), found from word positions instead of a token stream."""
    if not text or not query_string:
        return ""
    analyzer = _snippet_analyzer(language)
    terms = frozenset(analyze(analyzer.analyzer, query_string))
    if not terms:
        return ""
    maxchars, surround, charlimit = limit, max(20, limit // 2), 200_000
    formatter = MarkFormatter()
    words = analyzer.positions(text, terms)
    if words is None:
        fragmenter = whoosh_highlight.ContextFragmenter(
            maxchars=maxchars, surround=surround, charlimit=charlimit
        )
        return whoosh_highlight.highlight(
            text, terms, analyzer, fragmenter, formatter, top=1
        )
    starts, ends, found = words
    best, best_score = None, None
    for first, last, taken in context_fragments(
        starts,
        ends,
        found,
        maxchars=maxchars,
        surround=surround,
        charlimit=charlimit,
    ):
        # Whoosh's BasicFragmentScorer; on a tie the later passage wins, as there.
        score = len(taken) * len({found[i] for i in taken}) * 100
        if best_score is None or score >= best_score:
            best, best_score = (first, last, taken), score
    if best is None:
        return ""
    first, last, taken = best
    tokens = []
    for i in taken:
        token = whoosh_analysis.Token(text=found[i], boost=1.0)
        token.startchar, token.endchar, token.matched = starts[i], ends[i], True
        tokens.append(token)
    return formatter(text, [whoosh_highlight.Fragment(text, tokens, first, last)])
