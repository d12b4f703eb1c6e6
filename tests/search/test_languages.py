"""Search per language: each language's words with its own stop words and stemmer,
the reader's language first, the source language when it has nothing.

`search_backend` (tests/search/conftest.py) is Whoosh with the site's languages."""

import pytest
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from kb.search.selectors import site_search, suggestions
from tests.conftest import shared_rows
from tests.factories import make_article, make_category, make_home, make_user
from tests.search.conftest import BACKENDS, whoosh_config

pytestmark = pytest.mark.django_db


def translate(page, language, **fields):
    """`page` copied into `language`'s tree, given `fields` and published."""
    locale, _ = Locale.objects.get_or_create(language_code=language)
    translated = page.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def make_translated_help_center(home):
    account = make_category(home, "Your account")
    billing = make_category(home, "Billing")
    with TestCase.captureOnCommitCallbacks(execute=True):
        password = make_article(
            account,
            "Reset your password",
            summary="Forgot your password? Get a reset link by e-mail.",
            body=paragraph("Open the sign in page and choose Forgot password."),
        )
        invoice = make_article(
            billing,
            "Download an invoice",
            summary="Invoices are kept for seven years as PDF.",
            body=paragraph("Every invoice lists your tax number."),
        )
        passwort = translate(
            password,
            "de",
            title="Passwort zurücksetzen",
            summary="Passwort vergessen? Sie bekommen einen Link per E-Mail.",
            body=paragraph("Ihr Passwort wird zurückgesetzt, wenn Sie ihn öffnen."),
        )
        contrasena = translate(
            password,
            "es",
            title="Restablecer la contraseña",
            summary="¿Olvidó su contraseña? Reciba un enlace por correo.",
            body=paragraph("En la página de inicio de sesión, elija Olvidé mi clave."),
        )
    return {
        "password": password,
        "invoice": invoice,
        "passwort": passwort,
        "contrasena": contrasena,
    }


@pytest.fixture(scope="module")
def module_help_center(django_db_setup, django_db_blocker, tmp_path_factory):
    """The translated help center made once for the module, on both backends (as
    tests/search/conftest.py's `module_help_center`)."""
    index = tmp_path_factory.mktemp("languages") / "index"
    backends = {
        "default": whoosh_config(index),
        "database": {"BACKEND": BACKENDS["database"]},
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        with shared_rows(django_db_blocker):
            home = make_home()
            yield index, home, make_translated_help_center(home)


@pytest.fixture
def help_center(shared_help_center):
    return shared_help_center


def titles(outcome):
    return [hit.title for hit in outcome.hits]


def test_a_german_question_finds_the_german_article(help_center):
    outcome = site_search(query="Passwort zurücksetzen", language="de")

    assert titles(outcome) == ["Passwort zurücksetzen"]
    assert outcome.language == "de" and outcome.fallback_from is None


@pytest.mark.parametrize(
    "query", ["Passwörter", "Wie kann ich mein Passwort zurücksetzen?", "zurückgesetzt"]
)
def test_german_words_are_stemmed_and_stop_words_skipped(help_center, query):
    # "Passwörter" is the plural; "wie kann ich mein" are German stop words.
    assert titles(site_search(query=query, language="de")) == ["Passwort zurücksetzen"]


def test_a_rebuilt_index_keeps_each_language_in_its_own_columns(help_center):
    from django.core.management import call_command

    call_command("update_index", verbosity=0)

    assert titles(site_search(query="Passwörter", language="de")) == [
        "Passwort zurücksetzen"
    ]
    assert titles(site_search(query="contraseñas", language="es")) == [
        "Restablecer la contraseña"
    ]
    assert titles(site_search(query="passwords", language="en")) == [
        "Reset your password"
    ]


def test_a_spanish_question_finds_the_spanish_article(help_center):
    # "olvidada" and "Olvidó"/"Olvidé" share the Spanish stem "olvid".
    outcome = site_search(query="contraseña olvidada", language="es")

    assert titles(outcome) == ["Restablecer la contraseña"]


def test_english_search_finds_only_english_content_as_before(help_center):
    outcome = site_search(query="reset my password", language="en")

    assert titles(outcome) == ["Reset your password"]
    assert outcome.fallback_from is None


def test_a_language_variant_searches_its_language(help_center):
    assert titles(site_search(query="Passwort", language="de-AT")) == [
        "Passwort zurücksetzen"
    ]


def test_the_active_language_is_searched_by_default(help_center):
    with translation.override("de"):
        outcome = site_search(query="Passwort zurücksetzen")

    assert titles(outcome) == ["Passwort zurücksetzen"]


def test_nothing_in_the_readers_language_falls_back_to_the_source_language(
    help_center,
):
    outcome = site_search(query="invoice", language="de")

    assert titles(outcome) == ["Download an invoice"]
    assert outcome.language == "en" and outcome.fallback_from == "de"


def test_without_fallback_the_readers_language_alone_is_searched(help_center):
    outcome = site_search(query="invoice", language="de", fallback=False)

    assert outcome.total == 0 and outcome.fallback_from is None


def test_german_query_is_never_corrected_with_english_words(
    search_backend, home, django_capture_on_commit_callbacks
):
    # Only English content: the German reader's question must not become
    # "password zurücksetzen" (a correction from the English words).
    with django_capture_on_commit_callbacks(execute=True):
        make_article(make_category(home, "Your account"), "Reset your password")

    outcome = site_search(query="Passwort zurücksetzen", language="de")

    assert outcome.total == 0
    assert outcome.original_query is None and outcome.corrected_query is None


def test_did_you_mean_uses_the_readers_language_words(help_center):
    outcome = site_search(query="Pasword zurücksetzn", language="de", correct=False)

    assert outcome.corrected_query is not None
    assert "zurücksetzen" in outcome.corrected_query.lower()
    assert "password" not in outcome.corrected_query.lower()


def test_typing_suggests_titles_in_the_readers_language(help_center):
    german = [item["label"] for item in suggestions(prefix="Pass", language="de")]
    english = [item["label"] for item in suggestions(prefix="Pass", language="en")]

    assert "Passwort zurücksetzen" in german and "Reset your password" not in german
    assert "Passwort zurücksetzen" not in english


def test_the_search_page_says_when_it_shows_source_language_results(
    client, help_center
):
    with translation.override("de"):
        url = reverse("kb_search:search")
        response = client.get(url, {"q": "invoice"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Download an invoice" in html
    # "No results in Deutsch; showing English results." (in the reader's language,
    # once translated: the languages keep their own names).
    notice = html.split('class="notice search-fallback"', 1)[1].split("</p>", 1)[0]
    assert "Deutsch" in notice and "English" in notice
    # Screen readers read the English results as English.
    assert '<ol class="search-results" start="1" lang="en">' in html


def test_the_api_searches_the_language_asked_for_and_reports_a_fallback(
    client, help_center
):
    german = client.get("/api/search/", {"q": "Passwörter", "lang": "de"}).json()
    fallback = client.get("/api/search/", {"q": "invoice", "lang": "de"}).json()
    unknown = client.get("/api/search/", {"q": "password", "lang": "xx"}).json()

    assert [r["title"] for r in german["results"]] == ["Passwort zurücksetzen"]
    assert german["language"] == "de" and german["fallback_from"] is None
    assert [r["title"] for r in fallback["results"]] == ["Download an invoice"]
    assert fallback["language"] == "en" and fallback["fallback_from"] == "de"
    assert "Deutsch" in fallback["notice"] and "English" in fallback["notice"]
    assert [r["title"] for r in unknown["results"]] == ["Reset your password"]


def test_a_german_forum_thread_is_found_in_german_only(
    search_backend, home, django_capture_on_commit_callbacks
):
    from kb.forum import services
    from kb.forum.models import ForumSection

    section = ForumSection.objects.create(name="Konto", slug="konto")
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.topic_create(
            author=make_user("fragend"),
            section=section,
            title="Rechnungen herunterladen",
            body="Wo finde ich meine Rechnungen?",
            language="de",
        )

    assert topic.language == "de"
    german = site_search(query="Rechnung", language="de", fallback=False)
    assert titles(german) == ["Rechnungen herunterladen"]
    assert site_search(query="Rechnungen", language="en").total == 0


def test_a_question_asked_in_german_is_stored_as_german(client, home):
    from kb.forum.models import ForumSection, Topic

    section = ForumSection.objects.create(name="Konto", slug="konto")
    client.force_login(make_user("fragend"))
    with translation.override("de"):
        url = reverse("forum:ask")
        response = client.post(
            url,
            {
                "section": section.pk,
                "title": "Wie ändere ich meine E-Mail-Adresse?",
                "body": "Ich möchte eine neue Adresse verwenden.",
                "submit_token": "t-1",
            },
        )

    assert response.status_code == 302
    assert Topic.objects.get().language == "de"


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_other_backends_search_the_readers_language_by_filtering(
    search_backend, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account = make_category(home, "Your account")
        english = make_article(account, "Reset your password")
        translate(english, "de", title="Passwort zurücksetzen")

    german = site_search(query="password Passwort", language="de", fallback=False)
    source = site_search(query="password Passwort", language="en")

    assert titles(german) == ["Passwort zurücksetzen"]
    assert titles(source) == ["Reset your password"]


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


@pytest.fixture
def german_searches(client, help_center):
    """A German reader finds the German article, and nothing in German for
    "invoice" (the English article is shown instead); an English reader
    searches "invoice" too."""
    with translation.override("de"):
        url = reverse("kb_search:search")
        client.get(url, {"q": "Passwörter"}, HTTP_USER_AGENT=FIREFOX)
        client.get(url, {"q": "invoice"}, HTTP_USER_AGENT=FIREFOX)
    with translation.override("en"):
        url = reverse("kb_search:search")
        client.get(url, {"q": "invoice"}, HTTP_USER_AGENT=FIREFOX)


def test_searches_are_logged_with_the_readers_language(german_searches):
    from kb.search.models import QueryDailyStats

    logged = {
        (s.query.query_string, s.language): s.results
        for s in QueryDailyStats.objects.select_related("query")
    }

    # The fallback showed English results, but German readers found nothing.
    assert logged == {
        ("passwörter", "de"): 1,
        ("invoice", "de"): 0,
        ("invoice", "en"): 1,
    }


def test_search_reports_filter_by_language(german_searches):
    from kb.search import selectors

    german = [q.query_string for q in selectors.queries_without_results(language="de")]
    english = [q.query_string for q in selectors.queries_without_results(language="en")]
    top_german = [q.query_string for q in selectors.top_queries(language="de")]

    assert german == ["invoice"]
    assert english == []
    assert sorted(top_german) == ["invoice", "passwörter"]
    assert selectors.search_summary(language="de")["searches"] == 2
    assert selectors.search_summary(language="es")["searches"] == 0


def test_admin_search_report_filters_by_language(admin_client, german_searches):
    german = admin_client.get("/admin/search-reports/no-results/", {"language": "de"})
    english = admin_client.get("/admin/search-reports/no-results/", {"language": "en"})
    bad = admin_client.get("/admin/search-reports/no-results/", {"language": "xx"})

    assert german.status_code == english.status_code == 200
    assert "invoice" in german.content.decode()
    assert "invoice" not in english.content.decode()
    assert bad.status_code == 200


def test_german_searches_without_results_are_translation_gaps(
    admin_client, german_searches
):
    from kb.feedback.gaps import GapKind, content_gaps

    german = content_gaps(kinds=[GapKind.NO_RESULTS], language="de")
    everyone = content_gaps(kinds=[GapKind.NO_RESULTS])
    english = content_gaps(kinds=[GapKind.NO_RESULTS], language="en")

    assert [(g.title, g.kind_label) for g in german] == [
        ("invoice", "Translation gap: search without results in Deutsch")
    ]
    assert [g.title for g in everyone] == ["invoice"]
    assert english == []
    html = admin_client.get(
        reverse("feedback_admin:gaps"), {"language": "de"}
    ).content.decode()
    assert "Translation gap: search without results in Deutsch" in html


def test_a_search_without_results_offers_content_in_the_readers_language(
    client, help_center
):
    with translation.override("de"):
        url = reverse("kb_search:search")
        html = client.get(url, {"q": "qwertzuiop"}).content.decode()

    offered = html.split('<ul class="article-list">', 1)[1].split("</ul>", 1)[0]
    assert "Passwort zurücksetzen" in offered
    assert "Download an invoice" not in offered
    assert "Reset your password" not in offered


def test_the_category_filter_offers_the_readers_languages_categories(
    client, help_center
):
    english = help_center["password"].get_parent()
    german = help_center["passwort"].get_parent()
    with translation.override("de"):
        response = client.get(reverse("kb_search:search"), {"q": "passwort"})

    options = response.context["categories"]
    values = {str(value) for value, _ in options}
    assert str(german.pk) in values
    assert str(english.pk) not in values


@pytest.mark.parametrize("search_backend", ["database"], indirect=True)
def test_other_backends_suggest_titles_in_the_readers_language(
    search_backend, home, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account = make_category(home, "Your account")
        english = make_article(account, "Password reset by e-mail")
        translate(english, "de", title="Password per E-Mail zurücksetzen")

    german = [item["label"] for item in suggestions(prefix="Passw", language="de")]
    english = [item["label"] for item in suggestions(prefix="Passw", language="en")]

    assert german == ["Password per E-Mail zurücksetzen"]
    assert english == ["Password reset by e-mail"]
