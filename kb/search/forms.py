from django import forms

from .sources import source_named


class SearchForm(forms.Form):
    """The search page's and the API's parameters; bad values fall back to defaults."""

    q = forms.CharField(required=False, strip=False, label="Search the help center")
    type = forms.CharField(required=False, label="Type")
    category = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, label="Category"
    )
    page = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, label="Page"
    )
    # Search what was typed, not a corrected spelling ("Search instead for").
    exact = forms.BooleanField(required=False)

    def cleaned(self) -> dict:
        """The parameters with every bad value replaced by its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        kind = (self.data.get("type") or "").strip()
        return {
            "q": self.data.get("q", "") or "",
            "kind": kind if source_named(kind) else "",
            "category": data.get("category") if "category" not in self.errors else None,
            "page": data.get("page") or 1 if "page" not in self.errors else 1,
            "exact": bool(data.get("exact")),
        }
