"""A process that writes content and searches it on command, for tests that need
the site's writes and searches in processes of their own.

    python -m tests.search.search_agent [--fork]

It reads one JSON request per line on stdin and answers each with one line on
stdout, `@@` then JSON (anything else printed is not an answer). A request is
`{"op": name, ...arguments}`; `ops()` lists the writes, which go through the
product's services and Wagtail's page actions, each committed on its own, and
"search" runs `site_search` for `queries` ([[query, [kinds]], ...]), page by page.

With --fork the process never opens the database or the search index itself: each
search runs in a child forked for it, so every answer comes from a process that had
never searched before. It answers searches only.

The environment chooses the site: DJANGO_SETTINGS_MODULE (kb.settings.dev),
DATABASE_URL, KB_SEARCH_BACKEND and KB_SEARCH_INDEX_PATH. Tests start and drive
one with `Agent`.
"""

import json
import os
import subprocess
import sys
import traceback
from pathlib import Path

PREFIX = "@@"
PER_PAGE = 3
ROOT = Path(__file__).resolve().parent.parent.parent


class AgentError(Exception):
    """The agent failed to do what it was asked, or died."""


class Agent:
    """A running agent process, for a test to drive; its stderr goes to `log_path`.

    Starting one does not wait for it: its first answer does.
    """

    def __init__(self, env, log_path, *, fork=False):
        self.log_path = Path(log_path)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.search.search_agent"]
                + (["--fork"] if fork else []),
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        self.pid = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _read(self):
        while True:
            line = self.process.stdout.readline()
            if not line:
                self.process.wait()
                log = self.log_path.read_text(errors="replace")[-3000:]
                raise AgentError(
                    f"the agent exited ({self.process.returncode}):\n{log}"
                )
            if line.startswith(PREFIX):
                return json.loads(line[len(PREFIX) :])

    def call(self, op, **arguments):
        if self.pid is None:
            self.pid = self._read()["ready"]
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise AgentError(f"{op}({arguments}) failed:\n{answer['error']}")
        return answer["result"]

    def search(self, queries):
        """One answer per (query, kinds) of `queries` (see `search`)."""
        return self.call("search", queries=[[q, list(kinds)] for q, kinds in queries])

    def close(self):
        if self.process.poll() is None:
            try:
                self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
                self.process.stdin.close()
                self.process.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def search(queries):
    from kb.search.selectors import site_search

    answers = []
    for query, kinds in queries:
        first = site_search(query=query, kinds=kinds, limit=PER_PAGE)
        outcome, hits, totals = first, [], []
        while True:
            totals.append(outcome.total)
            hits += [
                [hit.kind, hit.object.pk, hit.title, hit.url] for hit in outcome.hits
            ]
            offset = outcome.offset + PER_PAGE
            if not outcome.hits or offset >= first.total:
                break
            outcome = site_search(
                query=query, kinds=kinds, offset=offset, limit=PER_PAGE
            )
        answers.append(
            {
                "query": query,
                "kinds": kinds,
                "total": first.total,
                "page_totals": totals,
                "kind_counts": first.kind_counts,
                "failed": first.failed,
                "hits": hits,
            }
        )
    return answers


def ops():
    """The writes, by name; each returns what the caller needs to refer to later."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import transaction
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import PageViewRestriction

    from kb.articles.models import ArticlePage, CategoryPage
    from kb.forum import moderation, services
    from kb.forum.models import ForumSection, Post, Topic
    from kb.search.models import Synonym
    from tests import factories

    User = get_user_model()

    def user(name):
        return User.objects.get(username=name)

    def page(pk):
        return ArticlePage.objects.get(pk=pk)

    def question(topic):
        return Post.objects.get(topic_id=topic, is_question=True)

    def setup(categories, sections):
        """A help center with categories, forum sections and three members."""
        with transaction.atomic():
            home = factories.make_home()
            made = {
                title: factories.make_category(home, title).pk for title in categories
            }
            for slug, name in sections.items():
                ForumSection.objects.create(name=name, slug=slug)
            for name in ("asker", "helper"):
                factories.make_user(name)
            moderator = factories.make_user("moderator", is_staff=True)
            moderator.user_permissions.add(
                Permission.objects.get(codename="moderate_forum")
            )
        return {"categories": made}

    @transaction.atomic
    def article_create(category, title, body, slug, summary=None):
        parent = CategoryPage.objects.get(pk=category)
        fields = {"slug": slug}
        if summary is not None:
            fields["summary"] = summary
        article = factories.make_article(parent, title, body=paragraph(body), **fields)
        return {"pk": article.pk, "url": article.get_url()}

    @transaction.atomic
    def article_edit(pk, title, body, summary=None):
        article = page(pk)
        article.title, article.body = title, paragraph(body)
        article.summary = summary if summary is not None else f"How to {title.lower()}."
        article.save_revision().publish()
        return {}

    @transaction.atomic
    def article_unpublish(pk):
        page(pk).unpublish()
        return {}

    @transaction.atomic
    def article_publish(pk):
        page(pk).get_latest_revision().publish()
        return {}

    @transaction.atomic
    def article_move(pk, category):
        page(pk).move(CategoryPage.objects.get(pk=category), pos="last-child")
        return {"url": page(pk).get_url()}

    @transaction.atomic
    def article_delete(pk):
        page(pk).delete()
        return {}

    def topic_create(section, title, body, author="asker"):
        topic = services.topic_create(
            author=user(author),
            section=ForumSection.objects.get(slug=section),
            title=title,
            body=body,
        )
        return {"pk": topic.pk, "url": topic.get_absolute_url()}

    def topic_edit(pk, title, body):
        services.post_edit(
            editor=user("asker"), post=question(pk), title=title, body=body
        )
        return {}

    def answer_accept(pk, body):
        """An answer by the helper, accepted by the asker: two writes."""
        answer = services.answer_create(
            author=user("helper"), topic=Topic.objects.get(pk=pk), body=body
        )
        services.answer_accept(user=user("asker"), post=answer)
        return {"answer": answer.pk}

    def answer_unaccept(pk):
        services.answer_unaccept(user=user("asker"), topic=Topic.objects.get(pk=pk))
        return {}

    def post_hide(post):
        moderation.post_hide(
            moderator=user("moderator"), post=Post.objects.get(pk=post)
        )
        return {}

    def topic_hide(pk):
        return post_hide(question(pk).pk)

    def topic_restore(pk):
        moderation.post_restore(moderator=user("moderator"), post=question(pk))
        return {}

    def topic_delete(pk):
        services.post_delete(user=user("asker"), post=question(pk))
        return {}

    def topic_merge(source, target):
        moderation.topic_merge(
            moderator=user("moderator"),
            source=Topic.objects.get(pk=source),
            target=Topic.objects.get(pk=target),
        )
        return {}

    @transaction.atomic
    def synonym_add(terms):
        """As an editor saves a synonym snippet."""
        return {"pk": Synonym.objects.create(terms=terms).pk}

    @transaction.atomic
    def synonym_delete(pk):
        Synonym.objects.get(pk=pk).delete()
        return {}

    @transaction.atomic
    def pick_add(query, pk):
        """As an editor adds an editor's pick (a search promotion) for `query`."""
        promotion = SearchPromotion.objects.create(
            query=Query.get(query), page_id=pk, sort_order=0
        )
        return {"pk": promotion.pk}

    @transaction.atomic
    def category_restrict(pk, password):
        """As an editor makes a category private (Privacy: a shared password)."""
        PageViewRestriction.objects.create(
            page_id=pk, restriction_type=PageViewRestriction.PASSWORD, password=password
        )
        return {}

    @transaction.atomic
    def category_unrestrict(pk):
        PageViewRestriction.objects.filter(page_id=pk).delete()
        return {}

    return {
        function.__name__: function
        for function in (
            setup,
            article_create,
            article_edit,
            article_unpublish,
            article_publish,
            article_move,
            article_delete,
            topic_create,
            topic_edit,
            answer_accept,
            answer_unaccept,
            post_hide,
            topic_hide,
            topic_restore,
            topic_delete,
            topic_merge,
            synonym_add,
            synonym_delete,
            pick_add,
            category_restrict,
            category_unrestrict,
        )
    }


def _answer(payload):
    sys.stdout.write(PREFIX + json.dumps(payload) + "\n")
    sys.stdout.flush()


def _forked_search(queries):
    """The answer of a child process that searches once and exits."""
    from django.db import connections

    connections.close_all()  # none should be open: a child must not share one
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: search, send the answer, leave
        os.close(read_end)
        code = 0
        try:
            payload = {"result": search(queries)}
        except BaseException:  # noqa: BLE001 - reported to the test
            payload = {"error": traceback.format_exc()}
            code = 1
        connections.close_all()
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps(payload))
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data) if data else {"error": "the search process died"}


def main(argv):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    django.setup()
    forking = "--fork" in argv
    writes = {} if forking else ops()
    if forking:
        # Imports only, so that each child does not pay for them: no search state.
        import wagtail.contrib.search_promotions.models  # noqa: F401

        import kb.search.backends.whoosh  # noqa: F401
        import kb.search.selectors  # noqa: F401
    _answer({"ready": os.getpid()})
    for line in sys.stdin:
        request = json.loads(line)
        op = request.pop("op")
        if op == "quit":
            break
        if op == "search" and forking:
            _answer(_forked_search(request["queries"]))
            continue
        try:
            if op == "search":
                result = search(request["queries"])
            else:
                result = writes[op](**request)
        except BaseException:  # noqa: BLE001 - reported to the test
            _answer({"error": traceback.format_exc()})
            continue
        _answer({"result": result})


if __name__ == "__main__":
    main(sys.argv[1:])
