"""Real parallel votes through several gunicorn processes: every reader's vote is
stored exactly once and none fails because the database was busy.

The server gets its own database (see tests/live_server_process.py).
"""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.live_server_process import database_kinds, gunicorn_site

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


@pytest.fixture(scope="module", params=database_kinds())
def server(request, tmp_path_factory):
    with gunicorn_site(
        tmp_path_factory.mktemp("feedback-server"),
        request.param,
        # Every reader comes from 127.0.0.1; the per-client limit is tested elsewhere.
        {"RATELIMIT_ENABLE": "0"},
        name="feedback",
        prepare=lambda site: site.shell_json(SETUP_SCRIPT, "SETUP"),
        workers=3,
        threads=4,
    ) as site:
        yield {"url": site.url, "site": site, **site.data}


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
    script = CHECK_SCRIPT % {"article": server["article"]}
    return server["site"].shell_json(script, "CHECK")


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
