"""Small server-rendered SVG charts for the judging reports (no JavaScript, no build step).

Each function returns safe markup: every label goes through ``escape`` and every number is
formatted here. Charts carry a <title> and role="img" with an aria-label; the same figures are
always in a table beside them, so nothing is only in the picture.
"""

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe

BRAND = "#0b5cad"
WARN = "#b45309"
INK = "#1f2933"
MUTED = "#52606d"


def _x(value, low, high, width, offset):
    if high == low:
        return offset
    return offset + (value - low) / (high - low) * width


def _open(title, width, height):
    t = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{t}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="judging-chart"><title>{t}</title>'
    )


def bar_chart(items, *, title, low, high, label_width=130, width=420, row=22, signed=False, decimals=1):
    """Horizontal bars from the zero line (clamped to [low, high]); items are (label, value|None).
    With ``signed`` values are shown with their sign (leniency below/above the panel)."""
    height = row * len(items) + 34
    zero = _x(max(low, min(0, high)), low, high, width, label_width)
    out = [_open(title, label_width + width + 70, height)]
    for index, (label, value) in enumerate(items):
        y = 8 + index * row
        text_y = y + row * 0.62
        out.append(
            f'<text x="{label_width - 6}" y="{text_y:.1f}" text-anchor="end" font-size="12" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        if value is None:
            out.append(f'<text x="{zero + 4:.1f}" y="{text_y:.1f}" font-size="12" fill="{MUTED}">—</text>')
            continue
        end = _x(max(low, min(high, value)), low, high, width, label_width)
        left, right = sorted((zero, end))
        colour = WARN if value < 0 else BRAND
        shown = f"{value:+.{decimals}f}" if signed else f"{value:.{decimals}f}"
        out.append(
            f'<rect x="{left:.1f}" y="{y + 3}" width="{max(right - left, 1):.1f}" height="{row - 8}" '
            f'fill="{colour}" rx="2"></rect>'
            f'<text x="{right + 4:.1f}" y="{text_y:.1f}" font-size="11" fill="{MUTED}">{shown}</text>'
        )
    out.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="4" y2="{height - 20}" stroke="{MUTED}"></line>')
    out.append(
        f'<text x="{label_width}" y="{height - 5}" font-size="11" fill="{MUTED}">{low:g}</text>'
        f'<text x="{label_width + width}" y="{height - 5}" font-size="11" fill="{MUTED}" '
        f'text-anchor="end">{high:g}</text>'
    )
    out.append("</svg>")
    return mark_safe("".join(out))


def dot_plot(points, markers, *, title, low=0, high=100, width=560, margin=12):
    """Judge totals as dots on a 0–100 axis. ``points``: (label, value, dropped) where dropped is
    "" or "high"/"low" (left out of the trimmed mean; drawn hollow). ``markers``: (label, value)
    dashed lines for the mean, median, trimmed mean…"""
    # One row per marker label above the axis, so that close values (mean ≈ trimmed mean) stay legible.
    label_rows = 13 * len(markers)
    axis = label_rows + 40
    height = axis + 24
    out = [_open(title, width + 2 * margin, height)]
    out.append(f'<line x1="{margin}" x2="{margin + width}" y1="{axis}" y2="{axis}" stroke="{MUTED}"></line>')
    for tick in range(int(low), int(high) + 1, 10):
        x = _x(tick, low, high, width, margin)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis - 3}" y2="{axis + 3}" stroke="{MUTED}"></line>'
            f'<text x="{x:.1f}" y="{axis + 16}" font-size="10" text-anchor="middle" fill="{MUTED}">{tick}</text>'
        )
    for index, (label, value) in enumerate(markers):
        if value is None:
            continue
        x = _x(value, low, high, width, margin)
        label_y = 11 + index * 13
        anchor = "end" if x > margin + width * 0.75 else "start"
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{label_y + 2}" y2="{axis + 4}" stroke="{WARN}" '
            f'stroke-dasharray="3 2"></line>'
            f'<text x="{x + (-3 if anchor == "end" else 3):.1f}" y="{label_y}" font-size="10" text-anchor="{anchor}" '
            f'fill="{WARN}">{escape(label)} {floatformat(value, 2)}</text>'
        )
    for label, value, dropped in points:
        x = _x(value, low, high, width, margin)
        fill = "#fff" if dropped else BRAND
        out.append(
            f'<circle cx="{x:.1f}" cy="{axis - 14}" r="6" fill="{fill}" stroke="{BRAND}" stroke-width="2">'
            f"<title>{escape(label)}：{floatformat(value, 2)}</title></circle>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))
