"""Legend pictures: one swatch per item in the given colours, labels escaped, type scales."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from components.legend import legend_alt, legend_svg
from components.theme import BASE_FONT_SIZE, CATEGORICAL, PRESENTATION_FONT_SIZE

HOSTILE = "<img src=x onerror=alert(1)>"
SVG = "{http://www.w3.org/2000/svg}"


def test_one_swatch_per_item_in_its_colour():
    root = ET.fromstring(legend_svg([("a", CATEGORICAL[0]), ("b", CATEGORICAL[1])], "Hub type"))
    assert [r.get("fill") for r in root.iter(f"{SVG}rect")] == [CATEGORICAL[0], CATEGORICAL[1]]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Hub type", "a", "b"]


def test_labels_and_title_are_escaped():
    svg = legend_svg([(HOSTILE, CATEGORICAL[0])], HOSTILE)
    assert "<img" not in svg and "&lt;img" in svg
    root = ET.fromstring(svg)  # still well-formed
    assert [t.text for t in root.iter(f"{SVG}text")] == [HOSTILE, HOSTILE]


def test_presentation_mode_enlarges_type_and_rows():
    small = legend_svg([("a", CATEGORICAL[0])], "T")
    big = legend_svg([("a", CATEGORICAL[0])], "T", presentation=True)
    assert f'font-size="{BASE_FONT_SIZE}"' in small
    assert f'font-size="{PRESENTATION_FONT_SIZE}"' in big

    def height(svg: str) -> int:
        return int(re.search(r'height="(\d+)"', svg).group(1))

    assert height(big) > height(small)


def test_the_picture_is_wide_enough_for_its_longest_label():
    short = legend_svg([("a", CATEGORICAL[0])], "T")
    long = legend_svg([("international organisation", CATEGORICAL[0])], "T")

    def width(svg: str) -> int:
        return int(re.search(r'width="(\d+)"', svg).group(1))

    assert width(long) > width(short) > 0


def test_long_labels_wrap_within_the_given_width_instead_of_widening_it():
    items = [("international organisation", CATEGORICAL[0]), ("b", CATEGORICAL[1])]
    svg = legend_svg(items, "Hub type", presentation=True, max_width=250)
    root = ET.fromstring(svg)
    assert int(root.get("width")) <= 250
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Hub type", "international", "organisation", "b"]
    one_line = legend_svg(items, "Hub type", presentation=True)
    assert int(ET.fromstring(one_line).get("height")) < int(root.get("height"))


def test_alt_text_names_every_category_and_its_colour():
    items = [("city office", CATEGORICAL[0]), ("no data", "#9E9E9E"), ("odd", "#0070B0")]
    alt = legend_alt(items, "Hub type")
    assert alt == "Legend, Hub type. blue: city office; grey: no data; blue: odd."


def test_alt_text_of_an_empty_legend_says_so():
    assert legend_alt([], "Hub type") == "Legend, Hub type: nothing shown."
