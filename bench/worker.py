"""The benchmark's child process: `python -m bench.worker SPEC.json`.

The parent (`running`) starts one per step, with DATABASE_URL pointing at a
throwaway database, so the site's own database is never opened and each backend's
peak memory is its own. Two steps:

- `load`: migrate (unless the database is a migrated copy) and load the corpus as
  kb content, with index updates off; writes the pk -> _id mapping.
- `run`: build one backend's index through the normal indexing path
  (`update_index`), then send every query through the site's search function;
  writes timings, sizes, errors and each query's ranked document ids.
"""

import cProfile
import json
import os
import resource
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

WARMUP_QUERIES = 10
PAGE_SIZE = 10  # results on the search page's first page
ERROR_SAMPLES = 5


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    # DEBUG keeps every SQL query in memory: it would inflate time and peak memory.
    settings.DEBUG = False


def _use_backends(backends: dict):
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = backends


def _checkpoint():
    """Fold SQLite's write-ahead log into the database file so a copy is complete."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def step_load(spec: dict) -> dict:
    from django.core.management import call_command

    from bench import content
    from bench.beir import read_corpus

    # Nothing is indexed while loading: the run step builds each index on its own.
    _use_backends(
        {"default": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False}}
    )
    if spec.get("migrate", True):
        call_command("migrate", interactive=False, verbosity=0)
        if spec.get("save_migrated_to"):
            _checkpoint()
            import shutil

            target = Path(spec["save_migrated_to"])
            partial = target.with_suffix(f".{os.getpid()}.partial")
            shutil.copyfile(spec["database_file"], partial)
            os.replace(partial, target)
    corpus = read_corpus(Path(spec["corpus"]))
    loader = content.load_forum if spec["as"] == "forum" else content.load_articles
    started = time.perf_counter()
    mapping = loader(corpus)
    seconds = time.perf_counter() - started
    _checkpoint()
    return {
        "mapping": {str(pk): doc_id for pk, doc_id in mapping.items()},
        "load_seconds": seconds,
    }


def _index_bytes(config: dict) -> int:
    from django.db import connection

    if config.get("PATH"):
        return sum(
            p.stat().st_size for p in Path(config["PATH"]).rglob("*") if p.is_file()
        )
    from modelsearch.conf import get_app_config

    # The database backend keeps its index in IndexEntry's table (and, on SQLite,
    # the FTS5 tables named after it).
    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT COALESCE(SUM(d.pgsize), 0) FROM dbstat AS d"
                " JOIN sqlite_master AS m ON m.name = d.name"
                " WHERE m.tbl_name = %s OR m.tbl_name LIKE %s",
                [table, f"{table}_fts%"],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                " WHERE c.relkind = 'r' AND c.relname = %s",
                [table],
            )
        else:
            return 0
        return int(cursor.fetchone()[0])


def _search_function():
    """The site's search function, the one the search page calls."""
    from kb.search.selectors import site_search

    return site_search, "kb.search.selectors.site_search"


@contextmanager
def _without_highlighting(name: str):
    """Snippets without the backend's optional `highlight` extra (interfaces item 1:
    callers fall back to the summary when a backend lacks it).

    Used for the untimed pass that fetches a hundred hits for Recall@100: snippets
    do not change the ranking, and highlighting a hundred hits per query would make
    a full run take hours. The timed first-page pass keeps highlighting.
    """
    from wagtail.search.backends import get_search_backend

    backend_class = type(get_search_backend(name))
    original = backend_class.__dict__.get("highlight")
    if original is None:
        yield
        return
    backend_class.highlight = None
    try:
        yield
    finally:
        backend_class.highlight = original


def _ranked_ids(search, *, name: str, text: str, mapping: dict, limit: int):
    """The corpus ids of the first `limit` hits (paging if the function caps `limit`),
    and whether the search reported a failure (it logs backend errors and goes on)."""
    ranked, seen, offset, failed = [], set(), 0, False
    while len(ranked) < limit:
        outcome = search(
            query=text, backend_name=name, offset=offset, limit=limit - offset
        )
        failed = failed or bool(getattr(outcome, "failed", False))
        if not outcome.hits:
            break
        for hit in outcome.hits:
            doc_id = mapping.get(f"{hit.kind}:{getattr(hit.object, 'pk', None)}")
            if doc_id is not None and doc_id not in seen:
                seen.add(doc_id)
                ranked.append(doc_id)
        offset += len(outcome.hits)
        if offset >= min(outcome.total, limit):
            break
    return ranked[:limit], failed


def step_run(spec: dict) -> dict:
    from django.core.management import call_command
    from tqdm import tqdm

    name, config = spec["backend"], spec["config"]
    _use_backends({"default": config, name: config})
    kind = "thread" if spec["as"] == "forum" else "article"
    mapping = {f"{kind}:{pk}": doc_id for pk, doc_id in spec["mapping"].items()}

    started = time.perf_counter()
    call_command("update_index", backend_name=name, verbosity=0)
    build_seconds = time.perf_counter() - started
    index_bytes = _index_bytes(config)

    search, search_function = _search_function()
    queries = list(spec["queries"].items())
    for _, text in queries[:WARMUP_QUERIES]:
        try:
            search(query=text, backend_name=name, limit=PAGE_SIZE)
        except Exception:  # noqa: BLE001 - counted in the timed pass below
            pass

    # BENCH_PROFILE=FILE: where the timed searches spent their time, as pstats.
    profile = cProfile.Profile() if os.environ.get("BENCH_PROFILE") else None
    rankings, latencies, errors, samples = {}, [], 0, []
    for qid, text in tqdm(queries, desc=f"{name}: queries", unit="q", disable=None):
        ranked, failure = [], None
        started = time.perf_counter()
        try:
            # Timed: the first page, as the search page asks for it.
            if profile:
                profile.enable()
            page = search(query=text, backend_name=name, limit=PAGE_SIZE)
            if profile:
                profile.disable()
            latencies.append((time.perf_counter() - started) * 1000)
            # Scored: the first hundred hits, for Recall@100.
            with _without_highlighting(name):
                ranked, failed = _ranked_ids(
                    search, name=name, text=text, mapping=mapping, limit=spec["limit"]
                )
            if failed or getattr(page, "failed", False):
                failure = "the search function reported a failed search (see its log)"
        except Exception as error:  # noqa: BLE001 - a failing query scores as empty
            ranked, failure = [], f"{type(error).__name__}: {error}"
        if failure:
            errors += 1
            if len(samples) < ERROR_SAMPLES:
                samples.append({"query": text, "error": failure})
        rankings[qid] = ranked
    if profile:
        profile.dump_stats(f"{os.environ['BENCH_PROFILE']}.{name}")

    return {
        "search_function": search_function,
        "build_seconds": build_seconds,
        "documents": len(mapping),
        "index_bytes": index_bytes,
        "latencies_ms": latencies,
        "errors": errors,
        "error_samples": samples,
        "rankings": rankings,
        # Linux reports ru_maxrss in KiB: the high-water mark of this whole process.
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main(argv: list[str]) -> int:
    spec_path = Path(argv[1])
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    _setup_django()
    try:
        result = step_load(spec) if spec["step"] == "load" else step_run(spec)
    except Exception:
        traceback.print_exc()
        return 1
    Path(spec["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
