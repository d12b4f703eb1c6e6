from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .attachments import ALLOWED_DESCRIPTION, detect_type
from .models import DESCRIPTION_MAX_LENGTH, SUBJECT_MAX_LENGTH
from .selectors import categories

HONEYPOT_FIELD = "website"


class ContactForm(forms.Form):
    subject = forms.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        label=gettext_lazy("Subject"),
        help_text=gettext_lazy("A few words, e.g. “Can't download my March invoice”."),
    )
    description = forms.CharField(
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=gettext_lazy("Description"),
        help_text=gettext_lazy("What you tried and what happened."),
    )
    email = forms.EmailField(label=gettext_lazy("Your e-mail address"), max_length=254)
    category = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=gettext_lazy("Choose a topic")
    )
    attachment = forms.FileField(required=False, label=gettext_lazy("Attachment"))
    # Hidden from people (CSS and aria-hidden); bots fill it in.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this empty"),
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
            self.fields["category"].label = _("Topic")
        else:
            del self.fields["category"]
        self.fields["attachment"].help_text = _(
            "Optional: %(allowed)s. Up to %(size)s."
        ) % {
            "allowed": ALLOWED_DESCRIPTION,
            "size": filesizeformat(settings.KB_CONTACT_ATTACHMENT_MAX_BYTES),
        }
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
                _("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(settings.KB_CONTACT_ATTACHMENT_MAX_BYTES)}
            )
        self.attachment_type = detect_type(upload)
        if self.attachment_type is None:
            raise forms.ValidationError(
                _("This kind of file can't be attached. Attach %(allowed)s.")
                % {"allowed": ALLOWED_DESCRIPTION}
            )
        return upload

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))
