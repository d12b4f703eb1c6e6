"""Writes for pages that only Wagtail's autosave ever saved (see AutosavedNewPage)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import AutosavedNewPage

ABANDONED_AFTER = timedelta(days=1)


def autosaved_new_page_mark(*, page: Page) -> None:
    AutosavedNewPage.objects.get_or_create(page=page)


def autosaved_new_page_keep(*, page: Page) -> None:
    """The editor saved, submitted or published the page: it is theirs to keep."""
    AutosavedNewPage.objects.filter(page=page).delete()


def abandoned_new_pages_delete(*, now=None) -> int:
    """Delete the autosave-only new pages nobody touched for a day; how many.

    Only drafts that were never live, have no children and whose last
    (autosaved) revision is older than ABANDONED_AFTER.
    """
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    abandoned = Page.objects.filter(
        pk__in=AutosavedNewPage.objects.values("page_id"),
        live=False,
        first_published_at__isnull=True,
        numchild=0,
        latest_revision_created_at__lt=cutoff,
    )
    deleted = 0
    for page in abandoned:
        with transaction.atomic():
            page.delete()
        deleted += 1
    return deleted
