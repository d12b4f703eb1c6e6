"""A small server-rendered SVG bar chart of answers per week (no JavaScript, no CDN)."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 36, 28, 12
HELPFUL_COLOUR, NOT_HELPFUL_COLOUR = "#1e7d3c", "#b42318"


def _answers(point) -> str:
    return f"{point.helpful} helpful, {point.not_helpful} not helpful"


def trend_svg(
    points,
    *,
    baseline=None,
    title="Helpful and not helpful answers per week",
    describe=_answers,
) -> str:
    """Stacked weekly bars, helpful below, not helpful on top.

    `baseline` (a date) marks where the score was restarted; `describe(point)` says
    what a week's two bars count (other reports stack other good and bad counts).
    """
    peak = max((point.total for point in points), default=0) or 1
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT) / max(len(points), 1)
    bar = slot * 0.7
    parts = [
        format_html(
            '<svg class="feedback-chart" role="img" aria-labelledby="trend-title" '
            'viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            '<title id="trend-title">{}</title>',
            WIDTH,
            HEIGHT,
            title,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
            '<text x="4" y="{}" font-size="11">{}</text>'
            '<text x="4" y="{}" font-size="11">0</text>',
            PAD_LEFT,
            HEIGHT - PAD_BOTTOM,
            WIDTH,
            HEIGHT - PAD_BOTTOM,
            PAD_TOP + 10,
            peak,
            HEIGHT - PAD_BOTTOM,
        ),
    ]
    for index, point in enumerate(points):
        x = PAD_LEFT + index * slot + (slot - bar) / 2
        helpful_h = plot_height * point.helpful / peak
        not_h = plot_height * point.not_helpful / peak
        bottom = HEIGHT - PAD_BOTTOM
        label = f"Week of {point.start:%d %b}: {describe(point)}"
        parts.append(
            format_html(
                "<g><title>{}</title>"
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/></g>',
                label,
                _n(x),
                _n(bottom - helpful_h),
                _n(bar),
                _n(helpful_h),
                HELPFUL_COLOUR,
                _n(x),
                _n(bottom - helpful_h - not_h),
                _n(bar),
                _n(not_h),
                NOT_HELPFUL_COLOUR,
            )
        )
        if index % 2 == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                    _n(x + bar / 2),
                    HEIGHT - 10,
                    f"{point.start:%d %b}",
                )
            )
        if baseline and point.start <= baseline < _week_end(point):
            parts.append(
                format_html(
                    '<line class="feedback-chart-baseline" x1="{}" y1="{}" x2="{}" '
                    'y2="{}" stroke="#555" stroke-dasharray="4 3">'
                    "<title>Score restarted "
                    "{}</title></line>",
                    _n(x - 2),
                    PAD_TOP,
                    _n(x - 2),
                    HEIGHT - PAD_BOTTOM,
                    f"{baseline:%d %b %Y}",
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def _n(value) -> str:
    return f"{value:.1f}"


def _week_end(point):
    return point.start + datetime.timedelta(days=7)
