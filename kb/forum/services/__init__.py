"""Every write to the forum: members' posts, votes and flags.

Each service checks permission first (raising PermissionDenied), then writes
inside a transaction, then schedules side effects (e-mail, search index) on
commit. Moderators' writes are in `moderation.py`. Import services from here
(`kb.forum.services`); each module holds one concern.
"""

from .members import (
    check_can_participate,
    is_moderator,
    profile_avatar_set,
    profile_for,
    profile_update,
    reputation_recount_all,
)
from .posts import (
    MAX_IMAGES_PER_DAY,
    UNDO_DELETE_WINDOW,
    can_undo_delete,
    comment_create,
    comment_delete,
    post_delete,
    post_edit,
    post_image_upload,
    post_undelete,
    set_post_status,
)
from .subscriptions import (
    UNSUBSCRIBE_SALT,
    subscription_cancel_by_token,
    subscription_set,
    unsubscribe_token,
    unsubscribe_token_read,
)
from .topics import (
    answer_create,
    can_edit_tags,
    reindex_topic,
    render_post,
    suggestion_open_record,
    topic_create,
    topic_tags_set,
)
from .votes import (
    accepted_answer_change,
    answer_accept,
    answer_unaccept,
    flag_create,
    vote_record,
    vote_withdraw,
)

__all__ = [
    "UNSUBSCRIBE_SALT",
    "UNDO_DELETE_WINDOW",
    "MAX_IMAGES_PER_DAY",
    "is_moderator",
    "profile_for",
    "check_can_participate",
    "reindex_topic",
    "render_post",
    "profile_update",
    "topic_create",
    "answer_create",
    "unsubscribe_token",
    "post_edit",
    "post_delete",
    "can_undo_delete",
    "post_undelete",
    "set_post_status",
    "comment_create",
    "comment_delete",
    "vote_record",
    "vote_withdraw",
    "answer_accept",
    "accepted_answer_change",
    "answer_unaccept",
    "topic_tags_set",
    "can_edit_tags",
    "flag_create",
    "subscription_set",
    "unsubscribe_token_read",
    "subscription_cancel_by_token",
    "suggestion_open_record",
    "profile_avatar_set",
    "post_image_upload",
    "reputation_recount_all",
]
