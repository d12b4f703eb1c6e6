"""After any write, the next search in the same process finds each object at most
once, with its new text.

Every test searches before the write, so the process holds whatever the search
keeps between calls (readers, caches), then writes the way the product does
(services, Wagtail page actions) with the index updates it makes at once or on
commit, then searches again. `search_everything` pages through all results and checks
that they add up: no object twice, `total` equal to the distinct hits listed,
the per-kind counts adding up to `total`.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from kb.articles.models import ArticlePage
from kb.forum import moderation, services
from kb.forum.models import ForumSection, Visibility
from kb.search.selectors import site_search
from kb.search.selectors.suggest import suggestions
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_backend")]

PER_PAGE = 2  # small pages, so that most searches take several of them


def search_everything(query, *, kinds=(), category_id=None):
    """Every hit of `query`, page by page, after checking that the pages add up."""
    first = site_search(
        query=query, kinds=kinds, category_id=category_id, limit=PER_PAGE
    )
    hits, outcome = [], first
    while True:
        assert outcome.total == first.total, "pages of one search disagree"
        hits += outcome.hits
        offset = outcome.offset + PER_PAGE
        if not outcome.hits or offset >= first.total:
            break
        outcome = site_search(
            query=query,
            kinds=kinds,
            category_id=category_id,
            offset=offset,
            limit=PER_PAGE,
        )
    listed = [(hit.kind, hit.object.pk) for hit in hits]
    assert len(listed) == len(set(listed)), f"{query!r} lists an object twice"
    assert first.total == len(listed), f"{query!r} counts hits it does not list"
    assert sum(first.kind_counts.values()) == first.total
    return hits


def found(query, **filters):
    """(kind, pk) of every hit of `query`, checked as in `search_everything`."""
    return sorted(
        (hit.kind, hit.object.pk) for hit in search_everything(query, **filters)
    )


def titles(query, **filters):
    return sorted(hit.title for hit in search_everything(query, **filters))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run one write and then, as its commit would, the updates it scheduled."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def article_key(page):
    return ("article", page.pk)


def thread_key(topic):
    return ("thread", topic.pk)


# Articles (Wagtail pages)


# The "Reset your password" article rewritten: none of its words are left.
PASSPHRASE = {
    "title": "Recover a forgotten passphrase",
    "summary": "Lost the passphrase? A recovery e-mail gets you back in.",
    "body": "Choose Recover on the sign in screen.",
}


def republish(page, *, title, summary, body):
    page = ArticlePage.objects.get(pk=page.pk)
    page.title, page.summary, page.body = title, summary, paragraph(body)
    page.save_revision().publish()
    return page


def test_an_edited_and_republished_article_is_found_once_with_its_new_text(
    help_center, committed
):
    password = help_center["password"]
    assert found("password") == [article_key(password)]

    committed(
        republish,
        password,
        **PASSPHRASE,
    )

    assert titles("passphrase") == ["Recover a forgotten passphrase"]
    assert found("recovery") == [article_key(password)]
    assert found("password") == []
    assert found("reset") == []


def test_an_article_republished_again_and_again_is_found_once_each_time(
    help_center, committed
):
    """Enough commits for the index to merge its segments in between."""
    plan = help_center["plan"]
    for number in range(12):
        assert found("plan") == [article_key(plan)]
        committed(
            republish,
            plan,
            title=f"Change your plan ({number})",
            summary=f"Revision {number}: upgrade or downgrade.",
            body=f"Plans change at once, revision {number}.",
        )
        assert titles("plan") == [f"Change your plan ({number})"]
    assert found("subscription") == []  # the first summary's word


def test_draft_changes_are_not_found_until_they_are_published(help_center, committed):
    invoice = ArticlePage.objects.get(pk=help_center["invoice"].pk)
    assert found("download tax") == [article_key(invoice)]

    invoice.title = "Download a receipt"
    invoice.summary = "Receipts are kept as PDF."
    invoice.body = paragraph("Every receipt lists the VAT number.")
    committed(invoice.save_revision)

    assert titles("download tax") == ["Download an invoice"]
    assert found("receipt") == []

    committed(invoice.get_latest_revision().publish)

    assert titles("receipt") == ["Download a receipt"]
    assert found("tax") == []


def test_a_published_draft_is_found_once(help_center, committed):
    draft = make_article(
        help_center["billing"],
        "Pay by bank transfer",
        live=False,
        summary="Transfers take two days.",
        body=paragraph("Wire the total to our bank; the tax is included."),
    )
    assert found("transfer") == []
    assert found("tax") == [article_key(help_center["invoice"])]

    committed(draft.get_latest_revision().publish)

    assert found("transfer") == [article_key(draft)]
    assert found("tax") == sorted(
        [article_key(help_center["invoice"]), article_key(draft)]
    )


def _unpublish(page):
    ArticlePage.objects.get(pk=page.pk).unpublish()


def _delete(page):
    ArticlePage.objects.get(pk=page.pk).delete()


@pytest.mark.parametrize("write", [_unpublish, _delete], ids=["unpublish", "delete"])
def test_an_article_taken_down_leaves_the_search(help_center, committed, write):
    login, password = help_center["login"], help_center["password"]
    assert found("sign") == sorted([article_key(login), article_key(password)])

    committed(write, login)

    assert found("sign") == [article_key(password)]
    assert found("identity provider") == []
    assert found("sign", kinds=["article"]) == [article_key(password)]


def test_an_article_published_again_after_an_unpublish_is_found_once(
    help_center, committed
):
    login = help_center["login"]
    assert found("identity") == [article_key(login)]
    committed(_unpublish, login)
    assert found("identity") == []

    page = ArticlePage.objects.get(pk=login.pk)
    committed(page.get_latest_revision().publish)

    assert found("identity") == [article_key(login)]


def test_a_moved_article_is_found_once_in_its_new_category(help_center, committed):
    account, billing = help_center["account"], help_center["billing"]
    login = help_center["login"]
    assert found("log", category_id=account.pk) == [article_key(login)]
    assert found("log", category_id=billing.pk) == []

    page = ArticlePage.objects.get(pk=login.pk)
    committed(page.move, billing, pos="last-child")

    hits = search_everything("identity")
    assert [(hit.kind, hit.object.pk) for hit in hits] == [article_key(login)]
    assert hits[0].category == "Billing"
    assert hits[0].url == ArticlePage.objects.get(pk=login.pk).get_url()
    assert "/billing/" in hits[0].url
    assert found("log", category_id=billing.pk) == [article_key(login)]
    assert found("log", category_id=account.pk) == []


def test_a_copied_article_is_found_once_beside_its_original(help_center, committed):
    invoice = help_center["invoice"]
    assert found("download") == [article_key(invoice)]

    copy = committed(
        ArticlePage.objects.get(pk=invoice.pk).copy,
        to=help_center["account"],
        update_attrs={"title": "Download an invoice (account)", "slug": "invoice-2"},
        keep_live=True,
    )

    assert copy.live
    assert found("download") == sorted([article_key(invoice), article_key(copy)])
    assert titles("download") == [
        "Download an invoice",
        "Download an invoice (account)",
    ]


def test_deleting_a_category_takes_its_articles_out_of_the_search(
    help_center, committed
):
    assert found("invoice plan") == sorted(
        [article_key(help_center["invoice"]), article_key(help_center["plan"])]
    )
    assert len(found("password")) == 1

    committed(help_center["billing"].delete)

    assert found("invoice plan") == []
    assert found("password") == [article_key(help_center["password"])]


# Forum threads


@pytest.fixture
def section(db):
    return ForumSection.objects.create(name="Getting started", slug="getting-started")


@pytest.fixture
def other_section(db):
    return ForumSection.objects.create(name="Integrations", slug="integrations")


@pytest.fixture
def asker(db):
    return make_user("asker")


@pytest.fixture
def helper(db):
    return make_user("helper")


@pytest.fixture
def moderator(db):
    user = make_user("mod", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="moderate_forum"))
    return user


@pytest.fixture
def guide(category):
    """An article about the thread's subject, so searches list both kinds."""
    return make_article(
        category,
        "Invite a client to a project",
        summary="Guests see the board without editing it.",
        body=paragraph("Open Share and choose Guest access."),
    )


@pytest.fixture
def ask(committed, section, asker):
    def ask(title, body, *, author=asker, **kwargs):
        kwargs.setdefault("section", section)
        return committed(
            services.topic_create, author=author, title=title, body=body, **kwargs
        )

    return ask


@pytest.fixture
def topic(ask):
    return ask(
        "How do I invite a client to a project?",
        "I want a client to see the board but not edit it.",
    )


@pytest.fixture
def question(topic):
    return topic.posts.get(is_question=True)


@pytest.fixture
def answer(committed, topic, helper):
    return committed(
        services.answer_create,
        author=helper,
        topic=topic,
        body="Use the Chameleon mode under Share to give read-only access.",
    )


def test_a_new_thread_is_found_once_beside_the_article(guide, ask):
    assert found("invite client") == [article_key(guide)]

    topic = ask(
        "Can I invite a client without a seat?",
        "Our client wants to follow the tasks of one project.",
    )

    assert found("invite client") == sorted([article_key(guide), thread_key(topic)])
    assert found("seat") == [thread_key(topic)]
    assert found("client", kinds=["thread"]) == [thread_key(topic)]


def test_new_questions_keep_every_other_thread_found_once(guide, ask):
    """The symptom reported from the running site: after a member posted a
    question, every thread matching a word came back twice. Members keep posting
    here, so that the index also merges its segments in between."""
    threads = [
        ask(f"Slack alerts for board {number}", f"Post board {number} to Slack.")
        for number in range(4)
    ]
    expected = sorted(thread_key(topic) for topic in threads)
    new = []
    for number in range(6):
        assert found("slack", kinds=["thread"]) == expected

        new.append(ask(f"Export time sheets {number}", "Where is the CSV export?"))

        assert found("slack", kinds=["thread"]) == expected
        assert found("slack") == expected
        assert found("export") == sorted(thread_key(topic) for topic in new)


def test_an_edited_thread_is_found_once_with_its_new_title(
    committed, guide, topic, question, asker
):
    assert found("invite client") == sorted([article_key(guide), thread_key(topic)])

    committed(
        services.post_edit,
        editor=asker,
        post=question,
        title="Read-only guests on a project board?",
        body="Can a customer follow the kanban board without a login?",
    )

    assert titles("kanban") == ["Read-only guests on a project board?"]
    assert found("client", kinds=["thread"]) == []
    assert found("invite client") == [article_key(guide)]


def test_a_new_answer_leaves_its_thread_found_once(guide, topic, answer):
    assert found("invite client") == sorted([article_key(guide), thread_key(topic)])
    # Only an accepted answer is part of what a thread is found by.
    assert found("chameleon") == []


def test_an_accepted_answer_finds_its_thread_once_until_unaccepted(
    committed, topic, answer, asker
):
    assert found("chameleon") == []
    assert found("invite") == [thread_key(topic)]

    committed(services.answer_accept, user=asker, post=answer)

    hits = search_everything("chameleon")
    assert [(hit.kind, hit.object.pk) for hit in hits] == [thread_key(topic)]
    assert hits[0].answered is True
    assert found("invite") == [thread_key(topic)]

    committed(services.answer_unaccept, user=asker, topic=topic)

    assert found("chameleon") == []
    hits = search_everything("invite")
    assert [(hit.kind, hit.object.pk) for hit in hits] == [thread_key(topic)]
    assert hits[0].answered is False


def test_an_edited_accepted_answer_is_found_by_its_new_text_only(
    committed, topic, answer, asker, helper
):
    committed(services.answer_accept, user=asker, post=answer)
    assert found("chameleon") == [thread_key(topic)]

    committed(
        services.post_edit,
        editor=helper,
        post=answer,
        body="Give them the Observer role in the project settings.",
    )

    assert found("observer") == [thread_key(topic)]
    assert found("chameleon") == []


def _hide_question(*, topic, question, moderator, asker, other):
    moderation.post_hide(moderator=moderator, post=question)


def _delete_question(*, topic, question, moderator, asker, other):
    services.post_delete(user=asker, post=question)


def _merge_into_other(*, topic, question, moderator, asker, other):
    moderation.topic_merge(moderator=moderator, source=topic, target=other)


@pytest.mark.parametrize(
    "write",
    [_hide_question, _delete_question, _merge_into_other],
    ids=["hidden-by-moderator", "deleted-by-author", "merged-away"],
)
def test_a_thread_taken_down_leaves_the_search(
    committed, ask, guide, topic, question, moderator, asker, write
):
    other = ask("Sharing boards with customers", "Which plan allows guest access?")
    assert found("invite client") == sorted([article_key(guide), thread_key(topic)])
    assert found("board") == sorted(
        [article_key(guide), thread_key(topic), thread_key(other)]
    )

    committed(
        write,
        topic=topic,
        question=question,
        moderator=moderator,
        asker=asker,
        other=other,
    )

    assert found("invite client") == [article_key(guide)]
    assert found("board") == sorted([article_key(guide), thread_key(other)])
    assert found("board", kinds=["thread"]) == [thread_key(other)]


def test_a_merged_duplicate_leaves_its_original_found_once(
    committed, ask, topic, answer, moderator, asker
):
    original = ask("Guest access for clients", "How do guests see a project?")
    assert found("guest", kinds=["thread"]) == [thread_key(original)]
    assert found("client", kinds=["thread"]) == sorted(
        [thread_key(topic), thread_key(original)]
    )

    target = committed(
        moderation.topic_merge, moderator=moderator, source=topic, target=original
    )

    assert target.answer_count == 1
    assert found("client", kinds=["thread"]) == [thread_key(original)]
    assert found("guest") == [thread_key(original)]
    assert found("invite") == []


def test_a_hidden_thread_is_found_once_again_when_restored(
    committed, topic, question, moderator
):
    assert found("invite client") == [thread_key(topic)]
    committed(moderation.post_hide, moderator=moderator, post=question)
    assert found("invite client") == []

    committed(moderation.post_restore, moderator=moderator, post=question)

    assert found("invite client") == [thread_key(topic)]


def test_a_hidden_accepted_answer_no_longer_finds_its_thread(
    committed, topic, answer, asker, moderator
):
    committed(services.answer_accept, user=asker, post=answer)
    assert found("chameleon") == [thread_key(topic)]

    committed(moderation.post_hide, moderator=moderator, post=answer)

    assert found("chameleon") == []
    hits = search_everything("invite")
    assert [(hit.kind, hit.object.pk) for hit in hits] == [thread_key(topic)]
    assert hits[0].answered is False


def test_an_accepted_answer_deleted_by_its_author_no_longer_finds_its_thread(
    committed, topic, answer, asker, helper
):
    committed(services.answer_accept, user=asker, post=answer)
    assert found("chameleon") == [thread_key(topic)]

    committed(services.post_delete, user=helper, post=answer)

    assert found("chameleon") == []
    assert found("invite") == [thread_key(topic)]


def test_a_moved_thread_is_found_once_in_its_new_section(
    committed, topic, moderator, other_section
):
    hits = search_everything("invite")
    assert [hit.category for hit in hits] == ["Getting started"]

    committed(
        moderation.topic_move, moderator=moderator, topic=topic, section=other_section
    )

    hits = search_everything("invite")
    assert [(hit.kind, hit.object.pk) for hit in hits] == [thread_key(topic)]
    assert hits[0].category == "Integrations"


def test_a_held_first_post_is_found_once_only_after_approval(
    settings, committed, ask, topic, moderator
):
    settings.KB_FORUM_HOLD_FIRST_POSTS = True
    newcomer = make_user("newcomer")
    assert found("client") == [thread_key(topic)]

    held = ask(
        "Client portal branding",
        "Can the client portal show our logo?",
        author=newcomer,
    )

    assert found("client") == [thread_key(topic)]
    assert found("logo") == []

    committed(
        moderation.post_restore,
        moderator=moderator,
        post=held.posts.get(is_question=True),
    )

    assert found("client") == sorted([thread_key(topic), thread_key(held)])
    assert found("logo") == [thread_key(held)]


def test_banning_a_member_hides_their_held_post_and_keeps_their_threads_found_once(
    settings, committed, ask, moderator
):
    """A ban hides the member's posts that wait for approval; what they posted
    before stays visible, and found once."""
    member = make_user("member")
    visible = ask(
        "Zapier trigger fails", "The Zapier trigger times out.", author=member
    )
    settings.KB_FORUM_HOLD_FIRST_POSTS = True
    newcomer = make_user("newcomer")
    held = ask("Zapier spam link", "Buy Zapier credits here.", author=newcomer)
    assert found("zapier") == [thread_key(visible)]

    committed(moderation.member_ban, moderator=moderator, user=member)
    committed(moderation.member_ban, moderator=moderator, user=newcomer)

    assert held.posts.get().status == Visibility.HIDDEN
    assert found("zapier") == [thread_key(visible)]
    assert found("spam credits") == []
    with pytest.raises(PermissionDenied):
        ask("Zapier again", "Posting after the ban.", author=member)
    assert found("zapier") == [thread_key(visible)]


# What search offers besides results


def offered(prefix):
    """Search-as-you-type: (type, label) of what is offered for `prefix`."""
    return [(item["type"], item["label"]) for item in suggestions(prefix=prefix)]


def test_search_as_you_type_offers_an_edited_title_once_and_no_word_of_the_old_one(
    help_center, committed
):
    assert offered("passw") == [
        ("article", "Reset your password"),
        ("query", "password"),
    ]

    committed(
        republish,
        help_center["password"],
        **PASSPHRASE,
    )

    assert offered("passph") == [
        ("article", "Recover a forgotten passphrase"),
        ("query", "passphrase"),
    ]
    assert offered("passw") == []


def test_a_correction_never_searches_a_word_only_the_old_text_had(
    help_center, committed
):
    assert site_search(query="pasword").query == "password"

    committed(
        republish,
        help_center["password"],
        **PASSPHRASE,
    )

    assert site_search(query="pasword").original_query is None
    assert site_search(query="pasphrase").query == "passphrase"


def test_an_editors_pick_is_listed_once_across_all_pages(help_center, committed):
    billing = help_center["billing"]
    guides = [
        make_article(billing, f"Billing guide {number}", slug=f"guide-{number}")
        for number in range(4)
    ]
    assert len(found("billing")) == 4

    committed(
        SearchPromotion.objects.create,
        query=Query.objects.create(query_string="billing"),
        page=guides[3],
        sort_order=0,
    )

    picks = site_search(query="billing", limit=PER_PAGE).picks
    assert [pick.object.pk for pick in picks] == [guides[3].pk]
    listed = [hit.object.pk for hit in search_everything("billing")]
    assert guides[3].pk not in listed
    assert len(listed) == 3


# Writes that never commit


class Interrupted(Exception):
    """What made the request fail after its write."""


def interrupted(write, *args, **kwargs):
    """`write` in a request's transaction that fails after it: nothing commits."""
    with pytest.raises(Interrupted), transaction.atomic():
        write(*args, **kwargs)
        raise Interrupted


# Django's TestCase transaction never commits, and inside it index updates apply at
# once (kb/search/signal_handlers.py): a rollback is seen as in production only in a
# transactional test.
committed_for_real = pytest.mark.django_db(transaction=True)


@committed_for_real
def test_a_publish_that_is_rolled_back_leaves_the_search_as_it_was(
    help_center, committed
):
    password = help_center["password"]
    assert found("password") == [article_key(password)]

    committed(
        interrupted,
        republish,
        password,
        **PASSPHRASE,
    )

    assert ArticlePage.objects.get(pk=password.pk).title == "Reset your password"
    assert found("passphrase") == []
    assert found("password") == [article_key(password)]


@committed_for_real
def test_an_edit_that_is_rolled_back_leaves_the_search_as_it_was(
    committed, topic, question, asker
):
    assert found("invite") == [thread_key(topic)]

    committed(
        interrupted,
        services.post_edit,
        editor=asker,
        post=question,
        title="Read-only guests on a kanban board?",
        body="Can a customer follow the kanban board without a login?",
    )

    assert found("kanban") == []
    assert found("invite") == [thread_key(topic)]


@committed_for_real
def test_a_question_that_is_rolled_back_is_neither_listed_nor_counted(
    committed, section, asker
):
    assert found("invite") == []

    committed(
        interrupted,
        services.topic_create,
        author=asker,
        section=section,
        title="Can I invite a client?",
        body="A client should see one board.",
    )

    assert found("invite") == []
