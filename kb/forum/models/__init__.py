"""The community forum's models: sections, topics (questions), posts, votes, flags,
members' profiles, their badges and notifications. Each module holds one concern; import from
here (`kb.forum.models`), as migrations do.
"""

from .badges import Badge, BadgeAward
from .members import Profile, TrustLevel, shown_name
from .notifications import Notification, NotificationPreference, Subscription
from .posts import Comment, Flag, PostImage, PostRevision, Vote
from .topics import (
    BODY_MAX,
    BODY_MIN,
    COMMENT_MAX,
    TITLE_MAX,
    TITLE_MIN,
    ForumSection,
    Post,
    SuggestionOpen,
    Topic,
    TopicQuerySet,
    TopicTag,
    Visibility,
    default_language,
)

__all__ = [
    "Badge",
    "BadgeAward",
    "BODY_MAX",
    "BODY_MIN",
    "COMMENT_MAX",
    "TITLE_MAX",
    "TITLE_MIN",
    "Comment",
    "Flag",
    "ForumSection",
    "Notification",
    "NotificationPreference",
    "Post",
    "PostImage",
    "PostRevision",
    "Profile",
    "Subscription",
    "SuggestionOpen",
    "Topic",
    "TopicQuerySet",
    "TopicTag",
    "TrustLevel",
    "Visibility",
    "Vote",
    "default_language",
    "shown_name",
]
