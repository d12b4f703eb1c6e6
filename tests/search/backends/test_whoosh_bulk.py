"""A rebuild's segments (`bulk`, `parallel`) hold exactly what Whoosh's own writer
indexes for the same documents: terms, postings, positions, weights, field
lengths, stored fields and sort columns; and searches answer the same."""

import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    group_models_by_index,
)
from modelsearch.query import MATCH_ALL, Phrase, PlainText
from whoosh import analysis, fields, query
from whoosh import index as whoosh_index

from kb.articles.models import ArticlePage
from kb.search.backends.whoosh import documents, internals, mapping, parallel, sidecar
from kb.search.backends.whoosh.bulk import SegmentBuilder
from kb.search.backends.whoosh.indexing import Analyses, FieldIndex, WordAnalysis
from tests.factories import make_article

from .conftest import BACKENDS, use_backend

WORDS = (
    "the a an and of to is it in on password passwords reset resetting invoice "
    "invoices billing card cards account accounts export exporting report "
    "café naïve Ärger ÉCOLE über façade résumé 検索 ключ λόγος 3.14 2024 v1.2.3 "
    "e-mail sign_in x y I it's don't co-op"
).split()
SIDECAR_FILES = {f".{sidecar.DATA_EXT}", f".{sidecar.INDEX_EXT}"}
LONG_WORDS = ["a" * 41, "Supercalifragilistic" * 4, "é" * 70]


def random_text(rng, words):
    picked = [
        rng.choice(LONG_WORDS) if rng.random() < 0.01 else rng.choice(WORDS)
        for _ in range(words)
    ]
    parts = []
    for word in picked:
        parts.append(word)
        parts.append(rng.choice([" ", " ", " ", ", ", ". ", "\n", " -- ", "!"]))
    return "".join(parts).strip()


def column(name, role, **options):
    return mapping.Column(name, role, **options)


COLUMNS = [
    column("f_title", "text", boost=4.0),
    column("f_body", "text"),
    column("f_title_edgengrams", "autocomplete"),
    column("f_views_filter", "filter", kind="int"),
    # Whoosh can't sort floats (NaN default in an integer column): not sortable.
    column("f_score_filter", "filter", kind="float", multi=True),
    column("f_published_filter", "filter", kind="datetime"),
    column("f_slug_filter", "filter", kind="str"),
    column("f_tags_filter", "filter", kind="str", multi=True),
    column("f_sections_filter", "filter", kind="int", multi=True),
    column("f_unused_filter", "filter", kind="str"),  # no document has one
]


def make_schema():
    """The meta columns of `mapping.build_schema`, the column types of
    `mapping.whoosh_field`, and two fields no word analysis can index."""
    schema = fields.Schema()
    schema.add(mapping.ID, fields.ID(unique=True, stored=True, sortable=True))
    schema.add(mapping.PK, fields.NUMERIC(int, bits=64, signed=True, sortable=True))
    schema.add(mapping.CONTENT_TYPES, fields.KEYWORD())
    schema.add(mapping.HAS, fields.KEYWORD())
    schema.add(
        mapping.AUTOCOMPLETE,
        fields.TEXT(analyzer=mapping.edge_analyzer(), phrase=False),
    )
    schema.add(
        mapping.SPELLING, fields.TEXT(analyzer=mapping.plain_analyzer(), phrase=False)
    )
    for spec in COLUMNS:
        schema.add(spec.name, mapping.whoosh_field(spec, "en"))
    schema.add("x_chars", fields.TEXT(chars=True))  # positions and characters
    schema.add(
        "x_shingles",
        fields.TEXT(analyzer=analysis.StandardAnalyzer() | analysis.ShingleFilter()),
    )
    return schema


def make_docs(count, seed=7):
    rng = random.Random(seed)
    docs = []
    for number in range(count):
        title = random_text(rng, rng.randint(0, 8))
        body = random_text(rng, rng.choice([0, 3, 40, 300]))
        doc = {
            mapping.ID: f"doc-{number}",
            mapping.PK: number * 7 - 50,
            mapping.CONTENT_TYPES: rng.choice(
                ["articles.ArticlePage wagtailcore.Page", "wagtailcore.Page"]
            ),
            "f_title": title,
            "f_body": body,
            "f_title_edgengrams": title,
            mapping.AUTOCOMPLETE: title,
            mapping.SPELLING: f"{title}\n{body}".strip(),
            "x_chars": random_text(rng, 12),
            "x_shingles": random_text(rng, 10),
        }
        has = []
        if rng.random() < 0.8:
            doc["f_views_filter"] = rng.choice([0, 1, 5, -3, 2**40, number])
            has.append("f_views_filter")
        if rng.random() < 0.8:
            doc["f_score_filter"] = rng.choice([0.0, 1.5, -2.25, number / 3])
            has.append("f_score_filter")
        if rng.random() < 0.8:
            doc["f_published_filter"] = 1795922731628673 + rng.randint(0, 3) * 10**6
            has.append("f_published_filter")
        if rng.random() < 0.9:
            doc["f_slug_filter"] = rng.choice(["", "reset-password", f"slug-{number}"])
            has.append("f_slug_filter")
        doc["f_tags_filter"] = rng.sample(["billing", "account", "café", "x"], 2)
        doc["f_sections_filter"] = [rng.randint(0, 3) for _ in range(rng.randint(0, 4))]
        has += ["f_tags_filter", "f_sections_filter"]
        doc[mapping.HAS] = " ".join(has)
        if number % 11 == 0:  # a document with empty text fields
            for name in ("f_title", "f_body", "f_title_edgengrams", mapping.SPELLING):
                doc[name] = ""
        docs.append(doc)
    return docs


def whoosh_writer_index(path, schema, docs, **options):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), schema)
    writer = ix.writer(**options)
    for doc in docs:
        writer.add_document(**doc)
    writer.commit()
    return ix


def contents(ix):
    """Everything a search can read, with documents named by their `m_id`."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {docnum: stored[mapping.ID] for docnum, stored in reader.iter_docs()}
        found = {
            "doc_count": reader.doc_count_all(),
            "deleted": reader.doc_count_all() - reader.doc_count(),
            "stored": {ids[n]: stored for n, stored in reader.iter_docs()},
            "order": [ids[n] for n in sorted(ids)],
        }
        for name, field in reader.schema.items():
            if field.scorable:
                found[f"{name} length"] = reader.field_length(name)
                found[f"{name} lengths"] = {
                    ids[n]: reader.doc_field_length(n, name) for n in ids
                }
            if field.column_type:  # by segment, as sorting reads them
                found[f"{name} column"] = {
                    ids[offset + n]: value
                    for leaf, offset in reader.leaf_readers()
                    for n, value in enumerate(leaf.column_reader(name))
                }
            terms = {}
            for term in reader.lexicon(name):
                postings = {}
                matcher = reader.postings(name, term)
                while matcher.is_active():
                    value = matcher.value()
                    decoded = None
                    if field.format.supports("positions"):
                        decoded = matcher.value_as("positions")
                    postings[ids[matcher.id()]] = (matcher.weight(), value, decoded)
                    matcher.next()
                terms[term] = (
                    reader.doc_frequency(name, term),
                    reader.frequency(name, term),
                    postings,
                )
            found[f"{name} terms"] = terms
    return found


def sorted_ids(ix):
    """Matches (with their scores or sort keys) sorted by filter columns, or by
    relevance to words and phrases."""
    ids = []
    with ix.searcher() as searcher:
        for sortedby in ("f_views_filter", "f_slug_filter", "f_unused_filter", None):
            for found in (
                query.Every(),
                query.Or(
                    [query.Term("f_body", "password"), query.Term("f_body", "card")]
                ),
                query.Phrase("f_body", ["reset", "password"]),
            ):
                hits = searcher.search(found, sortedby=sortedby, limit=None)
                ids.append([(hit[mapping.ID], hit.score) for hit in hits])
    return ids


def test_the_index_fields_use_word_analysis_where_it_is_exact():
    analyses = Analyses(make_schema())

    for name in ("f_title", "f_body", "f_title_edgengrams", mapping.SPELLING):
        assert type(analyses(name, "text")) is WordAnalysis
    for name in ("x_chars", "x_shingles", mapping.ID, "f_views_filter"):
        assert type(analyses(name, "text")) is FieldIndex
    assert type(analyses("f_body", ["a list", "of texts"])) is FieldIndex


def test_a_segment_is_byte_for_byte_the_files_whooshs_writer_writes(tmp_path):
    schema, docs = make_schema(), make_docs(150)
    whoosh_writer_index(tmp_path / "whoosh", schema, docs, compound=False)
    (tmp_path / "bulk").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "bulk"), schema)
    builder = SegmentBuilder(ix.storage, ix.indexname, schema)
    for doc in docs:
        builder.add(doc)
    segment = builder.finish()

    def files(folder, prefix):
        return {
            path.name.removeprefix(prefix): path.read_bytes()
            for path in folder.iterdir()
            if path.name.startswith(prefix) and path.suffix not in SIDECAR_FILES
        }

    expected = whoosh_index.open_dir(str(tmp_path / "whoosh")).reader().segment()
    written = files(tmp_path / "bulk", segment.segment_id())
    assert len(written) > 10
    assert written == files(tmp_path / "whoosh", expected.segment_id())


def test_segments_built_by_several_processes_hold_what_whooshs_writer_indexes(
    tmp_path,
):
    schema, docs = make_schema(), make_docs(400)
    expected = whoosh_writer_index(tmp_path / "whoosh", schema, docs)
    (tmp_path / "bulk").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "bulk"), schema)
    build = parallel.ParallelBuild(ix, workers=2, sizes=(17, 40, 90))
    for start in range(0, len(docs), 30):
        for doc in docs[start : start + 30]:
            build.add(doc)
        build.flush()
    segments = build.finish()

    built = whoosh_index.open_dir(str(tmp_path / "bulk"))
    assert len(segments) == 6 and len(built.reader().leaf_readers()) == 6
    assert not list((tmp_path / "bulk").glob("*.tmp"))
    assert contents(built) == contents(expected)
    assert sorted_ids(built) == sorted_ids(expected)


def test_each_built_segment_has_its_files_apart_and_its_long_lists_in_a_sidecar(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(sidecar, "MIN_POSTINGS", 40)  # the real minimum is larger
    schema, docs = make_schema(), make_docs(300)
    ix = whoosh_index.create_in(str(tmp_path), schema)
    build = parallel.ParallelBuild(ix, workers=2, sizes=(120,))
    for doc in docs:
        build.add(doc)
    build.flush()
    build.finish()

    built = whoosh_index.open_dir(str(tmp_path))
    assert not list(tmp_path.glob("*.seg"))  # no compound file: Whoosh copies those
    checked = 0
    with built.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            mapped = sidecar.open_sidecar(tmp_path, leaf.segment().segment_id())
            for fieldname, text in leaf.all_terms():
                ids, weights = internals.term_postings(leaf, fieldname, text)
                numeric = isinstance(schema[fieldname], fields.NUMERIC)
                if len(ids) < sidecar.MIN_POSTINGS or numeric:
                    continue  # numbers are looked up in Whoosh's own files
                found = mapped.postings(fieldname, text.decode("utf-8"))
                assert found is not None, (fieldname, text)
                assert found[0].tolist() == ids.tolist()
                assert found[1].tolist() == weights.tolist()
                checked += 1
    assert checked > 20


def test_a_build_smaller_than_a_segment_runs_in_the_calling_process(tmp_path):
    schema, docs = make_schema(), make_docs(30)
    expected = whoosh_writer_index(tmp_path / "whoosh", schema, docs)
    (tmp_path / "bulk").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "bulk"), schema)
    build = parallel.ParallelBuild(ix, workers=2, sizes=(100,))
    for doc in docs:
        build.add(doc)
    build.flush()

    assert build.finish() and not build.workers
    assert contents(whoosh_index.open_dir(str(tmp_path / "bulk"))) == contents(expected)


def test_a_failing_worker_fails_the_build_with_its_error(tmp_path):
    schema = make_schema()
    (tmp_path / "bulk").mkdir()
    ix = whoosh_index.create_in(str(tmp_path / "bulk"), schema)
    build = parallel.ParallelBuild(ix, workers=1, sizes=(2,))
    build.add({mapping.ID: "1"})
    build.add({mapping.ID: "2", "no_such_field": "x"})

    with pytest.raises(parallel.BuildFailed, match="no_such_field"):
        build.finish()
    assert not build.workers


# The backend's searches on a rebuilt index


def index_with_whooshs_writer(backend):
    """What `update_index` built before the bulk builder: one Whoosh writer per
    index, documents in the same order, optimized into one segment."""
    for index, models in group_models_by_index(backend, get_indexed_models()).items():
        generation = index.store.new_generation_dir()
        ix = whoosh_index.create_in(str(generation), index.schema())
        writer = ix.writer()
        for model in models:
            for obj in model.get_indexed_objects().order_by("pk"):
                writer.add_document(**documents.build_document(obj, index.root))
        writer.commit(optimize=True)
        index.store.swap_to(generation)


def hits(results):
    return [(page.pk, round(page.score, 9)) for page in results.annotate_score("score")]


def pks(results):
    return [page.pk for page in results]


@pytest.mark.django_db
def test_searches_answer_the_same_on_a_rebuilt_index(
    settings, tmp_path, category, monkeypatch
):
    rng = random.Random(3)
    for number in range(60):
        make_article(
            category,
            f"{random_text(rng, 4)} {number}",
            summary=random_text(rng, 12),
            body=[("paragraph", f"<p>{random_text(rng, rng.choice([5, 80]))}</p>")],
        )
    monkeypatch.setattr(parallel, "SEGMENT_SIZES", (9, 20))
    rebuilt = use_backend(settings, BACKENDS["whoosh"], tmp_path / "rebuilt")
    call_command("update_index", stdout=StringIO(), workers=2)
    store = rebuilt.get_index_for_model(ArticlePage).store
    assert (
        len(whoosh_index.open_dir(str(store.current_dir())).reader().leaf_readers()) > 2
    )
    written = use_backend(settings, BACKENDS["whoosh"], tmp_path / "written")
    index_with_whooshs_writer(written)
    live = ArticlePage.objects.live()

    def searches(backend):
        return [
            hits(backend.search("password reset", live)),
            hits(backend.search("café invoices", live, operator="and")),
            hits(backend.search(Phrase("reset password"), live)),
            hits(backend.search(PlainText("billing"), live.filter(depth=4))),
            pks(
                backend.search(
                    "account", live.order_by("-pk"), order_by_relevance=False
                )
            ),
            pks(
                backend.search(
                    MATCH_ALL, live.order_by("title"), order_by_relevance=False
                )
            ),
            hits(backend.autocomplete("pass", ArticlePage)),
            backend.spelling_suggestion("pasword"),
        ]

    assert searches(rebuilt) == searches(written)
    assert Path(store.current_dir()).is_dir()
