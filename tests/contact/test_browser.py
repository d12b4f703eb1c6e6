"""A customer on the contact page, in a real Chromium: a suggestion that answers the
question (a deflection), and a request sent anyway (stored, mailed, webhook)."""

import json

import pytest
from django.core import mail

from kb.contact.models import ContactRequest, VisitEvent
from kb.contact.selectors import self_service_summary
from tests import factories

from .test_delivery import HelpDesk

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
# Headless Chromium names itself "HeadlessChrome", which the site counts as a bot.
SENT_HEADING = "Thanks, your request is on its way"
CUSTOMER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36"
)


@pytest.fixture
def customer_page(browser):
    context = browser.new_context(user_agent=CUSTOMER_UA)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def help_center(search_index, home):
    category = factories.make_category(home, "Billing")
    return factories.make_article(
        category,
        "Download an invoice",
        summary="Get a PDF of any invoice from the Billing page.",
    )


def test_a_suggestion_while_typing_answers_the_question_and_counts_as_deflection(
    live_server, customer_page, help_center
):
    page = customer_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Contact support").first.click()
    page.wait_for_url("**/contact/")

    page.get_by_label("Subject").press_sequentially("Where is my invoice PDF")
    suggestions = page.get_by_role("region", name="These may already answer it")
    suggestion = suggestions.get_by_role("link", name="Download an invoice")
    suggestion.wait_for()
    suggestion.click()

    page.wait_for_url(live_server.url + help_center.url)
    event = VisitEvent.objects.get(kind=VisitEvent.Kind.SUGGESTION)
    assert event.page_id == help_center.pk
    assert ContactRequest.objects.count() == 0
    summary = self_service_summary()
    assert (summary.visits, summary.deflections, summary.requests) == (1, 1, 0)


def test_a_customer_sends_a_request_and_gets_a_reference(
    live_server, customer_page, help_center, settings
):
    desk = HelpDesk()
    settings.KB_CONTACT_WEBHOOK_URL = desk.url
    settings.KB_SUPPORT_EMAIL = "support@example.com"
    page = customer_page
    try:
        page.goto(live_server.url + "/contact/")
        page.get_by_label("Subject").fill("Invoice shows the wrong company name")
        page.get_by_label("Description").fill(
            "My March invoice says Acme Ltd but we are Acme GmbH."
        )
        page.get_by_role("region", name="These may already answer it").wait_for()
        page.get_by_label("Your e-mail address").fill("ann@example.com")
        page.get_by_role("button", name="Send request").click()

        page.get_by_role("heading", name=SENT_HEADING).wait_for()
    finally:
        desk.close()

    contact_request = ContactRequest.objects.get()
    assert contact_request.reference in page.locator(".contact-reference").inner_text()
    assert contact_request.email == "ann@example.com"
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["ann@example.com", "support@example.com"]
    [(headers, body)] = desk.received
    assert json.loads(body)["reference"] == contact_request.reference


def test_without_javascript_the_suggestions_come_before_send_anyway(
    live_server, browser, help_center
):
    context = browser.new_context(user_agent=CUSTOMER_UA, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url + "/contact/")
        page.get_by_label("Subject").fill("Invoice PDF missing")
        page.get_by_label("Description").fill("The download button does nothing.")
        page.get_by_label("Your e-mail address").fill("ann@example.com")
        page.get_by_role("button", name="Send request").click()

        before = page.get_by_role("region", name="Before you send: these may answer it")
        before.get_by_role("link", name="Download an invoice").wait_for()
        assert ContactRequest.objects.count() == 0
        assert page.get_by_label("Subject").input_value() == "Invoice PDF missing"
        page.get_by_role("button", name="Send anyway").click()
        page.get_by_role("heading", name=SENT_HEADING).wait_for()
    finally:
        context.close()

    assert ContactRequest.objects.get().subject == "Invoice PDF missing"
