"""A segment's long postings lists mapped from its sidecar files are the very lists
Whoosh decodes from the segment, and go away with the segment."""

import numpy as np
import pytest
from whoosh import fields, index

from kb.search.backends.whoosh import internals, sidecar
from kb.search.backends.whoosh.generation import Generation

WORDS = "refund invoice password account billing card export report".split()


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An index of two segments, one with deleted documents, each with a sidecar of
    every list of at least 3 documents (the real minimum is larger)."""
    monkeypatch.setattr(sidecar, "MIN_POSTINGS", 3)
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True),
        body=fields.TEXT(phrase=True),
        title=fields.TEXT(field_boost=1.5),  # weights that aren't whole numbers
    )
    ix = index.create_in(str(tmp_path), schema)
    for batch in range(2):
        writer = ix.writer()
        for number in range(200):
            words = [WORDS[(number * k + batch) % len(WORDS)] for k in (1, 3)]
            writer.add_document(
                id=f"{batch}-{number}",
                body=" ".join(words * (1 + number % 4)),
                title=words[0] if number % 50 else "rare",
            )
        writer.commit(merge=False)
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            segment_id = leaf.segment().segment_id()
            sidecar.write(tmp_path, segment_id, leaf.doc_count_all(), _all_lists(leaf))
    writer = ix.writer()
    writer.delete_by_term("id", "0-4")
    writer.commit(merge=False)
    return tmp_path


def _all_lists(reader):
    for fieldname, text in reader.all_terms():
        if fieldname != "id":
            text = text.decode("utf-8")
            yield (fieldname, text, *internals.term_postings(reader, fieldname, text))


def test_the_mapped_lists_are_whooshs_own(folder):
    with_sidecars = Generation(folder, budget_bytes=1 << 20)
    assert all(with_sidecars.sidecars)
    without = Generation(folder, budget_bytes=1 << 20)
    without.sidecars = [None] * len(without.sidecars)

    kinds = set()
    for fieldname in ("body", "title"):
        for word in [*WORDS, "rare", "absent"]:
            mapped = with_sidecars.postings(fieldname, word)
            decoded = without.postings(fieldname, word)
            assert mapped[0].tolist() == decoded[0].tolist()
            assert mapped[1].tolist() == decoded[1].tolist()
        kinds |= {entry[2:] for entry in with_sidecars.sidecars[0].entries.values()}
    # Both encodings of document numbers, whole and fractional weights were used.
    assert {kind for kind, _, _ in kinds} == {"bits", "u4"}
    assert {"|u1", "<f4"} <= {weights for _, _, weights in kinds}
    assert 4 not in with_sidecars.postings("body", "refund")[0]  # deleted "0-4"


def test_short_lists_are_left_to_the_segment(folder):
    generation = Generation(folder, budget_bytes=1 << 20)
    mapped = generation.sidecars[0]
    lengths = [count for _, count, *_ in mapped.entries.values()]
    assert lengths and min(lengths) >= sidecar.MIN_POSTINGS
    assert mapped.postings("body", "absent") is None


def test_the_sidecar_goes_with_its_segment_when_segments_merge(folder):
    before = {path.name for path in folder.glob("*.kbp")}
    writer = index.open_dir(str(folder)).writer()
    writer.commit(optimize=True)

    assert before and not {path.name for path in folder.glob("*.kbp")} & before
    generation = Generation(folder, budget_bytes=1 << 20)
    assert generation.sidecars == [None]
    assert np.count_nonzero(generation.postings("body", "refund")[0] >= 0) > 0
