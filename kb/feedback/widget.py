"""What the "Was this helpful?" widget shows to one reader on one article."""

from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core import signing
from django.urls import NoReverseMatch, reverse

from .following import is_following
from .forms import VoteForm
from .models import COMMENT_MAX_LENGTH
from .readers import read_reader_token, reader_key
from .selectors import article_score, feedback_settings, reader_vote, score_visible

STATES = {"yes", "no", "done"}
HELP_RELATED_LIMIT = 3
ANSWER_PROOF_SALT = "kb.feedback.answered"
ANSWER_PROOF_MAX_AGE = 15 * 60


def answer_proof(*, article_page_id: int, state: str) -> str:
    """A signed note, for the redirect after a vote, that this client just answered.

    Readers who are not counted (bots, clients without cookies) have no stored
    vote to show, yet must see the same answer as everyone else.
    """
    value = f"{article_page_id}:{state}"
    signed = signing.TimestampSigner(salt=ANSWER_PROOF_SALT).sign(value)
    return signed.removeprefix(value + ":")  # the timestamp and the signature


def answer_proven(*, article_page_id: int, state: str | None, proof: str) -> bool:
    if not state or not proof:
        return False
    signer = signing.TimestampSigner(salt=ANSWER_PROOF_SALT)
    signed = f"{article_page_id}:{state}:{proof}"
    try:
        signer.unsign(signed, max_age=ANSWER_PROOF_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def forum_url() -> str:
    try:
        return reverse("forum:index")
    except NoReverseMatch:
        return "/community/"


def contact_url(site_settings) -> str:
    if site_settings is not None and site_settings.contact_url:
        return site_settings.contact_url
    try:
        return reverse("contact:form")
    except NoReverseMatch:
        return f"mailto:{settings.DEFAULT_FROM_EMAIL}"


def search_before(request) -> str:
    """The query of this site's search page the reader came from, else ""."""
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.netloc != request.get_host():
        return ""
    try:
        search_path = reverse("kb_search:search")
    except NoReverseMatch:
        return ""
    if referer.path != search_path:
        return ""
    return " ".join(parse_qs(referer.query).get("q", [""])[0].split())[:255]


def widget_context(
    *,
    request,
    article,
    state=None,
    related=None,
    vote=None,
    token=None,
    answered=False,
):
    """Context for templates/feedback/widget_inner.html; `answered` when this client
    has just answered, counted or not."""
    if state not in STATES:
        state = None
    site_settings = feedback_settings(request)
    if vote is None:
        vote = reader_vote(
            article_page_id=article.pk,
            reader_key=reader_key(request, token or read_reader_token(request)),
        )
    if vote is None and not answered:
        state = None  # a shared "?feedback=no" link: this reader has not answered
    if related is None:
        from kb.articles.selectors import article_related

        related = article_related(article=article)
    score = None
    if score_visible(article_page_id=article.pk, site_settings=site_settings):
        score = article_score(article_page_id=article.pk, title=article.title)
    return {
        "article": article,
        "state": state,
        "vote": vote,
        "score": score,
        "form": VoteForm(),
        "vote_url": reverse("feedback:vote", args=[article.pk]),
        "related": list(related)[:HELP_RELATED_LIMIT],
        "forum_url": forum_url(),
        "contact_url": contact_url(site_settings),
        "comment_max_length": COMMENT_MAX_LENGTH,
        "search_query": search_before(request),
        "following": is_following(article=article, user=request.user),
        "follow_url": reverse("feedback:follow", args=[article.pk]),
        "request": request,
    }
