"""Colour legends drawn as small SVG pictures, so their type scales for a projector.

A legend in a data grid cannot grow its font; a picture can. SVG rather than a plotly figure
because a legend is the only chart on the Map and Overview pages: as a plotly figure it made
the browser fetch and parse plotly's 4.6 MB script just to draw a few swatches. The picture
is shown as an image (``st.image``), so nothing in it can run, and every label is XML-escaped.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from atlas.i18n import _
from components import theme

ROW_PX = 26
PRESENTATION_ROW_PX = 40
# average glyph width as a share of the font size, for sizing the picture to its longest label
_GLYPH = 0.56


def legend_alt(items: Sequence[tuple[str, str]], title: str) -> str:
    """The legend in words, for the picture's alt text: every category with its colour.

    Screen-reader users and anyone whose eyes cannot tell the swatches apart get the same
    key to the map as the picture gives.
    """
    rows = "; ".join(
        # Translators: one row of a legend read aloud, "blue: innovation centre"
        _("{colour}: {label}").format(colour=theme.colour_name(colour), label=label)
        for label, colour in items
    )
    if not rows:
        return _("Legend, {title}: nothing shown.").format(title=title)
    return _("Legend, {title}. {rows}.").format(title=title, rows=rows)


def legend_svg(
    items: Sequence[tuple[str, str]],
    title: str,
    *,
    presentation: bool = False,
    dark: bool = False,
    max_width: int | None = None,
) -> str:
    """One square swatch and label per (label, hex colour) row, bold title on top.

    With `max_width` (pixels), long labels wrap onto more lines instead of widening the
    picture: a picture wider than its column is shrunk by the browser, and presentation-size
    type would shrink with it.
    """
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    row = PRESENTATION_ROW_PX if presentation else ROW_PX
    line = round(size * 1.25)
    ink = theme.LAND_LIGHT if dark else "#111111"
    swatch = round(size * 1.1)
    text_x = 8 + swatch + 6
    glyph = size * _GLYPH
    chars = None if max_width is None else max(8, int((max_width - text_x) / glyph))
    labels = [
        textwrap.wrap(label, chars) or [label] if chars else [label] for label, _colour in items
    ]
    parts_px = [text_x + len(part) * glyph for lines in labels for part in lines]
    longest = max([len(title) * glyph + 8, *parts_px])
    width = round(longest + 4)
    if max_width is not None:
        width = min(width, max_width)
    heights = [row + line * (len(lines) - 1) for lines in labels]
    height = row + sum(heights) + 8
    font = quoteattr(theme.FONT_FAMILY)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<text x="4" y="{row - 8}" font-family={font} font-size="{size}" '
        f'font-weight="bold" fill="{ink}">{escape(title)}</text>',
    ]
    top_of_row = row
    for (_label, colour), lines, item_height in zip(items, labels, heights, strict=True):
        top = top_of_row + (row - swatch) // 2
        parts.append(
            f'<rect x="4" y="{top}" width="{swatch}" height="{swatch}" '
            f"fill={quoteattr(colour)} stroke={quoteattr(theme.BORDER_LIGHT)} />"
        )
        for i, part in enumerate(lines):
            parts.append(
                f'<text x="{text_x}" y="{top + swatch // 2 + i * line}" '
                f'dominant-baseline="central" font-family={font} font-size="{size}" '
                f'fill="{ink}">{escape(part)}</text>'
            )
        top_of_row += item_height
    parts.append("</svg>")
    return "".join(parts)
