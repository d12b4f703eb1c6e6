"""Seeded random sequences of writes, each followed by searches that must agree with
the content and with a process that never searched before.

A writer process makes the writes (services, Wagtail page actions) and searches
after each, so it keeps whatever search keeps between calls. After every write its
answers for every word of a small vocabulary are compared with

- the content as the test knows it (which objects show which words), and
- the answers of a fresh process: a child forked for each check from a process that
  never opened the database or the index, and, after the last write, a process of
  its own that had not touched either until then.

Both must list each object at most once, count what they list, and find exactly the
visible objects whose current text has the word, under their current titles. A
failure prints the seed and the steps so far; a seed replays the same steps.
"""

import os
import random
import sqlite3
from dataclasses import dataclass, field

import pytest
from django.db import connection

from tests.search.search_agent import Agent

SEEDS = [2, 3, 7]  # between them, every kind of write
STEPS = 16
VOCABULARY = (
    "zebra",
    "quartz",
    "falcon",
    "cobalt",
    "maple",
    "orbit",
    "velvet",
    "glacier",
    "lantern",
    "pepper",
)
CATEGORIES = ("Basics", "Advanced")
SECTIONS = {"general": "General", "ideas": "Ideas"}


@pytest.fixture
def site_env(tmp_path):
    """The environment of processes on this test's database and a fresh index."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: processes get a copy.
        path = tmp_path / "kb.sqlite3"
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        url = f"sqlite:///{path}"
    else:
        url = f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/"
        url += connection.settings_dict["NAME"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": url,
        "KB_VAR_DIR": str(tmp_path),
        "KB_SEARCH_BACKEND": "kb.search.backends.whoosh",
        "KB_SEARCH_INDEX_PATH": str(tmp_path / "index"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


@dataclass
class Thing:
    """An article or thread as the test knows it."""

    kind: str
    pk: int
    title: list
    body: list
    url: str = ""
    answer: list = field(default_factory=list)  # the accepted answer's words
    shown: bool = True  # published, or visible
    gone: bool = False  # deleted or merged away: nothing can be done to it

    @property
    def key(self):
        return (self.kind, self.pk)

    @property
    def title_text(self):
        return " ".join(self.title).capitalize()

    @property
    def words(self):
        return set(self.title) | set(self.body) | set(self.answer)


class Sequence:
    """Random writes through the writer process, and what they should leave."""

    def __init__(self, seed, writer, categories):
        self.random = random.Random(seed)
        self.query_random = random.Random(-seed)  # the writes don't depend on it
        self.writer = writer
        self.categories = categories
        self.things = []
        self.steps = []

    def words(self, count=2):
        return self.random.sample(VOCABULARY, count)

    def pick(self, kind, test):
        found = [t for t in self.things if t.kind == kind and not t.gone and test(t)]
        return self.random.choice(found) if found else None

    def do(self, op, **arguments):
        self.steps.append(f"{op}({arguments})")
        return self.writer.call(op, **arguments)

    # The writes; each returns False, having done nothing, when it can't be done.

    def article_create(self):
        title, body = self.words(), self.words()
        slug = f"a{len(self.things)}"
        made = self.do(
            "article_create",
            category=self.random.choice(self.categories),
            title=" ".join(title).capitalize(),
            body=" ".join(body),
            slug=slug,
        )
        self.things.append(Thing("article", made["pk"], title, body, url=made["url"]))
        return True

    def article_edit(self):
        article = self.pick("article", lambda t: True)
        if article is None:
            return False
        article.title, article.body = self.words(), self.words()
        self.do(
            "article_edit",
            pk=article.pk,
            title=article.title_text,
            body=" ".join(article.body),
        )
        article.shown = True  # publishing the new revision puts it live
        return True

    def article_unpublish(self):
        article = self.pick("article", lambda t: t.shown)
        if article is None:
            return False
        self.do("article_unpublish", pk=article.pk)
        article.shown = False
        return True

    def article_publish(self):
        article = self.pick("article", lambda t: not t.shown)
        if article is None:
            return False
        self.do("article_publish", pk=article.pk)
        article.shown = True
        return True

    def article_move(self):
        article = self.pick("article", lambda t: True)
        if article is None:
            return False
        moved = self.do(
            "article_move",
            pk=article.pk,
            category=self.random.choice(self.categories),
        )
        article.url = moved["url"]
        return True

    def article_delete(self):
        article = self.pick("article", lambda t: True)
        if article is None:
            return False
        self.do("article_delete", pk=article.pk)
        article.gone = True
        return True

    def topic_create(self):
        title, body = self.words(), self.words()
        made = self.do(
            "topic_create",
            section=self.random.choice(list(SECTIONS)),
            title=" ".join(title).capitalize(),
            body=" ".join(body),
        )
        self.things.append(Thing("thread", made["pk"], title, body))
        return True

    def topic_edit(self):
        topic = self.pick("thread", lambda t: t.shown)
        if topic is None:
            return False
        topic.title, topic.body = self.words(), self.words()
        self.do(
            "topic_edit",
            pk=topic.pk,
            title=topic.title_text,
            body=" ".join(topic.body),
        )
        return True

    def answer_accept(self):
        topic = self.pick("thread", lambda t: t.shown)
        if topic is None:
            return False
        topic.answer = self.words()
        self.do("answer_accept", pk=topic.pk, body=" ".join(topic.answer))
        return True

    def answer_unaccept(self):
        topic = self.pick("thread", lambda t: t.shown and t.answer)
        if topic is None:
            return False
        self.do("answer_unaccept", pk=topic.pk)
        topic.answer = []
        return True

    def topic_hide(self):
        topic = self.pick("thread", lambda t: t.shown)
        if topic is None:
            return False
        self.do("topic_hide", pk=topic.pk)
        topic.shown = False
        return True

    def topic_restore(self):
        topic = self.pick("thread", lambda t: not t.shown)
        if topic is None:
            return False
        self.do("topic_restore", pk=topic.pk)
        topic.shown = True
        return True

    def topic_delete(self):
        topic = self.pick("thread", lambda t: t.shown)
        if topic is None:
            return False
        self.do("topic_delete", pk=topic.pk)
        topic.gone = True
        return True

    def topic_merge(self):
        source = self.pick("thread", lambda t: t.shown)
        target = self.pick("thread", lambda t: t.shown and t is not source)
        if source is None or target is None:
            return False
        # The source's answers move over, but the target's accepted answer stays.
        self.do("topic_merge", source=source.pk, target=target.pk)
        source.gone = True
        return True

    WRITES = (
        "article_create",
        "article_edit",
        "article_unpublish",
        "article_publish",
        "article_move",
        "article_delete",
        "topic_create",
        "topic_edit",
        "answer_accept",
        "answer_unaccept",
        "topic_hide",
        "topic_restore",
        "topic_delete",
        "topic_merge",
    )
    OPENING = ("article_create", "topic_create", "article_create", "topic_create")

    def step(self):
        """The next write: an opening one, or any that can be done now."""
        if len(self.steps) < len(self.OPENING):
            getattr(self, self.OPENING[len(self.steps)])()
            return
        for name in self.random.sample(self.WRITES, len(self.WRITES)):
            if getattr(self, name)():
                return

    def queries(self):
        """Every word alone, and two words limited to one kind each."""
        return [(word, ()) for word in VOCABULARY] + [
            (self.query_random.choice(VOCABULARY), ("thread",)),
            (self.query_random.choice(VOCABULARY), ("article",)),
        ]

    def expected(self, word, kinds):
        return {
            t.key: t
            for t in self.things
            if t.shown
            and not t.gone
            and word in t.words
            and (not kinds or t.kind in kinds)
        }


def problems_of(answer, expected):
    """What is wrong with one search answer, given the objects it should list."""
    where = f"{answer['query']!r} {answer['kinds'] or 'all kinds'}"
    listed = [(kind, pk) for kind, pk, _, _ in answer["hits"]]
    problems = []
    if answer["failed"]:
        problems.append(f"{where}: the search failed")
    if len(listed) != len(set(listed)):
        problems.append(f"{where}: lists an object twice: {sorted(listed)}")
    if answer["total"] != len(listed):
        problems.append(f"{where}: total {answer['total']}, lists {len(listed)}")
    if set(answer["page_totals"]) != {answer["total"]}:
        problems.append(f"{where}: pages disagree on the total {answer['page_totals']}")
    if sum(answer["kind_counts"].values()) != answer["total"]:
        problems.append(f"{where}: counts {answer['kind_counts']} vs {answer['total']}")
    missing = set(expected) - set(listed)
    extra = set(listed) - set(expected)
    if missing or extra:
        problems.append(f"{where}: missing {sorted(missing)}, extra {sorted(extra)}")
    for kind, pk, title, url in answer["hits"]:
        thing = expected.get((kind, pk))
        if thing is None:
            continue
        if title != thing.title_text:
            problems.append(f"{where}: {kind} {pk} titled {title!r}")
        if kind == "article" and url != thing.url:
            problems.append(f"{where}: {kind} {pk} at {url!r}, not {thing.url!r}")
    return problems


def check(sequence, answers, who, seed):
    problems = []
    for answer in answers:
        expected = sequence.expected(answer["query"], answer["kinds"])
        problems += problems_of(answer, expected)
    if problems:
        steps = [f"  {n}. {step}" for n, step in enumerate(sequence.steps, start=1)]
        pytest.fail(
            f"seed {seed}, {who} after step {len(steps)}:\n"
            + "\n".join(problems + ["steps:", *steps]),
            pytrace=False,
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", SEEDS)
def test_random_writes_leave_every_process_finding_each_object_once(
    seed, site_env, tmp_path
):
    with (
        Agent(site_env, tmp_path / "writer.log") as writer,
        Agent(site_env, tmp_path / "oracle.log", fork=True) as oracle,
        # Started now so that its start-up overlaps the writes; it first opens the
        # database and the index for its one search, after the last write.
        Agent(site_env, tmp_path / "last.log") as last,
    ):
        made = writer.call("setup", categories=list(CATEGORIES), sections=SECTIONS)
        sequence = Sequence(seed, writer, list(made["categories"].values()))
        for _ in range(STEPS):
            # The writer's searches after one write are its searches before the next.
            sequence.step()
            queries = sequence.queries()
            check(sequence, writer.search(queries), "the writer", seed)
            check(sequence, oracle.search(queries), "a fresh process", seed)
        check(sequence, last.search(sequence.queries()), "a new process", seed)


class _Recorder:
    """Stands in for the writer process: answers every write with a new id."""

    def __init__(self):
        self.calls = 0

    def call(self, op, **arguments):
        self.calls += 1
        return {"pk": self.calls, "url": f"/{self.calls}/"}


def test_the_seeds_between_them_make_every_kind_of_write():
    """So that changing SEEDS or STEPS can't quietly leave a write untested."""
    made = set()
    for seed in SEEDS:
        sequence = Sequence(seed, _Recorder(), [1, 2])
        for _ in range(STEPS):
            sequence.step()
            sequence.queries()
        made |= {step.split("(")[0] for step in sequence.steps}
    assert made == set(Sequence.WRITES)
