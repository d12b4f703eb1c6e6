"""Evidence that an article may no longer be true, found by the daily check.

Each rule returns {article page id: finding}; a finding is one line an editor
reads on the review ("3 readers said it is outdated or incorrect since 2 Mar").
"""

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from kb.feedback.models import Reason
from kb.feedback.selectors import counted_votes

WRONG_REASONS = {Reason.OUTDATED, Reason.INCORRECT}
Z_95 = 1.959964
# What members write when an article's steps stopped matching the product.
STOPPED_WORKING = re.compile(
    r"no longer work|(?:doesn'?t|does not|don'?t|do not|isn'?t|is not) work(?:ing)?"
    r" any ?more|not working any ?more|stopped working|out of date|outdated",
    re.IGNORECASE,
)


def _date(moment) -> str:
    return f"{timezone.localtime(moment):%d %b %Y}"


@dataclass
class Window:
    """The period the check reads: the last `earliest`.. days, but for an article
    reviewed since then only what came after its review."""

    earliest: datetime.datetime
    reviewed_at: dict[int, datetime.datetime]

    def start(self, page_id: int) -> datetime.datetime:
        reviewed = self.reviewed_at.get(page_id)
        return max(self.earliest, reviewed) if reviewed else self.earliest


def wrong_reasons(*, window, min_readers: int) -> dict[int, str]:
    """Articles on which several readers said "outdated" or "incorrect"."""
    counts = Counter()
    for page_id, reasons, updated_at in (
        counted_votes()
        .filter(helpful=False, updated_at__gte=window.earliest)
        .values_list("article_page_id", "reasons", "updated_at")
    ):
        if updated_at >= window.start(page_id) and WRONG_REASONS & set(reasons or []):
            counts[page_id] += 1
    return {
        page_id: f'{count} readers said it is "outdated" or "incorrect" since '
        f"{_date(window.start(page_id))}"
        for page_id, count in counts.items()
        if count >= max(1, min_readers)
    }


def _proportion_drop_z(before: tuple[int, int], recent: tuple[int, int]) -> float:
    """z of a two-proportion test that the helpful share fell (positive: it fell)."""
    (yes_before, all_before), (yes_recent, all_recent) = before, recent
    pooled = (yes_before + yes_recent) / (all_before + all_recent)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / all_before + 1 / all_recent))
    if spread == 0:
        return 0.0
    return (yes_before / all_before - yes_recent / all_recent) / spread


def score_dropped(*, window, min_votes: int) -> dict[int, str]:
    """Articles whose helpful share in the window is significantly (95 %) below the
    share before it, with at least `min_votes` answers on each side."""
    tallies = {}
    for page_id, helpful, updated_at in counted_votes().values_list(
        "article_page_id", "helpful", "updated_at"
    ):
        side = 1 if updated_at >= window.start(page_id) else 0
        tally = tallies.setdefault(page_id, [[0, 0], [0, 0]])
        tally[side][0] += int(helpful)
        tally[side][1] += 1
    findings = {}
    floor = max(1, min_votes)
    for page_id, (before, recent) in tallies.items():
        if before[1] < floor or recent[1] < floor:
            continue
        if _proportion_drop_z(tuple(before), tuple(recent)) >= Z_95:
            findings[page_id] = (
                f"Helpfulness fell from {round(100 * before[0] / before[1])}% to "
                f"{round(100 * recent[0] / recent[1])}% since "
                f"{_date(window.start(page_id))} "
                f"({recent[1]} answers)"
            )
    return findings


def searches_then_no(*, window, min_readers: int) -> dict[int, str]:
    """Articles that readers reached from a search and then answered "No"."""
    counts = Counter()
    for page_id, updated_at in (
        counted_votes()
        .filter(helpful=False, updated_at__gte=window.earliest)
        .exclude(search_query="")
        .values_list("article_page_id", "updated_at")
    ):
        if updated_at >= window.start(page_id):
            counts[page_id] += 1
    return {
        page_id: f'{count} readers who found it by searching answered "No" since '
        f"{_date(window.start(page_id))}"
        for page_id, count in counts.items()
        if count >= max(1, min_readers)
    }


def forum_reports(*, window) -> dict[int, str]:
    """Articles linked from a forum thread in which someone wrote that the steps no
    longer work."""
    try:
        from kb.forum.models import Post, Visibility
    except ImportError:
        return {}
    findings = {}
    posts = (
        Post.objects.filter(
            created_at__gte=window.earliest,
            status=Visibility.VISIBLE,
            topic__related_articles__isnull=False,
        )
        .select_related("topic")
        .prefetch_related("topic__related_articles")
        .order_by("created_at")
    )
    for post in posts:
        if not STOPPED_WORKING.search(post.body_markdown):
            continue
        for article in post.topic.related_articles.all():
            if post.created_at < window.start(article.pk):
                continue
            findings.setdefault(
                article.pk,
                f'Forum thread "{post.topic.title}" reports the steps no longer work '
                f"({_date(post.created_at)})",
            )
    return findings
