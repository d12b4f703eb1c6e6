from kb.branding import colours, theme


def test_black_on_white_has_the_largest_contrast_there_is():
    assert round(colours.contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert colours.contrast_ratio("#777777", "#777777") == 1.0


def test_text_on_a_light_brand_colour_is_black_and_on_a_dark_one_white():
    assert colours.text_colour_on("#ffcc00") == "#000000"
    assert colours.text_colour_on("#0b5cad") == "#ffffff"


def test_the_text_on_any_brand_colour_meets_the_contrast_minimum():
    for colour in ["#ff0000", "#00ff00", "#0000ff", "#777777", "#e91e63", "#00a0a0"]:
        text = colours.text_colour_on(colour)
        assert colours.contrast_ratio(text, colour) >= colours.MIN_TEXT_CONTRAST


def test_a_shade_that_reads_is_found_for_a_colour_that_does_not():
    shade = colours.readable_shade("#ffcc00", "#ffffff")

    assert shade != "#ffcc00"
    assert colours.contrast_ratio(shade, "#ffffff") >= colours.MIN_TEXT_CONTRAST
    assert colours.readable_shade("#0b5cad", "#ffffff") == "#0b5cad"


def test_the_default_brand_colour_reads_on_every_surface_of_both_themes():
    default = theme.DEFAULT_BRAND_COLOUR
    assert theme.light_link_contrast(default) >= colours.MIN_TEXT_CONTRAST
    dark_link = theme.dark_link_colour(default)
    for surface in theme.DARK_SURFACES:
        assert colours.contrast_ratio(dark_link, surface) >= colours.MIN_TEXT_CONTRAST


def test_the_dark_theme_link_colour_in_the_stylesheet_is_the_computed_one():
    """kb.css carries the default brand's colours, so most sites need no brand.css."""
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/kb.css").read_text()
    assert f"--brand: {theme.DEFAULT_BRAND_COLOUR};" in css
    assert f"--link: {theme.dark_link_colour(theme.DEFAULT_BRAND_COLOUR)};" in css
