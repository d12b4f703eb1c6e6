"""Relevance and speed of the site search on a BEIR data set, per backend.

    python manage.py kb_search_eval --corpus C --queries Q --qrels R \\
        [--backend whoosh --backend database] [--as articles|forum] \\
        [--limit-queries N] [--json OUT]

Works on throwaway databases; the site's own database and index are not touched.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.search.evaluation import beir, report, running


def add_common_arguments(parser):
    parser.add_argument(
        "--backend",
        action="append",
        dest="backends",
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


def read_data(options) -> beir.DataSet:
    """The data set the --corpus, --queries, --qrels and --where options name."""
    try:
        return beir.read_data_set(
            corpus=options["corpus"],
            queries=options["queries"],
            qrels=options["qrels"],
            where=beir.parse_where(options["where"]),
        )
    except beir.DataSetError as error:
        raise CommandError(str(error)) from error


def evaluate(command, data, options) -> dict:
    """Run, print the table and return the summary (kb_search_bench uses it too)."""
    if options["limit_queries"] is not None and options["limit_queries"] < 1:
        raise CommandError("--limit-queries must be at least 1")
    try:
        summary = running.evaluate(
            data,
            backends=list(
                dict.fromkeys(options["backends"] or running.default_backends())
            ),
            as_kind=options["as_kind"],
            limit_queries=options["limit_queries"],
            log=command.stderr.write,
        )
    except running.RunError as error:
        raise CommandError(str(error)) from error
    report.add_ratios(summary)
    command.stdout.write(report.table(summary))
    return summary


def save(summary: dict, path: Path | None, runs: dict | None = None):
    """The summary as JSON at `path`; each backend's ranking as a TREC run beside it."""
    if path is None:
        return
    try:
        report.write_json(summary, path)
        if runs:
            report.write_trec_runs(runs, path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from error


class Command(BaseCommand):
    help = (
        "Score the site search (nDCG@10, MRR@10, recall, latency) on a BEIR data set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corpus", required=True, type=Path, help="corpus*.jsonl")
        parser.add_argument("--queries", required=True, type=Path, help="queries.jsonl")
        parser.add_argument("--qrels", required=True, type=Path, help="qrels .tsv")
        add_common_arguments(parser)

    def handle(self, *args, **options):
        data = read_data(options)
        summary = evaluate(self, data, options)
        runs = summary.pop("runs")
        summary["corpus"] = str(options["corpus"])
        summary["where"] = options["where"] or []
        save(summary, options["json"], runs)
