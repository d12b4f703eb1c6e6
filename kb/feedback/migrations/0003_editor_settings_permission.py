"""Let Wagtail's Editors and Moderators change Settings → Article feedback, as the
README promises; a site setting is otherwise for superusers only."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="feedback", model="feedbacksettings"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="change_feedbacksettings",
        defaults={"name": "Can change article feedback"},
    )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0002_editor_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
