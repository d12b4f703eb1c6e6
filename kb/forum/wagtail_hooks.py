from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_urls
from .models import ForumSection, Profile
from .services import is_moderator


class ForumSectionViewSet(SnippetViewSet):
    model = ForumSection
    icon = "group"
    menu_label = gettext_lazy("Forum sections")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]


register_snippet(ForumSectionViewSet)


@hooks.register("register_admin_urls")
def register_forum_admin_urls():
    return [path("forum/", include(admin_urls, namespace="forum_admin"))]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        gettext_lazy("Forum moderation"),
        reverse("forum_admin:queue"),
        name="forum-moderation",
        icon_name="warning",
        order=320,
    )


@hooks.register("register_permissions")
def register_forum_permissions():
    return Permission.objects.filter(
        content_type__app_label="forum", codename="moderate_forum"
    )


@hooks.register("kb_recipient_language")
def language_signed_in_with(user):
    """For kb.mail: the language the member last signed in with."""
    return (
        Profile.objects.filter(user_id=user.pk)
        .values_list("language", flat=True)
        .first()
    )
