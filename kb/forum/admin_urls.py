from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import admin_views

app_name = "forum_admin"

urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("post/<id:pk>/", admin_views.post_action, name="post_action"),
    path("topic/<id:pk>/", admin_views.topic_tools, name="topic"),
    path("member/<id:user_id>/ban/", admin_views.ban_user, name="ban"),
    path("member/<id:user_id>/trust/", admin_views.set_trust_level, name="trust"),
]
