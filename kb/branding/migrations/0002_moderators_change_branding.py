"""Let Wagtail's Moderators change Settings → Branding (a site setting is otherwise
for superusers only); Editors write articles, not the site's look."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="branding", model="brandingsettings"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_brandingsettings",
        defaults={"name": "Can change branding"},
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("branding", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
