"""What visits read or searched just before a support request (read from
kb.contact.selectors when it is there)."""

import logging

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kb.articles.models import ArticlePage

from .kinds import Gap, GapKind, _article_gap, create_article_url

logger = logging.getLogger(__name__)


def _contact_rows(name, since, until):
    try:
        from kb.contact import selectors as contact_selectors
    except ImportError:
        return []
    try:
        return list(getattr(contact_selectors, name)(since=since, until=until))
    except Exception:  # another app's report must not take this one down
        logger.exception("content gaps: %s failed", name)
        return []


def _before_requests(since, until):
    gaps = []
    read = _contact_rows("articles_read_before_request", since, until)
    existing = set(
        ArticlePage.objects.filter(pk__in=[row.page_id for row in read]).values_list(
            "pk", flat=True
        )
    )
    for row in read:
        gap = _article_gap(
            GapKind.READ_BEFORE_REQUEST,
            row.page_id,
            title=row.text,
            detail=ngettext(
                "Read in %(count)s visit that then contacted support",
                "Read in %(count)s visits that then contacted support",
                row.requests,
            )
            % {"count": row.requests},
            impact=row.requests,
        )
        if row.page_id not in existing:  # deleted since: write it again
            gap.fix_url = create_article_url(row.text, "read before a support request")
            gap.fix_label, gap.source_url = "Create article", ""
        gaps.append(gap)
    for row in _contact_rows("threads_read_before_request", since, until):
        gaps.append(
            Gap(
                kind=GapKind.READ_BEFORE_REQUEST,
                title=row.text,
                detail=ngettext(
                    "Forum thread read in %(count)s visit that then contacted support",
                    "Forum thread read in %(count)s visits that then contacted support",
                    row.requests,
                )
                % {"count": row.requests},
                impact=row.requests,
                fix_url=create_article_url(row.text, row.url),
                fix_label=_("Create article"),
                source_url=row.url,
            )
        )
    for row in _contact_rows("searches_before_request", since, until):
        gaps.append(
            Gap(
                kind=GapKind.SEARCHED_BEFORE_REQUEST,
                title=row.text,
                detail=ngettext(
                    "Searched in %(count)s visit that then contacted support",
                    "Searched in %(count)s visits that then contacted support",
                    row.requests,
                )
                % {"count": row.requests},
                impact=row.requests,
                fix_url=create_article_url(row.text, "search followed by a request"),
                fix_label=_("Create article"),
            )
        )
    return gaps
