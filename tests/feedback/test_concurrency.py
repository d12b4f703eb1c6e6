"""Real parallel votes through several gunicorn processes: every reader's vote is
stored exactly once and none fails because the database was busy.

The server gets its own database: a file SQLite in WAL mode, or, when the suite
runs on PostgreSQL (DATABASE_URL), a fresh PostgreSQL database beside it.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
READERS = 24
REPEATS = 8
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36"

SETUP_SCRIPT = """
import json
from tests import factories
home = factories.make_home()
category = factories.make_category(home)
article = factories.make_article(category, "Concurrent votes")
print("SETUP" + json.dumps({"article": article.pk, "article_url": article.url}))
"""

CHECK_SCRIPT = """
import json
from kb.feedback.models import ArticleFeedback
rows = ArticleFeedback.objects.filter(article_page_id=%(article)d)
print("CHECK" + json.dumps({
    "rows": rows.count(),
    "readers": rows.values("reader_key").distinct().count(),
    "helpful": rows.filter(helpful=True).count(),
}))
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    ).stdout


def _database_kinds():
    kinds = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        kinds.append("postgres")
    return kinds


@pytest.fixture(scope="module", params=_database_kinds())
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback-server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DEBUG": "0",
        "KB_VAR_DIR": str(tmp),
        "KB_SEARCH_BACKEND": "modelsearch.backends.database",
        # Every reader comes from 127.0.0.1; the per-client limit is tested elsewhere.
        "RATELIMIT_ENABLE": "0",
    }
    drop = None
    if request.param == "postgres":
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"kb_feedback_conc_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"

        def drop():
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'kb.sqlite3'}"
    proc = None
    try:
        _manage(env, "migrate", "--noinput")
        out = _manage(env, "shell", "-c", SETUP_SCRIPT)
        data = json.loads(out.split("SETUP", 1)[1])
        port = _free_port()
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "kb.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base_url + data["article_url"], timeout=15)
                break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail(
                "gunicorn did not start: " + proc.stderr.read().decode()[-2000:]
            )
        yield {"url": base_url, "env": env, **data}
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=20)
        if drop:
            drop()


def _reader(server):
    """A browser-like reader that opened the article (cookies + CSRF token)."""
    session = requests.Session()
    session.headers["User-Agent"] = BROWSER_UA
    page = session.get(server["url"] + server["article_url"], timeout=60)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session, token


def _vote(server, reader, helpful):
    session, token = reader
    return session.post(
        f"{server['url']}/feedback/articles/{server['article']}/vote/",
        data={"csrfmiddlewaretoken": token, "helpful": helpful},
        allow_redirects=False,
        timeout=60,
    ).status_code


def _check(server):
    out = _manage(
        server["env"], "shell", "-c", CHECK_SCRIPT % {"article": server["article"]}
    )
    return json.loads(out.split("CHECK", 1)[1])


def test_parallel_votes_are_each_stored_exactly_once(server):
    before = _check(server)["rows"]
    readers = [_reader(server) for _ in range(READERS)]

    # Every reader answers at the same moment; half say yes.
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        codes = list(
            pool.map(
                lambda pair: _vote(server, pair[1], "yes" if pair[0] % 2 else "no"),
                enumerate(readers),
            )
        )
    assert codes == [302] * READERS

    result = _check(server)
    assert result["rows"] - before == READERS
    assert result["readers"] == result["rows"]


def test_one_reader_voting_many_times_at_once_keeps_one_vote(server):
    before = _check(server)["rows"]
    reader = _reader(server)
    assert _vote(server, reader, "no") == 302  # the first answer sets the reader cookie

    with ThreadPoolExecutor(max_workers=REPEATS) as pool:
        codes = list(pool.map(lambda _: _vote(server, reader, "yes"), range(REPEATS)))
    assert codes == [302] * REPEATS

    result = _check(server)
    assert result["rows"] - before == 1
