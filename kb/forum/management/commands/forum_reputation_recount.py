from django.core.management.base import BaseCommand

from kb.forum.services import reputation_recount_all


class Command(BaseCommand):
    help = "Work out every member's reputation again from votes and accepted answers."

    def handle(self, *args, **options):
        changed = reputation_recount_all(progress=self.stdout.write)
        self.stdout.write(f"Done: {changed} member(s) corrected.")
