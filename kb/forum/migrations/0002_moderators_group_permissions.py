"""Wagtail's "Moderators" group moderates the forum and manages its sections."""

from django.db import migrations

PERMISSIONS = [
    ("topic", "moderate_forum", "Can moderate the community forum"),
    ("forumsection", "add_forumsection", "Can add forum section"),
    ("forumsection", "change_forumsection", "Can change forum section"),
    ("forumsection", "delete_forumsection", "Can delete forum section"),
    ("forumsection", "view_forumsection", "Can view forum section"),
]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group = Group.objects.filter(name="Moderators").first()
    if group is None:
        return
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="forum", model=model
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
