"""Pages speak the reader's language: interface strings, form errors and dates.

The language comes from the URL's prefix (/de/, /es/; English has none), as for a
real reader.
"""

from datetime import UTC, datetime

import pytest
import time_machine

from tests.factories import make_article
from tests.i18n.conftest import translate

pytestmark = pytest.mark.django_db


def get(client, language, path, **kwargs):
    prefix = "" if language == "en" else f"/{language}"
    return client.get(prefix + path, **kwargs)


def in_language(article, language):
    """The article as a reader of `language` opens it: its translation."""
    if language == "en":
        return article
    translate(article.get_parent().get_parent(), language)
    translate(article.get_parent(), language)
    return translate(article, language)


def test_missing_page_is_explained_in_german_and_the_page_says_its_language(client):
    response = get(client, "de", "/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="de">' in html
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert "Zum Inhalt springen" in html  # the layout too, not just the page


def test_english_pages_are_unchanged(client):
    response = get(client, "en", "/no-such-page/")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert "Skip to content" in html


def test_search_without_results_answers_in_spanish(client, home, fresh_search_index):
    response = get(client, "es", "/search/", data={"q": "zzqxj"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "No hay resultados para «zzqxj»" in html
    assert "a revisar la ortografía," in html
    assert (
        'placeholder="Describa su pregunta, p. ej. restablecer mi contraseña"' in html
    )


def test_result_count_uses_the_language_plural(client, fresh_search_index, category):
    make_article(category, "Reset your password")

    one = get(client, "de", "/search/", data={"q": "password"}).content.decode()

    assert "1 Ergebnis für „password“" in one


@pytest.mark.parametrize(
    "language, label, date",
    [
        ("en", "Last updated", "5 March 2026"),
        ("de", "Zuletzt aktualisiert", "5. März 2026"),
        ("es", "Última actualización", "5 de marzo de 2026"),
    ],
)
def test_article_date_is_written_the_readers_way(
    client, category, language, label, date
):
    with time_machine.travel(datetime(2026, 3, 5, 10, 0, tzinfo=UTC), tick=False):
        article = in_language(make_article(category, "Reset your password"), language)

    html = client.get(article.url).content.decode()

    assert f'{label} <time datetime="2026-03-05T10:00:00+00:00">{date}</time>' in html


def test_contact_form_errors_and_labels_are_german(client, home):
    response = client.post("/de/contact/", {"subject": "", "description": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Ihre E-Mail-Adresse" in html
    assert "Dieses Feld muss ausgefüllt werden." in html
    assert "Was Sie versucht haben und was passiert ist." in html


def test_a_callout_is_labelled_in_the_readers_language(client, category):
    article = make_article(
        category,
        "Export your data",
        body=[("callout", {"kind": "tip", "text": "<p>Export at night.</p>"})],
    )

    german = client.get(in_language(article, "de").url).content.decode()
    english = client.get(article.url).content.decode()

    assert '<p class="callout-label">Tipp</p>' in german
    assert '<p class="callout-label">Tip</p>' in english
