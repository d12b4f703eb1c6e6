"""Badges: earned once for taking part (votes, accepts, a filled profile, trust
levels), announced in the inbox, shown on the member's page and at /badges/."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from kb.forum import badges, moderation, services, trust
from kb.forum.models import Badge, BadgeAward, Notification, TrustLevel
from kb.forum.notifications import Kind, notification_text
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the worker's badge check) as it would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def badges_of(user) -> set[str]:
    return set(BadgeAward.objects.filter(user=user).values_list("badge", flat=True))


def test_a_first_vote_earns_the_voter_and_the_author_a_badge_once(
    topic, answer, asker, helper, on_commit
):
    with on_commit():
        services.vote_record(user=asker, post=answer)
    with on_commit():
        services.vote_record(user=helper, post=topic.posts.get(is_question=True))

    assert {Badge.SUPPORTER, Badge.WELCOME} <= badges_of(asker)
    assert {Badge.SUPPORTER, Badge.WELCOME} <= badges_of(helper)
    assert BadgeAward.objects.filter(user=helper, badge=Badge.WELCOME).count() == 1
    told = Notification.objects.filter(recipient=helper, kind=Kind.BADGE)
    assert sorted(told.values_list("badge", flat=True)) == sorted(badges_of(helper))


def test_an_accepted_answer_earns_scholar_and_solved(
    topic, answer, asker, helper, on_commit
):
    with on_commit():
        services.answer_accept(user=asker, post=answer)

    assert Badge.SCHOLAR in badges_of(asker)
    solved = BadgeAward.objects.get(user=helper, badge=Badge.SOLVED)
    assert solved.post_id == answer.pk


def test_accepting_your_own_answer_earns_nothing(topic, asker, on_commit):
    own = services.answer_create(author=asker, topic=topic, body="Found it myself.")
    with on_commit():
        services.answer_accept(user=asker, post=own)

    assert not {Badge.SCHOLAR, Badge.SOLVED} & badges_of(asker)


def test_a_nice_answer_needs_five_votes_and_names_the_answer(
    topic, answer, helper, on_commit
):
    voters = [factories.make_user(f"voter{n}") for n in range(badges.NICE_ANSWER_VOTES)]
    for voter in voters[:-1]:
        with on_commit():
            services.vote_record(user=voter, post=answer)
    assert Badge.NICE_ANSWER not in badges_of(helper)

    with on_commit():
        services.vote_record(user=voters[-1], post=answer)

    award = BadgeAward.objects.get(user=helper, badge=Badge.NICE_ANSWER)
    assert award.post_id == answer.pk
    assert Badge.GREAT_ANSWER not in badges_of(helper)


def test_a_filled_profile_earns_autobiographer(client, asker, on_commit):
    from tests.forum.test_members import picture

    client.force_login(asker)
    with on_commit():
        client.post(reverse("forum:profile"), {"display_name": "Ada Asker"})
    assert Badge.AUTOBIOGRAPHER not in badges_of(asker)

    with on_commit():
        client.post(reverse("forum:profile"), {"avatar": picture()})

    assert Badge.AUTOBIOGRAPHER in badges_of(asker)


def test_trust_levels_reached_earn_their_badges(section, moderator, on_commit):
    veteran = factories.make_user("veteran")
    veteran.date_joined = timezone.now() - timedelta(days=20)
    veteran.save()
    with on_commit():
        services.topic_create(
            author=veteran, section=section, title="A first question", body="Hello."
        )
    assert Badge.BASIC in badges_of(veteran)
    assert Badge.MEMBER not in badges_of(veteran)

    with on_commit():
        trust.trust_level_set(
            moderator=moderator, user=veteran, level=TrustLevel.LEADER
        )

    assert {Badge.MEMBER, Badge.REGULAR, Badge.LEADER} <= badges_of(veteran)


def test_a_badge_is_kept_when_what_earned_it_goes(
    topic, answer, asker, helper, moderator, on_commit
):
    with on_commit():
        services.vote_record(user=asker, post=answer)
    with on_commit():
        moderation.post_hide(moderator=moderator, post=answer)
        services.vote_withdraw(user=asker, post=answer)

    assert Badge.WELCOME in badges_of(helper)
    assert badges.badges_award(user_ids=[helper.pk, asker.pk]) == []


def test_a_second_check_gives_nothing_twice(topic, answer, asker, helper):
    services.vote_record(user=asker, post=answer)

    first = badges.badges_award(user_ids=[asker.pk, helper.pk])
    again = badges.badges_award(user_ids=[asker.pk, helper.pk])

    assert {a.badge for a in first} == {Badge.SUPPORTER, Badge.WELCOME}
    assert again == []
    assert Notification.objects.filter(kind=Kind.BADGE).count() == 2


def test_the_badge_notification_speaks_the_readers_language(
    topic, answer, asker, helper
):
    services.vote_record(user=asker, post=answer)
    badges.badges_award(user_ids=[helper.pk])
    notification = Notification.objects.get(recipient=helper, kind=Kind.BADGE)

    assert notification_text(notification) == "You earned the “Welcome” badge."
    with translation.override("de"):
        assert "Willkommen" in notification_text(notification)
    assert notification.get_absolute_url() == reverse("forum:badge", args=["welcome"])


def test_the_command_awards_every_member_with_progress(topic, answer, asker, helper):
    import io

    services.vote_record(user=asker, post=answer)
    out = io.StringIO()

    call_command("forum_badges_award", stdout=out, stderr=io.StringIO())

    assert Badge.WELCOME in badges_of(helper)
    assert "awarded 2 badges" in out.getvalue().lower()


# Pages ------------------------------------------------------------------------


def test_the_badges_page_lists_every_badge_with_its_holders(
    client, topic, answer, asker, helper
):
    services.vote_record(user=asker, post=answer)
    badges.badges_award(user_ids=[asker.pk, helper.pk])

    page = client.get(reverse("forum:badges")).content.decode()

    for rule in badges.RULES:
        assert str(rule.label) in page
    welcome = re.search(
        r'href="/community/badges/welcome/">Welcome</a>.*?</li>', page, re.S
    )
    assert "1 member has it" in welcome.group(0)
    assert "Bronze" in welcome.group(0)


def test_a_badge_page_lists_who_earned_it(client, topic, answer, asker, helper):
    services.vote_record(user=asker, post=answer)
    badges.badges_award(user_ids=[asker.pk, helper.pk])

    page = client.get(reverse("forum:badge", args=["welcome"])).content.decode()
    nobody = client.get(reverse("forum:badge", args=["great-answer"])).content.decode()

    assert f'href="/community/members/{helper.pk}/"' in page
    assert "1 member has it" in page
    assert "Nobody has earned it yet." in nobody
    assert client.get("/community/badges/no-such-badge/").status_code == 404


def test_a_members_page_shows_their_badges(client, topic, answer, asker, helper):
    before = client.get(reverse("forum:member", args=[helper.pk])).content.decode()
    services.vote_record(user=asker, post=answer)
    badges.badges_award(user_ids=[helper.pk])

    after = client.get(reverse("forum:member", args=[helper.pk])).content.decode()

    assert "No badges yet." in before
    assert 'class="badge badge--bronze" href="/community/badges/welcome/"' in after
