"""The contact page: suggestions before sending (without JavaScript), storing,
mailing, and refusing bad or abusive input with a clear message, never a 500."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from kb.contact.models import ContactCategory, ContactRequest, Visit, VisitEvent
from tests import factories

from .conftest import png_bytes

CONTACT = "/contact/"


def request_data(**fields):
    data = {
        "subject": "Can't find my invoice",
        "description": "I need the PDF of my March invoice for accounting.",
        "email": "ann@example.com",
    }
    data.update(fields)
    return data


def send(client, **fields):
    """Submit as a customer who has already seen the suggestions."""
    return client.post(CONTACT, request_data(suggestions_seen="on", **fields))


def test_the_page_asks_for_the_request_and_prefills_a_members_address(
    customer, home
):
    member = factories.make_user("ann", email="ann@example.com")
    customer.force_login(member)

    html = customer.get(CONTACT).content.decode()

    assert "<h1>Contact support</h1>" in html
    assert 'value="ann@example.com"' in html
    assert 'name="subject"' in html and 'name="description"' in html
    assert 'enctype="multipart/form-data"' in html


def test_without_javascript_the_first_submit_shows_what_may_answer_it(
    customer, invoice_article
):
    response = customer.post(CONTACT, request_data())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Before you send: these may answer it" in html
    assert "Download an invoice" in html
    assert "Send anyway" in html
    assert 'value="Can&#x27;t find my invoice"' in html  # nothing typed is lost
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


def test_send_anyway_stores_the_request_and_mails_support_and_the_customer(
    customer, invoice_article, settings
):
    settings.KB_SUPPORT_EMAIL = "support@example.com"
    customer.post(CONTACT, request_data())

    response = customer.post(CONTACT, request_data(send_anyway="1"), follow=True)

    contact_request = ContactRequest.objects.get()
    assert contact_request.status == "new"
    assert contact_request.subject == "Can't find my invoice"
    html = response.content.decode()
    assert "your request is on its way" in html
    assert contact_request.reference in html
    to_support, confirmation = mail.outbox
    assert to_support.to == ["support@example.com"]
    assert contact_request.reference in to_support.subject
    assert to_support.extra_headers["Reply-To"] == "ann@example.com"
    assert "March invoice" in to_support.body
    assert confirmation.to == ["ann@example.com"]
    assert contact_request.reference in confirmation.body
    assert ContactRequest.objects.get().mailed_at is not None


def test_a_request_without_suggestions_is_sent_on_the_first_submit(customer, home):
    response = customer.post(CONTACT, request_data(subject="Zyxwv qqq"))

    assert response.status_code == 302
    assert ContactRequest.objects.count() == 1


def test_support_sees_what_the_customer_searched_read_and_answered_in_the_visit(
    customer, invoice_article
):
    other = factories.make_article(invoice_article.get_parent(), "Change your plan")
    customer.get(other.url)
    customer.get("/search/", {"q": "March Invoice"})
    customer.get(invoice_article.url)
    customer.post(f"/feedback/articles/{invoice_article.pk}/vote/", {"helpful": "no"})

    send(customer)

    contact_request = ContactRequest.objects.get()
    assert contact_request.context["searches"] == ["march invoice"]
    assert [a["title"] for a in contact_request.context["articles"]] == [
        "Change your plan",
        "Download an invoice",
    ]
    assert contact_request.context["feedback"] == [
        {
            "title": "Download an invoice",
            "helpful": False,
            "page_id": invoice_article.pk,
        }
    ]
    body = mail.outbox[0].body
    assert "“march invoice”" in body
    assert "Download an invoice: No" in body
    assert Visit.objects.count() == 1


def test_a_category_sends_its_requests_to_its_own_address(customer, home):
    billing = ContactCategory.objects.create(name="Billing", email="bills@example.com")
    ContactCategory.objects.create(name="Other")

    missing = send(customer)
    unknown = send(customer, category="not-a-number")
    assert missing.status_code == unknown.status_code == 400
    assert "This field is required" in missing.content.decode()
    assert "Select a valid choice" in unknown.content.decode()

    send(customer, category=billing.pk)

    assert ContactRequest.objects.get().category == billing
    assert mail.outbox[0].to == ["bills@example.com"]


def test_the_honeypot_looks_sent_but_stores_and_mails_nothing(customer, home):
    response = send(customer, website="http://spam.example")

    assert response.status_code == 302
    assert ContactRequest.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"subject": ""}, "This field is required"),
        ({"email": "not an address"}, "Enter a valid email address"),
        ({"description": "x" * 5001}, "at most 5000 characters"),
        ({"subject": "a\x00b"}, "Null characters are not allowed"),
        ({"description": "\x00"}, "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_form_error_and_nothing_is_stored(
    customer, home, fields, message
):
    response = send(customer, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_screenshot_is_stored_under_its_real_type_and_sent_to_support(
    customer, home
):
    screenshot = SimpleUploadedFile("screen.jpeg", png_bytes(), "image/jpeg")

    send(customer, attachment=screenshot)

    contact_request = ContactRequest.objects.get()
    assert contact_request.attachment_type == "image/png"
    assert contact_request.attachment.name.endswith(".png")
    assert contact_request.attachment_name == "screen.jpeg"
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert (name, content, mimetype) == ("screen.jpeg", png_bytes(), "image/png")


def test_a_program_or_a_file_too_large_is_refused_with_a_message(
    customer, home, settings
):
    settings.KB_CONTACT_ATTACHMENT_MAX_BYTES = 1000
    program = SimpleUploadedFile("photo.png", b"MZ\x90\x00" * 100, "image/png")
    large = SimpleUploadedFile("log.txt", b"a" * 1001, "text/plain")

    refused = send(customer, attachment=program)
    too_large = send(customer, attachment=large)

    assert refused.status_code == too_large.status_code == 400
    assert "This kind of file can" in refused.content.decode()
    assert "The file is too large" in too_large.content.decode()
    assert ContactRequest.objects.count() == 0


def test_a_double_submit_stores_one_request(customer, home):
    first = send(customer)
    second = send(customer)

    reference = ContactRequest.objects.get().reference
    for response in (first, second):
        assert reference in customer.get(response["Location"]).content.decode()


def test_one_address_may_send_only_a_few_requests_an_hour(customer, home, settings):
    settings.KB_CONTACT_EMAIL_RATE = "2/h"
    for number in range(2):
        assert send(customer, subject=f"Question {number}").status_code == 302

    response = send(customer, subject="Question 3")

    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2
    assert send(customer, subject="Other", email="bob@example.com").status_code == 302


def test_one_client_may_send_only_a_few_requests_an_hour(customer, home, settings):
    settings.KB_CONTACT_RATE = "2/h"
    for number in range(2):
        send(customer, subject=f"Question {number}", email=f"p{number}@example.com")

    response = send(customer, subject="Question 3", email="p3@example.com")

    assert response.status_code == 429
    assert ContactRequest.objects.count() == 2


def test_suggestions_while_typing_link_through_the_deflection_recorder(
    customer, invoice_article
):
    customer.get(CONTACT)
    data = customer.get(
        "/contact/suggest/", {"subject": "invoice", "description": ""}
    ).json()

    [suggestion] = data["results"]
    assert suggestion["title"] == "Download an invoice"
    assert suggestion["open_url"].startswith("/contact/open/?t=")

    response = customer.get(suggestion["open_url"])

    assert response.status_code == 302
    assert response["Location"] == invoice_article.url
    event = VisitEvent.objects.get(kind=VisitEvent.Kind.SUGGESTION)
    assert event.text == "Download an invoice"
    assert event.page_id == invoice_article.pk
    assert Visit.objects.count() == 1


def test_a_forged_or_foreign_suggestion_link_is_refused(customer, home):
    from django.core import signing

    from kb.contact.views import OPEN_SALT

    forged = customer.get("/contact/open/", {"t": "nonsense"})
    foreign_token = signing.dumps(
        {"u": "https://evil.example/", "t": "x", "p": None}, salt=OPEN_SALT
    )
    foreign = customer.get("/contact/open/", {"t": foreign_token})

    assert forged.status_code == foreign.status_code == 400
    assert VisitEvent.objects.count() == 0


def test_the_suggestions_endpoint_refuses_binary_input(customer, home):
    response = customer.get("/contact/suggest/", {"subject": "a\x00b"})

    assert response.status_code == 400


def test_the_same_form_sent_twice_stores_one_request_even_if_edited(customer, home):
    html = customer.get(CONTACT).content.decode()
    token = html.split('name="form_token" value="')[1].split('"')[0]

    send(customer, form_token=token)
    send(customer, form_token=token, description="Changed while the first was sent.")

    assert ContactRequest.objects.count() == 1


def test_over_the_limit_the_customer_keeps_what_they_wrote(customer, home, settings):
    settings.KB_CONTACT_RATE = "1/h"
    send(customer, subject="First")

    response = send(customer, subject="Second question")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Please wait a while" in html
    assert 'value="Second question"' in html


def test_a_client_posting_the_form_over_and_over_is_held_to_a_rate(
    customer, home, settings
):
    settings.KB_SEARCH_RATE_LIMIT = "2/h"
    statuses = [send(customer, subject="").status_code for _ in range(3)]

    assert statuses == [400, 400, 429]


def test_support_sees_the_threads_read_and_the_search_an_article_came_from(
    customer, invoice_article
):
    from kb.forum.models import ForumSection
    from kb.forum.services import topic_create

    member = factories.make_user("member")
    topic = topic_create(
        author=member,
        section=ForumSection.objects.create(name="Billing", slug="billing"),
        title="Where are old invoices kept?",
        body="I can only see this year's invoices on the Billing page.",
    )
    customer.get(f"/community/t/{topic.pk}/")  # the short address redirects
    customer.get(topic.get_absolute_url())
    customer.get(
        invoice_article.url,
        HTTP_REFERER="http://testserver/search/?q=march+invoice",
    )

    send(customer)

    context = ContactRequest.objects.get().context
    short_url = f"/community/t/{topic.pk}/"
    assert context["threads"] == [
        {"title": "Where are old invoices kept?", "url": short_url}
    ]
    assert context["articles"][0]["search"] == "march invoice"
    body = mail.outbox[0].body
    assert "Read in the forum:" in body
    assert f"{short_url})" in mail.outbox[0].alternatives[0][0] or short_url in body
    assert "Where are old invoices kept?" in body
    assert "found by searching “march invoice”" in body
