"""Real concurrent requests against a running gunicorn: votes from many members
are all counted, and a burst of identical submits makes one post.

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
MEMBERS = 16

SETUP_SCRIPT = """
import json
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from kb.forum import services
from kb.forum.models import ForumSection

User = get_user_model()
section = ForumSection.objects.create(name="Load", slug="load")
asker = User.objects.create_user("asker", "asker@example.com", "pw")
topic = services.topic_create(author=asker, section=section, title="Concurrent votes here",
                              body="Vote for this answer, everyone.")
helper = User.objects.create_user("helper", "helper@example.com", "pw")
answer = services.answer_create(author=helper, topic=topic, body="The answer to vote on.")
cookies = []
for n in range(%(members)d):
    user = User.objects.create_user(f"voter{n}", f"voter{n}@example.com", "pw")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookies.append(session.session_key)
print("SETUP" + json.dumps({"topic_url": topic.get_absolute_url(), "topic": topic.pk,
                            "answer": answer.pk, "sessions": cookies}))
"""

CHECK_SCRIPT = """
import json
from kb.forum.models import Post, Vote
answer = Post.objects.get(pk=%(answer)d)
print("CHECK" + json.dumps({
    "score": answer.score,
    "votes": Vote.objects.filter(post=answer).count(),
    "answers_by_voter0": Post.objects.filter(author__username="voter0").count(),
    "answer_count": answer.topic.answer_count,
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


def _database_urls():
    urls = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        urls.append("postgres")
    return urls


@pytest.fixture(scope="module", params=_database_urls())
def server(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("forum-server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DEBUG": "0",
        "KB_VAR_DIR": str(tmp),
        "KB_SEARCH_BACKEND": "modelsearch.backends.database",
        "RATELIMIT_ENABLE": "1",
    }
    drop = None
    if request.param == "postgres":
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        name = f"kb_forum_conc_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"

        def drop():
            with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'kb.sqlite3'}"
    proc = None
    log_path = tmp / "gunicorn.log"
    try:
        _manage(env, "migrate", "--noinput")
        out = _manage(env, "shell", "-c", SETUP_SCRIPT % {"members": MEMBERS})
        data = json.loads(out.split("SETUP", 1)[1])
        port = _free_port()
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "kb.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "8",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_path.open("wb"),
        )
        base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base_url + "/community/", timeout=15)
                break
            except requests.RequestException:
                time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not start: " + log_path.read_text()[-2000:])
        yield {"url": base_url, "env": env, **data}
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if drop:
            drop()


def _member_session(server, session_key):
    """A logged-in browser-like session with its CSRF token from the thread page."""
    session = requests.Session()
    session.cookies.set("sessionid", session_key)
    page = session.get(server["url"] + server["topic_url"], timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session, token


def _check(server):
    out = _manage(
        server["env"], "shell", "-c", CHECK_SCRIPT % {"answer": server["answer"]}
    )
    return json.loads(out.split("CHECK", 1)[1])


def test_concurrent_votes_from_many_members_are_all_counted(server):
    members = [_member_session(server, key) for key in server["sessions"]]
    vote_url = f"{server['url']}/community/p/{server['answer']}/vote/"

    def vote(member):
        session, token = member
        return session.post(
            vote_url,
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": server["url"] + server["topic_url"]},
            allow_redirects=False,
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        codes = list(pool.map(vote, members + members))  # everyone votes twice at once
    assert all(code == 302 for code in codes), codes
    result = _check(server)
    assert result["votes"] == MEMBERS
    assert result["score"] == MEMBERS


def test_a_burst_of_identical_submits_makes_one_answer(server):
    session, token = _member_session(server, server["sessions"][0])
    answer_url = f"{server['url']}/community/t/{server['topic']}/answer/"
    data = {
        "csrfmiddlewaretoken": token,
        "body": "Clicked Post answer many times at once.",
        "submit_token": uuid.uuid4().hex,
    }

    def submit(_):
        return session.post(
            answer_url,
            data=data,
            headers={"Referer": server["url"] + server["topic_url"]},
            allow_redirects=False,
            timeout=60,
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(submit, range(6)))
    assert {r.status_code for r in responses} == {302}
    assert len({r.headers["Location"] for r in responses}) == 1
    result = _check(server)
    assert result["answers_by_voter0"] == 1
    assert result["answer_count"] == 2
