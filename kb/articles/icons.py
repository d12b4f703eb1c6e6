"""The icons an editor can give a category.

Outline icons from Heroicons (MIT licence), shipped inside the `heroicons` package
and drawn as inline SVG: they take the text's colour, need no emoji or icon font on
the reader's device and load nothing from elsewhere.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from heroicons.templatetags.heroicons import heroicon_outline


class CategoryIcon(models.TextChoices):
    ROCKET = "rocket-launch", _("Rocket (getting started)")
    BOOK = "book-open", _("Open book (guides)")
    LIGHT_BULB = "light-bulb", _("Light bulb (tips)")
    ACADEMIC_CAP = "academic-cap", _("Graduation cap (training)")
    USER = "user-circle", _("Person (your account)")
    USERS = "user-group", _("People (teams)")
    KEY = "key", _("Key (signing in)")
    LOCK = "lock-closed", _("Padlock (security)")
    SHIELD = "shield-check", _("Shield (privacy)")
    CREDIT_CARD = "credit-card", _("Credit card (billing)")
    BANKNOTES = "banknotes", _("Banknotes (pricing)")
    SHOPPING_CART = "shopping-cart", _("Shopping cart (orders)")
    TRUCK = "truck", _("Truck (shipping)")
    CLIPBOARD = "clipboard-document-list", _("Clipboard (projects and tasks)")
    CALENDAR = "calendar-days", _("Calendar (scheduling)")
    DOCUMENT = "document-text", _("Document (files)")
    CHART = "chart-bar", _("Bar chart (reports)")
    PUZZLE_PIECE = "puzzle-piece", _("Puzzle piece (integrations)")
    CODE = "code-bracket", _("Code (developers and API)")
    PHONE = "device-phone-mobile", _("Mobile phone (apps)")
    CLOUD = "cloud", _("Cloud (sync and backup)")
    GLOBE = "globe-alt", _("Globe (languages and regions)")
    ENVELOPE = "envelope", _("Envelope (e-mail)")
    BELL = "bell", _("Bell (notifications)")
    CHAT = "chat-bubble-left-right", _("Speech bubbles (community)")
    MEGAPHONE = "megaphone", _("Megaphone (announcements)")
    SPARKLES = "sparkles", _("Sparkles (what's new)")
    SETTINGS = "cog-6-tooth", _("Gear (settings)")
    TOOLS = "wrench-screwdriver", _("Tools (troubleshooting)")
    LIFEBUOY = "lifebuoy", _("Lifebuoy (support)")
    QUESTION = "question-mark-circle", _("Question mark (FAQ)")


def category_icon_svg(name: str, *, size: int = 24) -> str:
    """The icon as inline SVG, hidden from screen readers (the category's name,
    always beside it, says what it is); "" for no icon or a name not in the set."""
    if name not in CategoryIcon.values:
        return ""
    return heroicon_outline(name, size=size, **{"class": "category-icon"})


class CategoryIconSelect(forms.RadioSelect):
    """The category editor's icon picker: every icon drawn beside its name."""

    template_name = "articles/widgets/icon_select.html"
    option_template_name = "articles/widgets/icon_option.html"

    def create_option(self, name, value, label, *args, **kwargs):
        if value == "":
            label = "No icon"
        return super().create_option(name, value, label, *args, **kwargs)

    class Media:
        css = {"all": ["css/admin-icon-select.css"]}
