from django import forms
from wagtail.admin.widgets import AdminDateInput

from kb.feedback.forms import admin_users as possible_owners


class ReviewForm(forms.Form):
    owner = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="No owner"
    )
    review_by = forms.DateField(label="Review by", widget=AdminDateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = possible_owners()


class MarkReviewedForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=500,
        label="Note (optional)",
        help_text="What you checked, for the history.",
    )
