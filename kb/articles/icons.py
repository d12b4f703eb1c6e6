"""The icons an editor can give a category.

Outline icons from Heroicons (MIT licence), shipped inside the `heroicons` package
and drawn as inline SVG: they take the text's colour, need no emoji or icon font on
the reader's device and load nothing from elsewhere.
"""

from django import forms
from django.db import models
from heroicons.templatetags.heroicons import heroicon_outline


class CategoryIcon(models.TextChoices):
    ROCKET = "rocket-launch", "Rocket (getting started)"
    BOOK = "book-open", "Open book (guides)"
    LIGHT_BULB = "light-bulb", "Light bulb (tips)"
    ACADEMIC_CAP = "academic-cap", "Graduation cap (training)"
    USER = "user-circle", "Person (your account)"
    USERS = "user-group", "People (teams)"
    KEY = "key", "Key (signing in)"
    LOCK = "lock-closed", "Padlock (security)"
    SHIELD = "shield-check", "Shield (privacy)"
    CREDIT_CARD = "credit-card", "Credit card (billing)"
    BANKNOTES = "banknotes", "Banknotes (pricing)"
    SHOPPING_CART = "shopping-cart", "Shopping cart (orders)"
    TRUCK = "truck", "Truck (shipping)"
    CLIPBOARD = "clipboard-document-list", "Clipboard (projects and tasks)"
    CALENDAR = "calendar-days", "Calendar (scheduling)"
    DOCUMENT = "document-text", "Document (files)"
    CHART = "chart-bar", "Bar chart (reports)"
    PUZZLE_PIECE = "puzzle-piece", "Puzzle piece (integrations)"
    CODE = "code-bracket", "Code (developers and API)"
    PHONE = "device-phone-mobile", "Mobile phone (apps)"
    CLOUD = "cloud", "Cloud (sync and backup)"
    GLOBE = "globe-alt", "Globe (languages and regions)"
    ENVELOPE = "envelope", "Envelope (e-mail)"
    BELL = "bell", "Bell (notifications)"
    CHAT = "chat-bubble-left-right", "Speech bubbles (community)"
    MEGAPHONE = "megaphone", "Megaphone (announcements)"
    SPARKLES = "sparkles", "Sparkles (what's new)"
    SETTINGS = "cog-6-tooth", "Gear (settings)"
    TOOLS = "wrench-screwdriver", "Tools (troubleshooting)"
    LIFEBUOY = "lifebuoy", "Lifebuoy (support)"
    QUESTION = "question-mark-circle", "Question mark (FAQ)"


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
