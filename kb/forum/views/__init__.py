"""Forum pages. Each view binds a form, calls one service, then redirects or renders.

urls.py imports from here (`kb.forum.views`) and from `members` (members' own
pages); each module holds one group of pages, `access.py` what they all check.
"""

from .access import (
    DEFAULT_RATES,
    _visible_post_or_404,
    handles_refusals,
    limited,
    refuse,
)
from .badges import badge_detail, badge_list
from .posting import (
    answer,
    ask,
    comment_create,
    post_edit,
    preview,
    similar,
    suggestion_open,
)
from .subscriptions import subscribe, unsubscribe
from .threads import (
    PER_PAGE,
    index,
    post_revisions,
    topic_detail,
    topic_list,
    topic_to_article,
)
from .votes import post_accept, post_flag, post_vote

__all__ = [
    "PER_PAGE",
    "DEFAULT_RATES",
    "limited",
    "refuse",
    "handles_refusals",
    "_visible_post_or_404",
    "index",
    "topic_list",
    "topic_detail",
    "ask",
    "answer",
    "post_edit",
    "post_vote",
    "post_accept",
    "comment_create",
    "post_flag",
    "post_revisions",
    "subscribe",
    "unsubscribe",
    "preview",
    "similar",
    "suggestion_open",
    "topic_to_article",
    "badge_list",
    "badge_detail",
]
