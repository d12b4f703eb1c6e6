"""Forum questions many readers want answered and nobody has (read from
kb.forum.selectors when it is there)."""

import logging

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .kinds import Gap, GapKind, create_article_url

logger = logging.getLogger(__name__)


def _unanswered(since):
    try:
        from kb.forum.selectors import unanswered_popular_topics
    except ImportError:
        return []
    try:
        topics = unanswered_popular_topics(since=since, limit=20)
    except Exception:
        logger.exception("content gaps: unanswered_popular_topics failed")
        return []
    gaps = []
    for topic in topics:
        votes = int(getattr(topic, "score", 0) or 0)
        followers = int(getattr(topic, "followers", 0) or 0)
        url = topic.get_absolute_url()
        gaps.append(
            Gap(
                kind=GapKind.UNANSWERED,
                title=topic.title,
                detail=_("No accepted answer; %(votes)s, %(followers)s following")
                % {
                    "votes": ngettext("%(n)s vote", "%(n)s votes", votes)
                    % {"n": votes},
                    "followers": followers,
                },
                impact=max(votes, 0) + followers + 1,
                fix_url=create_article_url(topic.title, url),
                fix_label=_("Create article"),
                source_url=url,
            )
        )
    return gaps
