import pytest
from django.test import Client
from django.urls import reverse

from kb.forum import services
from kb.forum.models import Post, SuggestionOpen, Topic, Visibility
from tests import factories


def ask(client, in_section, **fields):
    data = {
        "section": in_section.pk,
        "title": "How do I export a project to CSV?",
        "body": "I need the tasks in a spreadsheet.",
        "tags": "export, csv",
        "submit_token": "",
    }
    data.update(fields)
    return client.post(reverse("forum:ask"), data)


def test_visitors_must_log_in_to_ask(client, section):
    response = client.get(reverse("forum:ask"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_asks_and_lands_on_the_new_thread(client, section, asker):
    client.force_login(asker)
    form_page = client.get(reverse("forum:ask"))
    assert b'name="submit_token"' in form_page.content
    response = ask(client, section)
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    page = client.get(topic.get_absolute_url())
    assert b"How do I export a project to CSV?" in page.content
    assert b"I need the tasks in a spreadsheet." in page.content


def test_a_double_submitted_question_is_posted_once(client, section, asker):
    client.force_login(asker)
    first = ask(client, section, submit_token="b" * 32)
    second = ask(client, section, submit_token="b" * 32)
    assert first["Location"] == second["Location"]
    assert Topic.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": "", "body": ""}, b"This field is required"),
        ({"title": "short"}, b"at least 8 characters"),
        ({"body": "x" * 20_001}, b"too long"),
        ({"body": "PNG\x00\x01\x02binary"}, b"Null characters are not allowed"),
        ({"body": "PNG\x01\x02\x1a binary data"}, b"characters that aren"),
        ({"title": "\x89PNG\x1a\x0b binary title"}, b"characters that aren"),
        ({"tags": "a, b, c, d, e, f"}, b"At most 5 tags"),
        ({"tags": "<script>"}, b"Tags are single words"),
        ({"section": "999999"}, b"Select a valid choice"),
    ],
)
def test_bad_questions_get_a_form_error_not_a_500(
    client, section, asker, fields, message
):
    client.force_login(asker)
    response = ask(client, section, **fields)
    assert response.status_code == 400
    assert message in response.content
    assert Topic.objects.count() == 0


def test_malformed_markdown_is_accepted_and_rendered_safely(client, section, asker):
    client.force_login(asker)
    body = (
        "```python\nunclosed fence\n\n* [broken](link\n<div><b>unclosed\n| a | b |\n|---\n"
        + "*" * 500
    )
    response = ask(client, section, body=body)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b"unclosed fence" in page.content


def test_answering_voting_and_accepting_through_the_pages(client, topic, asker, helper):
    helper_client = Client()
    helper_client.force_login(helper)
    response = helper_client.post(
        reverse("forum:answer", args=[topic.pk]),
        {"body": "Open **Share** and pick Guest.", "submit_token": "c" * 32},
    )
    answer = Post.objects.get(is_question=False)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#post-{answer.pk}")

    client.force_login(asker)
    client.post(reverse("forum:post_vote", args=[answer.pk]))
    client.post(reverse("forum:post_accept", args=[answer.pk]))
    answer.refresh_from_db()
    topic.refresh_from_db()
    assert answer.score == 1
    assert topic.accepted_answer == answer
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Accepted answer" in page
    assert page.index(f'id="post-{answer.pk}"') > page.index('id="answers-title"')


def test_an_empty_answer_shows_the_thread_with_an_error(client, topic, helper):
    client.force_login(helper)
    response = client.post(reverse("forum:answer", args=[topic.pk]), {"body": "  "})
    assert response.status_code == 400
    assert (
        b"This field is required" in response.content or b"at least" in response.content
    )
    assert topic.title.encode() in response.content


def test_voting_on_own_post_is_refused_with_a_message(client, answer, helper):
    client.force_login(helper)
    response = client.post(reverse("forum:post_vote", args=[answer.pk]))
    assert response.status_code == 403
    assert b"your own post" in response.content


def test_only_the_author_may_open_the_edit_form(client, answer, asker):
    client.force_login(asker)
    assert client.get(reverse("forum:post_edit", args=[answer.pk])).status_code == 403


def test_the_author_edits_and_moderators_see_the_history(
    client, answer, helper, moderator
):
    client.force_login(helper)
    response = client.post(
        reverse("forum:post_edit", args=[answer.pk]), {"body": "A better answer now."}
    )
    assert response.status_code == 302
    history_url = reverse("forum:post_revisions", args=[answer.pk])
    assert client.get(history_url).status_code == 404
    mod = Client()
    mod.force_login(moderator)
    history = mod.get(history_url)
    assert history.status_code == 200
    assert b"Guest access" in history.content


def test_hidden_posts_are_shown_to_moderators_only(
    client, topic, answer, moderator, asker
):
    from kb.forum import moderation

    moderation.post_hide(moderator=moderator, post=answer)
    client.force_login(asker)
    assert b"Guest access" not in client.get(topic.get_absolute_url()).content
    mod = Client()
    mod.force_login(moderator)
    page = mod.get(topic.get_absolute_url()).content
    assert b"Guest access" in page and b"Hidden by a moderator" in page


def test_a_pending_topic_is_not_found_by_other_members(client, settings, section):
    settings.KB_FORUM_HOLD_FIRST_POSTS = True
    newcomer = factories.make_user("newcomer")
    topic = services.topic_create(
        author=newcomer,
        section=section,
        title="Waiting for a moderator",
        body="Hello there",
    )
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(newcomer)
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200 and b"Awaiting a moderator" in page.content


def test_topic_lists_sort_filter_by_tag_and_paginate(
    client, section, asker, helper, trusted_members
):
    for n in range(23):
        services.topic_create(
            author=asker,
            section=section,
            title=f"Question number {n:02d}",
            body="Body text.",
            tags=["billing"] if n % 2 else [],
        )
    answered = Topic.objects.get(title="Question number 00")
    services.answer_create(author=helper, topic=answered, body="An answer for zero.")

    first = client.get(reverse("forum:section", args=[section.slug]))
    assert first.status_code == 200
    assert first.content.count(b'class="topic-row') == 20
    assert b"Question number 00" in first.content  # latest activity first
    second = client.get(reverse("forum:section", args=[section.slug]) + "?page=2")
    assert second.content.count(b'class="topic-row') == 3

    unanswered = client.get(reverse("forum:topics") + "?sort=unanswered&page=2")
    assert b"Question number 00" not in unanswered.content
    tagged = client.get(reverse("forum:topics") + "?tag=billing")
    assert tagged.content.count(b'class="topic-row') == 11

    for junk in ["?page=abc", "?page=999", "?sort=%00", "?tag=%3Cscript%3E"]:
        assert client.get(reverse("forum:topics") + junk).status_code == 200


def test_old_slugs_and_merged_threads_redirect(client, topic, section, moderator):
    from kb.forum import moderation

    assert client.get(f"/community/t/{topic.pk}/wrong-slug/").status_code == 301
    duplicate = services.topic_create(
        author=factories.make_user("dup"),
        section=section,
        title="Same question again",
        body="Dup!",
    )
    moderation.topic_merge(moderator=moderator, source=duplicate, target=topic)
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_forms_need_a_csrf_token(topic, helper):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(helper)
    response = csrf_client.post(
        reverse("forum:answer", args=[topic.pk]), {"body": "No token here"}
    )
    assert response.status_code == 403
    assert not Post.objects.filter(is_question=False).exists()


def test_the_preview_renders_what_will_be_saved(client):
    response = client.post(
        reverse("forum:preview"),
        {"body": "**bold** <script>x</script> [l](javascript:y)"},
    )
    html = response.json()["html"]
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    bad = client.post(reverse("forum:preview"), {"body": "bin\x00ary"})
    assert bad.status_code == 400


def test_similar_questions_are_suggested_while_typing(client, topic):
    response = client.get(reverse("forum:similar"), {"q": "invite client project"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert any(r["url"] == topic.get_absolute_url() for r in results)
    assert all(r["open_url"].startswith("/community/ask/opened/") for r in results)
    assert client.get(reverse("forum:similar"), {"q": "ab"}).json()["results"] == []


def test_opening_a_suggestion_is_recorded(client, topic, asker):
    client.force_login(asker)
    response = client.get(
        reverse("forum:suggestion_open"),
        {"to": topic.get_absolute_url(), "q": "invite a client"},
    )
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    opened = SuggestionOpen.objects.get()
    assert opened.user == asker and opened.typed_title == "invite a client"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""]
)
def test_suggestion_links_never_lead_off_site(client, db, target):
    response = client.get(reverse("forum:suggestion_open"), {"to": target})
    assert response.status_code == 400
    assert not SuggestionOpen.objects.exists()


def test_voting_is_rate_limited_per_member(client, settings, topic, section, asker):
    settings.KB_FORUM_RATE_LIMITS = {"vote": ("2/h", "100/h")}
    voter = factories.make_user("voter")
    client.force_login(voter)
    posts = [
        services.answer_create(author=asker, topic=topic, body=f"Answer number {n}")
        for n in range(3)
    ]
    codes = [
        client.post(reverse("forum:post_vote", args=[p.pk])).status_code for p in posts
    ]
    assert codes == [302, 302, 429]


def test_posting_is_rate_limited_per_client(settings, section):
    settings.KB_FORUM_RATE_LIMITS = {"post": ("100/h", "2/h")}
    codes = []
    for n in range(3):
        member = Client()
        member.force_login(factories.make_user(f"member{n}"))
        codes.append(
            ask(member, section, title=f"Question from member {n}").status_code
        )
    assert codes == [302, 302, 429]


def test_flagging_puts_the_post_in_the_moderation_queue(
    client, answer, asker, moderator
):
    client.force_login(asker)
    response = client.post(
        reverse("forum:post_flag", args=[answer.pk]), {"reason": "spam"}
    )
    assert response.status_code == 302
    mod = Client()
    mod.force_login(moderator)
    queue = mod.get(reverse("forum_admin:queue"))
    assert queue.status_code == 200
    assert b"Spam" in queue.content and b"Guest access" in queue.content
    mod.post(reverse("forum_admin:post_action", args=[answer.pk]), {"action": "hide"})
    assert Post.objects.get(pk=answer.pk).status == Visibility.HIDDEN


def test_a_bad_flag_reason_is_a_form_error(client, answer, asker):
    client.force_login(asker)
    response = client.post(
        reverse("forum:post_flag", args=[answer.pk]), {"reason": "nope"}
    )
    assert response.status_code == 400


def test_members_cannot_open_the_moderation_queue(client, asker):
    client.force_login(asker)
    response = client.get(reverse("forum_admin:queue"))
    assert response.status_code in (302, 403)


def test_moderators_lock_pin_move_and_merge_from_the_admin(
    client, topic, moderator, section, asker
):
    from kb.forum.models import ForumSection

    other = ForumSection.objects.create(name="Billing", slug="billing")
    client.force_login(moderator)
    url = reverse("forum_admin:topic", args=[topic.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "lock"})
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "move", "section": other.pk})
    topic.refresh_from_db()
    assert topic.is_locked and topic.is_pinned and topic.section == other
    duplicate = services.topic_create(
        author=asker,
        section=section,
        title="Duplicate of the first",
        body="Same thing.",
    )
    response = client.post(
        reverse("forum_admin:topic", args=[duplicate.pk]),
        {"action": "merge", "merge_into": topic.pk},
    )
    assert response.status_code == 302
    assert Topic.objects.get(pk=duplicate.pk).merged_into == topic
    bad = client.post(url, {"action": "merge", "merge_into": 999999})
    assert bad.status_code == 200 and b"no thread with that number" in bad.content


def test_moderators_ban_a_member_from_the_queue(client, answer, moderator, helper):
    client.force_login(moderator)
    client.post(reverse("forum_admin:post_action", args=[answer.pk]), {"action": "ban"})
    helper.forum_profile.refresh_from_db()
    assert helper.forum_profile.is_banned


def test_an_editor_makes_a_draft_article_in_one_click(client, topic, answer, category):
    editor = factories.make_user("editor", is_superuser=True, is_staff=True)
    client.force_login(editor)
    page = client.get(topic.get_absolute_url())
    assert b"Turn into a draft article" in page.content
    response = client.post(reverse("forum:to_article", args=[topic.pk]))
    topic.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[topic.article.pk]
    )
    assert topic.article.title == topic.title and not topic.article.live


def test_members_see_no_article_button_and_cannot_post_to_it(
    client, topic, asker, category
):
    client.force_login(asker)
    assert (
        b"Turn into a draft article" not in client.get(topic.get_absolute_url()).content
    )
    assert client.post(reverse("forum:to_article", args=[topic.pk])).status_code == 403


def test_linked_articles_show_on_the_thread(client, topic, article, moderator):
    from kb.forum import moderation

    moderation.topic_link_article(editor=moderator, topic=topic, article=article)
    page = client.get(topic.get_absolute_url())
    assert b"Related help articles" in page.content
    assert article.title.encode() in page.content


def test_profile_display_name_shows_beside_posts(client, topic, asker):
    client.force_login(asker)
    response = client.post(reverse("forum:profile"), {"display_name": "Ada  Lovelace"})
    assert response.status_code == 302
    page = client.get(topic.get_absolute_url()).content
    assert b"Ada Lovelace" in page
    assert b">AL<" in page  # avatar initials


def test_following_and_unfollowing_a_thread(client, topic, helper):
    client.force_login(helper)
    client.post(reverse("forum:subscribe", args=[topic.pk]))
    assert topic.subscriptions.filter(user=helper).exists()
    client.post(reverse("forum:subscribe", args=[topic.pk]), {"action": "unsubscribe"})
    assert not topic.subscriptions.filter(user=helper).exists()


def test_comments_are_plain_text_and_posted_once(client, answer, asker):
    client.force_login(asker)
    url = reverse("forum:comment", args=[answer.pk])
    for _ in range(2):
        client.post(
            url, {"body": "<b>Thanks</b>, that worked!", "submit_token": "d" * 10}
        )
    page = client.get(answer.topic.get_absolute_url()).content
    assert page.count(b"&lt;b&gt;Thanks&lt;/b&gt;, that worked!") == 1
    assert client.post(url, {"body": ""}).status_code == 400


def test_moderators_link_and_unlink_articles_from_the_admin(
    client, topic, moderator, article
):
    client.force_login(moderator)
    url = reverse("forum_admin:topic", args=[topic.pk])
    client.post(url, {"action": "link", "article": article.pk})
    assert list(topic.related_articles.all()) == [article]
    assert article.title.encode() in client.get(topic.get_absolute_url()).content
    client.post(url, {"action": f"unlink:{article.pk}"})
    assert not topic.related_articles.exists()
