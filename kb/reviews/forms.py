from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.admin.widgets import AdminDateInput


def possible_owners():
    """Active accounts that can use the admin (they can act on the digest)."""
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
