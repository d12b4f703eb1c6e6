"""Which pages readers may see: Wagtail's `public()` leaves out pages under a view
restriction (a password, a login, a group), and reads every restriction from the
database each time it is called: several times a page view, once a search. Here each
process keeps the restricted pages' paths until a restriction or a page's place in
the tree changes.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from kb.cache import KeptCopy


def _restricted_paths() -> tuple[str, ...]:
    return tuple(PageViewRestriction.objects.values_list("page__path", flat=True))


restricted_paths = KeptCopy("kb-articles:restricted-paths", _restricted_paths)


class ReaderPageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths.get():
            q |= Q(path__startswith=path)  # the page and its descendants
        return q if q else Q(pk__in=[])


ReaderPageManager = PageManager.from_queryset(ReaderPageQuerySet)


def connect() -> None:
    uid = "kb-articles-restricted-paths"
    post_save.connect(restricted_paths.changed, PageViewRestriction, dispatch_uid=uid)
    post_delete.connect(restricted_paths.changed, PageViewRestriction, dispatch_uid=uid)
    post_page_move.connect(restricted_paths.changed, dispatch_uid=uid)
