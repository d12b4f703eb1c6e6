from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page, Site

from kb.i18n.services import translations_sync


class Command(BaseCommand):
    help = (
        "Create a draft translation of every page of a tree (the default site's "
        "home by default) that a language lacks, as the admin's Sync translations "
        "does. Existing translations are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, help="The id of the tree's top page.")
        parser.add_argument(
            "--language",
            action="append",
            help="A language to sync (repeat for several); all others by default.",
        )

    def handle(self, *args, page=None, language=None, **options):
        if page is not None:
            source = Page.objects.filter(pk=page).first()
        else:
            site = Site.objects.filter(is_default_site=True).first()
            source = site.root_page if site else None
        if source is None or source.is_root():
            raise CommandError("No such page; give --page with a page's id.")
        locales = None
        if language:
            locales = list(Locale.objects.filter(language_code__in=language))
            unknown = set(language) - {locale.language_code for locale in locales}
            if unknown:
                raise CommandError(f"Unknown language: {', '.join(sorted(unknown))}")
            locales = [locale for locale in locales if locale.pk != source.locale_id]
        created = translations_sync(source=source.specific, locales=locales)
        for locale, pages in created.items():
            self.stdout.write(
                f"{locale.language_code}: {len(pages)} draft translations created"
            )
