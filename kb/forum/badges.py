"""Badges, as in Discourse and Stack Overflow: what members earn for taking part,
shown on their page and at /community/badges/.

A badge is earned once and kept. What members earned is worked out again for the
members an event concerns (the voter and the author of a vote, the asker and the
answerer of an accept, a member posting or saving their profile) by the
background worker, once the event's transaction has committed;
`manage.py forum_badges_award` works it out for every member.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import notifications
from .models import (
    Badge,
    BadgeAward,
    Post,
    Profile,
    Topic,
    TrustLevel,
    Visibility,
    Vote,
)

NICE_ANSWER_VOTES = 5
GREAT_ANSWER_VOTES = 25
HELPER_ACCEPTED = 10

# {user id: the post that earned the badge, or None}
Earners = dict[int, int | None]


class Grade:
    BRONZE = "bronze"
    SILVER = "silver"
    GOLD = "gold"
    LABELS = {BRONZE: _("Bronze"), SILVER: _("Silver"), GOLD: _("Gold")}


@dataclass(frozen=True)
class BadgeRule:
    badge: Badge
    grade: str
    description: str
    earners: Callable[[list[int]], Earners]  # which of these members earned it

    @property
    def slug(self) -> str:
        return self.badge.value

    @property
    def label(self) -> str:
        return self.badge.label

    @property
    def grade_label(self) -> str:
        return Grade.LABELS[self.grade]


def _received_a_vote(user_ids):
    rows = Vote.objects.filter(
        post__author__in=user_ids, post__status=Visibility.VISIBLE
    )
    return dict.fromkeys(rows.values_list("post__author_id", flat=True))


def _gave_a_vote(user_ids):
    return dict.fromkeys(
        Vote.objects.filter(user__in=user_ids).values_list("user_id", flat=True)
    )


def _filled_profile(user_ids):
    profiles = Profile.objects.filter(user__in=user_ids).exclude(display_name="")
    return dict.fromkeys(profiles.exclude(avatar="").values_list("user_id", flat=True))


def _accepted_an_answer(user_ids):
    topics = Topic.objects.filter(author__in=user_ids, accepted_answer__isnull=False)
    topics = topics.exclude(accepted_answer__author=F("author"))
    return dict.fromkeys(topics.values_list("author_id", flat=True))


def _accepted_answers(user_ids):
    return (
        Topic.objects.filter(
            accepted_answer__author__in=user_ids,
            accepted_answer__status=Visibility.VISIBLE,
        )
        .exclude(author=F("accepted_answer__author"))
        .values("accepted_answer__author_id")
    )


def _answer_accepted(user_ids):
    rows = _accepted_answers(user_ids).values_list(
        "accepted_answer__author_id", "accepted_answer_id"
    )
    return dict(rows.order_by("-accepted_answer_id"))


def _many_answers_accepted(user_ids):
    rows = _accepted_answers(user_ids).annotate(accepted=Count("pk"))
    return {
        row["accepted_answer__author_id"]: None
        for row in rows
        if row["accepted"] >= HELPER_ACCEPTED
    }


def _answer_with_votes(votes: int):
    def earners(user_ids):
        answers = Post.objects.filter(
            author__in=user_ids,
            is_question=False,
            status=Visibility.VISIBLE,
            score__gte=votes,
        ).order_by("created_at", "pk")  # the first such answer earned it
        found: Earners = {}
        for author_id, post_id in answers.values_list("author_id", "pk"):
            found.setdefault(author_id, post_id)
        return found

    return earners


def _reached_level(level: TrustLevel):
    def earners(user_ids):
        from .trust import trust_level

        users = get_user_model().objects.filter(pk__in=user_ids, is_active=True)
        return {user.pk: None for user in users if trust_level(user) >= level}

    return earners


RULES = [
    BadgeRule(Badge.WELCOME, Grade.BRONZE, _("Got a first up-vote."), _received_a_vote),
    BadgeRule(Badge.SUPPORTER, Grade.BRONZE, _("Gave a first up-vote."), _gave_a_vote),
    BadgeRule(
        Badge.AUTOBIOGRAPHER,
        Grade.BRONZE,
        _("Added a display name and a picture to their profile."),
        _filled_profile,
    ),
    BadgeRule(
        Badge.SCHOLAR,
        Grade.BRONZE,
        _("Accepted someone's answer to their question."),
        _accepted_an_answer,
    ),
    BadgeRule(
        Badge.SOLVED,
        Grade.BRONZE,
        _("Wrote an answer the asker accepted."),
        _answer_accepted,
    ),
    BadgeRule(
        Badge.NICE_ANSWER,
        Grade.SILVER,
        format_lazy(
            _("Wrote an answer with {votes} up-votes."), votes=NICE_ANSWER_VOTES
        ),
        _answer_with_votes(NICE_ANSWER_VOTES),
    ),
    BadgeRule(
        Badge.GREAT_ANSWER,
        Grade.GOLD,
        format_lazy(
            _("Wrote an answer with {votes} up-votes."), votes=GREAT_ANSWER_VOTES
        ),
        _answer_with_votes(GREAT_ANSWER_VOTES),
    ),
    BadgeRule(
        Badge.HELPER,
        Grade.SILVER,
        format_lazy(
            _("Wrote {count} answers the askers accepted."), count=HELPER_ACCEPTED
        ),
        _many_answers_accepted,
    ),
    BadgeRule(
        Badge.BASIC,
        Grade.BRONZE,
        _("Reached trust level 1: Basic member."),
        _reached_level(TrustLevel.BASIC),
    ),
    BadgeRule(
        Badge.MEMBER,
        Grade.BRONZE,
        _("Reached trust level 2: Member."),
        _reached_level(TrustLevel.MEMBER),
    ),
    BadgeRule(
        Badge.REGULAR,
        Grade.SILVER,
        _("Reached trust level 3: Regular."),
        _reached_level(TrustLevel.REGULAR),
    ),
    BadgeRule(
        Badge.LEADER,
        Grade.GOLD,
        _("Reached trust level 4: Leader."),
        _reached_level(TrustLevel.LEADER),
    ),
]
RULE_FOR = {rule.badge.value: rule for rule in RULES}


def badges_award(*, user_ids: Iterable[int]) -> list[BadgeAward]:
    """Give these members the badges they have earned and lack; tell each one.
    Returns the new awards (a concurrent run's awards are not repeated)."""
    user_ids = sorted({pk for pk in user_ids if pk is not None})
    if not user_ids:
        return []
    have = set(
        BadgeAward.objects.filter(user__in=user_ids).values_list("user_id", "badge")
    )
    awarded = []
    for rule in RULES:
        lacking = [pk for pk in user_ids if (pk, rule.slug) not in have]
        if not lacking:
            continue
        for user_id, post_id in rule.earners(lacking).items():
            award = _award(user_id=user_id, rule=rule, post_id=post_id)
            if award is not None:
                awarded.append(award)
    return awarded


@transaction.atomic
def _award(*, user_id: int, rule: BadgeRule, post_id: int | None):
    try:
        with transaction.atomic():
            award = BadgeAward.objects.create(
                user_id=user_id, badge=rule.slug, post_id=post_id
            )
    except IntegrityError:  # another worker gave it first
        return None
    notifications.notify(
        recipients=[user_id],
        kind=notifications.Kind.BADGE,
        badge=rule.slug,
        summary=notifications.BADGE_SAYS % {"badge": rule.label},
    )
    return award


@task()
def award_badges(*, user_ids: list[int]) -> int:
    return len(badges_award(user_ids=user_ids))


def award_badges_later(*user_ids: int) -> None:
    """After the caller's transaction commits, the worker checks these members."""
    ids = sorted({pk for pk in user_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: award_badges.enqueue(user_ids=ids))


# Reads --------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeCount:
    rule: BadgeRule
    holders: int


def badge_overview() -> list[BadgeCount]:
    """Every badge, in the order of RULES, with how many active members hold it."""
    held = dict(
        BadgeAward.objects.filter(user__is_active=True)
        .values("badge")
        .annotate(holders=Count("pk"))
        .values_list("badge", "holders")
    )
    return [BadgeCount(rule, held.get(rule.slug, 0)) for rule in RULES]


def badge_holders(badge: str):
    """Who earned `badge`, latest first, with what the page shows of them."""
    return BadgeAward.objects.filter(badge=badge, user__is_active=True).select_related(
        "user__forum_profile", "post__topic"
    )


def member_badges(user) -> list[BadgeAward]:
    """A member's badges, gold first, each with its `rule`."""
    order = {rule.slug: n for n, rule in enumerate(RULES)}
    grades = [Grade.GOLD, Grade.SILVER, Grade.BRONZE]
    awards = [a for a in BadgeAward.objects.filter(user=user) if a.badge in RULE_FOR]
    for award in awards:
        award.rule = RULE_FOR[award.badge]
    return sorted(awards, key=lambda a: (grades.index(a.rule.grade), order[a.badge]))
