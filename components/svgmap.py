"""A static world map as SVG text: the map to save as an image and to put in a briefing.

A deck.gl canvas needs a browser, WebGL and a running app; a diplomat's briefing and a saved
picture need none of them. The same bundled Natural Earth outlines are projected here (Web
Mercator, cropped to the inhabited latitudes like the app's map) into plain SVG paths, with
city dots and partnership arcs on top. All text is XML-escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from components import theme
from components.map_base import mercator_y

NORTH, SOUTH = 78.0, -58.0  # latitudes shown: Svalbard to Cape Horn


@dataclass(frozen=True)
class Dot:
    lat: float
    lon: float
    radius: float  # pixels at the map's width
    colour: str
    label: str = ""  # tooltip text (SVG <title>)


@dataclass(frozen=True)
class Arc:
    lat_a: float
    lon_a: float
    lat_b: float
    lon_b: float
    colour: str
    label: str = ""


def _mercator_y(lat: float) -> float:
    return mercator_y(max(min(lat, 85.0), -85.0))


class _Projection:
    def __init__(self, width: float) -> None:
        self.width = width
        self.top = _mercator_y(NORTH)
        self.scale = width / (2 * math.pi)
        self.height = (self.top - _mercator_y(SOUTH)) * self.scale

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = (lon + 180.0) / 360.0 * self.width
        y = (self.top - _mercator_y(lat)) * self.scale
        return x, y


def _rings(geometry: dict) -> Iterable[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon


def _path(ring: Sequence[Sequence[float]], project: _Projection) -> str:
    points = [project(lat, lon) for lon, lat, *_ in ring]
    if len(points) < 3:
        return ""
    head = "M{:.1f},{:.1f}".format(*points[0])
    body = "".join("L{:.1f},{:.1f}".format(*p) for p in points[1:])
    return head + body + "Z"


def _arc_path(arc: Arc, project: _Projection) -> str:
    """A gentle curve between two places (drawn the short way round in longitude)."""
    lon_b = arc.lon_b
    if lon_b - arc.lon_a > 180:
        lon_b -= 360
    elif arc.lon_a - lon_b > 180:
        lon_b += 360
    x1, y1 = project(arc.lat_a, arc.lon_a)
    x2, y2 = project(arc.lat_b, lon_b)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    lift = math.hypot(x2 - x1, y2 - y1) * 0.25
    return f"M{x1:.1f},{y1:.1f}Q{mx:.1f},{my - lift:.1f} {x2:.1f},{y2:.1f}"


def world_svg(
    outlines: dict,
    dots: Sequence[Dot] = (),
    arcs: Sequence[Arc] = (),
    *,
    width: int = 960,
    title: str = "",
    dark: bool = False,
) -> str:
    """Outlines, arcs and dots as one standalone SVG document (no external references)."""
    project = _Projection(width)
    height = round(project.height)
    ocean = theme.OCEAN_DARK if dark else theme.OCEAN_LIGHT
    land = theme.LAND_DARK if dark else theme.LAND_LIGHT
    border = theme.BORDER_DARK if dark else theme.BORDER_LIGHT
    land_path = "".join(
        _path(ring, project)
        for feature in outlines.get("features", [])
        for ring in _rings(feature.get("geometry") or {})
    )
    label = quoteattr(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label={label}>',
        f"<title>{escape(title)}</title>" if title else "",
        f'<rect width="{width}" height="{height}" fill="{ocean}"/>',
        f'<path d="{land_path}" fill="{land}" stroke="{border}" stroke-width="0.5" '
        'stroke-linejoin="round"/>',
    ]
    for arc in arcs:
        parts.append(
            f'<path d="{_arc_path(arc, project)}" fill="none" stroke="{arc.colour}" '
            f'stroke-width="1.2" stroke-opacity="0.75"><title>{escape(arc.label)}</title></path>'
        )
    for dot in sorted(dots, key=lambda d: -d.radius):
        x, y = project(dot.lat, dot.lon)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot.radius:.1f}" fill="{dot.colour}" '
            f'fill-opacity="0.85" stroke="{land}" stroke-width="0.8">'
            f"<title>{escape(dot.label)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(p for p in parts if p)
