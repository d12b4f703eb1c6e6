import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from .models import (
    BODY_MAX,
    BODY_MIN,
    COMMENT_MAX,
    TITLE_MAX,
    TITLE_MIN,
    Flag,
    ForumSection,
    Profile,
)

# Control characters other than tab and newlines mean the text is binary.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
TAG_RE = re.compile(r"^[\w][\w.+#-]{0,29}$", re.UNICODE)
MAX_TAGS = 5


def editor_attrs(rows: int) -> dict:
    """The Markdown editor's extras (static/js/editor.js): toolbar, pictures,
    @mention suggestions and a draft kept in the browser."""
    return {
        "rows": rows,
        "data-editor": "",
        "data-upload-url": reverse_lazy("forum:image_upload"),
        "data-mentions-url": reverse_lazy("forum:mention_suggestions"),
    }


def new_submit_token() -> str:
    return uuid.uuid4().hex


def clean_text(value: str, *, label: str, min_length: int, max_length: int) -> str:
    value = (value or "").replace("\r\n", "\n")
    if CONTROL_CHARS.search(value):
        raise ValidationError(f"The {label} contains characters that aren't text.")
    stripped = value.strip()
    if len(stripped) < min_length:
        raise ValidationError(f"The {label} needs at least {min_length} characters.")
    if len(value) > max_length:
        raise ValidationError(
            f"The {label} is too long: at most {max_length} characters, "
            f"this has {len(value)}."
        )
    return value


class SubmitTokenMixin(forms.Form):
    submit_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{0,64}$", required=False, widget=forms.HiddenInput
    )


class AskForm(SubmitTokenMixin):
    section = forms.ModelChoiceField(
        queryset=ForumSection.objects.all(), empty_label=None
    )
    title = forms.CharField(
        max_length=TITLE_MAX * 5,
        help_text="Say what you want to do, e.g. “How do I share a project with a client?”",
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": TITLE_MAX}),
    )
    body = forms.CharField(
        label="Details",
        max_length=BODY_MAX * 2,
        help_text="Markdown: **bold**, `code`, ``` for code blocks, [links](https://…).",
        widget=forms.Textarea(attrs=editor_attrs(10)),
    )
    tags = forms.CharField(
        required=False,
        max_length=200,
        help_text="Up to five, separated by commas, e.g. “billing, invoices”.",
    )

    field_order = ["section", "title", "body", "tags", "submit_token"]

    def clean_title(self):
        title = clean_text(
            self.cleaned_data["title"],
            label="title",
            min_length=TITLE_MIN,
            max_length=TITLE_MAX,
        )
        title = " ".join(title.split())
        if not any(ch.isalnum() for ch in title):
            raise ValidationError("The title needs some words.")
        return title

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label="question",
            min_length=BODY_MIN,
            max_length=BODY_MAX,
        )

    def clean_tags(self):
        raw = self.cleaned_data.get("tags", "")
        if CONTROL_CHARS.search(raw):
            raise ValidationError("Tags must be plain words.")
        tags = []
        for part in raw.split(","):
            tag = part.strip().lower().replace(" ", "-")
            if not tag:
                continue
            if not TAG_RE.match(tag):
                raise ValidationError(
                    "Tags are single words of letters, digits and - . + # (30 at most)."
                )
            if tag not in tags:
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise ValidationError(f"At most {MAX_TAGS} tags.")
        return tags


class EditQuestionForm(forms.Form):
    title = AskForm.base_fields["title"]
    body = AskForm.base_fields["body"]
    clean_title = AskForm.clean_title
    clean_body = AskForm.clean_body


class AnswerForm(SubmitTokenMixin):
    body = forms.CharField(
        label="Your answer",
        max_length=BODY_MAX * 2,
        help_text="Markdown works here; @name tells a member.",
        widget=forms.Textarea(attrs=editor_attrs(8)),
    )

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label="answer",
            min_length=BODY_MIN,
            max_length=BODY_MAX,
        )


class CommentForm(SubmitTokenMixin):
    body = forms.CharField(
        label="Add a comment",
        max_length=COMMENT_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label="comment",
            min_length=2,
            max_length=COMMENT_MAX,
        )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, max_length=500, label="Anything to add? (optional)"
    )

    def clean_note(self):
        note = self.cleaned_data.get("note", "")
        if CONTROL_CHARS.search(note):
            raise ValidationError("The note contains characters that aren't text.")
        return note


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=BODY_MAX * 2)

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        if CONTROL_CHARS.search(body):
            raise ValidationError("The text contains characters that aren't text.")
        if len(body) > BODY_MAX:
            raise ValidationError(f"At most {BODY_MAX} characters.")
        return body


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name"]

    def clean_display_name(self):
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        if CONTROL_CHARS.search(name):
            raise ValidationError("The name contains characters that aren't text.")
        return name


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label="Picture",
        required=False,
        help_text="JPEG, PNG, GIF or WebP, at most 5 MB; it is cropped to a square.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove = forms.BooleanField(required=False, label="Remove my picture")


class ImageUploadForm(forms.Form):
    image = forms.FileField()


class TagsForm(forms.Form):
    tags = AskForm.base_fields["tags"]
    clean_tags = AskForm.clean_tags


def notification_preferences_form(data=None, *, initial):
    """One choice per kind of notification: instantly, daily digest or never."""
    from .models import Notification, NotificationPreference

    fields = {
        kind: forms.ChoiceField(
            label=label,
            choices=NotificationPreference.Delivery.choices,
            widget=forms.RadioSelect,
        )
        for kind, label in Notification.Kind.choices
    }
    form_class = type("NotificationPreferencesForm", (forms.Form,), fields)
    return form_class(data, initial=initial)
