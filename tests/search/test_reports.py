import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from kb.search import selectors
from kb.search.models import QueryDailyStats, SearchClick
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = TODAY - timedelta(days=30)


def log(query_string, *, day=TODAY, searches=1, results=3, clicks=(), source="results"):
    query, _ = Query.objects.get_or_create(query_string=query_string)
    QueryDailyStats.objects.create(
        query=query, date=day, searches=searches, results=results
    )
    for rank in clicks:
        SearchClick.objects.create(
            query=query, date=day, kind="article", url="/a/", rank=rank, source=source
        )


@pytest.fixture
def search_log(db):
    log("invoice", searches=10, clicks=[1, 1, 3])
    log("invoice", day=LAST_MONTH, searches=5, clicks=[2])
    log("refund policy", searches=4, results=0)
    log("export csv", searches=6, results=2)
    log("export csv", day=LAST_MONTH, searches=1, results=2, clicks=[1])
    log("sso", searches=2, results=1, clicks=[1], source="suggestions")


def rows(queryset):
    return {row.query_string: row for row in queryset}


def test_top_queries_sum_searches_and_clicks_within_the_dates(search_log):
    all_time = rows(selectors.top_queries(since=None, until=None))
    today = rows(selectors.top_queries(since=TODAY, until=TODAY))

    assert list(all_time) == ["invoice", "export csv", "refund policy", "sso"]
    assert all_time["invoice"].searches == 15 and all_time["invoice"].clicks == 4
    assert today["invoice"].searches == 10 and today["invoice"].clicks == 3
    assert today["invoice"].click_through == pytest.approx(0.3)
    assert today["invoice"].average_rank == pytest.approx(5 / 3)


def test_queries_without_results_are_likely_missing_content(search_log):
    assert list(rows(selectors.queries_without_results(since=None, until=None))) == [
        "refund policy"
    ]


def test_queries_without_clicks_depend_on_the_period(search_log):
    today = rows(selectors.queries_without_clicks(since=TODAY, until=None))
    all_time = rows(selectors.queries_without_clicks(since=None, until=None))

    # "sso" was only opened from a suggestion, not from the results page.
    assert list(today) == ["export csv", "sso"]
    assert "export csv" not in all_time


def test_search_summary_gives_click_through_and_average_rank(search_log):
    summary = selectors.search_summary(since=TODAY, until=TODAY)

    assert summary["searches"] == 22
    assert summary["searches_without_results"] == 4
    assert summary["clicks"] == 3
    assert summary["average_rank"] == pytest.approx(5 / 3)


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("admin", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize(
    "url, expected, absent",
    [
        ("/admin/search-reports/top/", "invoice", None),
        ("/admin/search-reports/no-results/", "refund policy", "export csv"),
        ("/admin/search-reports/no-clicks/", "sso", "refund policy"),
    ],
)
def test_reports_show_in_the_admin(admin_client, search_log, url, expected, absent):
    response = admin_client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    if absent:
        assert absent not in html


def test_top_searches_report_filters_by_date_and_exports_csv(admin_client, search_log):
    params = {
        "date_from": TODAY.isoformat(),
        "date_to": TODAY.isoformat(),
        "export": "csv",
    }

    response = admin_client.get("/admin/search-reports/top/", params)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )
    by_query = {row["Search"]: row for row in table}
    assert by_query["invoice"]["Searches"] == "10"
    assert by_query["invoice"]["Clicks"] == "3"
    assert list(by_query)[0] == "invoice"


def test_report_date_filter_hides_older_searches(admin_client):
    log("old question", day=date(2020, 1, 1))
    log("new question")

    html = admin_client.get(
        "/admin/search-reports/top/", {"date_from": TODAY.isoformat()}
    ).content.decode()

    assert "new question" in html and "old question" not in html


def test_reports_menu_lists_the_search_reports(admin_client):
    html = admin_client.get("/admin/search-reports/no-clicks/").content.decode()

    assert "/admin/search-reports/top/" in html
    assert "/admin/search-reports/no-results/" in html


def test_reports_need_permission(client, search_log):
    editor = make_user("editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    refused = client.get("/admin/search-reports/top/")
    editor.user_permissions.add(Permission.objects.get(codename="view_querydailystats"))
    allowed = client.get("/admin/search-reports/top/")

    assert refused.status_code in (302, 403)
    assert allowed.status_code == 200


def test_editors_manage_synonyms_in_the_admin(admin_client, help_center):
    from kb.search.models import Synonym

    list_url = "/admin/snippets/kb_search/synonym/"
    response = admin_client.post(
        list_url + "add/", {"terms": "passcode, password", "note": "customers say both"}
    )

    assert response.status_code == 302
    assert Synonym.objects.get().term_list == ["passcode", "password"]
    assert "passcode" in admin_client.get(list_url).content.decode()
    found = admin_client.get(
        "/search/", {"q": "passcode"}, HTTP_USER_AGENT="Mozilla/5.0"
    )
    assert "Reset your password" in found.content.decode()


def test_wagtail_editors_may_read_the_reports_and_edit_synonyms(client, search_log):
    from django.contrib.auth.models import Group

    editor = make_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    assert client.get("/admin/search-reports/no-results/").status_code == 200
    assert client.get("/admin/snippets/kb_search/synonym/add/").status_code == 200


def test_report_totals_say_one_search_and_one_click_in_the_singular(admin_client):
    log("invoice", clicks=[1])

    html = admin_client.get("/admin/search-reports/top/").content.decode()

    assert "1 search · 1 click" in html
    assert "1 searches" not in html and "1 clicks" not in html
