"""How search speed and index size grow with the number of documents.

    python manage.py kb_search_bench --docs 1000,10000,100000 [--corpus C --queries Q
        --qrels R] [--backend NAME ...] [--as articles|forum] [--limit-queries N]
        [--json OUT]

Each size is the data set (StackFAQ threads by default) plus synthetic documents
drawn from its vocabulary; every size is one kb_search_eval run.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb.search.evaluation import report, scale

from .kb_search_eval import add_common_arguments, evaluate, read_data, save


def _sizes(value: str) -> list[int]:
    try:
        sizes = [
            int(part.replace("_", "")) for part in value.split(",") if part.strip()
        ]
    except ValueError as error:
        raise CommandError(
            f"--docs takes whole numbers separated by commas: {value!r}"
        ) from error
    if not sizes or min(sizes) < 1:
        raise CommandError("--docs needs at least one size of 1 or more")
    return sizes


class Command(BaseCommand):
    help = "Latency, build speed and index size of the site search as the corpus grows."

    def add_arguments(self, parser):
        stackfaq = Path(settings.KB_SHARED_DIR) / "eval" / "stackfaq" / "beir"
        parser.add_argument(
            "--docs", default="1000,10000,100000", help="sizes, e.g. 1000,10000"
        )
        parser.add_argument(
            "--corpus", type=Path, default=stackfaq / "corpus.threads.jsonl"
        )
        parser.add_argument("--queries", type=Path, default=stackfaq / "queries.jsonl")
        parser.add_argument(
            "--qrels", type=Path, default=stackfaq / "qrels.threads.tsv"
        )
        parser.add_argument("--seed", type=int, default=13)
        add_common_arguments(parser)

    def handle(self, *args, **options):
        sizes = _sizes(options["docs"])
        data = read_data(options)
        runs = []
        for size in sizes:
            self.stderr.write(f"== {size} documents")
            summary = evaluate(
                self, scale.scaled(data, size, seed=options["seed"]), options
            )
            summary.pop("runs")
            runs.append(summary)
            self.stdout.write("")
        self.stdout.write(report.growth_table(runs))
        save(
            {"corpus": str(options["corpus"]), "seed": options["seed"], "sizes": runs},
            options["json"],
        )
