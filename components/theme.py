"""One place for colours and fonts, so every chart and map speaks the same visual language.

The categorical palette is Okabe & Ito's (2008) colour-blind-safe set; continuous values use
viridis, which stays ordered in greyscale and for the common colour-vision deficiencies, and
reads on a washed-out projector.
"""

from __future__ import annotations

from atlas.i18n import N_, _

# Okabe-Ito, ordered so that the first colours differ most for deuteranopes.
CATEGORICAL: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

# viridis sampled at 8 stops, dark (low) to light (high).
SEQUENTIAL: tuple[str, ...] = (
    "#440154",
    "#46327E",
    "#365C8D",
    "#277F8E",
    "#1FA187",
    "#4AC16D",
    "#A0DA39",
    "#FDE725",
)

NO_DATA_COLOUR = "#9E9E9E"  # neutral grey: "no data" must never look like a low value
FONT_FAMILY = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
BASE_FONT_SIZE = 14
PRESENTATION_FONT_SIZE = 22

# Map background colours used when no tile basemap is loaded (offline first).
OCEAN_LIGHT = "#DCE9F5"
LAND_LIGHT = "#F7F7F2"
BORDER_LIGHT = "#8C8C8C"
OCEAN_DARK = "#0E1A2B"
LAND_DARK = "#2B2F36"
BORDER_DARK = "#6B7280"


#: Plain names for the palette's colours, for text alternatives ("blue square: city office").
#: A legend read aloud names each colour, so a reader who cannot see it still matches the map.
#: English source texts: colour_name() gives them in the run's language.
COLOUR_NAMES: dict[str, str] = {
    "#0072B2": N_("blue"),
    "#E69F00": N_("orange"),
    "#009E73": N_("bluish green"),
    "#CC79A7": N_("reddish purple"),
    "#56B4E9": N_("sky blue"),
    "#D55E00": N_("vermillion"),
    "#F0E442": N_("yellow"),
    "#000000": N_("black"),
    "#440154": N_("dark purple"),
    "#46327E": N_("purple"),
    "#365C8D": N_("blue"),
    "#277F8E": N_("teal"),
    "#1FA187": N_("green"),
    "#4AC16D": N_("light green"),
    "#A0DA39": N_("lime"),
    "#FDE725": N_("bright yellow"),
    NO_DATA_COLOUR: N_("grey"),
    "#FFFFFF": N_("white"),
}


def colour_name(colour: str) -> str:
    """The palette name of a hex colour, or the nearest palette colour's name."""
    key = colour.upper() if colour.startswith("#") else f"#{colour.upper()}"
    if key in COLOUR_NAMES:
        return _(COLOUR_NAMES[key])
    rgb = hex_to_rgb(key)[:3]
    nearest = min(
        COLOUR_NAMES,
        key=lambda known: sum(
            (a - b) ** 2 for a, b in zip(hex_to_rgb(known)[:3], rgb, strict=True)
        ),
    )
    return _(COLOUR_NAMES[nearest])


def hex_to_rgb(colour: str, alpha: int = 255) -> list[int]:
    """pydeck wants [r, g, b, a] lists, plotly wants hex: convert once, here."""
    value = colour.lstrip("#")
    return [int(value[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a hex colour."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_to_rgb(colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio (1 to 21); text needs 4.5, large text and UI parts 3."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def categorical_colour(index: int) -> str:
    """Cycle through the palette so an unexpected extra category still gets a colour."""
    return CATEGORICAL[index % len(CATEGORICAL)]


def sequential_colour(fraction: float) -> str:
    """Pick a viridis stop for a value already scaled to [0, 1]."""
    clipped = min(max(fraction, 0.0), 1.0)
    return SEQUENTIAL[round(clipped * (len(SEQUENTIAL) - 1))]
