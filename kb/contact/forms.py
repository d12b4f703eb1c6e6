from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .attachments import ALLOWED_DESCRIPTION, detect_type
from .models import DESCRIPTION_MAX_LENGTH, SUBJECT_MAX_LENGTH
from .selectors import categories

HONEYPOT_FIELD = "website"


class ContactForm(forms.Form):
    subject = forms.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        help_text="A few words, e.g. “Can't download my March invoice”.",
    )
    description = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you tried and what happened.",
    )
    email = forms.EmailField(label="Your e-mail address", max_length=254)
    category = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Choose a topic"
    )
    attachment = forms.FileField(
        required=False,
        help_text=f"Optional: {ALLOWED_DESCRIPTION}.",
    )
    # Hidden from people (CSS and aria-hidden); bots fill it in.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # Set when the customer has seen the suggestions (live, or on the first submit).
    suggestions_seen = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # One per form shown: the same form sent twice stores one request.
    form_token = forms.RegexField(
        regex=r"^[A-Za-z0-9_-]{16,32}$", required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = categories()
        self.fields["category"].queryset = choices
        if choices.exists():
            self.fields["category"].required = True
            self.fields["category"].label = "Topic"
        else:
            del self.fields["category"]
        self.fields["attachment"].help_text += (
            f" Up to {filesizeformat(settings.KB_CONTACT_ATTACHMENT_MAX_BYTES)}."
        )
        self.attachment_type = None

    def clean_subject(self):
        return " ".join(self.cleaned_data["subject"].split())

    def clean_description(self):
        return self.cleaned_data["description"].strip()

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        if upload.size > settings.KB_CONTACT_ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                "The file is too large: at most "
                f"{filesizeformat(settings.KB_CONTACT_ATTACHMENT_MAX_BYTES)}."
            )
        self.attachment_type = detect_type(upload)
        if self.attachment_type is None:
            raise forms.ValidationError(
                f"This kind of file can't be attached. Attach {ALLOWED_DESCRIPTION}."
            )
        return upload

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))
