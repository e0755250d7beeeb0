"""Colour legends drawn as small SVG pictures, so their type scales for a projector.

A legend in a data grid cannot grow its font; a picture can. SVG rather than a plotly figure
because a legend is the only chart on the Map and Overview pages: as a plotly figure it made
the browser fetch and parse plotly's 4.6 MB script just to draw a few swatches. The picture
is shown as an image (``st.image``), so nothing in it can run, and every label is XML-escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from components import theme

ROW_PX = 26
PRESENTATION_ROW_PX = 40
# average glyph width as a share of the font size, for sizing the picture to its longest label
_GLYPH = 0.56


def legend_svg(
    items: Sequence[tuple[str, str]],
    title: str,
    *,
    presentation: bool = False,
    dark: bool = False,
) -> str:
    """One square swatch and label per (label, hex colour) row, bold title on top."""
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    row = PRESENTATION_ROW_PX if presentation else ROW_PX
    ink = theme.LAND_LIGHT if dark else "#111111"
    swatch = round(size * 1.1)
    longest = max([len(title), *(len(label) + 3 for label, _ in items)])
    width = round(8 + longest * size * _GLYPH)
    height = row * (len(items) + 1) + 8
    font = quoteattr(theme.FONT_FAMILY)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="{row - 8}" font-family={font} font-size="{size}" '
        f'font-weight="bold" fill="{ink}">{escape(title)}</text>',
    ]
    for i, (label, colour) in enumerate(items):
        top = row * (i + 1) + (row - swatch) // 2
        parts.append(
            f'<rect x="4" y="{top}" width="{swatch}" height="{swatch}" '
            f"fill={quoteattr(colour)} stroke={quoteattr(theme.BORDER_LIGHT)} />"
        )
        parts.append(
            f'<text x="{8 + swatch + 6}" y="{top + swatch // 2}" dominant-baseline="central" '
            f'font-family={font} font-size="{size}" fill="{ink}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
