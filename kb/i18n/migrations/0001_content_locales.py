"""The site's content languages as Wagtail locales (settings.WAGTAIL_CONTENT_LANGUAGES),
so editors can translate pages into them from the start."""

from django.conf import settings
from django.db import migrations


def locales_create(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunPython(locales_create, migrations.RunPython.noop)]
