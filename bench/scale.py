"""Larger corpora for the scale benchmark, made from a data set's own vocabulary.

A corpus of N documents holds the data set's real documents (so its queries still
have their answers and relevance can be scored at every size) plus N - real
synthetic ones. A synthetic document draws its title and text lengths from the
real documents' lengths and its words from the real word frequencies (titles and
texts separately), so the index sees the same vocabulary and term statistics,
only more of it. Seeded: the same sizes give the same corpora.
"""

import random

from .beir import DataSet

SYNTHETIC_PREFIX = "SYN"


class _Sampler:
    def __init__(self, texts: list[str], rng: random.Random):
        counts: dict[str, int] = {}
        self.lengths = []
        for text in texts:
            words = text.split()
            self.lengths.append(len(words))
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        self.words = list(counts)
        self.cumulative = []
        total = 0
        for word in self.words:
            total += counts[word]
            self.cumulative.append(total)
        self.rng = rng

    def text(self) -> str:
        length = self.rng.choice(self.lengths) if self.lengths else 0
        if not length or not self.words:
            return ""
        return " ".join(
            self.rng.choices(self.words, cum_weights=self.cumulative, k=length)
        )


def scaled(data: DataSet, documents: int, *, seed: int = 13) -> DataSet:
    """`data` grown (or cut) to `documents` documents."""
    real = list(data.corpus.items())
    if documents <= len(real):
        corpus = dict(real[:documents])
        return DataSet(corpus=corpus, queries=data.queries, qrels=data.qrels)
    rng = random.Random(seed)
    titles = _Sampler([doc["title"] for _, doc in real], rng)
    texts = _Sampler([doc["text"] for _, doc in real], rng)
    corpus = dict(real)
    width = len(str(documents))
    for number in range(1, documents - len(real) + 1):
        title, text = titles.text(), texts.text()
        corpus[f"{SYNTHETIC_PREFIX}{number:0{width}d}"] = {
            "title": title or text[:60] or "untitled",
            "text": text,
        }
    return DataSet(corpus=corpus, queries=data.queries, qrels=data.qrels)
