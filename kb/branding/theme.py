"""The surfaces kb.css draws links on, in each colour scheme (page, cards and
footer, notes, tips, warnings): the brand colour is checked against every one.
Keep in step with the custom properties in static/css/kb.css."""

from . import colours

DEFAULT_BRAND_COLOUR = "#0b5cad"
LIGHT_SURFACES = ("#ffffff", "#f3f5f8", "#e8f1fb", "#e7f6ec", "#fff4dc")
DARK_SURFACES = ("#14171c", "#1e232b", "#172a40", "#143021", "#3a2c0c")


def hardest_surface(surfaces):
    """The surface on which a link colour has the least contrast to spare."""
    lightest = max(surfaces, key=colours.relative_luminance)
    darkest = min(surfaces, key=colours.relative_luminance)
    return darkest if colours.relative_luminance(lightest) > 0.18 else lightest


def light_link_contrast(colour):
    return min(colours.contrast_ratio(colour, surface) for surface in LIGHT_SURFACES)


def dark_link_colour(colour):
    return colours.readable_shade(colour, hardest_surface(DARK_SURFACES))
