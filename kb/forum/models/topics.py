"""The community forum: sections, topics (questions), posts, votes, flags.

A topic's question is its first post (`Post.is_question`), so votes, flags, edits
and edit history work the same for questions and answers. Counters on Topic and
Post are denormalised and only changed by services with F-expressions.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

TITLE_MIN = 8
TITLE_MAX = 200
BODY_MIN = 10
BODY_MAX = 20_000
COMMENT_MAX = 600


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Awaiting approval")
    HIDDEN = "hidden", _("Hidden by a moderator")
    DELETED = "deleted", _("Deleted by its author")
    MERGED = "merged", _("Merged into another thread")


class TrustLevel(models.IntegerChoices):
    """Discourse's trust levels: rules in kb/forum/trust.py, docs/community.md."""

    NEW = 0, _("New member")
    BASIC = 1, _("Basic member")
    MEMBER = 2, _("Member")
    REGULAR = 3, _("Regular")
    LEADER = 4, _("Leader")


class Profile(models.Model):
    """What the forum shows of a member: name, avatar, reputation, trust level."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile"
    )
    display_name = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Shown beside your posts instead of your username."),
    )
    is_banned = models.BooleanField(
        default=False,
        help_text=_("A banned member can read but not post, vote or flag."),
    )
    banned_at = models.DateTimeField(null=True, blank=True)
    avatar = models.ImageField(
        upload_to="forum/avatars/",
        blank=True,
        help_text=_("A square picture, resized to 128 pixels."),
    )
    reputation = models.IntegerField(
        default=0, help_text=_("Earned by up-votes and accepted answers.")
    )
    trust_level_set = models.PositiveSmallIntegerField(
        choices=TrustLevel.choices,
        null=True,
        blank=True,
        help_text=_("Set by a moderator; empty means earned by activity and time."),
    )
    language = models.CharField(
        max_length=8,
        blank=True,
        help_text=_("The language the member last signed in with; e-mails use it."),
    )

    class Meta:
        verbose_name = "member profile"

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.display_name or self.user.get_username()

    @property
    def initials(self):
        parts = [p for p in self.name.replace("_", " ").replace(".", " ").split() if p]
        letters = "".join(p[0] for p in parts[:2]) or "?"
        return letters.upper()


def shown_name(user) -> str:
    """The name `user` is shown by, from the profile loaded with it (select_related)."""
    profile = getattr(user, "forum_profile", None)
    return profile.name if profile is not None else user.get_username()


class ForumSection(models.Model):
    """A part of the forum, e.g. "Getting started" or "Integrations"."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("Used in the address.")
    )
    description = models.TextField(blank=True, max_length=500)
    sort_order = models.IntegerField(
        default=0, help_text=_("Lower numbers come first.")
    )

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "forum section"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80] or "section"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("forum:section", kwargs={"slug": self.slug})


class TopicTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "forum.Topic", related_name="tagged_items", on_delete=models.CASCADE
    )


class TopicQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(status=Visibility.VISIBLE)


def default_language():
    return settings.LANGUAGE_CODE


class Topic(index.Indexed, models.Model):
    """A question asked in a section, with its answers."""

    section = models.ForeignKey(
        ForumSection, on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics"
    )
    language = models.CharField(
        max_length=15,
        default=default_language,
        db_index=True,
        help_text="The language the question is asked in (a code of LANGUAGES).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.VISIBLE,
        db_index=True,
    )
    answer_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0, help_text=_("Up-votes on the question."))
    accepted_answer = models.ForeignKey(
        "forum.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_locked = models.BooleanField(
        default=False, help_text=_("No new answers or comments.")
    )
    is_pinned = models.BooleanField(
        default=False, help_text=_("Listed first in its section.")
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_topics",
    )
    related_articles = models.ManyToManyField(
        "articles.ArticlePage",
        blank=True,
        related_name="forum_topics",
        help_text=_("Help articles that answer or explain this thread."),
    )
    article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_topics",
        help_text=_("The help article made from this thread."),
    )
    tags = TaggableManager(through=TopicTag, blank=True)

    objects = TopicQuerySet.as_manager()

    # How threads appear in the site search (kb/search/sources.py).
    search_result_kind = "thread"
    search_result_label = _("Forum thread")
    search_result_label_plural = _("Forum threads")
    search_fields = [
        index.SearchField("title", boost=4),  # as ArticlePage's
        index.AutocompleteField("title"),
        index.SearchField("search_body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        # Only fields that change with a reindex (services.reindex_topic): counters
        # and activity times change by UPDATE and would go stale in the index.
        index.FilterField("status"),
        index.FilterField("section"),
        index.FilterField("language"),
    ]

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]
        permissions = [("moderate_forum", "Can moderate the community forum")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(self.title)[:80] or "topic"

    @property
    def is_answered(self):
        return self.answer_count > 0

    @property
    def is_solved(self):
        return self.accepted_answer_id is not None

    def search_body(self):
        """The question's text and the accepted answer's, for the search index."""
        posts = getattr(self, "visible_posts", None)  # see search_results()
        if posts is None:
            posts = self.posts.filter(status=Visibility.VISIBLE)
        parts = [strip_tags(p.body_html) for p in posts if p.is_question]
        if self.accepted_answer_id:
            parts += [
                strip_tags(p.body_html)
                for p in posts
                if p.pk == self.accepted_answer_id
            ]
        return "\n".join(parts)

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.visible()

    @classmethod
    def search_results(cls):
        """Visible threads, with their section and visible posts (the snippet's)."""
        visible_posts = models.Prefetch(
            "posts",
            queryset=Post.objects.filter(status=Visibility.VISIBLE),
            to_attr="visible_posts",
        )
        return (
            cls.objects.visible()
            .select_related("section")
            .prefetch_related(visible_posts)
        )

    @classmethod
    def search_results_in_language(cls, queryset, language):
        return queryset.filter(language=language)

    def search_language(self):
        """What the search index analyses the thread's words as."""
        return self.language

    def search_result_category(self):
        return self.section.name

    def search_result_text(self):
        return f"{self.title}\n{self.search_body()}"

    def search_result_summary(self):
        return self.search_body()

    def search_result_solved(self):
        return self.accepted_answer_id is not None


class Post(models.Model):
    """The question (first post) or an answer in a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    is_question = models.BooleanField(default=False)
    body_markdown = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(
        help_text=_("Sanitised HTML rendered from the Markdown on save.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.VISIBLE,
        db_index=True,
    )
    score = models.IntegerField(default=0)
    submit_token = models.CharField(
        max_length=64,
        blank=True,
        help_text=_(
            "The form's one-time token: a second submit returns the first post."
        ),
    )
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When its author deleted it (undo window).")
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_token"],
                condition=~models.Q(submit_token=""),
                name="forum_post_unique_submit_token",
            )
        ]

    def __str__(self):
        kind = "Question" if self.is_question else "Answer"
        return f"{kind} #{self.pk} in {self.topic}"

    def get_absolute_url(self):
        return f"{self.topic.get_absolute_url()}#post-{self.pk}"

    @property
    def is_visible(self):
        return self.status == Visibility.VISIBLE


class PostRevision(models.Model):
    """A post as it was before an edit; moderators read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=TITLE_MAX, blank=True)
    body_markdown = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Revision of {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    """A short plain-text remark under a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_comments",
    )
    body = models.TextField(max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    submit_token = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submit_token"],
                condition=~models.Q(submit_token=""),
                name="forum_comment_unique_submit_token",
            )
        ]

    def __str__(self):
        return f"Comment #{self.pk} on {self.post_id}"


class Vote(models.Model):
    """One member's up-vote on a post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"], name="forum_vote_one_per_member"
            )
        ]

    def __str__(self):
        return f"Vote by {self.user_id} on {self.post_id}"


class Flag(models.Model):
    """A member's report that a post needs a moderator."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam")
        RUDE = "rude", _("Rude or abusive")
        OFF_TOPIC = "off_topic", _("Off-topic")
        OTHER = "other", _("Something else")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="forum_flag_once")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} flag on {self.post_id}"


class Subscription(models.Model):
    """A member who gets an e-mail for each new answer in a topic."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"], name="forum_subscribe_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id} follows {self.topic_id}"


class SuggestionOpen(models.Model):
    """An asker opened a suggested article or thread instead of posting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    typed_title = models.CharField(max_length=TITLE_MAX, blank=True)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.typed_title!r} → {self.url}"


class Notification(models.Model):
    """Something a member should know about: an answer, a comment, an accept,
    a mention or a moderator's decision. Unread while `read_at` is empty."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("New answers in threads I follow")
        COMMENT = "comment", _("Comments on my posts")
        ACCEPTED = "accepted", _("My answer is accepted")
        MENTION = "mention", _("Someone mentions me")
        MODERATION = "moderation", _("Moderators' decisions about my posts")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notifications",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    summary = models.CharField(max_length=300, help_text=_("Plain text, one line."))
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When it went out by e-mail (or digest).")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="forum_notif_unread"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.recipient_id}"

    def get_absolute_url(self):
        if self.post_id:
            return self.post.get_absolute_url()
        if self.topic_id:
            return self.topic.get_absolute_url()
        return reverse("forum:notifications")


class NotificationPreference(models.Model):
    """How a member wants e-mail for one kind of notification."""

    class Delivery(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DAILY = "daily", _("Daily digest")
        NEVER = "never", _("Never")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_notification_preferences",
    )
    kind = models.CharField(max_length=12, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="forum_notification_pref_once"
            )
        ]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.delivery}"


class PostImage(models.Model):
    """A picture a member uploaded for a post (checked, resized, re-encoded)."""

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.ImageField(upload_to="forum/images/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.file.name
