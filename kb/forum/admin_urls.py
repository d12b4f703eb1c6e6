from django.urls import path

from . import admin_views

app_name = "forum_admin"

urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("post/<int:pk>/", admin_views.post_action, name="post_action"),
    path("topic/<int:pk>/", admin_views.topic_tools, name="topic"),
    path("member/<int:user_id>/ban/", admin_views.ban_user, name="ban"),
]
