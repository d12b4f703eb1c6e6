from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput, AdminPageChooser

from kb.articles.models import ArticlePage

from .models import COMMENT_MAX_LENGTH, GapState, Reason


def admin_users():
    """Active accounts that can use the admin: who a gap or a review can go to."""
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="access_admin")
            | Q(user_permissions__codename="access_admin")
        )
        .distinct()
        .order_by("username")
    )


class VoteForm(forms.Form):
    """A reader's answer; `details` marks the follow-up form (reasons, comment)."""

    helpful = forms.ChoiceField(
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
    )
    reasons = forms.MultipleChoiceField(
        choices=Reason.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": COMMENT_MAX_LENGTH}),
        label=gettext_lazy("Anything else? (optional)"),
    )
    details = forms.BooleanField(required=False, widget=forms.HiddenInput)
    search = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

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


class GapTicketForm(forms.Form):
    """Move a content gap in the work queue; each state asks for what it needs."""

    key = forms.CharField(max_length=500, widget=forms.HiddenInput)
    kind = forms.CharField(max_length=32, widget=forms.HiddenInput)
    title = forms.CharField(max_length=255, widget=forms.HiddenInput)
    state = forms.ChoiceField(choices=GapState.choices, label=gettext_lazy("Move to"))
    assignee = forms.ModelChoiceField(
        queryset=None, required=False, label=gettext_lazy("Assign to")
    )
    snoozed_until = forms.DateField(
        required=False, label=gettext_lazy("Snooze until"), widget=AdminDateInput
    )
    reason = forms.CharField(
        max_length=300, required=False, label=gettext_lazy("Why dismissed")
    )
    covered_by = forms.ModelChoiceField(
        queryset=ArticlePage.objects.all(),
        required=False,
        label=gettext_lazy("Covered by article"),
        widget=AdminPageChooser(target_models=[ArticlePage]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = admin_users()

    def clean(self):
        data = super().clean()
        state = data.get("state")
        needs = {
            GapState.ASSIGNED: ("assignee", "Choose who the gap is assigned to."),
            GapState.SNOOZED: ("snoozed_until", "Choose until when."),
            GapState.DISMISSED: ("reason", "Say why the gap is dismissed."),
            GapState.COVERED: ("covered_by", "Choose the article that covers it."),
        }
        if state in needs:
            name, message = needs[state]
            if not data.get(name):
                self.add_error(name, message)
        until = data.get("snoozed_until")
        if state == GapState.SNOOZED and until and until <= timezone.localdate():
            self.add_error("snoozed_until", "Snooze until a date after today.")
        return data
