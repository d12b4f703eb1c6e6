from django.core.management.base import BaseCommand

from kb.forum.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo community (sections, members and a dozen threads about Acme "
        "Projects). Safe to run again: threads that exist are left alone."
    )

    def handle(self, *args, verbosity=1, **options):
        if verbosity:
            self.stdout.write("Loading the demo community")
        summary = load_demo(stdout=self.stdout if verbosity > 1 else None)
        if verbosity:
            self.stdout.write(
                f"{summary.created} threads created, {summary.existing} already there."
            )
