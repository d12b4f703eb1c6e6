"""A small server-rendered SVG bar chart of weekly counts (no JavaScript, no CDN)."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 36, 28, 12
HELPFUL_COLOUR, NOT_HELPFUL_COLOUR = "#1e7d3c", "#b42318"
VIEWS_COLOUR = "#2e5e8c"


def trend_svg(points, *, baseline=None) -> str:
    """Stacked weekly bars, helpful below, not helpful on top.

    `baseline` (a date) marks where the score was restarted.
    """
    return weekly_bars_svg(
        [point.start for point in points],
        [
            ("helpful", HELPFUL_COLOUR, [point.helpful for point in points]),
            ("not helpful", NOT_HELPFUL_COLOUR, [p.not_helpful for p in points]),
        ],
        title="Helpful and not helpful answers per week",
        title_id="trend-title",
        baseline=baseline,
    )


def views_svg(points) -> str:
    """Bars of an article's views per week."""
    return weekly_bars_svg(
        [point.start for point in points],
        [("views", VIEWS_COLOUR, [point.views for point in points])],
        title="Views per week",
        title_id="views-title",
    )


def weekly_bars_svg(starts, series, *, title, title_id, baseline=None) -> str:
    """One stacked bar a week; `series` is [(name, colour, one value a week)],
    drawn bottom up."""
    totals = [sum(values[i] for _, _, values in series) for i in range(len(starts))]
    peak = max(totals, default=0) or 1
    plot_height = HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = (WIDTH - PAD_LEFT) / max(len(starts), 1)
    bar = slot * 0.7
    bottom = HEIGHT - PAD_BOTTOM
    parts = [
        format_html(
            '<svg class="feedback-chart" role="img" aria-labelledby="{}" '
            'viewBox="0 0 {} {}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            '<title id="{}">{}</title>',
            title_id,
            WIDTH,
            HEIGHT,
            title_id,
            title,
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>'
            '<text x="4" y="{}" font-size="11">{}</text>'
            '<text x="4" y="{}" font-size="11">0</text>',
            PAD_LEFT,
            bottom,
            WIDTH,
            bottom,
            PAD_TOP + 10,
            peak,
            bottom,
        ),
    ]
    for index, start in enumerate(starts):
        x = PAD_LEFT + index * slot + (slot - bar) / 2
        week = gettext("Week of %(date)s") % {"date": f"{start:%d %b}"}
        label = f"{week}: " + ", ".join(
            f"{values[index]} {name}" for name, _, values in series
        )
        rects, top = [], bottom
        for _, colour, values in series:
            height = plot_height * values[index] / peak
            top -= height
            rects.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    _n(x),
                    _n(top),
                    _n(bar),
                    _n(height),
                    colour,
                )
            )
        parts.append(
            format_html("<g><title>{}</title>{}</g>", label, mark_safe("".join(rects)))
        )
        if index % 2 == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                    _n(x + bar / 2),
                    HEIGHT - 10,
                    f"{start:%d %b}",
                )
            )
        if baseline and start <= baseline < start + datetime.timedelta(days=7):
            parts.append(
                format_html(
                    '<line class="feedback-chart-baseline" x1="{}" y1="{}" x2="{}" '
                    'y2="{}" stroke="#555" stroke-dasharray="4 3">'
                    "<title>Score restarted "
                    "{}</title></line>",
                    _n(x - 2),
                    PAD_TOP,
                    _n(x - 2),
                    bottom,
                    f"{baseline:%d %b %Y}",
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


def _n(value) -> str:
    return f"{value:.1f}"
