"""Threads: sections, topics (questions) and their posts.

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
