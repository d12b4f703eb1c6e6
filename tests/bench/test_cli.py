"""The search benchmark's command line (`python -m bench eval|scale|build`).

The benchmark works on throwaway databases in child processes, so these tests need
no test database of their own; each run builds real indexes on disk.
"""

import json
import math
import re
import subprocess
import sys

import pytest
from django.conf import settings

from bench import beir, running, scale
from bench.cli import main

DOCS = [
    {
        "_id": "strike",
        "title": "Strikethrough text in GitHub Markdown",
        "text": "Put two tildes around the words to cross them out.",
    },
    {
        "_id": "delete",
        "title": "Delete a Facebook account",
        "text": "Open the account settings, choose deactivate, then delete for good.",
    },
    {
        "_id": "calendar",
        "title": "Share a Google calendar",
        "text": "Open calendar settings, pick the calendar and add people to it.",
    },
]


def write_beir(folder, docs, queries, qrels):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": q, "text": t}) + "\n" for q, t in queries.items())
    )
    (folder / "qrels.tsv").write_text(
        "query-id\tcorpus-id\tscore\n"
        + "".join(f"{q}\t{d}\t{s}\n" for q, d, s in qrels)
    )
    return {
        k: folder / f"{k}.{'tsv' if k == 'qrels' else 'jsonl'}"
        for k in ("corpus", "queries", "qrels")
    }


def eval_args(paths, tmp_path, *args):
    return [
        "eval",
        "--corpus",
        str(paths["corpus"]),
        "--queries",
        str(paths["queries"]),
        "--qrels",
        str(paths["qrels"]),
        "--json",
        str(tmp_path / "result.json"),
        *args,
    ]


def run_eval(paths, tmp_path, capsys, *args):
    """The JSON summary and the printed table of a successful `eval`."""
    assert main(eval_args(paths, tmp_path, *args)) == 0
    return json.loads((tmp_path / "result.json").read_text()), capsys.readouterr().out


def refused(capsys, argv, pattern):
    """The command refuses: exit status 2, the reason on stderr, no traceback."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert re.search(pattern, err), err
    assert "Traceback" not in err


def test_found_answers_score_one_and_unanswerable_queries_count_as_zero(
    tmp_path, capsys
):
    paths = write_beir(
        tmp_path / "data",
        DOCS,
        {"q1": "strikethrough markdown", "q2": "qwxzv", "q3": "  "},
        [("q1", "strike", 1), ("q2", "delete", 1), ("q3", "calendar", 1)],
    )
    summary, table = run_eval(paths, tmp_path, capsys, "--backend", "database")

    result = summary["backends"]["database"]
    assert summary["documents"] == 3
    assert summary["queries"] == 3
    # q1 finds its only relevant document first; q2 (no word in the index) and q3
    # (empty) find nothing and score zero instead of being left out of the mean.
    assert result["ndcg@10"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["mrr@10"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["recall@100"] == pytest.approx(1 / 3, abs=1e-3)
    assert result["errors"] == 0
    assert result["search_function"] == "kb.search.selectors.site_search"
    assert "database" in table and "nDCG@10" in table


def test_stackfaq_slice_reports_every_figure_for_every_backend(
    shared_dir, tmp_path, capsys
):
    source = shared_dir / "eval" / "stackfaq" / "beir"
    data = beir.read_data_set(
        corpus=source / "corpus.threads.jsonl",
        queries=source / "queries.jsonl",
        qrels=source / "qrels.threads.tsv",
    )
    corpus = dict(list(data.corpus.items())[:20])
    sliced = beir.DataSet(corpus=corpus, queries=data.queries, qrels=data.qrels)
    paths = beir.write_data_set(
        beir.DataSet(corpus=corpus, queries=sliced.judged_queries(), qrels=data.qrels),
        tmp_path / "slice",
    )
    summary, table = run_eval(paths, tmp_path, capsys, "--limit-queries", "20")

    assert summary["documents"] == 20
    assert summary["queries"] == 20
    assert set(summary["backends"]) == set(running.default_backends())
    assert "database" in summary["backends"]
    for name, result in summary["backends"].items():
        for measure in ("ndcg@10", "mrr@10", "recall@10", "recall@100"):
            assert 0.0 <= result[measure] <= 1.0, (name, measure)
        # Twenty help threads and questions about them: most answers are found.
        assert result["ndcg@10"] > 0.5, name
        assert result["recall@100"] >= result["recall@10"]
        assert result["errors"] == 0
        latency = result["latency_ms"]
        assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"]
        assert (
            math.isfinite(result["build_docs_per_s"]) and result["build_docs_per_s"] > 0
        )
        assert result["index_bytes"] > 0
        assert result["peak_rss_mb"] > 10
        assert result["vs_database"]["nDCG@10"] == pytest.approx(
            result["ndcg@10"] / summary["backends"]["database"]["ndcg@10"], rel=1e-2
        )
        assert name in table
        run_file = (tmp_path / "result.json").with_name(f"result.{name}.run")
        first = run_file.read_text().splitlines()[0].split()
        assert first[1] == "Q0" and first[2] in corpus and first[3] == "1"


def test_forum_topics_are_found_like_articles(tmp_path, capsys):
    paths = write_beir(
        tmp_path / "data",
        DOCS,
        {"q1": "share my google calendar", "q2": "delete facebook account"},
        [("q1", "calendar", 1), ("q2", "delete", 1)],
    )
    summary, _ = run_eval(
        paths, tmp_path, capsys, "--backend", "database", "--as", "forum"
    )

    assert summary["as"] == "forum"
    assert summary["backends"]["database"]["ndcg@10"] == pytest.approx(1.0)
    assert summary["backends"]["database"]["errors"] == 0


def test_scale_mode_reports_each_size(tmp_path, capsys):
    paths = write_beir(
        tmp_path / "data", DOCS, {"q1": "strikethrough markdown"}, [("q1", "strike", 1)]
    )
    status = main(
        [
            "scale",
            "--docs",
            "40",
            "--corpus",
            str(paths["corpus"]),
            "--queries",
            str(paths["queries"]),
            "--qrels",
            str(paths["qrels"]),
            "--backend",
            "database",
            "--json",
            str(tmp_path / "scale.json"),
        ]
    )
    out = capsys.readouterr().out
    result = json.loads((tmp_path / "scale.json").read_text())

    assert [run["documents"] for run in result["sizes"]] == [40]
    database = result["sizes"][0]["backends"]["database"]
    # 37 synthetic documents made of the same few words compete with the real
    # answer, which is still among the hits.
    assert database["recall@100"] == pytest.approx(1.0)
    assert 0.0 < database["ndcg@10"] <= 1.0
    assert database["index_bytes"] > 0
    assert status == 0
    assert "40 documents" in out
    assert "Growth with corpus size" in out


def test_scale_sizes_must_be_numbers(capsys):
    refused(capsys, ["scale", "--docs", "1000,lots"], "--docs takes whole numbers")


def test_refusals_from_the_shell_are_a_message_and_status_2():
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "scale", "--docs", "1000,lots"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 2
    assert "--docs takes whole numbers" in finished.stderr
    assert "Traceback" not in finished.stderr


def test_unknown_backend_is_refused_with_the_available_names(tmp_path, capsys):
    paths = write_beir(
        tmp_path / "data", DOCS, {"q1": "markdown"}, [("q1", "strike", 1)]
    )
    refused(
        capsys,
        eval_args(paths, tmp_path, "--backend", "solr"),
        "unknown or unavailable backend solr.*database",
    )


def test_malformed_files_are_refused_with_the_line(tmp_path, capsys):
    paths = write_beir(
        tmp_path / "data", DOCS, {"q1": "markdown"}, [("q1", "strike", 1)]
    )
    refused(
        capsys,
        eval_args({**paths, "qrels": tmp_path / "missing.tsv"}, tmp_path),
        "cannot read .*missing.tsv",
    )
    paths["corpus"].write_text('{"_id": "a", "title": "ok", "text": "ok"}\nnot json\n')
    refused(capsys, eval_args(paths, tmp_path), r"corpus.jsonl:2: not JSON")


def test_graded_qrels_are_read_with_their_grades(tmp_path):
    paths = write_beir(
        tmp_path / "data", DOCS, {"q1": "x"}, [("q1", "strike", 2), ("q1", "delete", 0)]
    )
    assert beir.read_qrels(paths["qrels"]) == {"q1": {"strike": 2, "delete": 0}}


def test_where_keeps_only_the_queries_with_that_field_value(tmp_path):
    path = tmp_path / "queries.jsonl"
    path.write_text(
        '{"_id": "a", "text": "one", "half": "A"}\n'
        '{"_id": "b", "text": "two", "half": "B"}\n'
    )
    assert beir.read_queries(path, where=beir.parse_where(["half=A"])) == {"a": "one"}
    with pytest.raises(beir.DataSetError, match="FIELD=VALUE"):
        beir.parse_where(["half"])


def test_scaled_corpus_keeps_the_real_documents_and_grows_from_their_words():
    data = beir.DataSet(
        corpus={d["_id"]: {"title": d["title"], "text": d["text"]} for d in DOCS},
        queries={"q1": "markdown"},
        qrels={"q1": {"strike": 1}},
    )
    grown = scale.scaled(data, 50)
    vocabulary = {w for d in DOCS for w in (d["title"] + " " + d["text"]).split()}

    assert len(grown.corpus) == 50
    assert all(grown.corpus[d["_id"]]["title"] == d["title"] for d in DOCS)
    synthetic = [doc for key, doc in grown.corpus.items() if key.startswith("SYN")]
    assert len(synthetic) == 47
    assert all(
        set((d["title"] + " " + d["text"]).split()) <= vocabulary for d in synthetic
    )
    assert scale.scaled(data, 50).corpus == grown.corpus  # seeded
    assert list(scale.scaled(data, 2).corpus) == ["strike", "delete"]


def test_build_mode_times_update_index_on_a_copy_of_the_database(tmp_path, capsys):
    paths = write_beir(tmp_path / "data", DOCS, {"q": "tildes"}, [("q", "strike", 1)])
    database, _ = running._load_sqlite(
        folder=tmp_path, corpus_path=paths["corpus"], as_kind="articles"
    )
    before = database.read_bytes()

    assert main(["build", "--db", str(database), "--workers", "1"]) == 0

    head, row = capsys.readouterr().out.strip().splitlines()[-2:]
    assert head.split()[:4] == ["documents", "seconds", "docs/s", "index"]
    documents, seconds, rate, size, temp, memory = row.split()
    assert int(documents) >= len(DOCS) and float(size) > 0 and float(memory) > 0
    assert database.read_bytes() == before


def test_build_mode_refuses_a_missing_database(tmp_path, capsys):
    assert main(["build", "--db", str(tmp_path / "none.sqlite3")]) == 2
    assert "no database at" in capsys.readouterr().err
