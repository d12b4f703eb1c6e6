"""Forum screens in the Wagtail admin: sections and the moderation menu."""

from django.urls import reverse

from kb.forum.models import ForumSection
from tests import factories


def test_moderators_manage_sections_as_snippets(client, moderator):
    from django.contrib.auth.models import Permission

    moderator.user_permissions.add(
        *Permission.objects.filter(codename__endswith="forumsection")
    )
    client.force_login(moderator)
    listing = client.get("/admin/snippets/forum/forumsection/")
    assert listing.status_code == 200
    response = client.post(
        "/admin/snippets/forum/forumsection/add/",
        {
            "name": "Mobile apps",
            "slug": "mobile-apps",
            "description": "",
            "sort_order": 3,
        },
    )
    assert response.status_code == 302
    assert ForumSection.objects.filter(slug="mobile-apps").exists()


def test_the_moderation_menu_shows_for_moderators_only(client, moderator):
    client.force_login(moderator)
    assert reverse("forum_admin:queue").encode() in client.get("/admin/").content
    editor = factories.make_user("plain_editor", is_staff=True)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert reverse("forum_admin:queue").encode() not in client.get("/admin/").content


def test_wagtails_moderators_group_can_moderate_the_forum(db):
    from django.contrib.auth.models import Group

    from kb.forum.services import is_moderator

    user = factories.make_user("groupmod")
    user.groups.add(Group.objects.get(name="Moderators"))
    assert is_moderator(user)
