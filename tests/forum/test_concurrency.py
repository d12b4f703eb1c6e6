"""Real concurrent requests against a running gunicorn: votes from many members
are all counted (and so is the reputation they earn, and each badge they earn is
given once by workers running at once), a burst of identical submits makes one
post, and comments at once give their notifications exactly.

The server gets its own database (see tests/live_server_process.py).
"""

import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.live_server_process import database_kinds, gunicorn_site

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
def login(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key

asker_session = login(asker)
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
                            "answer": answer.pk, "sessions": cookies,
                            "question": topic.posts.get(is_question=True).pk,
                            "asker_session": asker_session}))
"""

CHECK_SCRIPT = """
import json
from django.db.models import Count
from kb.forum.models import BadgeAward, Comment, Notification, Post, Profile, Vote
answer = Post.objects.get(pk=%(answer)d)
print("CHECK" + json.dumps({
    "helper_badges": sorted(BadgeAward.objects.filter(user=answer.author)
                            .values_list("badge", flat=True)),
    "helper_badge_news": Notification.objects.filter(
        recipient=answer.author, kind="badge").count(),
    "supporters": BadgeAward.objects.filter(badge="supporter").count(),
    "most_of_one_badge": max(
        [row["n"] for row in BadgeAward.objects.values("user", "badge")
         .annotate(n=Count("pk"))] or [0]),
    "helper_reputation": Profile.objects.get(user=answer.author).reputation,
    "asker_unread": Notification.objects.filter(
        recipient=answer.topic.author, read_at__isnull=True).count(),
    "comment_notifications": Notification.objects.filter(
        recipient=answer.topic.author, kind="comment").count(),
    "comments": Comment.objects.filter(post__topic=answer.topic).count(),
    "score": answer.score,
    "votes": Vote.objects.filter(post=answer).count(),
    "answers_by_voter0": Post.objects.filter(author__username="voter0").count(),
    "answer_count": answer.topic.answer_count,
}))
"""


@pytest.fixture(scope="module", params=database_kinds())
def server(request, tmp_path_factory):
    with gunicorn_site(
        tmp_path_factory.mktemp("forum-server"),
        request.param,
        {"RATELIMIT_ENABLE": "1"},
        name="forum",
        prepare=lambda site: site.shell_json(
            SETUP_SCRIPT % {"members": MEMBERS}, "SETUP"
        ),
        ready_path="/community/",
        workers=2,
        threads=8,
    ) as site:
        yield {"url": site.url, "site": site, **site.data}


def _member_session(server, session_key):
    """A logged-in browser-like session with its CSRF token from the thread page."""
    session = requests.Session()
    session.cookies.set("sessionid", session_key)
    page = session.get(server["url"] + server["topic_url"], timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session, token


def _check(server):
    script = CHECK_SCRIPT % {"answer": server["answer"]}
    return server["site"].shell_json(script, "CHECK")


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
    with ThreadPoolExecutor(max_workers=2) as pool:  # two workers award at once
        list(pool.map(lambda _: server["site"].manage("kb_worker", "--batch"), [1, 2]))
    result = _check(server)
    assert result["votes"] == MEMBERS
    assert result["score"] == MEMBERS
    assert result["helper_reputation"] == MEMBERS * 10
    assert result["helper_badges"] == ["nice-answer", "welcome"]
    assert result["helper_badge_news"] == 2
    assert result["supporters"] == MEMBERS
    assert result["most_of_one_badge"] == 1


def test_comments_at_once_notify_the_asker_exactly_once_each(server):
    members = [_member_session(server, key) for key in server["sessions"]]
    comment_url = f"{server['url']}/community/p/{server['question']}/comment/"
    before = _check(server)

    def comment(job):
        (session, token), submit_token = job
        return session.post(
            comment_url,
            data={
                "csrfmiddlewaretoken": token,
                "body": f"Same here ({submit_token}).",
                "submit_token": submit_token,
            },
            headers={"Referer": server["url"] + server["topic_url"]},
            allow_redirects=False,
            timeout=60,
        ).status_code

    jobs = [(member, uuid.uuid4().hex) for member in members]
    # Some comments submitted twice; all within the per-client limit of 30 posts a
    # minute (every request here comes from 127.0.0.1).
    with ThreadPoolExecutor(max_workers=MEMBERS) as pool:
        codes = list(pool.map(comment, jobs + jobs[:4]))
    assert all(code == 302 for code in codes), codes
    result = _check(server)
    assert result["comments"] == before["comments"] + MEMBERS
    assert result["comment_notifications"] == MEMBERS
    assert result["asker_unread"] == before["asker_unread"] + MEMBERS

    asker = requests.Session()
    asker.cookies.set("sessionid", server["asker_session"])
    page = asker.get(server["url"] + "/community/", timeout=30).text
    count = re.search(r'class="bell-count">(\d+)<', page).group(1)
    assert int(count) == result["asker_unread"]


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
