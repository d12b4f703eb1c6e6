from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("", views.index, name="index"),
    path("topics/", views.topic_list, name="topics"),
    path("s/<slug:slug>/", views.topic_list, name="section"),
    path("t/<int:pk>/", views.topic_detail, name="topic_short"),
    path("t/<int:pk>/answer/", views.answer, name="answer"),
    path("t/<int:pk>/subscribe/", views.subscribe, name="subscribe"),
    path("t/<int:pk>/to-article/", views.topic_to_article, name="to_article"),
    path("t/<int:pk>/<slug:slug>/", views.topic_detail, name="topic"),
    path("ask/", views.ask, name="ask"),
    path("ask/similar/", views.similar, name="similar"),
    path("ask/opened/", views.suggestion_open, name="suggestion_open"),
    path("preview/", views.preview, name="preview"),
    path("p/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("p/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("p/<int:pk>/vote/", views.post_vote, name="post_vote"),
    path("p/<int:pk>/accept/", views.post_accept, name="post_accept"),
    path("p/<int:pk>/comment/", views.comment_create, name="comment"),
    path("p/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("p/<int:pk>/history/", views.post_revisions, name="post_revisions"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("profile/", views.profile, name="profile"),
]
