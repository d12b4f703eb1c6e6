import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kb.feedback.models import ArticleDailyViews, ArticleFeedback, FeedbackSettings
from kb.feedback.readers import READER_COOKIE
from kb.feedback.services import article_score_visibility_set, feedback_record
from tests import factories
from tests.feedback.conftest import BROWSER_UA

pytestmark = pytest.mark.django_db


def vote_url(article):
    return reverse("feedback:vote", args=[article.pk])


def open_article(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return response


def test_every_article_ends_with_the_question(reader_client, article):
    html = open_article(reader_client, article).content.decode()

    assert "Was this article helpful?" in html
    assert f'action="{vote_url(article)}"' in html
    assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
    assert "csrfmiddlewaretoken" in html
    assert "js/feedback.js" in html


def test_yes_without_javascript_redirects_back_with_thanks(reader_client, article):
    open_article(reader_client, article)
    response = reader_client.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"{article.url}?feedback=yes&answered=")
    assert response["Location"].endswith("#article-feedback")
    page = reader_client.get(response["Location"]).content.decode()
    assert "Thanks for your feedback!" in page
    assert ArticleFeedback.objects.get().helpful is True


def test_no_asks_why_and_offers_related_articles_forum_and_contact(
    reader_client, category
):
    article = factories.make_article(category, "Reset your password")
    factories.make_article(category, "Change your e-mail address")
    open_article(reader_client, article)

    response = reader_client.post(vote_url(article), {"helpful": "no"}, follow=True)
    html = response.content.decode()

    assert "What went wrong?" in html
    assert 'value="outdated"' in html and 'value="not_answered"' in html
    assert "Change your e-mail address" in html
    assert 'href="/community/"' in html
    assert "Contact support" in html and 'href="/contact/"' in html


def test_reasons_and_comment_are_stored_on_the_same_vote(reader_client, article):
    open_article(reader_client, article)
    reader_client.post(vote_url(article), {"helpful": "no"})
    response = reader_client.post(
        vote_url(article),
        {
            "helpful": "no",
            "details": "1",
            "reasons": ["outdated", "hard_to_follow"],
            "comment": "The <b>menu</b> moved",
        },
        follow=True,
    )

    assert "Thank you for the details." in response.content.decode()
    vote = ArticleFeedback.objects.get()
    assert vote.reasons == ["outdated", "hard_to_follow"]
    assert vote.comment == "The menu moved"


def test_javascript_vote_gets_json_with_the_new_widget(reader_client, article):
    open_article(reader_client, article)
    response = reader_client.post(
        vote_url(article), {"helpful": "no"}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    payload = response.json()
    assert payload["ok"] is True and payload["state"] == "no"
    assert "What went wrong?" in payload["html"]
    assert ArticleFeedback.objects.get().helpful is False


def test_anonymous_reader_is_recognised_by_a_signed_cookie(reader_client, article):
    open_article(reader_client, article)
    first = reader_client.post(vote_url(article), {"helpful": "yes"})
    assert READER_COOKIE in first.cookies
    reader_client.post(vote_url(article), {"helpful": "no"})

    assert ArticleFeedback.objects.count() == 1
    vote = ArticleFeedback.objects.get()
    assert vote.helpful is False
    assert vote.reader_key.startswith("c:")


def test_no_raw_ip_address_is_stored(reader_client, article):
    open_article(reader_client, article)
    reader_client.post(vote_url(article), {"helpful": "yes"}, REMOTE_ADDR="203.0.113.7")

    vote = ArticleFeedback.objects.values().get()
    assert not any("203.0.113.7" in str(value) for value in vote.values())
    assert len(vote["client_hash"]) == 32


def test_a_forged_reader_cookie_is_not_trusted(reader_client, article):
    open_article(reader_client, article)
    reader_client.post(vote_url(article), {"helpful": "yes"})
    reader_client.cookies[READER_COOKIE] = "forged-value"
    reader_client.post(vote_url(article), {"helpful": "no"})

    assert ArticleFeedback.objects.count() == 2


def test_signed_in_reader_has_one_vote_across_browsers(article):
    user = factories.make_user("member")
    for _ in range(2):
        browser = Client(HTTP_USER_AGENT=BROWSER_UA)
        browser.force_login(user)
        open_article(browser, article)
        browser.post(vote_url(article), {"helpful": "no"})

    vote = ArticleFeedback.objects.get()
    assert vote.reader_key == f"u:{user.pk}" and vote.user == user


def test_the_readers_current_answer_is_shown_pressed(reader_client, article):
    open_article(reader_client, article)
    reader_client.post(vote_url(article), {"helpful": "no"})
    html = open_article(reader_client, article).content.decode()

    assert 'value="no" class="button button--secondary" aria-pressed="true"' in html
    assert "You answered “No”" in html


def test_csrf_is_required(article):
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER_UA)
    response = client.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code == 403
    assert not ArticleFeedback.objects.exists()


def test_csrf_token_from_the_page_lets_the_vote_through(article):
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER_UA)
    open_article(client, article)
    token = client.cookies["csrftoken"].value
    response = client.post(
        vote_url(article), {"helpful": "yes", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert ArticleFeedback.objects.count() == 1


@pytest.mark.parametrize(
    "agent", ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""]
)
def test_bots_get_an_answer_but_are_not_counted(client, article, agent):
    client.defaults["HTTP_USER_AGENT"] = agent
    client.get(article.url)
    response = client.post(vote_url(article), {"helpful": "no"})

    assert response.status_code == 302
    assert not ArticleFeedback.objects.exists()
    assert not ArticleDailyViews.objects.exists()


HEADLESS_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/130.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize("agent", [HEADLESS_UA, "curl/8.5.0"])
def test_an_uncounted_reader_without_javascript_sees_the_same_thanks(
    client, article, agent
):
    client.defaults["HTTP_USER_AGENT"] = agent
    client.get(article.url)

    yes = client.post(vote_url(article), {"helpful": "yes"}, follow=True)
    no = client.post(vote_url(article), {"helpful": "no"}, follow=True)
    details = client.post(
        vote_url(article),
        {"helpful": "no", "details": "1", "reasons": ["outdated"]},
        follow=True,
    )

    assert "Thanks for your feedback!" in yes.content.decode()
    assert "What went wrong?" in no.content.decode()
    assert "Thank you for the details." in details.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_an_uncounted_reader_with_javascript_sees_the_same_thanks(client, article):
    client.defaults["HTTP_USER_AGENT"] = HEADLESS_UA
    client.get(article.url)

    response = client.post(
        vote_url(article), {"helpful": "yes"}, HTTP_ACCEPT="application/json"
    )

    assert response.json()["state"] == "yes"
    assert "Thanks for your feedback!" in response.json()["html"]
    assert not ArticleFeedback.objects.exists()


def test_a_made_up_thank_you_proof_still_asks(reader_client, article):
    html = reader_client.get(
        f"{article.url}?feedback=yes&answered=1abc:forged"
    ).content.decode()

    assert "Was this article helpful?" in html
    assert "Thanks for your feedback!" not in html


def test_a_prefetch_is_not_counted_as_a_view(reader_client, article):
    reader_client.get(article.url, HTTP_SEC_PURPOSE="prefetch")

    assert not ArticleDailyViews.objects.exists()


def test_a_client_without_cookies_is_not_counted(article):
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    response = client.post(vote_url(article), {"helpful": "yes"})

    assert response.status_code == 302
    assert not ArticleFeedback.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"helpful": "maybe"},
        {"helpful": "no", "details": "1", "reasons": ["spam"]},
        {"helpful": "no", "details": "1", "comment": "x" * 1001},
    ],
)
def test_bad_input_gets_a_clear_400(reader_client, article, data):
    open_article(reader_client, article)
    response = reader_client.post(vote_url(article), data)

    assert response.status_code == 400
    assert "Your feedback wasn't sent" in response.content.decode()
    json_response = reader_client.post(
        vote_url(article), data, HTTP_ACCEPT="application/json"
    )
    assert json_response.status_code == 400
    assert json_response.json()["ok"] is False
    assert not ArticleFeedback.objects.exists()


def test_unknown_or_draft_article_is_404(reader_client, category):
    draft = factories.make_article(category, "Secret plans", live=False)
    assert reader_client.post(vote_url(draft), {"helpful": "yes"}).status_code == 404
    assert (
        reader_client.post(
            "/feedback/articles/999999/vote/", {"helpful": "yes"}
        ).status_code
        == 404
    )


def test_get_is_not_allowed(reader_client, article):
    assert reader_client.get(vote_url(article)).status_code == 405


@override_settings(KB_FEEDBACK_RATE="3/d")  # a day: no window boundary mid-test
def test_too_many_votes_from_one_client_get_429(reader_client, category):
    articles = [factories.make_article(category, f"Article {n}") for n in range(4)]
    open_article(reader_client, articles[0])
    codes = [
        reader_client.post(vote_url(a), {"helpful": "yes"}).status_code
        for a in articles
    ]

    assert codes == [302, 302, 302, 429]
    assert ArticleFeedback.objects.count() == 3


@override_settings(KB_FEEDBACK_RATE="3/d")
def test_a_client_forging_cookies_and_addresses_of_its_network_is_limited(
    client, category
):
    """An IPv6 client owns a whole /64: a new address per vote is the same client."""
    articles = [factories.make_article(category, f"Article {n}") for n in range(6)]
    codes = []
    for n, article in enumerate(articles):
        client.cookies.clear()
        client.cookies[READER_COOKIE] = f"forged-{n}"
        response = client.post(
            vote_url(article),
            {"helpful": "no"},
            HTTP_USER_AGENT=BROWSER_UA,
            REMOTE_ADDR=f"2001:db8:1:2::{n + 1:x}",
        )
        codes.append(response.status_code)

    assert codes == [302, 302, 302, 429, 429, 429]
    assert ArticleFeedback.objects.count() == 3


def test_score_is_hidden_from_readers_unless_an_editor_enables_it(
    reader_client, article
):
    for n in range(3):
        feedback_record(article=article, reader_key=f"c:{n}", helpful=n > 0)
    assert (
        "found this helpful"
        not in open_article(reader_client, article).content.decode()
    )

    article_score_visibility_set(article_page_id=article.pk, show=True)
    assert (
        "2 of 3 found this helpful"
        in open_article(reader_client, article).content.decode()
    )


def test_site_setting_shows_every_articles_score(reader_client, article, home):
    feedback_record(article=article, reader_key="c:1", helpful=True)
    site_settings = FeedbackSettings.for_site(home.get_site())
    site_settings.show_scores = True
    site_settings.save()

    assert (
        "1 of 1 found this helpful"
        in open_article(reader_client, article).content.decode()
    )


def test_reading_an_article_counts_one_view_but_not_the_thank_you_redirect(
    reader_client, article
):
    open_article(reader_client, article)
    open_article(reader_client, article)
    reader_client.get(f"{article.url}?feedback=yes")

    assert ArticleDailyViews.objects.get(article_page_id=article.pk).views == 2


def test_comment_html_is_never_rendered_back(reader_client, article):
    open_article(reader_client, article)
    reader_client.post(
        vote_url(article),
        {"helpful": "no", "details": "1", "comment": "<script>alert(1)</script>hi"},
    )
    html = reader_client.get(f"{article.url}?feedback=no").content.decode()

    assert "<script>alert(1)" not in html
    assert json.dumps(ArticleFeedback.objects.get().comment) == '"alert(1)hi"'


def test_a_shared_thank_you_link_still_asks_someone_who_has_not_answered(
    reader_client, article
):
    html = reader_client.get(f"{article.url}?feedback=no").content.decode()

    assert "Was this article helpful?" in html
    assert "Thanks for telling us." not in html
