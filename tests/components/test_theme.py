"""Colour contrast of the themes (.streamlit/config.toml) and of the Atlas's own drawn text."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from components import theme

CONFIG = tomllib.loads(
    (Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text()
)
TEXT = 4.5  # WCAG 2.1 AA, 1.4.3: normal text
UI = 3.0  # 1.4.11: controls and graphical objects


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert theme.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_theme_text_and_primary_colour_are_readable(mode):
    colours = CONFIG["theme"][mode]
    for background in (colours["backgroundColor"], colours["secondaryBackgroundColor"]):
        assert theme.contrast_ratio(colours["textColor"], background) >= TEXT
        # the primary colour marks selected pills, focus rings and toggles
        assert theme.contrast_ratio(colours["primaryColor"], background) >= UI
    # captions are the text colour at 60% (ui/access.py): still readable
    fg = theme.hex_to_rgb(colours["textColor"])[:3]
    bg = theme.hex_to_rgb(colours["backgroundColor"])[:3]
    faded = "#" + "".join(f"{round(0.6 * f + 0.4 * b):02X}" for f, b in zip(fg, bg, strict=True))
    assert theme.contrast_ratio(faded, colours["backgroundColor"]) >= TEXT


def test_legend_ink_is_readable_on_both_themes():
    # components/legend.py writes labels in #111111 (light) or LAND_LIGHT (dark)
    assert theme.contrast_ratio("#111111", CONFIG["theme"]["light"]["backgroundColor"]) >= TEXT
    assert (
        theme.contrast_ratio(theme.LAND_LIGHT, CONFIG["theme"]["dark"]["backgroundColor"]) >= TEXT
    )
