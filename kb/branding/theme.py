"""The page surfaces kb.css draws on, in each colour scheme: the brand colour is
checked against them. Keep in step with the custom properties in static/css/kb.css."""

DEFAULT_BRAND_COLOUR = "#0b5cad"
# (page background, card and footer background)
LIGHT_SURFACES = ("#ffffff", "#f3f5f8")
DARK_SURFACES = ("#14171c", "#1e232b")
