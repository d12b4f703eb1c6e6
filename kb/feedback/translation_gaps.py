"""The content gap of a translation readers find less helpful than its source."""

from django.utils.translation import gettext as _
from wagtail.models import Locale

from kb.articles.models import ArticlePage

from .gaps.articles import DROP_AT_LEAST
from .gaps.kinds import GapKind, _article_gap


def translations_less_helpful(scores, min_votes):
    """Translations readers find markedly less helpful than their source article:
    even the top of the translation's Wilson interval is below the source's
    helpful share, and by at least DROP_AT_LEAST. Each translation is its own
    page, so its votes are its own; a gap here usually means the translation is
    wrong, unclear or out of date rather than the article."""
    voted = {
        s.article_page_id: s
        for s in scores
        if s.exists and s.total >= max(1, min_votes)
    }
    if len(voted) < 2:
        return []
    default = Locale.get_default()
    translations = list(
        ArticlePage.objects.filter(pk__in=voted)
        .exclude(locale=default)
        .select_related("locale")
        .only("pk", "title", "translation_key", "locale__language_code")
    )
    sources = dict(
        ArticlePage.objects.filter(
            translation_key__in=[t.translation_key for t in translations],
            locale=default,
        ).values_list("translation_key", "pk")
    )
    gaps = []
    for translation in translations:
        mine = voted[translation.pk]
        source = voted.get(sources.get(translation.translation_key))
        if source is None:
            continue
        if (
            mine.score_upper < source.helpful_share
            and source.helpful_share - mine.helpful_share >= DROP_AT_LEAST
        ):
            language = translation.locale.get_display_name()
            gaps.append(
                _article_gap(
                    GapKind.TRANSLATION_LESS_HELPFUL,
                    translation.pk,
                    title=f"{mine.title} ({language})",
                    detail=_(
                        "%(mine)s%% of %(mine_total)s readers found the %(language)s "
                        "translation helpful, against %(source)s%% of "
                        "%(source_total)s for the source article"
                    )
                    % {
                        "mine": mine.helpful_percent,
                        "mine_total": mine.total,
                        "language": language,
                        "source": source.helpful_percent,
                        "source_total": source.total,
                    },
                    impact=mine.not_helpful,
                )
            )
    gaps.sort(key=lambda gap: -gap.impact)
    return gaps
