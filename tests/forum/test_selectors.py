from django.urls import reverse

from kb.forum import services
from tests import factories


def _many_topics(section, count):
    members = [factories.make_user(f"m{count}x{n}") for n in range(count)]
    for n, member in enumerate(members):
        topic = services.topic_create(
            author=member,
            section=section,
            title=f"Question about exports {n}",
            body="Body text here.",
            tags=["export", f"tag{n}"],
        )
        services.answer_create(
            author=members[0 if n else 1], topic=topic, body="An answer."
        )


def test_topic_lists_take_the_same_few_queries_for_any_length(
    client, section, django_assert_max_num_queries
):
    # 14: the page's own queries, then the site and its branding (kb.branding).
    _many_topics(section, 2)
    with django_assert_max_num_queries(14):
        client.get(reverse("forum:topics"))
    _many_topics(section, 10)
    with django_assert_max_num_queries(14):
        client.get(reverse("forum:topics"))


def test_a_thread_page_takes_the_same_few_queries_for_any_number_of_answers(
    client, topic, django_assert_max_num_queries
):
    for n in range(10):
        post = services.answer_create(
            author=factories.make_user(f"answerer{n}"),
            topic=topic,
            body=f"Answer {n} here",
        )
        services.comment_create(author=topic.author, post=post, body="Thanks for this!")
    # 22: the page's own queries, then the site and its branding (kb.branding).
    with django_assert_max_num_queries(22):
        client.get(topic.get_absolute_url())
