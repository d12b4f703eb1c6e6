import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
    """`label` is the field as a sentence starts it ("The title"), translated."""
    value = (value or "").replace("\r\n", "\n")
    if CONTROL_CHARS.search(value):
        raise ValidationError(
            _("%(label)s contains characters that aren't text.") % {"label": label}
        )
    stripped = value.strip()
    if len(stripped) < min_length:
        raise ValidationError(
            ngettext(
                "%(label)s needs at least %(count)d character.",
                "%(label)s needs at least %(count)d characters.",
                min_length,
            )
            % {"label": label, "count": min_length}
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(label)s is too long: at most %(max)d characters, this has %(count)d.")
            % {"label": label, "max": max_length, "count": len(value)}
        )
    return value


class SubmitTokenMixin(forms.Form):
    submit_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{0,64}$", required=False, widget=forms.HiddenInput
    )


class AskForm(SubmitTokenMixin):
    section = forms.ModelChoiceField(
        queryset=ForumSection.objects.all(),
        empty_label=None,
        label=gettext_lazy("Section"),
    )
    title = forms.CharField(
        max_length=TITLE_MAX * 5,
        label=gettext_lazy("Title"),
        help_text=gettext_lazy(
            "Say what you want to do, e.g. “How do I share a project with a client?”"
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": TITLE_MAX}),
    )
    body = forms.CharField(
        label=gettext_lazy("Details"),
        max_length=BODY_MAX * 2,
        help_text=gettext_lazy(
            "Markdown: **bold**, `code`, ``` for code blocks, [links](https://…)."
        ),
        widget=forms.Textarea(attrs=editor_attrs(10)),
    )
    tags = forms.CharField(
        required=False,
        max_length=200,
        label=gettext_lazy("Tags"),
        help_text=gettext_lazy(
            "Up to five, separated by commas, e.g. “billing, invoices”."
        ),
    )

    field_order = ["section", "title", "body", "tags", "submit_token"]

    def clean_title(self):
        title = clean_text(
            self.cleaned_data["title"],
            label=_("The title"),
            min_length=TITLE_MIN,
            max_length=TITLE_MAX,
        )
        title = " ".join(title.split())
        if not any(ch.isalnum() for ch in title):
            raise ValidationError(_("The title needs some words."))
        return title

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label=_("The question"),
            min_length=BODY_MIN,
            max_length=BODY_MAX,
        )

    def clean_tags(self):
        raw = self.cleaned_data.get("tags", "")
        if CONTROL_CHARS.search(raw):
            raise ValidationError(_("Tags must be plain words."))
        tags = []
        for part in raw.split(","):
            tag = part.strip().lower().replace(" ", "-")
            if not tag:
                continue
            if not TAG_RE.match(tag):
                raise ValidationError(
                    _(
                        "Tags are single words of letters, digits and - . + # "
                        "(30 at most)."
                    )
                )
            if tag not in tags:
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise ValidationError(_("At most %(count)d tags.") % {"count": MAX_TAGS})
        return tags


class EditQuestionForm(forms.Form):
    title = AskForm.base_fields["title"]
    body = AskForm.base_fields["body"]
    clean_title = AskForm.clean_title
    clean_body = AskForm.clean_body


class AnswerForm(SubmitTokenMixin):
    body = forms.CharField(
        label=gettext_lazy("Your answer"),
        max_length=BODY_MAX * 2,
        help_text=gettext_lazy("Markdown works here; @name tells a member."),
        widget=forms.Textarea(attrs=editor_attrs(8)),
    )

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label=_("The answer"),
            min_length=BODY_MIN,
            max_length=BODY_MAX,
        )


class CommentForm(SubmitTokenMixin):
    body = forms.CharField(
        label=gettext_lazy("Add a comment"),
        max_length=COMMENT_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_body(self):
        return clean_text(
            self.cleaned_data["body"],
            label=_("The comment"),
            min_length=2,
            max_length=COMMENT_MAX,
        )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Reason"),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        label=gettext_lazy("Anything to add? (optional)"),
    )

    def clean_note(self):
        note = self.cleaned_data.get("note", "")
        if CONTROL_CHARS.search(note):
            raise ValidationError(_("The note contains characters that aren't text."))
        return note


class PreviewForm(forms.Form):
    body = forms.CharField(required=False, max_length=BODY_MAX * 2)

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        if CONTROL_CHARS.search(body):
            raise ValidationError(_("The text contains characters that aren't text."))
        if len(body) > BODY_MAX:
            raise ValidationError(
                _("At most %(count)d characters.") % {"count": BODY_MAX}
            )
        return body


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["display_name"]

    def clean_display_name(self):
        name = " ".join(self.cleaned_data.get("display_name", "").split())
        if CONTROL_CHARS.search(name):
            raise ValidationError(_("The name contains characters that aren't text."))
        return name


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label=gettext_lazy("Picture"),
        required=False,
        help_text=gettext_lazy(
            "JPEG, PNG, GIF or WebP, at most 5 MB; it is cropped to a square."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    remove = forms.BooleanField(required=False, label=gettext_lazy("Remove my picture"))


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
