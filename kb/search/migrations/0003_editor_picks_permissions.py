"""Let Wagtail's Editors and Moderators keep Editor's picks (Settings → Promoted
search results), which the README promises them; Wagtail grants it to no group."""

from django.db import migrations

CODENAMES = {
    "add_searchpromotion": "Can add search promotion",
    "change_searchpromotion": "Can change search promotion",
    "delete_searchpromotion": "Can delete search promotion",
    "view_searchpromotion": "Can view search promotion",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailsearchpromotions", model="searchpromotion"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CODENAMES.items()
    ]
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0002_editor_permissions"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
