"""Limits and "once per visitor" hold for the whole site, not per worker process.

A real gunicorn with several workers, on the default cache (kb.cache.FileCache),
as `make run` serves the site.
"""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.live_server_process import database_kinds, gunicorn_site

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0"
LIMIT = 40

LOGGED_SCRIPT = """
import json
from kb.search.models import QueryDailyStats
print("LOGGED" + json.dumps(
    {s.query.query_string: s.searches for s in QueryDailyStats.objects.all()}
))
"""


@pytest.mark.parametrize("database_kind", database_kinds())
def test_one_clients_searches_are_limited_and_logged_once_across_workers(
    tmp_path, database_kind
):
    with gunicorn_site(
        tmp_path,
        database_kind,
        {"KB_SEARCH_RATE_LIMIT": f"{LIMIT}/h"},
        ready_path="/robots.txt",
        workers=3,
        threads=4,
    ) as site:
        assert_limited_and_logged_once(site, limit=LIMIT, repeats=8, burst=100)


def assert_limited_and_logged_once(site, *, limit, repeats, burst):
    """One client's repeated search is logged once and its burst meets the site's
    `limit` (searches in all), whichever worker answers each request."""

    def search(query):
        return requests.get(
            f"{site.url}/api/search/",
            params={"q": query},
            headers={"User-Agent": BROWSER_UA, "Connection": "close"},
            timeout=60,
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as threads:
        repeated = list(threads.map(search, ["export invoices"] * repeats))
        answers = list(threads.map(search, [f"burst {n}" for n in range(burst)]))

    logged = site.shell_json(LOGGED_SCRIPT, "LOGGED")

    # A visitor repeating a search is one search, whichever worker answered.
    assert repeated == [200] * repeats
    assert logged["export invoices"] == 1
    # The address's limit is the site's, not each worker's.
    assert answers.count(200) == limit - repeats
    assert answers.count(429) == burst - (limit - repeats)


VOTE_LIMIT = 20

VOTE_SETUP = """
import json
from tests import factories
home = factories.make_home()
article = factories.make_article(factories.make_category(home), "Limited votes")
print("SETUP" + json.dumps({"article": article.pk, "article_url": article.url}))
"""

VOTES_SCRIPT = """
import json
from kb.feedback.models import ArticleFeedback
print("VOTES" + json.dumps(ArticleFeedback.objects.count()))
"""


@pytest.mark.parametrize("database_kind", database_kinds())
def test_one_client_forging_reader_cookies_is_held_to_the_vote_limit(
    tmp_path, database_kind
):
    with gunicorn_site(
        tmp_path,
        database_kind,
        {"KB_FEEDBACK_RATE": f"{VOTE_LIMIT}/h"},  # an hour: no window ends mid-test
        prepare=lambda site: site.shell_json(VOTE_SETUP, "SETUP"),
        workers=3,
        threads=4,
    ) as site:
        page = requests.get(
            site.url + site.data["article_url"],
            headers={"User-Agent": BROWSER_UA},
            timeout=60,
        )
        csrf_cookie = page.cookies["csrftoken"]
        csrf_token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text
        ).group(1)

        def vote(attempt):
            # A new reader each time: a forged cookie, or none for the odd ones.
            cookies = {"csrftoken": csrf_cookie}
            if attempt % 2:
                cookies["kb_reader"] = f"forged-{attempt}"
            return requests.post(
                f"{site.url}/feedback/articles/{site.data['article']}/vote/",
                data={"csrfmiddlewaretoken": csrf_token, "helpful": "no"},
                cookies=cookies,
                headers={"User-Agent": BROWSER_UA, "Connection": "close"},
                allow_redirects=False,
                timeout=60,
            ).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = list(pool.map(vote, range(100)))

        stored = site.shell_json(VOTES_SCRIPT, "VOTES")

    assert codes.count(302) == VOTE_LIMIT
    assert codes.count(429) == 100 - VOTE_LIMIT
    assert stored == VOTE_LIMIT
