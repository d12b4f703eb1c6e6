"""What a person does with the search box, in a real Chromium."""

import time

import pytest

from kb.search.models import SearchClick

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_for_click(timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        click = SearchClick.objects.first()
        if click is not None:
            return click
        time.sleep(0.1)
    return None


def test_typing_offers_suggestions_and_choosing_one_opens_the_article(
    live_server, browser_page, help_center
):
    page = browser_page
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search the help center")

    box.press_sequentially("invo", delay=40)
    option = page.get_by_role("option", name="Download an invoice")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("status").filter(has_text="suggestion").count() == 1

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"
    box.press("Enter")

    page.wait_for_url(live_server.url + help_center["invoice"].url)
    assert page.get_by_role("heading", level=1).inner_text() == "Download an invoice"
    click = wait_for_click()
    assert click is not None
    assert click.source == "suggestions" and click.query.query_string == "invo"
    assert click.title == "Download an invoice" and click.rank == 1


def test_escape_closes_the_suggestions_and_enter_searches(
    live_server, browser_page, help_center
):
    page = browser_page
    page.goto(live_server.url + "/")
    box = page.get_by_role("combobox", name="Search the help center")

    box.press_sequentially("invoice", delay=40)
    page.get_by_role("option", name="Download an invoice").wait_for()
    box.press("Escape")
    assert page.get_by_role("listbox").is_hidden()
    box.press("Enter")

    page.wait_for_url("**/search/?q=invoice")
    assert page.get_by_role("heading", level=1).inner_text() == "Search results"


def test_opening_a_search_result_records_the_click_with_its_rank(
    live_server, browser_page, help_center
):
    page = browser_page
    page.goto(live_server.url + "/search/?q=invoice")

    page.get_by_role("link", name="Download an invoice").click()

    page.wait_for_url(live_server.url + help_center["invoice"].url)
    click = wait_for_click()
    assert click is not None
    assert click.source == "results" and click.rank == 1
    assert click.query.query_string == "invoice"
