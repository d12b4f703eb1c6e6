from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput

from kb.feedback.forms import admin_users as possible_owners


class ReviewForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=gettext_lazy("No owner")
    )
    review_by = forms.DateField(label=gettext_lazy("Review by"), widget=AdminDateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = possible_owners()


class MarkReviewedForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        label=gettext_lazy("Note (optional)"),
        help_text=gettext_lazy("What you checked, for the history."),
    )
