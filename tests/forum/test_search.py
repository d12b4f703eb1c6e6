"""Forum threads are found by the site search, through the same backend as articles."""

from kb.forum import moderation, services
from kb.search.selectors import site_search


def test_a_new_thread_is_found_by_the_site_search(
    topic, django_capture_on_commit_callbacks
):
    outcome = site_search(query="invite client")
    threads = [hit for hit in outcome.hits if hit.kind == "thread"]
    assert [hit.object.pk for hit in threads] == [topic.pk]
    assert threads[0].url == topic.get_absolute_url()
    assert threads[0].category == "Getting started"


def test_the_question_body_is_searchable(
    section, asker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.topic_create(
            author=asker,
            section=section,
            title="Timeline question",
            body="The Gantt chart shows overlapping milestones.",
        )
    outcome = site_search(query="gantt milestones", kinds=["thread"])
    assert [hit.object.pk for hit in outcome.hits] == [topic.pk]


def test_an_accepted_answer_marks_the_hit_answered(
    topic, answer, asker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_accept(user=asker, post=answer)
    outcome = site_search(query="guest access", kinds=["thread"])
    assert [hit.object.pk for hit in outcome.hits] == [topic.pk]
    assert outcome.hits[0].answered is True


def test_hidden_threads_leave_the_search(
    topic, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.post_hide(
            moderator=moderator, post=topic.posts.get(is_question=True)
        )
    outcome = site_search(query="invite client", kinds=["thread"])
    assert outcome.hits == []
