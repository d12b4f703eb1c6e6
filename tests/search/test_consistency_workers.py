"""Every gunicorn worker answers a search the same way after another process wrote:
each object once, the counts adding up, the new text found.

The site runs on the Whoosh backend in gunicorn with two workers (see
tests/live_server_process.py). Its access log names the worker process that
answered each request, found by a header the request carries. Before a write every
worker has answered the search, so each keeps what search keeps between calls;
then a process of its own writes through the services and Wagtail's page actions
(tests/search/search_agent.py), and the same search is sent again many times.
"""

import re
import shlex
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
import requests

from tests.live_server_process import database_kinds, gunicorn_site
from tests.search.search_agent import Agent

WORKERS = 2
REQUESTS = 16  # per search: enough that every worker and thread answers
ROUNDS = 10  # at most this many rounds of REQUESTS until every worker answered


def _prepare(site, stack):
    """The content, written by the agent that will make the tests' writes."""
    writer = stack.enter_context(Agent(site.env, site.env["KB_VAR_DIR"] + "/agent.log"))
    made = writer.call(
        "setup",
        categories=["Integrations", "Billing"],
        sections={"integrations": "Integrations", "general": "General"},
    )
    integrations, billing = made["categories"].values()
    articles = {
        name: writer.call("article_create", category=category, slug=name, **text)
        for name, category, text in [
            (
                "connect",
                integrations,
                {"title": "Connect Slack", "body": "Post standup digests to Slack."},
            ),
            (
                "alerts",
                integrations,
                {"title": "Slack alerts", "body": "Choose which Slack alerts to get."},
            ),
            (
                "retired",
                integrations,
                {"title": "Slack legacy bot", "body": "The Slack bot was retired."},
            ),
            (
                "invoice",
                billing,
                {"title": "Download an invoice", "body": "Invoices are PDF files."},
            ),
        ]
    }
    threads = {
        name: writer.call(
            "topic_create", section="integrations", title=title, body=body
        )
        for name, title, body in [
            ("mentions", "Slack mentions are missing", "Nobody gets Slack mentions."),
            ("channels", "Private Slack channels", "Can Slack post to private ones?"),
            ("spam", "Cheap Slack credits", "Buy Slack credits at this link."),
            ("duplicate", "Slack reminders come twice", "Every reminder, twice."),
            ("original", "Duplicate Slack messages", "Each Slack message comes twice."),
            ("threads", "Slack threads for comments", "Reply in Slack threads?"),
        ]
    }
    return {
        "writer": writer,
        "categories": made["categories"],
        "articles": articles,
        "threads": threads,
    }


@pytest.fixture(scope="module", params=database_kinds())
def site(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-workers")
    access_log = folder / "access.log"
    env = {
        "KB_SEARCH_BACKEND": "kb.search.backends.whoosh",
        "KB_SEARCH_INDEX_PATH": str(folder / "index"),
        # Every request comes from 127.0.0.1: no per-client limits here.
        "KB_SEARCH_RATE_LIMIT": "100000/m",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # gunicorn's access log: the answering worker's pid and the request's probe.
        "GUNICORN_CMD_ARGS": (
            f"--access-logfile {shlex.quote(str(access_log))} "
            "--access-logformat '%(p)s %({x-probe}i)s'"
        ),
    }
    with ExitStack() as stack:
        live = stack.enter_context(
            gunicorn_site(
                folder,
                request.param,
                env,
                name="search",
                prepare=lambda site: _prepare(site, stack),
                ready_path="/api/search/?q=ready",
                workers=WORKERS,
                threads=2,
            )
        )
        live.data["access_log"] = access_log
        yield live


def _workers_of(site, probes):
    """The pid of the worker that answered each probe, from the access log."""
    pids = {}
    for _ in range(200):  # a worker logs a request just after it has answered
        text = site.data["access_log"].read_text()
        pids = {
            probe: pid
            for pid, probe in re.findall(r"<(\d+)> ([0-9a-f]{32})$", text, re.M)
            if probe in probes
        }
        if len(pids) == len(probes):
            return pids
        time.sleep(0.05)
    pytest.fail(f"the access log names no worker for {set(probes) - set(pids)}")


def _answer(site, query, kind):
    probe = uuid.uuid4().hex
    response = requests.get(
        site.url + "/api/search/",
        params={"q": query, "type": kind, "per_page": 50},
        headers={"Connection": "close", "X-Probe": probe},
        timeout=60,
    )
    assert response.status_code == 200, response.text[:500]
    return probe, response.json()


def agreed(site, query, kind=""):
    """The one answer every worker gives for `query`, after checking that they all
    gave it, that it lists each object once and that its counts add up."""
    answers, workers = [], set()
    with ThreadPoolExecutor(max_workers=6) as pool:
        for _ in range(ROUNDS):
            round_answers = list(
                pool.map(lambda _: _answer(site, query, kind), range(REQUESTS))
            )
            answers += round_answers
            workers |= set(_workers_of(site, {p for p, _ in round_answers}).values())
            if len(workers) >= WORKERS:
                break
    assert len(workers) >= WORKERS, f"only workers {workers} answered"
    shapes = {
        (
            data["total"],
            tuple(sorted(data["counts"].items())),
            tuple((r["type"], r["title"], r["url"]) for r in data["results"]),
            tuple(r["title"] for r in data["recommended"]),
        )
        for _, data in answers
    }
    assert len(shapes) == 1, f"{query!r}: the workers disagree: {sorted(shapes)}"
    data = answers[0][1]
    urls = [result["url"] for result in data["results"]]
    assert len(urls) == len(set(urls)), f"{query!r} lists an object twice: {urls}"
    assert data["total"] == len(urls)
    assert sum(data["counts"].values()) == data["total"]
    return data


def titles(data):
    return sorted(result["title"] for result in data["results"])


def path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def paths(data):
    return sorted(path(result["url"]) for result in data["results"])


def test_new_threads_are_found_once_by_every_worker(site):
    """As reported from the running site: after members posted, every thread
    matching the search came back twice, or not, depending on the worker."""
    for number in range(4):
        before = agreed(site, "slack", "thread")
        assert before["total"] >= 4

        made = site.data["writer"].call(
            "topic_create",
            section="general",
            title=f"Slack huddles in project {number}",
            body="Can a huddle start from a board?",
        )

        after = agreed(site, "slack", "thread")
        assert paths(after) == sorted(paths(before) + [path(made["url"])])
        assert f"Slack huddles in project {number}" in titles(agreed(site, "huddle"))


def test_an_edited_article_is_found_once_with_its_new_title_by_every_worker(site):
    connect = site.data["articles"]["connect"]
    before = agreed(site, "slack")
    assert "Connect Slack" in titles(before)
    assert titles(agreed(site, "digests")) == ["Connect Slack"]

    site.data["writer"].call(
        "article_edit",
        pk=connect["pk"],
        title="Connect Slack workspaces",
        body="Send a webhook to Slack for every new task.",
    )

    after = agreed(site, "slack")
    assert after["total"] == before["total"]
    assert "Connect Slack workspaces" in titles(after)
    assert "Connect Slack" not in titles(after)
    assert titles(agreed(site, "webhook")) == ["Connect Slack workspaces"]
    assert agreed(site, "digests")["total"] == 0


def test_a_hidden_thread_leaves_the_answers_of_every_worker(site):
    spam = site.data["threads"]["spam"]
    before = agreed(site, "slack", "thread")
    assert path(spam["url"]) in paths(before)

    site.data["writer"].call("topic_hide", pk=spam["pk"])

    after = agreed(site, "slack", "thread")
    assert paths(after) == sorted(set(paths(before)) - {path(spam["url"])})
    assert agreed(site, "credits")["total"] == 0


def test_a_merged_thread_leaves_and_its_original_stays_once_for_every_worker(site):
    duplicate = site.data["threads"]["duplicate"]
    original = site.data["threads"]["original"]
    before = agreed(site, "slack twice", "thread")
    assert {path(duplicate["url"]), path(original["url"])} <= set(paths(before))

    site.data["writer"].call(
        "topic_merge", source=duplicate["pk"], target=original["pk"]
    )

    after = agreed(site, "slack twice", "thread")
    assert paths(after) == sorted(set(paths(before)) - {path(duplicate["url"])})
    assert agreed(site, "reminder")["total"] == 0


def test_a_deleted_article_leaves_the_answers_of_every_worker(site):
    retired = site.data["articles"]["retired"]
    before = agreed(site, "slack", "article")
    assert path(retired["url"]) in paths(before)

    site.data["writer"].call("article_delete", pk=retired["pk"])

    after = agreed(site, "slack", "article")
    assert paths(after) == sorted(set(paths(before)) - {path(retired["url"])})
    assert agreed(site, "retired bot")["total"] == 0


def test_an_editors_synonym_and_pick_reach_every_worker_at_once(site):
    """Every worker keeps the editors' synonyms and picks between searches, and
    reads them again when an editor changes them in another process."""
    assert agreed(site, "chatops")["total"] == 0
    assert agreed(site, "invoice help")["recommended"] == []

    synonym = site.data["writer"].call("synonym_add", terms="chatops, slack")
    invoice = site.data["articles"]["invoice"]
    site.data["writer"].call("pick_add", query="invoice help", pk=invoice["pk"])

    assert "Slack alerts" in titles(agreed(site, "chatops"))
    picked = agreed(site, "invoice help")["recommended"]
    assert [hit["title"] for hit in picked] == ["Download an invoice"]

    site.data["writer"].call("synonym_delete", pk=synonym["pk"])
    assert agreed(site, "chatops")["total"] == 0


def test_a_category_made_private_leaves_the_answers_of_every_worker(site):
    """Each worker keeps which sections are private between requests, and learns
    at once when an editor restricts or opens one."""
    billing = site.data["categories"]["Billing"]
    assert titles(agreed(site, "invoice")) == ["Download an invoice"]

    site.data["writer"].call("category_restrict", pk=billing, password="staff only")
    assert agreed(site, "invoice")["total"] == 0

    site.data["writer"].call("category_unrestrict", pk=billing)
    assert titles(agreed(site, "invoice")) == ["Download an invoice"]
