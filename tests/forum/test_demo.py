from io import StringIO

from django.core.management import call_command

from kb.forum.demo import THREADS
from kb.forum.models import Badge, BadgeAward, Post, Topic


def test_the_demo_community_loads_once(db):
    out = StringIO()
    call_command("forum_load_demo", stdout=out)
    assert Topic.objects.count() == len(THREADS) >= 12
    assert Topic.objects.filter(accepted_answer__isnull=False).count() >= 6
    assert Topic.objects.filter(answer_count=0).exists()  # some are unanswered
    earned = set(BadgeAward.objects.values_list("badge", flat=True))
    assert {Badge.SOLVED, Badge.SCHOLAR, Badge.WELCOME, Badge.SUPPORTER} <= earned
    posts = Post.objects.count()
    call_command("forum_load_demo", stdout=out)
    assert Topic.objects.count() == len(THREADS)
    assert Post.objects.count() == posts
    assert f"0 threads created, {len(THREADS)} already there." in out.getvalue()


def test_demo_threads_render(client, db):
    call_command("forum_load_demo", stdout=StringIO())
    assert client.get("/community/").status_code == 200
    for topic in Topic.objects.all():
        assert client.get(topic.get_absolute_url()).status_code == 200
