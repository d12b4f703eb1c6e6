"""Let Wagtail's Editors and Moderators read the search reports and keep synonyms."""

from django.db import migrations

PERMISSIONS = {
    "querydailystats": {"view_querydailystats": "Can view daily query statistics"},
    "synonym": {
        "add_synonym": "Can add search synonym",
        "change_synonym": "Can change search synonym",
        "delete_synonym": "Can delete search synonym",
    },
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    for model, codenames in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(
            app_label="kb_search", model=model
        )
        for codename, name in codenames.items():
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=codename,
                    defaults={"name": name},
                )[0]
            )
    for group in Group.objects.filter(name__in=["Editors", "Moderators"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("kb_search", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
