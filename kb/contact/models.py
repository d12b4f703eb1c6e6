"""Support requests, their categories, and the help-center visits they end.

A visit is one browser's stretch of activity (a signed cookie, idle after
VISIT_IDLE): what it searched, read and answered is kept as events, so an agent
sees the context of a request and the self-service score can count the visits
that ended without one. No address is stored: a visit keeps only a keyed hash.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SUBJECT_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 5000


class Visit(models.Model):
    visitor = models.CharField(
        max_length=64,
        help_text=_("Keyed hash of the client address (never the address)."),
    )
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "help-center visit"

    def __str__(self):
        return f"visit {self.pk} from {self.started_at:%Y-%m-%d %H:%M}"


class VisitEvent(models.Model):
    class Kind(models.TextChoices):
        SEARCH = "search", _("Searched")
        ARTICLE = "article", _("Read an article")
        THREAD = "thread", _("Read a forum thread")
        FEEDBACK = "feedback", _("Answered “Was this helpful?”")
        SUGGESTION = "suggestion", _("Opened a suggestion on the contact page")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(
        max_length=255, help_text=_("The query, or the title of what was opened.")
    )
    page_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text=_("The article's page id, if it is one.")
    )
    url = models.CharField(max_length=500, blank=True)
    search_query = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The site search an article was opened from, if it was."),
    )
    helpful = models.BooleanField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "visit event"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text}"


class ContactCategory(models.Model):
    name = models.CharField(max_length=100, unique=True)
    email = models.EmailField(
        blank=True,
        help_text=_(
            "Where its requests are sent. Empty: the support address "
            "(KB_SUPPORT_EMAIL)."
        ),
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "contact category"
        verbose_name_plural = "contact categories"
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class ContactRequest(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    subject = models.CharField(max_length=SUBJECT_MAX_LENGTH)
    description = models.TextField(max_length=DESCRIPTION_MAX_LENGTH)
    email = models.EmailField()
    category = models.ForeignKey(
        ContactCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    attachment = models.FileField(upload_to="contact/%Y/%m/", blank=True)
    attachment_name = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The file's name as the customer sent it."),
    )
    attachment_type = models.CharField(
        max_length=100, blank=True, help_text=_("The type found in the file's content.")
    )
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    context = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What the customer searched, read and answered in the visit."),
    )
    client_hash = models.CharField(
        max_length=32,
        blank=True,
        help_text=_("Keyed hash of the client address (never the address)."),
    )
    form_token = models.CharField(
        max_length=32,
        blank=True,
        help_text=_("The form it was sent from: a form sent twice stores one request."),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    webhook_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "support request"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_token"],
                condition=~models.Q(form_token=""),
                name="contact_one_request_per_form",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"
