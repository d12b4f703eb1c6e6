"""What editors set under Settings → Branding, per site: name, logos, favicon,
brand colour, footer links and a notice banner."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from . import colours, theme


def validate_link(value):
    if not value.startswith(("https://", "http://", "mailto:", "/")):
        raise ValidationError(
            _("Enter an address starting with https://, http://, mailto: or /.")
        )


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60, label=_("Label"))
    url = blocks.CharBlock(
        max_length=500,
        label=_("Address"),
        validators=[validate_link],
        help_text=_("https://…, mailto:… or a path on this site such as /contact/."),
    )

    class Meta:
        icon = "link"
        label = _("Link")


class NoticeLevel(models.TextChoices):
    INFO = "info", _("Information")
    WARNING = "warning", _("Warning")
    CRITICAL = "critical", _("Outage")


@register_setting(icon="image")
class BrandingSettings(BaseSiteSetting):
    """Settings → Branding. Read once per request (Wagtail caches it on the request),
    images included, so branding adds one query to a page."""

    site_name = models.CharField(
        _("site name"),
        max_length=80,
        blank=True,
        help_text=_("Shown in the header, titles and footer. Empty: KB_SITE_NAME."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For the light theme: drawn on a white header, about 40 px high."),
    )
    logo_dark = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo for the dark theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "For readers whose device asks for dark pages. Empty: the logo above."
        ),
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("favicon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A square PNG, at least 64 × 64 px. Empty: kb's question mark."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default=theme.DEFAULT_BRAND_COLOUR,
        validators=[
            RegexValidator(
                colours.HEX_COLOUR, _("Enter a colour as # and six hex digits.")
            )
        ],
        help_text=_(
            "Links, buttons and the header's accent, as #rrggbb. Text on it is "
            "white or black, whichever reads better."
        ),
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        verbose_name=_("footer links"),
        help_text=_("Links shown in every page's footer, in this order."),
    )
    notice_enabled = models.BooleanField(_("show the notice"), default=False)
    notice_text = models.CharField(
        _("notice"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, e.g. about an outage, on every page."),
    )
    notice_level = models.CharField(
        _("kind of notice"),
        max_length=10,
        choices=NoticeLevel.choices,
        default=NoticeLevel.INFO,
    )
    notice_ends_at = models.DateTimeField(
        _("hide the notice after"),
        null=True,
        blank=True,
        help_text=_("Optional: the notice disappears by itself at this time."),
    )

    select_related = ["logo", "logo_dark", "favicon"]

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("logo"),
                FieldPanel("logo_dark"),
                FieldPanel("favicon"),
                FieldPanel("brand_colour"),
            ],
            heading=_("Identity"),
        ),
        FieldPanel("footer_links"),
        MultiFieldPanel(
            [
                FieldPanel("notice_enabled"),
                FieldPanel("notice_text"),
                FieldPanel("notice_level"),
                FieldPanel("notice_ends_at"),
            ],
            heading=_("Notice banner"),
        ),
    ]

    class Meta:
        verbose_name = _("branding")

    def __str__(self):
        return str(self.name)

    def clean(self):
        super().clean()
        errors = {}
        colour = (self.brand_colour or "").lower()
        if colours.HEX_COLOUR.match(colour):
            self.brand_colour = colour
            worst = theme.light_link_contrast(colour)
            if worst < colours.MIN_TEXT_CONTRAST:
                darker = colours.readable_shade(
                    colour, theme.hardest_surface(theme.LIGHT_SURFACES)
                )
                errors["brand_colour"] = _(
                    "Links in %(colour)s on the page background have a contrast of "
                    "%(ratio).1f:1; readers need at least 4.5:1. A darker shade such "
                    "as %(darker)s would do."
                ) % {"colour": colour, "ratio": worst, "darker": darker}
        if self.notice_enabled and not self.notice_text.strip():
            errors["notice_text"] = _("Write the notice, or untick “show the notice”.")
        if errors:
            raise ValidationError(errors)

    @property
    def name(self):
        return self.site_name or settings.WAGTAIL_SITE_NAME

    @property
    def colour(self):
        """The brand colour as #rrggbb; the default if the stored one is malformed."""
        value = (self.brand_colour or "").lower()
        return value if colours.HEX_COLOUR.match(value) else theme.DEFAULT_BRAND_COLOUR

    @cached_property
    def text_on_brand(self):
        return colours.text_colour_on(self.colour)

    @cached_property
    def dark_link_colour(self):
        return theme.dark_link_colour(self.colour)

    @property
    def has_custom_colour(self):
        return self.colour != theme.DEFAULT_BRAND_COLOUR

    @property
    def stylesheet_version(self):
        return hashlib.sha256(self.colour.encode()).hexdigest()[:12]

    def notice_shown(self, now=None):
        if not (self.notice_enabled and self.notice_text):
            return False
        return self.notice_ends_at is None or self.notice_ends_at > (
            now or timezone.now()
        )
