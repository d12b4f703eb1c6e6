from django import forms

from .models import COMMENT_MAX_LENGTH, Reason


class VoteForm(forms.Form):
    """A reader's answer; `details` marks the follow-up form (reasons, comment)."""

    helpful = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])
    reasons = forms.MultipleChoiceField(
        choices=Reason.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        label="Anything else? (optional)",
    )
    details = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @property
    def is_helpful(self) -> bool:
        return self.cleaned_data["helpful"] == "yes"


class CreateArticleForm(forms.Form):
    """Start a draft article from a search or forum question."""

    title = forms.CharField(max_length=255)
    category = forms.ModelChoiceField(queryset=None, empty_label=None)
    source = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
