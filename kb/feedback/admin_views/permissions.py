"""Who may see and change readers' feedback in the admin."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy

from ..models import ArticleFeedback

permission_policy = ModelPermissionPolicy(ArticleFeedback)


def require_feedback_permission(user, action="view"):
    actions = ["view", "change"] if action == "view" else [action]
    if not permission_policy.user_has_any_permission(user, actions):
        raise PermissionDenied
