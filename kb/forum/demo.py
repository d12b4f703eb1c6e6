"""Demo community for "Acme Projects": sections, members and a dozen threads.

Loaded by `manage.py forum_load_demo`; running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import badges, services
from .models import ForumSection, Post, Profile, Topic

SECTIONS = [
    (
        "getting-started",
        "Getting started",
        "First steps: workspaces, projects and inviting your team.",
    ),
    (
        "projects-tasks",
        "Projects and tasks",
        "Boards, timelines, recurring tasks and custom fields.",
    ),
    (
        "integrations",
        "Integrations and API",
        "Slack, GitHub, Google Calendar, webhooks and the REST API.",
    ),
    (
        "billing",
        "Billing and plans",
        "Plans, invoices, discounts and payment questions.",
    ),
]

MEMBERS = [
    ("dana", "Dana Whitfield"),
    ("mika", "Mika Tanaka"),
    ("oskar", "Oskar Lindqvist"),
    ("priya", "Priya Raman"),
    ("leo", "Leo Fontaine"),
    ("acme_sam", "Sam from Acme"),
]


@dataclass
class DemoThread:
    section: str
    asker: str
    title: str
    body: str
    tags: tuple
    answers: tuple = ()  # (author, body)
    accepted: int | None = None  # index into answers
    voters: tuple = ()  # members who up-vote the first answer


THREADS = [
    DemoThread(
        "getting-started",
        "dana",
        "How do I invite a client without giving them edit rights?",
        "We work with an agency client who should **see** our board but not move cards. "
        "Is there a read-only role?",
        ("sharing", "roles"),
        answers=(
            (
                "acme_sam",
                "Invite them as a **guest**: *Workspace settings → Members → Invite*, "
                "then pick *Guest* and choose *Can view*. Guests only see the projects you share "
                "with them and don't count towards your paid seats.",
            ),
            (
                "oskar",
                "We do the same; note that guests can still comment unless you switch "
                "comments off in the project's sharing menu.",
            ),
        ),
        accepted=0,
        voters=("mika", "priya", "leo"),
    ),
    DemoThread(
        "getting-started",
        "leo",
        "Importing from Trello lost my checklists",
        "I imported a Trello board and the cards came over, but the checklists inside them "
        "are gone. Did I miss an option?",
        ("import", "trello"),
        answers=(
            (
                "acme_sam",
                "Checklists import as **subtasks**. Open a task and look under "
                "*Subtasks*; if the card had several checklists, their names become subtask "
                "groups. Re-run the import with *Include checklists* ticked if it was unticked.",
            ),
        ),
        accepted=0,
        voters=("dana",),
    ),
    DemoThread(
        "projects-tasks",
        "mika",
        "Recurring task every last Friday of the month?",
        "I need a task that repeats on the **last Friday** of each month for our payroll "
        "check. The repeat menu only offers a day number.",
        ("recurring-tasks",),
        answers=(
            (
                "priya",
                "Choose *Repeat → Custom*, then *Monthly* and *On the last Friday*. "
                "The option appears once you pick a Friday as the start date.",
            ),
        ),
        accepted=0,
        voters=("oskar", "dana"),
    ),
    DemoThread(
        "projects-tasks",
        "oskar",
        "Timeline dependencies don't move later tasks",
        "When a task slips on the timeline, the tasks that depend on it stay where they are. "
        "Can they shift automatically?",
        ("timeline", "dependencies"),
        answers=(
            (
                "acme_sam",
                "Turn on *Auto-schedule dependents* in the timeline's ⋯ menu. "
                "After that, moving a task pushes every finish-to-start dependent by the same "
                "number of working days.",
            ),
            ("leo", "Heads-up: it only shifts tasks that haven't started yet."),
        ),
        accepted=0,
        voters=("mika", "priya"),
    ),
    DemoThread(
        "projects-tasks",
        "priya",
        "Can a custom field be required before a task is closed?",
        "We'd like the *Hours spent* number field to be filled in before anyone can mark a "
        "task done. Is that possible?",
        ("custom-fields",),
        answers=(
            (
                "dana",
                "Not that I know of. We use a saved view that lists done tasks "
                "with an empty *Hours spent* and check it every Friday.",
            ),
        ),
        voters=("oskar",),
    ),
    DemoThread(
        "projects-tasks",
        "dana",
        "Archive vs delete a finished project",
        "What's the difference between archiving and deleting a project? Will archived "
        "projects still count towards our plan's limit?",
        ("archive", "projects"),
        answers=(
            (
                "acme_sam",
                "Archived projects are read-only and hidden from the sidebar, and "
                "they **don't** count towards project limits. You can restore them any time. "
                "Deleted projects go to the trash for 30 days, then they're gone for good.",
            ),
        ),
        accepted=0,
        voters=("leo", "mika", "oskar", "priya"),
    ),
    DemoThread(
        "integrations",
        "oskar",
        "Slack notifications stopped after we renamed the channel",
        "We renamed #dev-updates to #engineering and since then nothing arrives from "
        "Acme Projects.",
        ("slack", "notifications"),
        answers=(
            (
                "mika",
                "Same here. Disconnecting and reconnecting Slack under *Integrations* "
                "fixed it, then pick the new channel name again.",
            ),
        ),
        accepted=0,
        voters=("dana",),
    ),
    DemoThread(
        "integrations",
        "priya",
        "GitHub commits don't link to tasks",
        "I write `fixes ACME-123` in the commit message but the task doesn't show the commit.",
        ("github",),
        answers=(
            (
                "acme_sam",
                "Check that the repository is enabled under *Integrations → GitHub → "
                "Repositories*. The task key is case-sensitive, and commits only link once "
                "they're pushed to a branch, not while they're local:\n\n"
                '```\ngit commit -m "Fix login timeout (fixes ACME-123)"\ngit push\n```',
            ),
        ),
        accepted=0,
        voters=("oskar", "leo"),
    ),
    DemoThread(
        "integrations",
        "leo",
        "What are the REST API rate limits?",
        "Our nightly sync script sometimes gets HTTP 429. How many requests per minute are "
        "allowed?",
        ("api", "rate-limits"),
        answers=(
            (
                "acme_sam",
                "100 requests per minute per token on Team, 500 on Business. On a "
                "429, wait for the number of seconds in the `Retry-After` header before "
                "retrying.",
            ),
        ),
        voters=("priya",),
    ),
    DemoThread(
        "integrations",
        "mika",
        "Google Calendar shows due dates one day early",
        "Every task due on a Monday shows up on Sunday in Google Calendar. Our workspace is in "
        "Europe/Berlin.",
        ("google-calendar", "time-zones"),
    ),
    DemoThread(
        "billing",
        "dana",
        "Do you have a discount for a small nonprofit?",
        "We're a volunteer-run food bank with 12 people. Is there a nonprofit price?",
        ("nonprofit", "pricing"),
        answers=(
            (
                "acme_sam",
                "Yes: registered nonprofits get 50% off the Team and Business plans. "
                "Send proof of status from *Billing → Discounts* and we'll apply it to your next "
                "invoice.",
            ),
        ),
        accepted=0,
        voters=("mika", "leo"),
    ),
    DemoThread(
        "billing",
        "oskar",
        "Where can I download invoices with our VAT number?",
        "Our accountant needs PDF invoices that show our company's VAT number.",
        ("invoices", "vat"),
        answers=(
            (
                "priya",
                "Add the VAT number under *Billing → Company details* first; invoices "
                "issued after that show it. Older invoices can be re-issued by support.",
            ),
        ),
        voters=("dana",),
    ),
]


@dataclass
class DemoSummary:
    created: int = 0
    existing: int = 0


def _members():
    User = get_user_model()
    users = {}
    for username, display_name in MEMBERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": ""}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        Profile.objects.update_or_create(
            user=user, defaults={"display_name": display_name}
        )
        users[username] = user
    return users


@transaction.atomic
def load_demo(*, stdout=None) -> DemoSummary:
    """Create the demo community; existing threads (same title and asker) are kept."""
    sections = {}
    for order, (slug, name, description) in enumerate(SECTIONS):
        sections[slug], _ = ForumSection.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "sort_order": order},
        )
    users = _members()
    summary = DemoSummary()
    for number, thread in enumerate(THREADS):
        asker = users[thread.asker]
        if Topic.objects.filter(title=thread.title, author=asker).exists():
            summary.existing += 1
            continue
        topic = services.topic_create(
            author=asker,
            section=sections[thread.section],
            title=thread.title,
            body=thread.body,
            tags=thread.tags,
        )
        answers = [
            services.answer_create(author=users[author], topic=topic, body=body)
            for author, body in thread.answers
        ]
        if thread.accepted is not None:
            services.answer_accept(user=asker, post=answers[thread.accepted])
        question = Post.objects.get(topic=topic, is_question=True)
        for voter in thread.voters:
            target = answers[0] if answers else question
            if target.author_id != users[voter].pk:
                services.vote_record(user=users[voter], post=target)
            if question.author_id != users[voter].pk:
                services.vote_record(user=users[voter], post=question)
        _spread_in_time(topic, days_ago=len(THREADS) - number)
        summary.created += 1
        if stdout is not None:
            stdout.write(f"  + {thread.title}")
    badges.badges_award(user_ids=[user.pk for user in users.values()])
    return summary


def _spread_in_time(topic, *, days_ago):
    """Date the demo thread in the past, its answers a few hours apart."""
    asked = timezone.now() - timedelta(days=days_ago, hours=3)
    posts = list(Post.objects.filter(topic=topic).order_by("pk"))
    for n, post in enumerate(posts):
        Post.objects.filter(pk=post.pk).update(
            created_at=asked + timedelta(hours=5 * n)
        )
    Topic.objects.filter(pk=topic.pk).update(
        created_at=asked, last_activity_at=asked + timedelta(hours=5 * (len(posts) - 1))
    )
