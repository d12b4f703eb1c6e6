"""Whoosh segments written straight from documents, for rebuilds.

Whoosh's own writer analyzes each field through generator chains, spills every
posting to sorted runs on disk, merges them back and reads each posting's field
length through a per-document reader: about 80 documents a second. A rebuild
needs none of that. `SegmentBuilder` turns each field into postings
(`indexing`), keeps a segment's postings in memory (a few compact arrays per
field), sorts the terms once and writes them with Whoosh's codec: the files are
the ones Whoosh's writer makes for the same documents, byte for byte
(tests/search/backends/test_whoosh_bulk.py checks it).
"""

from array import array

import numpy as np
from whoosh import fields
from whoosh.codec import default_codec
from whoosh.util.numeric import byte_to_length, length_to_byte

from . import internals, sidecar
from .indexing import Analyses, Vocabulary, WordAnalysis

BATCH_POSTINGS = 65_536  # postings made Python objects at once when writing
# A length as the postings see it: Whoosh stores lengths in one byte.
QUANTIZED = np.array([byte_to_length(b) if b else 0 for b in range(256)])


class Postings:
    """One field's postings in a segment, in document order: 12 bytes a posting
    and its encoded value."""

    def __init__(self, vocabulary, value_size):
        self.vocabulary = vocabulary
        self.numbers = array("I")
        self.docs = array("I")
        self.weights = array("f")  # "d" once a weight needs it
        self.values = bytearray()
        self.size = value_size  # None: values of any size, their sizes kept
        self.sizes = array("I")

    def add(self, docnum, numbers, weights, values):
        self.numbers.fromlist(numbers)
        self.docs.extend(array("I", (docnum,)) * len(numbers))
        if self.weights.typecode == "f" and array("f", weights).tolist() != weights:
            self.weights = array("d", self.weights)
        self.weights.fromlist(weights)
        joined = b"".join(values)
        if self.size is None:
            self.sizes.fromlist(list(map(len, values)))
        elif len(joined) != self.size * len(values):
            raise ValueError(f"values of {self.size} bytes expected")
        self.values += joined

    def value_lists(self):
        """A function giving the values of some postings (by arrival number).

        Each value is a bytes object of its own, as Whoosh's writer has them: a
        block pickles its values, and pickle writes a repeated object as a
        reference to the first."""
        values = bytes(self.values)
        if self.size is None:
            sizes = np.frombuffer(self.sizes, dtype=np.uint32)
            stops = np.cumsum(sizes, dtype=np.int64)
            starts = stops - sizes

            def pick(indexes):
                spans = zip(
                    starts[indexes].tolist(), stops[indexes].tolist(), strict=True
                )
                return [values[start:stop] for start, stop in spans]

            return pick
        if self.size:
            fixed = np.frombuffer(values, dtype=f"V{self.size}")
            return lambda indexes: fixed[indexes].tolist()
        return lambda indexes: [b""] * len(indexes)

    def by_term(self, lengths):
        """(term, documents, weights, values, field lengths) in term order, a
        batch of terms at a time; `lengths` has each document's length byte."""
        numbers = np.frombuffer(self.numbers, dtype=np.uint32)
        used = np.unique(numbers)
        names = [self.vocabulary.terms[n] for n in used.tolist()]
        alphabetical = sorted(range(len(names)), key=names.__getitem__)
        terms = [names[i] for i in alphabetical]
        rank = np.zeros(len(self.vocabulary.terms), dtype=np.uint32)
        rank[used[alphabetical]] = np.arange(len(terms), dtype=np.uint32)
        keys = rank[numbers]
        order = np.argsort(keys, kind="stable")
        ends = np.cumsum(np.bincount(keys, minlength=len(terms))).tolist()
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        weights = np.asarray(self.weights)
        values = self.value_lists()
        first = last = 0  # terms[first:last] is the batch, postings [low, high)
        while first < len(terms):
            low = ends[first - 1] if first else 0
            while last < len(terms) and ends[last] - low < BATCH_POSTINGS:
                last += 1
            last = max(last, first + 1)
            batch = order[low : ends[last - 1]]
            batch_docs = docs[batch]
            doc_list = batch_docs.tolist()
            weight_list = weights[batch].tolist()
            length_list = QUANTIZED[lengths[batch_docs]].tolist()
            value_list = values(batch)
            for number in range(first, last):
                a = (ends[number - 1] if number else 0) - low
                b = ends[number] - low
                yield (
                    terms[number],
                    doc_list[a:b],
                    weight_list[a:b],
                    value_list[a:b],
                    length_list[a:b],
                )
            first = last


class SegmentBuilder:
    """Documents in, one Whoosh segment out (`finish`): what a `SegmentWriter`
    writes for them, without deletions, merging or temporary runs."""

    def __init__(self, storage, indexname, schema, analyses=None, codec=None):
        self.storage = storage
        self.schema = schema
        self.codec = codec or default_codec()
        self.segment = self.codec.new_segment(storage, indexname)
        self.perdoc = self.codec.per_document_writer(storage, self.segment)
        self.analysis = analyses or Analyses(schema)
        self.vocabularies = {}  # Words or FieldIndex -> (vocabulary, numbering)
        self.postings = {}
        self.lengths = {}  # field name -> length byte per document
        self.doc_count = 0

    def index(self, name, field, value):
        """Add the field's postings; returns its length (0 unless scorable)."""
        analysis = self.analysis(name, value)
        words = analysis.words if type(analysis) is WordAnalysis else analysis
        found = self.vocabularies.get(words)
        if found is None:
            vocabulary = Vocabulary()
            numbering = vocabulary
            if words is not analysis:
                numbering = words.numbered(vocabulary)
            found = self.vocabularies[words] = (vocabulary, numbering)
        vocabulary, numbering = found
        numbers, weights, values, total = analysis.index(value, numbering)
        if numbers:
            postings = self.postings.get(name)
            if postings is None:
                size = field.format.fixed_value_size()
                postings = self.postings[name] = Postings(vocabulary, size)
            postings.add(self.doc_count, numbers, weights, values)
        return total if field.scorable else 0

    def add(self, doc):
        """Add one document (a dict of field values, as Whoosh's writer takes)."""
        docnum = self.doc_count
        schema, perdoc = self.schema, self.perdoc
        perdoc.start_doc(docnum)
        for name in sorted(doc):
            if name.startswith("_"):
                raise ValueError(
                    f"boosts and stored overrides aren't supported: {name}"
                )
            value = doc[name]
            if value is None:
                continue
            field = schema[name]
            length = self.index(name, field, value) if field.indexed else 0
            if length:
                lengths = self.lengths.setdefault(name, bytearray())
                lengths.extend(bytes(docnum - len(lengths)))
                lengths.append(length_to_byte(length))
            perdoc.add_field(name, field, value if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(
                    name, field.column_type, field.to_column_value(value)
                )
        perdoc.finish_doc()
        self.doc_count += 1

    def finish(self):
        """Write the segment's files and its sidecar (the long postings lists);
        returns the segment for the TOC.

        The files stay apart: Whoosh reads a compound segment into memory on open
        (a copy per process and thread), separate files from the page cache."""
        self.perdoc.close()
        writer = self.codec.field_writer(self.storage, self.segment)
        long_lists = []
        for name in sorted(self.postings):
            field = self.schema[name]
            writer.start_field(name, field)
            lengths = np.zeros(self.doc_count, dtype=np.uint8)
            found = self.lengths.get(name, b"")
            lengths[: len(found)] = np.frombuffer(found, dtype=np.uint8)
            words = not isinstance(field, fields.NUMERIC | fields.BOOLEAN)
            for term, *postings in self.postings.pop(name).by_term(lengths):
                writer.start_term(term)
                internals.add_term_postings(writer, *postings)
                writer.finish_term()
                docs, weights = postings[:2]
                if words and len(docs) >= sidecar.MIN_POSTINGS:
                    long_lists.append(
                        (
                            name,
                            term.decode("utf-8"),
                            np.array(docs, dtype=np.uint32),
                            np.array(weights, dtype=np.float32),
                        )
                    )
            writer.finish_field()
        writer.close()
        self.segment.set_doc_count(self.doc_count)
        sidecar.write(
            self.storage.folder, self.segment.segment_id(), self.doc_count, long_lists
        )
        return self.segment
