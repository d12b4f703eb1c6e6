"""Every admin report's CSV and XLSX export opens cleanly and runs no formula,
whatever readers typed into searches and feedback."""

import csv
import io

import pytest
from openpyxl import load_workbook
from wagtail.contrib.search_promotions.models import Query

from kb.feedback.models import ArticleFeedback
from kb.feedback.services import feedback_record
from kb.search.models import QueryDailyStats
from tests import factories

pytestmark = pytest.mark.django_db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://evil.example","click me")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "\x1b[31mred alert\x1b[0m",
    "\x1b=1+1",
    "not a \ufffe character",
    "bell\x07 and form feed\x0c",
]
REPORTS = [
    "/admin/search-reports/top/",
    "/admin/search-reports/no-results/",
    "/admin/search-reports/no-clicks/",
    "/admin/feedback/helpfulness/",
    "/admin/feedback/gaps/",
    "/admin/feedback/comments/",
    "/admin/searchpicks/reports/search-terms/",  # Wagtail's, on the same log
]


@pytest.fixture
def hostile_log(category):
    # Editors' text too: a title can start like a formula.
    article = factories.make_article(category, "=SUM(A1:A3) in a calc sheet")
    for n, text in enumerate(HOSTILE):
        query = Query.get(text)  # as Wagtail stores it: lower-case, stripped
        QueryDailyStats.objects.update_or_create(
            query=query, defaults={"searches": n + 1, "results": n % 2}
        )
        query.add_hit()
        feedback_record(
            article=article, reader_key=f"c:{n}", helpful=False, comment=text
        )
    # Comments are tidied when stored; the export must hold up to any stored text.
    ArticleFeedback.objects.filter(reader_key="c:0").update(comment="\x1b\x01=1+1")
    resolver = factories.make_user("-1+1", is_staff=True)
    ArticleFeedback.objects.filter(reader_key="c:1").update(resolved_by=resolver)


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin", is_superuser=True))
    return client


def download(client, url, export_format):
    response = client.get(url, {"export": export_format})
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def csv_cells(content: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    return [cell for row in rows for cell in row]


def xlsx_cells(content: bytes) -> list:
    sheet = load_workbook(io.BytesIO(content)).active
    return [cell for row in sheet.iter_rows() for cell in row]


def shows_hostile_text(text: str) -> bool:
    return any(part in text for part in ("HYPERLINK", "calc", "SUM(", "red alert"))


def unprintable(text: str) -> bool:
    return any(
        (ord(char) < 32 and char not in "\t\n\r") or char in "\x7f\ufffe\uffff"
        for char in text
    )


@pytest.mark.parametrize("url", REPORTS)
def test_a_csv_export_has_no_formula_and_no_control_character(
    admin_client, hostile_log, url
):
    cells = csv_cells(download(admin_client, url, "csv"))

    assert any(shows_hostile_text(cell) for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_START)] == []
    assert [cell for cell in cells if unprintable(cell)] == []


@pytest.mark.parametrize("url", REPORTS)
def test_an_xlsx_export_opens_and_has_no_formula(admin_client, hostile_log, url):
    cells = xlsx_cells(download(admin_client, url, "xlsx"))
    texts = [cell.value for cell in cells if isinstance(cell.value, str)]

    assert any(shows_hostile_text(text) for text in texts)
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [text for text in texts if text.startswith(FORMULA_START)] == []
    assert [text for text in texts if unprintable(text)] == []


def test_the_comments_export_keeps_what_the_reader_wrote(admin_client, hostile_log):
    cells = csv_cells(download(admin_client, "/admin/feedback/comments/", "csv"))

    assert "'-2+3" in cells
    assert "'-1+1" in cells  # who resolved it: a user name is reader-chosen too
    assert "\ufffd[31mred alert\ufffd[0m" in cells
