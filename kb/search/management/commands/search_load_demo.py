from django.core.management.base import BaseCommand

from kb.search.services import synonyms_demo_load


class Command(BaseCommand):
    help = (
        "Load the demo help center's search synonyms (Acme Projects' own words). "
        "Only into a site without synonyms: editors' groups are left alone."
    )

    def handle(self, *args, verbosity=1, **options):
        created = synonyms_demo_load()
        if verbosity:
            self.stdout.write(
                f"{created} search synonym groups added."
                if created
                else "Search synonyms already there; left alone."
            )
