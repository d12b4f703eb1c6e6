"""The Whoosh internals the backend relies on still exist and still mean what the
public API says. A Whoosh-Reloaded release that changes them fails here, loudly,
instead of making searches quietly wrong."""

import numpy as np
import pytest
from whoosh import fields
from whoosh.codec import default_codec
from whoosh.filedb.filestore import RamStorage

from kb.search.backends.whoosh import internals

WORDS = "refund invoice password account billing card export report".split()


@pytest.fixture
def segments():
    """An index of three segments, with deleted and replaced documents, and
    enough postings of common words to fill several of Whoosh's blocks."""
    schema = fields.Schema(
        id=fields.ID(unique=True, stored=True), body=fields.TEXT(phrase=True)
    )
    ix = RamStorage().create_index(schema)
    for batch in range(3):
        writer = ix.writer()
        for number in range(300):
            words = [WORDS[(number * k + batch) % len(WORDS)] for k in (1, 2, 5)]
            writer.add_document(
                id=f"{batch}-{number}",
                body=" ".join(words * (1 + number % 3)) + " refund",
            )
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("id", "0-7")
    writer.update_document(id="1-8", body="refund refund")
    writer.commit(merge=False)
    reader = ix.reader()
    assert len(list(reader.leaf_readers())) > 1
    yield reader
    reader.close()


def field_writer(storage, name="MAIN"):
    codec = default_codec()
    return codec.field_writer(storage, codec.new_segment(storage, name))


def test_the_private_names_the_backend_reads_still_exist(segments):
    reader, _ = next(iter(segments.leaf_readers()))
    matcher = reader.postings("body", "refund")
    writer = field_writer(RamStorage())
    writer.start_field("body", fields.TEXT())
    writer.start_term(b"refund")
    instances = [
        reader,
        reader._perdoc,
        getattr(matcher, "child", matcher),
        writer,
        writer._postwriter,
    ]
    for owner, names in internals.PRIVATE_NAMES.items():
        found = [obj for obj in instances if isinstance(obj, owner)]
        assert found, f"Whoosh-Reloaded no longer uses {owner.__name__} here"
        missing = [name for name in names if not hasattr(found[0], name)]
        assert not missing, (
            f"Whoosh-Reloaded changed {owner.__name__}: {missing} are gone; "
            "update kb/search/backends/whoosh/internals.py"
        )


@pytest.mark.parametrize("word", [*WORDS, "absent"])
def test_block_postings_are_the_public_matchers_postings(segments, word):
    for reader, _ in segments.leaf_readers():
        fast_ids, fast_weights = internals.term_postings(reader, "body", word)
        ids, weights = internals.term_postings_public(reader, "body", word)
        assert fast_ids.dtype == np.int32 and fast_weights.dtype == np.float32
        assert fast_ids.tolist() == ids.tolist()
        assert fast_weights.tolist() == weights.tolist()


def test_block_postings_read_past_a_block(segments):
    reader, _ = next(iter(segments.leaf_readers()))
    ids, _ = internals.term_postings(reader, "body", "refund")
    assert len(ids) > 128  # Whoosh's default block size


def test_column_lengths_are_the_public_field_lengths(segments):
    for reader, _ in segments.leaf_readers():
        assert (
            internals.field_lengths(reader, "body").tolist()
            == internals.field_lengths_public(reader, "body").tolist()
        )


def term_postings_files(add_postings):
    """The term and postings files of a field written term by term with
    `add_postings`: terms of 1, 128, 129 and 300 postings, with changing
    weights, values of any size, and documents without a length."""
    storage = RamStorage()
    writer = field_writer(storage)
    for name, field in (("body", fields.TEXT()), ("tags", fields.KEYWORD())):
        writer.start_field(name, field)
        for count in (1, 128, 129, 300):
            docs = list(range(0, 3 * count, 3))
            weights = [float(1 + doc % 4) for doc in docs]
            values = [bytes(doc % 7) for doc in docs]
            if name == "tags":
                values = [b"\0\0\0\1"] * count  # a fixed size
            lengths = [doc % 5 * 10 for doc in docs]
            writer.start_term(f"term{count}".encode())
            add_postings(writer, docs, weights, values, lengths)
            writer.finish_term()
        writer.finish_field()
    writer.close()
    return {  # by extension: segment names are random
        name.split(".", 1)[1]: storage.open_file(name).read() for name in storage.list()
    }


def test_postings_added_a_block_at_a_time_are_the_public_writers_bytes():
    assert term_postings_files(internals.add_term_postings) == term_postings_files(
        internals.add_term_postings_public
    )
