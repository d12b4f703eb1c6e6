"""The site served by a real gunicorn in its own processes, for tests that need real
parallel requests (pytest-django's live_server is one thread in the test process).

The server gets its own database: a file SQLite (WAL mode), or, when the suite runs
on PostgreSQL (DATABASE_URL), a fresh PostgreSQL database beside it, dropped after.
"""

import atexit
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent


def database_kinds() -> list[str]:
    """The database kinds to run on: SQLite, and PostgreSQL when the suite does."""
    kinds = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        kinds.append("postgres")
    return kinds


@dataclass
class LiveSite:
    url: str
    env: dict
    data: dict = field(default_factory=dict)

    def manage(self, *args, timeout=300) -> str:
        """Run a manage.py command against the server's database; its stdout."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        ).stdout

    def shell_json(self, script: str, marker: str):
        """Run `script` in `manage.py shell`; the JSON it printed after `marker`."""
        out = self.manage("shell", "-c", script)
        return json.loads(out.split(marker, 1)[1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _database(tmp_path: Path, database_kind: str, name: str):
    """The DATABASE_URL of a new, empty database of that kind."""
    if database_kind != "postgres":
        yield f"sqlite:///{tmp_path / 'kb.sqlite3'}"
        return
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    db_name = f"kb_{name}_conc_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db_name}"')
    try:
        yield f"{base}/{db_name}"
    finally:
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


# Environment variables that change neither the schema nor the rows migrations write.
MIGRATION_NEUTRAL = {
    "DATABASE_URL",
    "KB_VAR_DIR",
    "PYTEST_CURRENT_TEST",
    "PATH",
    "RATELIMIT_ENABLE",
    "KB_SEARCH_RATE_LIMIT",
    "KB_FEEDBACK_RATE",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "GUNICORN_CMD_ARGS",
}
_migrated_sqlite: dict[tuple, Path] = {}


def _migrate_sqlite(env: dict, path: Path):
    """A migrated SQLite database at `path`: a copy of one migrated once per test
    run (per environment a migration could read), as migrating takes ~20 s."""
    key = tuple(sorted(i for i in env.items() if i[0] not in MIGRATION_NEUTRAL))
    template = _migrated_sqlite.get(key)
    if template is None:
        folder = Path(tempfile.mkdtemp(prefix="kb-test-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = folder / "kb.sqlite3"
        env = {
            **env,
            "DATABASE_URL": f"sqlite:///{template}",
            "KB_VAR_DIR": str(folder),
        }
        LiveSite(url="", env=env).manage("migrate", "--noinput")
        _migrated_sqlite[key] = template
    with closing(sqlite3.connect(template)) as source:
        with closing(sqlite3.connect(path)) as copy:
            source.backup(copy)


@contextmanager
def prepared_site(
    tmp_path: Path,
    database_kind: str,
    extra_env: dict | None = None,
    *,
    name: str = "site",
    prepare: Callable[[LiveSite], dict] | None = None,
):
    """A migrated site's database and environment, on a free port (not served).

    `prepare(site)` runs after migrating; what it returns becomes `site.data`.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DEBUG": "0",
        "KB_VAR_DIR": str(tmp_path),
        "KB_SEARCH_BACKEND": "modelsearch.backends.database",
        # The word ranking alone, as in the other tests (a test may turn it on).
        "KB_SEARCH_SEMANTIC": "0",
        **(extra_env or {}),
    }
    with _database(tmp_path, database_kind, name) as database_url:
        env["DATABASE_URL"] = database_url
        site = LiveSite(url=f"http://127.0.0.1:{_free_port()}", env=env)
        if database_kind == "postgres":
            site.manage("migrate", "--noinput")
        else:
            _migrate_sqlite(env, Path(database_url.removeprefix("sqlite:///")))
        if prepare is not None:
            site.data = prepare(site)
        yield site


@contextmanager
def serving(site: LiveSite, command: list[str], log_path: Path, ready_path="/"):
    """`command` (which serves `site`) running until the block ends."""
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=site.env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(site.url + ready_path, timeout=15)
                break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail(f"{command[0]} did not start: " + log_path.read_text()[-2000:])
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def gunicorn_site(
    tmp_path: Path,
    database_kind: str,
    extra_env: dict | None = None,
    *,
    name: str = "site",
    prepare: Callable[[LiveSite], dict] | None = None,
    ready_path: str = "/",
    workers: int = 2,
    threads: int = 4,
):
    """A migrated site served by gunicorn on a free port, stopped on exit.

    `prepare(site)` runs after migrating and before gunicorn starts (so no worker
    caches a state from before it); what it returns becomes `site.data`. The site
    is ready once `ready_path` answers.
    """
    with prepared_site(
        tmp_path, database_kind, extra_env, name=name, prepare=prepare
    ) as site:
        port = site.url.rsplit(":", 1)[1]
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "kb.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "60",
            # Every response closes its connection: a client reusing a kept-alive
            # connection just as the server drops it (after 2 idle seconds) gets
            # "connection reset" on a POST, which it may not retry.
            "--keep-alive",
            "0",
        ]
        with serving(site, command, tmp_path / "gunicorn.log", ready_path):
            yield site
