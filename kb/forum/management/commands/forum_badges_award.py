from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from tqdm import tqdm

from kb.forum.badges import badges_award

BATCH = 200


class Command(BaseCommand):
    help = "Give every member the badges they have earned (after an upgrade, or to repair)."

    def handle(self, *args, **options):
        members = list(
            get_user_model()
            .objects.filter(is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        awarded = 0
        with tqdm(
            total=len(members),
            unit=" members",
            file=self.stderr,
            disable=not self.stderr.isatty(),
        ) as progress:
            for start in range(0, len(members), BATCH):
                batch = members[start : start + BATCH]
                awarded += len(badges_award(user_ids=batch))
                progress.update(len(batch))
        self.stdout.write(f"Awarded {awarded} badges to {len(members)} members.")
