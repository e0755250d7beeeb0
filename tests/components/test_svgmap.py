"""The static SVG world map: outlines, dots and arcs, text escaped, nothing fetched."""

from __future__ import annotations

from xml.etree import ElementTree

from components.map_deck import load_country_outlines
from components.svgmap import Arc, Dot, world_svg

HOSTILE = "<script>alert(1)</script>"
SVG = "{http://www.w3.org/2000/svg}"


def test_outlines_dots_and_arcs_are_drawn():
    svg = world_svg(
        load_country_outlines(),
        [Dot(41.39, 2.17, 8, "#0072B2", "Barcelona"), Dot(35.7, 139.7, 4, "#E69F00", "Tokyo")],
        [Arc(41.39, 2.17, 35.7, 139.7, "#009E73", "Barcelona – Tokyo")],
        title="Partners",
    )
    root = ElementTree.fromstring(svg)  # well-formed XML
    circles = root.findall(f"{SVG}circle")
    assert len(circles) == 2
    assert circles[0].get("r") == "8.0"  # big dots first, so small ones stay on top
    land = root.findall(f"{SVG}path")[0]
    assert land.get("d").count("M") > 100  # one sub-path per country ring
    assert root.findall(f"{SVG}path")[1].get("stroke") == "#009E73"


def test_text_is_escaped_and_nothing_is_fetched():
    svg = world_svg(load_country_outlines(), [Dot(0, 0, 3, "#000000", HOSTILE)], title=HOSTILE)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    ElementTree.fromstring(svg)
    assert "href" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_places_project_west_to_east_and_north_to_south():
    svg = world_svg(
        {"features": []},
        [Dot(60, -100, 3, "#000000", "north-west"), Dot(-30, 100, 3, "#000000", "south-east")],
    )
    root = ElementTree.fromstring(svg)
    nw, se = root.findall(f"{SVG}circle")
    assert float(nw.get("cx")) < float(se.get("cx"))
    assert float(nw.get("cy")) < float(se.get("cy"))
