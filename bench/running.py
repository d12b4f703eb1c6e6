"""The parent side of a benchmark run: throwaway databases and one worker per step.

The corpus is loaded once into a temporary SQLite database (migrated, or copied
from a cached migrated one); each SQLite-based backend then works on its own copy
of it in its own process. The `postgres` backend (only when DATABASE_URL points at
PostgreSQL) gets a throwaway PostgreSQL database, dropped at the end.
"""

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf import settings

from . import metrics
from .beir import DataSet, write_data_set

BUILT_IN = "database"
HITS_PER_QUERY = 100  # Recall@100 needs the first hundred hits


class RunError(RuntimeError):
    """A run could not be made; the message says why (the command line shows it)."""


class StepFailed(RunError):
    """A worker step failed; the child printed its traceback before this."""


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _module_exists(dotted: str) -> bool:
    try:
        return importlib.util.find_spec(dotted) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False


def _backend_exists(dotted: str) -> bool:
    """Whether the module is a search backend (it has modelsearch's SearchBackend)."""
    if not _module_exists(dotted):
        return False
    return hasattr(importlib.import_module(dotted), "SearchBackend")


def available_backends() -> dict[str, dict]:
    """Backends a run can use, by name, each as a WAGTAILSEARCH_BACKENDS entry."""
    backends = {}
    if _backend_exists("kb.search.backends.whoosh"):
        backends["whoosh"] = {
            "BACKEND": "kb.search.backends.whoosh",
            "LANGUAGE": getattr(settings, "KB_SEARCH_LANGUAGE", "en"),
            # The site's content languages, as deployed (each has its own columns).
            "LANGUAGES": [
                code for code, _ in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])
            ],
        }
    backends["database"] = {"BACKEND": "modelsearch.backends.database"}
    if _postgres_url():
        backends["postgres"] = {"BACKEND": "modelsearch.backends.database"}
    return backends


def default_backends() -> list[str]:
    return list(available_backends())


def choose_queries(data: DataSet, limit: int | None) -> dict[str, str]:
    """The judged queries; with `limit`, that many spread evenly over the file."""
    judged = data.judged_queries()
    if not limit or limit >= len(judged):
        return judged
    items = list(judged.items())
    step = len(items) / limit
    return dict(items[int(i * step)] for i in range(limit))


def _migrations_key() -> str:
    """A digest of every migration file, naming the cached migrated database."""
    from django.db.migrations.loader import MigrationLoader

    digest = hashlib.sha256(settings.SETTINGS_MODULE.encode())
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        digest.update(repr(key).encode())
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _worker(spec: dict, *, folder: Path, database_url: str) -> dict:
    tag = f"{spec['step']}-{spec.get('backend', 'corpus')}"
    spec = {**spec, "result": str(folder / f"{tag}.result.json")}
    spec_path = folder / f"{tag}.spec.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    scratch = folder / "tmp"  # whatever the child's settings make in the temp folder
    scratch.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "TMPDIR": str(scratch),
        "DATABASE_URL": database_url,
        "KB_VAR_DIR": str(folder / "var"),
        "KB_SEARCH_INDEX_PATH": str(folder / "var" / "index"),
        "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])
        ),
    }
    finished = subprocess.run(
        [sys.executable, "-m", "bench.worker", str(spec_path)],
        env=env,
        cwd=settings.BASE_DIR,
        check=False,
    )
    if finished.returncode != 0:
        raise StepFailed(
            f"the benchmark's {tag} step failed (exit {finished.returncode}); "
            "its traceback is printed above"
        )
    return json.loads(Path(spec["result"]).read_text(encoding="utf-8"))


@contextmanager
def _postgres_database():
    """A throwaway database on the server DATABASE_URL names, dropped afterwards."""
    import psycopg

    url = _postgres_url()
    config = dj_database_url.parse(url)
    name = f"kb_bench_{uuid.uuid4().hex[:12]}"
    connect = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**connect) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(**connect) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _load_sqlite(*, folder: Path, corpus_path: Path, as_kind: str) -> tuple[Path, dict]:
    """Load the corpus into a fresh SQLite file, reusing a cached migrated database."""
    database = folder / "corpus.sqlite3"
    cache = Path(tempfile.gettempdir()) / "kb-bench"
    cache.mkdir(exist_ok=True)
    migrated = cache / f"migrated-{_migrations_key()}.sqlite3"
    spec = {"step": "load", "as": as_kind, "corpus": str(corpus_path)}
    for stale in cache.glob("migrated-*.sqlite3"):  # made before a migration changed
        if stale != migrated:
            stale.unlink(missing_ok=True)
    if migrated.exists():
        shutil.copyfile(migrated, database)
        spec["migrate"] = False
    else:
        spec.update(
            migrate=True, save_migrated_to=str(migrated), database_file=str(database)
        )
    loaded = _worker(spec, folder=folder, database_url=f"sqlite:///{database}")
    return database, loaded


def _backend_result(raw: dict, *, data: DataSet, query_ids: list[str]) -> dict:
    scores = metrics.relevance(
        rankings=raw["rankings"], qrels=data.qrels, query_ids=query_ids
    )
    seconds = raw["build_seconds"]
    return {
        **{name: round(value, 4) for name, value in scores.items()},
        "errors": raw["errors"],
        "latency_ms": {
            k: round(v, 2) for k, v in metrics.latency(raw["latencies_ms"]).items()
        },
        "build_docs_per_s": round(raw["documents"] / seconds, 1) if seconds else 0.0,
        "build_seconds": round(seconds, 2),
        "index_bytes": raw["index_bytes"],
        "peak_rss_mb": round(raw["peak_rss_mb"], 1),
        "error_samples": raw["error_samples"],
        "search_function": raw["search_function"],
    }


def evaluate(
    data: DataSet,
    *,
    backends: list[str],
    as_kind: str = "articles",
    limit_queries: int | None = None,
    log=print,
) -> dict:
    """Load `data`, index it with each backend, search every query; the summary."""
    if as_kind == "forum" and not _module_exists("kb.forum.services"):
        raise RunError("--as forum needs the forum app (kb.forum) with its services")
    configs = available_backends()
    unknown = [name for name in backends if name not in configs]
    if unknown:
        raise RunError(
            f"unknown or unavailable backend {', '.join(unknown)}; "
            f"available here: {', '.join(configs)}"
        )
    queries = choose_queries(data, limit_queries)
    if not queries:
        raise RunError(
            "no query has a relevant document in the corpus (check the qrels)"
        )
    rankings = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        folder = Path(tmp)
        corpus_path = write_data_set(
            DataSet(corpus=data.corpus, queries=queries), folder / "data"
        )["corpus"]
        common = {"as": as_kind, "queries": queries, "limit": HITS_PER_QUERY}
        sqlite_backends = [name for name in backends if name != "postgres"]
        if sqlite_backends:
            log(f"loading {len(data.corpus)} documents as {as_kind} (SQLite)")
            template, loaded = _load_sqlite(
                folder=folder, corpus_path=corpus_path, as_kind=as_kind
            )
            for name in sqlite_backends:
                log(f"{name}: building the index and running {len(queries)} queries")
                database = folder / f"{name}.sqlite3"
                shutil.copyfile(template, database)
                config = {**configs[name]}
                if name == "whoosh":
                    config["PATH"] = str(folder / f"{name}-index")
                spec = {
                    **common,
                    "step": "run",
                    "backend": name,
                    "config": config,
                    "mapping": loaded["mapping"],
                }
                rankings[name] = _worker(
                    spec, folder=folder, database_url=f"sqlite:///{database}"
                )
                database.unlink()
        if "postgres" in backends:
            with _postgres_database() as url:
                log(f"loading {len(data.corpus)} documents as {as_kind} (PostgreSQL)")
                load = {"step": "load", "as": as_kind, "corpus": str(corpus_path)}
                loaded = _worker(load, folder=folder, database_url=url)
                log(f"postgres: building the index and running {len(queries)} queries")
                spec = {
                    **common,
                    "step": "run",
                    "backend": "postgres",
                    "config": configs["postgres"],
                    "mapping": loaded["mapping"],
                }
                rankings["postgres"] = _worker(spec, folder=folder, database_url=url)
    query_ids = list(queries)
    return {
        "documents": len(data.corpus),
        "queries": len(query_ids),
        "as": as_kind,
        "backends": {
            name: _backend_result(rankings[name], data=data, query_ids=query_ids)
            for name in backends
        },
        # Each backend's ranked document ids per query; the commands write them as
        # TREC run files beside the JSON (not into it).
        "runs": {name: rankings[name]["rankings"] for name in backends},
    }
