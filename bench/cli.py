"""The benchmark's command line.

    python -m bench eval --corpus C --queries Q --qrels R \\
        [--backend whoosh --backend database] [--as articles|forum] \\
        [--limit-queries N] [--where FIELD=VALUE] [--json OUT]
    python -m bench scale --docs 1000,10000,100000 [--corpus C --queries Q
        --qrels R] [--seed S] [same options]
    python -m bench build --db FILE.sqlite3 [--db ...] [--workers N] [--json OUT]

`eval` scores the site search per backend on a BEIR data set; `scale` runs it on
the data set (StackFAQ's threads by default) grown to each size with synthetic
documents drawn from its vocabulary; `build` times `update_index` (Whoosh) on
copies of existing databases. Both work on throwaway databases: the site's
own database and index are not touched. Tables go to stdout, progress to stderr.

Exit status: 0 done; 2 refused (unusable options or data files); 1 a run failed
(the worker's traceback is printed above the message) or OUT could not be written.
"""

import argparse
import os
import sys
from pathlib import Path

from . import beir, index_build, report, running, scale

PROG = "python -m bench"


class BenchError(Exception):
    """Why the command stops; `main` prints it and exits with `status`."""

    def __init__(self, message: str, *, status: int = 2):
        super().__init__(message)
        self.status = status


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    import django
    from django.apps import apps

    if not apps.ready:  # already set up when the tests call `main`
        django.setup()


def _out(text: str = ""):
    # Flushed, so the tables keep their place among the workers' output in a log.
    print(text, flush=True)


def _log(text: str):
    print(text, file=sys.stderr, flush=True)


def _read_data(args) -> beir.DataSet:
    """The data set the --corpus, --queries, --qrels and --where options name."""
    try:
        return beir.read_data_set(
            corpus=args.corpus,
            queries=args.queries,
            qrels=args.qrels,
            where=beir.parse_where(args.where),
        )
    except beir.DataSetError as error:
        raise BenchError(str(error)) from error


def _evaluate(data: beir.DataSet, args) -> dict:
    """Run, print the table and return the summary."""
    try:
        summary = running.evaluate(
            data,
            backends=list(dict.fromkeys(args.backends or running.default_backends())),
            as_kind=args.as_kind,
            limit_queries=args.limit_queries,
            log=_log,
        )
    except running.StepFailed as error:
        raise BenchError(str(error), status=1) from error
    except running.RunError as error:
        raise BenchError(str(error)) from error
    report.add_ratios(summary)
    _out(report.table(summary))
    return summary


def _save(summary: dict, path: Path | None, runs: dict | None = None):
    """The summary as JSON at `path`; each backend's ranking as a TREC run beside it."""
    if path is None:
        return
    try:
        report.write_json(summary, path)
        if runs:
            report.write_trec_runs(runs, path)
    except OSError as error:
        raise BenchError(f"cannot write {path}: {error.strerror}", status=1) from error


def _sizes(value: str) -> list[int]:
    try:
        sizes = [
            int(part.replace("_", "")) for part in value.split(",") if part.strip()
        ]
    except ValueError as error:
        raise BenchError(
            f"--docs takes whole numbers separated by commas: {value!r}"
        ) from error
    if not sizes or min(sizes) < 1:
        raise BenchError("--docs needs at least one size of 1 or more")
    return sizes


def run_eval(args):
    data = _read_data(args)
    summary = _evaluate(data, args)
    runs = summary.pop("runs")
    summary["corpus"] = str(args.corpus)
    summary["where"] = args.where or []
    _save(summary, args.json, runs)


def run_scale(args):
    from django.conf import settings

    sizes = _sizes(args.docs)
    stackfaq = Path(settings.KB_SHARED_DIR) / "eval" / "stackfaq" / "beir"
    args.corpus = args.corpus or stackfaq / "corpus.threads.jsonl"
    args.queries = args.queries or stackfaq / "queries.jsonl"
    args.qrels = args.qrels or stackfaq / "qrels.threads.tsv"
    data = _read_data(args)
    runs = []
    for size in sizes:
        _log(f"== {size} documents")
        summary = _evaluate(scale.scaled(data, size, seed=args.seed), args)
        summary.pop("runs")
        runs.append(summary)
        _out()
    _out(report.growth_table(runs))
    _save({"corpus": str(args.corpus), "seed": args.seed, "sizes": runs}, args.json)


def run_build(args):
    rows = []
    for database in args.databases:
        if not database.is_file():
            raise BenchError(f"no database at {database}")
        _log(f"== update_index on a copy of {database}")
        try:
            rows.append(index_build.measure(database, workers=args.workers))
        except RuntimeError as error:
            raise BenchError(str(error), status=1) from error
    _out(index_build.table(rows))
    _save({"builds": rows}, args.json)


def _add_common_arguments(parser):
    parser.add_argument(
        "--backend",
        action="append",
        dest="backends",
        metavar="NAME",
        help="whoosh, database or (with a PostgreSQL DATABASE_URL) postgres; "
        "repeat for several. Default: all of them.",
    )
    parser.add_argument(
        "--as", dest="as_kind", choices=["articles", "forum"], default="articles"
    )
    parser.add_argument("--limit-queries", type=int, default=None, metavar="N")
    parser.add_argument(
        "--where",
        action="append",
        metavar="FIELD=VALUE",
        help="only queries whose field has this value, e.g. half=A (StackFAQ's dev)",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="OUT")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="The search benchmark (see bench/README.md)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    about = "Score the site search (nDCG@10, MRR@10, recall, latency) on BEIR data."
    evaluate = commands.add_parser("eval", help=about, description=about)
    evaluate.add_argument("--corpus", required=True, type=Path, help="corpus*.jsonl")
    evaluate.add_argument("--queries", required=True, type=Path, help="queries.jsonl")
    evaluate.add_argument("--qrels", required=True, type=Path, help="qrels .tsv")
    _add_common_arguments(evaluate)
    evaluate.set_defaults(run=run_eval)

    about = "Latency, build speed and index size of the search as the corpus grows."
    grow = commands.add_parser("scale", help=about, description=about)
    grow.add_argument(
        "--docs", default="1000,10000,100000", help="sizes, e.g. 1000,10000"
    )
    shared = "default: StackFAQ's in $KB_SHARED_DIR/eval/stackfaq/beir"
    grow.add_argument("--corpus", type=Path, help=f"{shared} (threads)")
    grow.add_argument("--queries", type=Path, help=shared)
    grow.add_argument("--qrels", type=Path, help=f"{shared} (threads)")
    grow.add_argument("--seed", type=int, default=13)
    _add_common_arguments(grow)
    grow.set_defaults(run=run_scale)

    about = "Time update_index (Whoosh) on copies of databases: speed, disk, memory."
    build = commands.add_parser("build", help=about, description=about)
    build.add_argument(
        "--db",
        action="append",
        dest="databases",
        type=Path,
        required=True,
        metavar="FILE",
        help="a SQLite database of kb (copied, never written)",
    )
    build.add_argument("--workers", type=int, default=None, metavar="N")
    build.add_argument("--json", type=Path, default=None, metavar="OUT")
    build.set_defaults(run=run_build, limit_queries=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _setup_django()
    try:
        if args.limit_queries is not None and args.limit_queries < 1:
            raise BenchError("--limit-queries must be at least 1")
        args.run(args)
    except BenchError as error:
        _log(f"{PROG} {args.command}: error: {error}")
        return error.status
    return 0
