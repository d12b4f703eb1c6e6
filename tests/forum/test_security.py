"""Hostile input: the shared naughty-strings list and classic XSS payloads must
never give a 500 and never survive as active content in any forum page."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from kb.forum import services
from kb.forum.forms import AskForm
from kb.forum.models import Post, Topic

from .pagecheck import active_content

CLASSIC_PAYLOADS = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click]( javascript:alert(1))",
    "<javascript:alert(1)>",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[d](data:text/html,<script>alert(1)</script>)",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    '<svg onload="alert(1)"><circle/></svg>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<form action="https://evil.example"><button>Go</button></form>',
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p onmouseover="alert(1)">hover</p>',
    "```\n</code></pre><script>alert(1)</script>\n```",
    '[x](https://example.com "title" onclick="alert(1)")',
    "<<script>script>alert(1)<</script>/script>",
    '<object data="javascript:alert(1)"></object>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
]


@pytest.fixture
def payloads(shared_dir):
    strings = json.loads(
        (shared_dir / "security" / "blns.json").read_text(encoding="utf-8")
    )
    return strings + CLASSIC_PAYLOADS


@pytest.fixture
def generous_limits(settings):
    settings.KB_FORUM_RATE_LIMITS = {
        "post": ("10000/m", "10000/m"),
        "read_api": ("10000/m", "10000/m"),
        "flag": ("10000/m", "10000/m"),
        "vote": ("10000/m", "10000/m"),
    }


def assert_safe(response):
    assert response.status_code < 500
    problems = active_content(response.content.decode())
    assert problems == [], problems[:5]


def test_naughty_answers_and_comments_never_run(
    client, payloads, topic, helper, generous_limits, trusted_members
):
    client.force_login(helper)
    answer_url = reverse("forum:answer", args=[topic.pk])
    chunks = [payloads[i : i + 8] for i in range(0, len(payloads), 8)]
    for n, chunk in enumerate(chunks):
        body = "\n\n".join(chunk)
        response = client.post(answer_url, {"body": body, "submit_token": f"p{n}"})
        assert response.status_code in (302, 400), (body, response.status_code)
        if response.status_code == 400:
            assert_safe(response)
    first_answer = Post.objects.filter(is_question=False).first()
    comment_url = reverse("forum:comment", args=[first_answer.pk])
    for n, payload in enumerate(payloads):
        response = client.post(comment_url, {"body": payload, "submit_token": f"c{n}"})
        assert response.status_code in (302, 400), (payload, response.status_code)
    assert Post.objects.filter(is_question=False).count() > len(chunks) // 2
    assert_safe(client.get(topic.get_absolute_url()))


@pytest.fixture
def database_search(settings):
    """Index writes in the database: this test is about pages, not search."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "modelsearch.backends.database"}
    }


def test_naughty_titles_are_shown_as_text_and_never_run(
    database_search, client, payloads, section, asker, generous_limits, trusted_members
):
    client.force_login(asker)
    accepted = []
    for n, payload in enumerate(payloads):
        response = client.post(
            reverse("forum:ask"),
            {
                "section": section.pk,
                "title": payload,
                "body": f"Question body number {n}: {payload}",
                "tags": "",
                "submit_token": f"t{n}",
            },
        )
        assert response.status_code in (302, 400), (payload, response.status_code)
        if response.status_code == 400:
            assert_safe(response)
        else:
            accepted.append(payload)
    assert len(accepted) > 100
    for topic in Topic.objects.all()[:60]:
        page = client.get(topic.get_absolute_url())
        assert_safe(page)
        assert escape(topic.title).encode() in page.content
    listing = client.get(reverse("forum:topics"))
    assert_safe(listing)
    assert_safe(client.get(reverse("forum:index")))


def test_naughty_searches_previews_and_profiles_never_500(
    client, payloads, topic, asker, generous_limits, trusted_members
):
    client.force_login(asker)
    for payload in payloads:
        similar = client.get(reverse("forum:similar"), {"q": payload})
        assert similar.status_code in (200, 400), payload
        preview = client.post(reverse("forum:preview"), {"body": payload})
        assert preview.status_code in (200, 400), payload
        if preview.status_code == 200:
            assert active_content(preview.json()["html"]) == [], payload
        listing = client.get(reverse("forum:topics"), {"tag": payload, "sort": payload})
        assert listing.status_code == 200
        tags_form = AskForm(
            {
                "section": topic.section_id,
                "title": "Tag test",
                "body": "x",
                "tags": payload,
            }
        )
        tags_form.is_valid()  # a form error or clean tags, never an exception
    for payload in CLASSIC_PAYLOADS:
        response = client.post(reverse("forum:profile"), {"display_name": payload[:60]})
        assert response.status_code in (302, 400)
        services.answer_create(
            author=asker, topic=topic, body=f"Signed: {payload[:20]}"
        )
        assert_safe(client.get(topic.get_absolute_url()))


def test_the_moderation_queue_shows_naughty_posts_as_text(
    client, topic, asker, moderator, generous_limits, trusted_members
):
    for n, payload in enumerate(CLASSIC_PAYLOADS):
        post = services.answer_create(author=asker, topic=topic, body=payload + f" {n}")
        services.flag_create(reporter=moderator, post=post, reason="spam", note=payload)
    mod = Client()
    mod.force_login(moderator)
    page = mod.get(reverse("forum_admin:queue")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
