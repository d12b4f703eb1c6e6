from django.urls import path

import kb.converters  # noqa: F401 (registers <id:...>)

from . import views
from .views import members

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/", views.topic_list, name="topics"),
    path("s/<slug:slug>/", views.topic_list, name="section"),
    path("t/<id:pk>/", views.topic_detail, name="topic_short"),
    path("t/<id:pk>/answer/", views.answer, name="answer"),
    path("t/<id:pk>/subscribe/", views.subscribe, name="subscribe"),
    path("t/<id:pk>/to-article/", views.topic_to_article, name="to_article"),
    path("t/<id:pk>/tags/", members.topic_tags, name="topic_tags"),
    path("t/<id:pk>/<slug:slug>/", views.topic_detail, name="topic"),
    path("ask/", views.ask, name="ask"),
    path("ask/similar/", views.similar, name="similar"),
    path("ask/opened/", views.suggestion_open, name="suggestion_open"),
    path("preview/", views.preview, name="preview"),
    path("p/<id:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<id:pk>/delete/", members.post_delete, name="post_delete"),
    path("p/<id:pk>/undelete/", members.post_undelete, name="post_undelete"),
    path("p/<id:pk>/vote/", views.post_vote, name="post_vote"),
    path("p/<id:pk>/accept/", views.post_accept, name="post_accept"),
    path("p/<id:pk>/comment/", views.comment_create, name="comment"),
    path("p/<id:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<id:pk>/history/", views.post_revisions, name="post_revisions"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("profile/", members.profile, name="profile"),
    path("members/<id:user_id>/", members.member_profile, name="member"),
    path("trust/", members.trust_levels, name="trust_levels"),
    path("badges/", views.badge_list, name="badges"),
    path("badges/<slug:slug>/", views.badge_detail, name="badge"),
    path("my/<slug:which>/", members.my_list, name="my_list"),
    path("notifications/", members.notification_list, name="notifications"),
    path(
        "notifications/<id:pk>/",
        members.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/read/",
        members.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notifications/settings/",
        members.notification_preferences,
        name="notification_preferences",
    ),
    path("mentions/", members.mention_suggestions, name="mention_suggestions"),
    path("images/", members.image_upload, name="image_upload"),
]
