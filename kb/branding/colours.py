"""Colour arithmetic for the brand colour: WCAG 2 contrast and readable text on it.

Contrast ratios follow WCAG 2.x (relative luminance of sRGB colours); 4.5:1 is the
minimum for body-size text (success criterion 1.4.3, level AA).
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MIN_TEXT_CONTRAST = 4.5
WHITE = "#ffffff"
BLACK = "#000000"


def to_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(part))):02x}" for part in rgb)


def relative_luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_on(background: str) -> str:
    """White or black, whichever reads better on the background (always >= 4.58:1)."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background):
        return WHITE
    return BLACK


def readable_shade(colour: str, background: str, minimum=MIN_TEXT_CONTRAST) -> str:
    """The colour itself if text in it reads on the background, else the nearest
    shade towards black or white (whichever the background is not) that does."""
    if contrast_ratio(colour, background) >= minimum:
        return colour
    target = to_rgb(BLACK if relative_luminance(background) > 0.18 else WHITE)
    start = to_rgb(colour)
    for step in range(1, 101):
        share = step / 100
        shade = to_hex(
            tuple(a + (b - a) * share for a, b in zip(start, target, strict=True))
        )
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return to_hex(target)
