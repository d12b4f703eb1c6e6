"""Writes for feedback: votes, resolving, score resets, view counts."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, strip_tags

from .models import (
    COMMENT_MAX_LENGTH,
    ArticleDailyViews,
    ArticleFeedback,
    ArticleFeedbackState,
    Reason,
)


def clean_comment(text: str) -> str:
    """Plain text only: tags stripped, whitespace tidied, cut to the maximum length."""
    text = strip_tags(text or "")
    lines = [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text[:COMMENT_MAX_LENGTH]


@transaction.atomic
def feedback_record(
    *,
    article,
    reader_key: str,
    helpful: bool,
    reasons=None,
    comment: str | None = None,
    user=None,
    client_hash: str = "",
    search_query: str = "",
) -> ArticleFeedback:
    """Store a reader's answer; a reader who answers again changes their answer.

    `reasons`/`comment` of None keep what the reader said before (a second click
    on "No"); a "Yes" clears them. The unique constraint on (article, reader)
    makes a duplicate impossible even when the same reader's requests race.
    `search_query` (what the reader searched for before the article) is kept
    until another search brings them back.
    """
    if not reader_key:
        raise ValueError("a vote needs a reader")
    valid = set(Reason.values)
    now = timezone.now()
    values = {
        "article": article,
        "article_title": article.title[:255],
        "helpful": helpful,
        "updated_at": now,
        "client_hash": client_hash,
    }
    if user is not None and user.is_authenticated:
        values["user"] = user
    search_query = " ".join((search_query or "").split())[:255]
    if search_query:
        values["search_query"] = search_query
    if helpful:
        values.update(reasons=[], comment="")
    else:
        if reasons is not None:
            values["reasons"] = [code for code in Reason.values if code in set(reasons)]
            if set(reasons) - valid:
                raise ValueError("unknown reason")
        if comment is not None:
            values["comment"] = clean_comment(comment)
    existing = (
        ArticleFeedback.objects.select_for_update()
        .filter(article_page_id=article.pk, reader_key=reader_key)
        .first()
    )
    if existing is not None:
        if (
            existing.helpful != helpful
            or "comment" in values
            and (values["comment"] != existing.comment)
        ):
            values.update(resolved_at=None, resolved_by=None)
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        return existing
    try:
        with transaction.atomic():
            return ArticleFeedback.objects.create(
                article_page_id=article.pk,
                reader_key=reader_key,
                created_at=now,
                **values,
            )
    except IntegrityError:
        # The same reader's other request won the race: change that row instead.
        ArticleFeedback.objects.filter(
            article_page_id=article.pk, reader_key=reader_key
        ).update(**{k: v for k, v in values.items() if k != "article"}, article=article)
        return ArticleFeedback.objects.get(
            article_page_id=article.pk, reader_key=reader_key
        )


@transaction.atomic
def feedback_resolve(*, feedback: ArticleFeedback, user, resolved: bool = True):
    """Mark a reader's comment as dealt with (who and when), or open it again."""
    feedback.resolved_at = timezone.now() if resolved else None
    feedback.resolved_by = user if resolved else None
    feedback.save(update_fields=["resolved_at", "resolved_by"])
    return feedback


def _state_for_update(article_page_id: int) -> ArticleFeedbackState:
    state, _ = ArticleFeedbackState.objects.select_for_update().get_or_create(
        article_page_id=article_page_id
    )
    return state


@transaction.atomic
def article_score_reset(
    *, article_page_id: int, user=None, revision=None, note: str = "", at=None
) -> ArticleFeedbackState:
    """Restart an article's score from now (or `at`); older votes stay as history."""
    state = _state_for_update(article_page_id)
    state.score_since = at or timezone.now()
    state.baseline_revision = revision
    state.reset_by = user if user is not None and user.is_authenticated else None
    state.reset_note = note[:200]
    state.save()
    return state


@transaction.atomic
def article_score_visibility_set(
    *, article_page_id: int, show: bool
) -> ArticleFeedbackState:
    state = _state_for_update(article_page_id)
    state.show_score = show
    state.save(update_fields=["show_score"])
    return state


def article_view_record(
    *, article_page_id: int, day: datetime.date | None = None
) -> None:
    """One UPDATE per view, plus an INSERT on an article's first view of a day."""
    day = day or timezone.localdate()
    counter = ArticleDailyViews.objects.filter(
        article_page_id=article_page_id, date=day
    )
    if counter.update(views=F("views") + 1):
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(
                article_page_id=article_page_id, date=day, views=1
            )
    except IntegrityError:
        counter.update(views=F("views") + 1)


@transaction.atomic
def article_draft_create(*, category, title: str, user, source: str = ""):
    """A draft article under `category`, titled after what readers looked for."""
    from kb.articles.models import ArticlePage

    if not category.permissions_for_user(user).can_add_subpage():
        raise PermissionError("you may not add articles here")
    title = " ".join(title.split())[:255]
    if not title:
        raise ValueError("a title is needed")
    note = f"<p>Readers asked: “{escape(title)}”"
    if source:
        note += f" ({escape(source)})"
    note += ". Write the answer here.</p>"
    article = ArticlePage(
        title=title,
        summary=title,
        body=[("paragraph", note)],
        live=False,
        owner=user,
    )
    category.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    return article
