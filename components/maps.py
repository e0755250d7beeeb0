"""Shared pydeck map builders: plain data in, pydeck objects out.

Every page draws its maps through these functions so that land, colours, symbol sizes and
tooltips look and behave the same everywhere, and so tests can inspect a deck's JSON spec
without a browser. Nothing here touches Streamlit.

Three rules shape the code:

* Offline first. The default deck loads no basemap tiles; a bundled Natural Earth outline layer
  (``data/geo/countries.geojson``, built by ``scripts/build_country_outlines.py``) over an ocean
  rectangle is what makes the map readable. Tiles are an opt-in extra.
* Small specs. Streamlit re-sends the whole deck JSON on every rerun, so layers receive
  hand-built records holding only the fields they draw or show, never whole DataFrames, and the
  deck serialises without pretty-printing.
* Safe, honest tooltips. Every text that reaches a tooltip or the layer data is escaped here
  (``escape_text``) before it enters the deck, because pydeck's own HTML renderer pastes fields
  into ``innerHTML`` unescaped and the JSON may end up inside a ``<script>`` tag.
  A missing value is shown as "no data" and drawn in the neutral no-data grey, never as 0.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from . import theme

REPO_ROOT = Path(__file__).resolve().parents[1]
# Outlines are a static asset of the app, not part of the replaceable data folder
# (ATLAS_DATA_DIR), so a test data set never needs its own copy.
DEFAULT_OUTLINES_PATH = REPO_ROOT / "data" / "geo" / "countries.geojson"

# One template for every pickable layer: each layer's records carry these two fields, already
# escaped. Line breaks live in ``tt_body`` as "\n" and are shown by ``white-space: pre-line``,
# because renderers that escape field values (Streamlit does) would print a "<br>" literally.
TOOLTIP_FIELDS: tuple[str, str] = ("tt_title", "tt_body")
TOOLTIP_HTML = "<b>{tt_title}</b><br/>{tt_body}"
NO_DATA = "no data"

DEFAULT_VIEW: dict[str, float] = {"latitude": 20.0, "longitude": 10.0, "zoom": 1.2}

# Vocabulary order from docs/DATA_MODEL.md: a type keeps its colour whatever subset is shown.
HUB_TYPES: tuple[str, ...] = (
    "innovation centre",
    "science attaché office",
    "agency office",
    "tech diplomacy",
    "landing pad",
    "international organisation",
    "city initiative",
)
PARTNERSHIP_TYPES: tuple[str, ...] = (
    "twinning",
    "sister city",
    "friendship city",
    "cooperation agreement",
    "science partnership",
)

# Symbol sizes in screen pixels, before the caller's ``scale`` (presentation mode enlarges).
CITY_MIN_RADIUS_PX = 3.0
CITY_MAX_RADIUS_PX = 22.0
CITY_PLAIN_RADIUS_PX = 5.0
NO_DATA_RADIUS_PX = 2.5
HUB_RADIUS_PX = 5.0
RING_BASE_RADIUS_PX = 7.0
RING_STEP_PX = 3.5
ARC_WIDTH_PX = 1.5

FILL_ALPHA = 215
# Closed or planned hubs fade so the active network reads first, and are drawn as rings in
# their type's colour, so status is told by shape, not only by a paler colour (WCAG 1.4.1:
# colour is never the only carrier of meaning).
INACTIVE_RING_PX = 2.5
HUB_STATUS_KEY = "Filled dot: active hub. Ring: closed or announced."
INACTIVE_FILL_ALPHA = 40
ARC_ALPHA = 190
# Web Mercator stops at +-85.0511 degrees; the ocean rectangle covers exactly the drawable world.
_MERCATOR_LAT = 85.0511
# pydeck turns bare strings into accessor expressions ("@@=pixels"); quotes keep a literal.
_PIXELS = "'pixels'"
_MARKUP_CHARS = str.maketrans({"<": "&lt;", ">": "&gt;"})


class _CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation.

    pydeck pretty-prints with ``indent=2``, which roughly quadruples the size of nested
    polygon coordinates; Streamlit ships ``to_json()`` to the browser on every rerun, so the
    outlines alone would cost ~0.7 MB instead of ~0.15 MB. Keys stay sorted so the spec, and
    hence Streamlit's element identity, is stable between reruns.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


# --------------------------------------------------------------------------------------------
# small helpers


def escape_text(value: object) -> str:
    """Neutralise markup once, here, so no page can forget to.

    Only ``<`` and ``>`` are replaced. Fields only ever land in element content (see
    ``TOOLTIP_HTML``), where no tag, script or attribute can start without ``<``, so this is
    enough for pydeck's own HTML export, which pastes fields into ``innerHTML`` unescaped.
    ``html.escape`` would also turn ``&`` and quotes into entities, and Streamlit 1.67 escapes
    tooltip fields a second time in the browser, so "R&D" would be shown as "R&amp;D" and
    "Xi'an" as "Xi&#x27;an". A hostile ``<img ...>`` name still shows as inert text.
    """
    return str(value).translate(_MARKUP_CHARS)


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _text(value: object) -> str | None:
    """Normalise a cell to stripped text or None, so pd.NA never leaks into JSON as '<NA>'."""
    if _missing(value):
        return None
    text = str(value).strip()
    return text or None


def format_number(value: float) -> str:
    """Short, locale-neutral numbers for tooltips and legends ('1,234', '12.3', '0.0456')."""
    number = float(value)
    if number.is_integer():
        return f"{int(number):,}"
    if abs(number) >= 100:
        return f"{number:,.0f}"
    return f"{number:.3g}"


def _year_text(value: object) -> str | None:
    if _missing(value):
        return None
    try:
        return str(int(float(value)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _text(value)


def _col(frame: pd.DataFrame, column: str) -> pd.Series:
    """Optional columns read as all-missing, so builders accept thinner frames in tests/pages."""
    if column in frame.columns:
        return frame[column]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{what} frame lacks column(s) {missing}")


def _positional(frame: pd.DataFrame) -> pd.DataFrame:
    """Merged or filtered frames may carry duplicate index labels; cell lookups need unique ones."""
    return frame.reset_index(drop=True)


def _coord(value: object) -> float | None:
    if _missing(value):
        return None
    number = float(value)  # type: ignore[arg-type]
    return round(number, 4) if math.isfinite(number) else None


def _tooltip(title: str, lines: Iterable[str | None]) -> dict[str, str]:
    """Build the shared tooltip fields; every piece is escaped exactly once."""
    body = "\n".join(escape_text(line) for line in lines if line)
    return {"tt_title": escape_text(title), "tt_body": body}


def _rgb(colour: str, alpha: int = 255) -> list[int]:
    return theme.hex_to_rgb(colour, alpha)


# --------------------------------------------------------------------------------------------
# colours and legends


def category_colours(categories: Iterable[object], known: Sequence[str] = ()) -> dict[str, str]:
    """Map categories to the categorical palette with a colour that does not depend on the filter.

    Known vocabulary keeps its documented position; anything else follows in alphabetical
    order, so the same inputs always give the same colours across pages and reruns.
    """
    present = {t for t in (_text(c) for c in categories) if t is not None}
    ordered = [k for k in known if k in present]
    ordered += sorted(present - set(known))
    positions = {k: i for i, k in enumerate(known)}
    extra_start = len(known)
    mapping: dict[str, str] = {}
    extras = 0
    for category in ordered:
        if category in positions:
            index = positions[category]
        else:
            index = extra_start + extras
            extras += 1
        mapping[category] = theme.categorical_colour(index)
    return mapping


def hub_type_colours(types: Iterable[object]) -> dict[str, str]:
    """Hub type -> hex colour, stable across filters (see ``category_colours``)."""
    return category_colours(types, HUB_TYPES)


def partnership_type_colours(types: Iterable[object]) -> dict[str, str]:
    """Partnership type -> hex colour, stable across filters."""
    return category_colours(types, PARTNERSHIP_TYPES)


def network_colours(networks: Iterable[object]) -> dict[str, str]:
    """Network id -> hex colour; pass the full network list to keep colours stable."""
    return category_colours(networks)


def legend_items(
    colours: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    include_no_data: bool = False,
) -> list[tuple[str, str]]:
    """Plain (label, hex) pairs so a page can draw a legend as text without knowing pydeck.

    ``labels`` translates keys (e.g. network ids) into display names. Labels are returned
    unescaped: they are meant for Streamlit text elements, which escape on their own.
    """
    names = labels or {}
    items = [(names.get(key, key), colour) for key, colour in colours.items()]
    if include_no_data:
        items.append((NO_DATA, theme.NO_DATA_COLOUR))
    return items


def value_domain(values: Iterable[object]) -> tuple[float, float] | None:
    """The (min, max) that both the city layer and its legend use, so they cannot disagree."""
    numeric = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce").dropna()
    if numeric.empty:
        return None
    return float(numeric.min()), float(numeric.max())


def year_span(years: Iterable[object]) -> str | None:
    """'2024' or '2019–2024': a legend must say which year(s) it shows, even when mixed."""
    found = sorted({int(y) for y in (_year_text(v) for v in years) if y and y.isdigit()})
    if not found:
        return None
    if found[0] == found[-1]:
        return str(found[0])
    return f"{found[0]}–{found[-1]}"


def continuous_legend(
    values: Iterable[object],
    *,
    label: str,
    unit: str,
    year: int | str,
    higher_is_better: bool = True,
) -> dict[str, Any]:
    """Describe a viridis legend as data; the caption always states unit and year.

    ``stops`` run from the colour of ``min`` to the colour of ``max``; for ranks (lower is
    better) they are reversed, matching ``city_layer``, so the best city is always brightest.
    """
    if not str(unit).strip():
        raise ValueError("a map legend must state the unit")
    if _missing(year) or not str(year).strip():
        raise ValueError("a map legend must state the year")
    series = list(values)
    domain = value_domain(series)
    numbers = pd.to_numeric(pd.Series(series, dtype="object"), errors="coerce").dropna()
    no_data_count = sum(1 for v in series if _missing(pd.to_numeric(v, errors="coerce")))
    stops = list(theme.SEQUENTIAL if higher_is_better else reversed(theme.SEQUENTIAL))
    if domain is None:
        caption = f"{label} ({unit}), {year}: {NO_DATA}"
    else:
        caption = (
            f"{label} ({unit}), {year}: {format_number(domain[0])} to {format_number(domain[1])}"
        )
        if not higher_is_better:
            caption += ", lower is better"
    if no_data_count:
        caption += f"; grey = {NO_DATA} ({no_data_count})"
    return {
        "label": label,
        "unit": unit,
        "year": str(year),
        "min": None if domain is None else domain[0],
        "max": None if domain is None else domain[1],
        "stops": stops,
        "higher_is_better": higher_is_better,
        "no_data_colour": theme.NO_DATA_COLOUR,
        "no_data_count": no_data_count,
        "caption": caption,
        # whole numbers only (counts, ranks): legend steps must not read "13.5 hubs"
        "integers": bool(len(numbers)) and bool((numbers == numbers.round()).all()),
    }


def _fraction(value: float, domain: tuple[float, float], higher_is_better: bool) -> float:
    low, high = domain
    fraction = 1.0 if high == low else (value - low) / (high - low)
    return fraction if higher_is_better else 1.0 - fraction


def _radius(value: float, domain: tuple[float, float], higher_is_better: bool) -> float:
    """Circle area proportional to the value for counts; a normalised area scale otherwise.

    Counts have a true zero, so area ~ value is the honest encoding. Ranks and scores do not,
    and a rank has to grow as it gets better, so they use the position inside the domain.
    """
    low, high = domain
    if higher_is_better and low >= 0:
        share = value / high if high > 0 else 0.0
        radius = CITY_MAX_RADIUS_PX * math.sqrt(max(share, 0.0))
        return max(CITY_MIN_RADIUS_PX, radius)
    fraction = _fraction(value, domain, higher_is_better)
    return CITY_MIN_RADIUS_PX + (CITY_MAX_RADIUS_PX - CITY_MIN_RADIUS_PX) * math.sqrt(fraction)


# --------------------------------------------------------------------------------------------
# outlines


@lru_cache(maxsize=4)
def load_country_outlines(path: str | Path | None = None) -> dict:
    """Read the bundled outlines once per process; every map on every rerun reuses them.

    The returned dict is shared between callers: treat it as read-only.
    """
    source = Path(path) if path is not None else DEFAULT_OUTLINES_PATH
    with source.open(encoding="utf-8") as handle:
        return json.load(handle)


def ocean_layer(dark: bool = False) -> pdk.Layer:
    """Paint the sea, since without tiles the canvas would show the page background.

    The sea runs a full world-width past each edge: on a wide projector canvas the margins
    beyond the date line read as open sea rather than as a blank page.
    """
    ring = [
        [-540.0, -_MERCATOR_LAT],
        [540.0, -_MERCATOR_LAT],
        [540.0, _MERCATOR_LAT],
        [-540.0, _MERCATOR_LAT],
    ]
    return pdk.Layer(
        "SolidPolygonLayer",
        data=[{"polygon": ring}],
        id="ocean",
        get_polygon="polygon",
        get_fill_color=_rgb(theme.OCEAN_DARK if dark else theme.OCEAN_LIGHT),
        pickable=False,
    )


def country_layer(outlines: dict, dark: bool = False, filled: bool = True) -> pdk.Layer:
    """Land and borders: the offline stand-in for a basemap.

    Only geometries go into the layer (names and codes are dropped) to keep the spec small;
    the layer is not pickable so hovering land never hides a city's tooltip. Over an online
    tile basemap the outlines are drawn unfilled, so the tiles show through and the borders
    still read if the tiles never arrive.
    """
    features = [
        {"type": "Feature", "properties": {}, "geometry": feature["geometry"]}
        for feature in outlines.get("features", [])
        if feature.get("geometry")
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        data={"type": "FeatureCollection", "features": features},
        id="countries",
        stroked=True,
        filled=filled,
        get_fill_color=_rgb(theme.LAND_DARK if dark else theme.LAND_LIGHT),
        get_line_color=_rgb(theme.BORDER_DARK if dark else theme.BORDER_LIGHT),
        line_width_units=_PIXELS,
        get_line_width=0.6,
        line_width_min_pixels=0.5,
        pickable=False,
    )


# --------------------------------------------------------------------------------------------
# data layers


def city_records(
    cities: pd.DataFrame,
    value_col: str | None,
    label: str,
    unit: str,
    year: int | str | None = None,
    *,
    year_col: str | None = None,
    source: str | None = None,
    source_col: str | None = None,
    higher_is_better: bool = True,
    scale: float = 1.0,
    geo_col: str | None = None,
) -> list[dict[str, Any]]:
    """The city layer's records, exposed so tests and pages can check what will be drawn.

    ``geo_col`` names the geography a row's figure describes ("GII cluster: Tokyo–Yokohama"),
    shown in the tooltip because a cluster's figure is not the city's own.
    """
    _require(cities, ["city_id", "name", "country", "latitude", "longitude"], "cities")
    cities = _positional(cities)
    if value_col is not None:
        _require(cities, [value_col], "cities")
        values = pd.to_numeric(cities[value_col], errors="coerce")
    else:
        values = pd.Series([float("nan")] * len(cities), index=cities.index)
    domain = value_domain(values) if value_col is not None else None
    years = cities[year_col] if year_col else pd.Series([year] * len(cities), index=cities.index)
    sources = (
        cities[source_col] if source_col else pd.Series([source] * len(cities), index=cities.index)
    )
    country_names = _col(cities, "country_name")
    geographies = _col(cities, geo_col) if geo_col else None

    # whole columns as lists, read by row number (``_positional`` numbered the rows): a
    # pandas cell lookup per field is slow over thousands of cities
    cell = {c: cities[c].tolist() for c in ("city_id", "name", "country", "latitude", "longitude")}
    values_at, years_at, sources_at = values.tolist(), years.tolist(), sources.tolist()
    countries_at = country_names.tolist()
    geographies_at = geographies.tolist() if geographies is not None else None
    records: list[dict[str, Any]] = []
    for idx in range(len(cities)):
        lon, lat = _coord(cell["longitude"][idx]), _coord(cell["latitude"][idx])
        if lon is None or lat is None:
            continue  # a city without coordinates cannot be placed; pages list it elsewhere
        country = _text(countries_at[idx]) or _text(cell["country"][idx]) or ""
        name = _text(cell["name"][idx]) or str(cell["city_id"][idx])
        title = f"{name}, {country}" if country else name
        value = values_at[idx]
        if value_col is None:
            colour, radius, lines = theme.CATEGORICAL[0], CITY_PLAIN_RADIUS_PX, []
            has_value = True
        elif _missing(value) or domain is None:
            colour, radius = theme.NO_DATA_COLOUR, NO_DATA_RADIUS_PX
            lines = [f"{label}: {NO_DATA}", f"Unit: {unit}"]
            has_value = False
        else:
            number = float(value)
            colour = theme.sequential_colour(_fraction(number, domain, higher_is_better))
            radius = _radius(number, domain, higher_is_better)
            lines = [f"{label}: {format_number(number)}", f"Unit: {unit}"]
            has_value = True
        if value_col is not None:
            year_text = _year_text(years_at[idx]) if has_value else None
            source_text = _text(sources_at[idx]) if has_value else None
            geo_text = (
                _text(geographies_at[idx]) if geographies_at is not None and has_value else None
            )
            lines += [
                f"Year: {year_text}" if year_text else None,
                f"Geography: {geo_text}" if geo_text else None,
                f"Source: {source_text}" if source_text else None,
            ]
        records.append(
            {
                "city_id": escape_text(cell["city_id"][idx]),
                "lon": lon,
                "lat": lat,
                "radius": round(radius * scale, 2),
                "fill": _rgb(colour, FILL_ALPHA),
                "has_value": has_value,
                **_tooltip(title, lines),
            }
        )
    # No-data dots first and big circles before small ones, so nothing hides a smaller value.
    records.sort(key=lambda r: (r["has_value"], -r["radius"], r["city_id"]))
    return records


def _dot_layer(
    records: list[dict[str, Any]], layer_id: str, dark: bool, rings: bool = False
) -> pdk.Layer:
    """Filled dots sized in pixels and ringed in the land colour, so touching dots stay apart.

    With ``rings``, records carry their own outline (``line``, ``line_width``; ``line`` None
    means the land colour).
    """
    land = _rgb(theme.LAND_DARK if dark else theme.LAND_LIGHT)
    if rings:
        for record in records:
            if record.get("line") is None:
                record["line"] = land
    return pdk.Layer(
        "ScatterplotLayer",
        data=records,
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=_PIXELS,
        get_fill_color="fill",
        stroked=True,
        get_line_color="line" if rings else land,
        line_width_units=_PIXELS,
        get_line_width="line_width" if rings else 1,
        line_width_min_pixels=1,
        pickable=True,
    )


def city_layer(
    cities: pd.DataFrame,
    value_col: str | None,
    label: str,
    unit: str,
    year: int | str | None = None,
    *,
    year_col: str | None = None,
    source: str | None = None,
    source_col: str | None = None,
    higher_is_better: bool = True,
    dark: bool = False,
    scale: float = 1.0,
    layer_id: str = "cities",
    geo_col: str | None = None,
) -> pdk.Layer:
    """Proportional, viridis-coloured city dots for one indicator.

    ``year``/``source`` label every city; ``year_col``/``source_col`` take them per row
    (latest available edition differs by city). With ``value_col=None`` the layer just
    places the cities. Pass ``higher_is_better=False`` for ranks, so rank 1 is the biggest,
    brightest dot. The legend for this layer is ``continuous_legend`` on the same values.
    """
    records = city_records(
        cities,
        value_col,
        label,
        unit,
        year=year,
        year_col=year_col,
        source=source,
        source_col=source_col,
        higher_is_better=higher_is_better,
        scale=scale,
        geo_col=geo_col,
    )
    return _dot_layer(records, layer_id, dark)


def hub_records(
    hubs: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    scale: float = 1.0,
) -> list[dict[str, Any]]:
    """The hub layer's records, exposed for tests and for pages that list what is mapped."""
    _require(hubs, ["hub_id", "name", "type", "latitude", "longitude"], "hubs")
    hubs = _positional(hubs)
    palette = dict(colours) if colours is not None else hub_type_colours(hubs["type"])
    operators, op_countries = _col(hubs, "operator"), _col(hubs, "operator_country")
    opened, statuses = _col(hubs, "year_opened"), _col(hubs, "status")
    sources, hosts = _col(hubs, "source"), _col(hubs, "host_city_id")
    # issue 14: when closed, and the newest source confirming the hub (optional columns)
    closed, confirmed = _col(hubs, "year_closed"), _col(hubs, "last_confirmed")
    dated = "last_confirmed" in hubs.columns
    records: list[dict[str, Any]] = []
    for idx in hubs.index:
        lon, lat = _coord(hubs.at[idx, "longitude"]), _coord(hubs.at[idx, "latitude"])
        if lon is None or lat is None:
            continue
        hub_type = _text(hubs.at[idx, "type"])
        colour = palette.get(hub_type or "", theme.NO_DATA_COLOUR)
        status = _text(statuses.at[idx])
        active = status in (None, "active")
        operator, op_country = _text(operators.at[idx]), _text(op_countries.at[idx])
        if operator and op_country:
            operator = f"{operator} ({op_country})"
        source = _text(sources.at[idx])
        lines = [
            f"Type: {hub_type or NO_DATA}",
            f"Operator: {operator or op_country or NO_DATA}",
            f"Opened: {_year_text(opened.at[idx]) or NO_DATA}",
            f"Status: {status}"
            + (f" in {_year_text(closed.at[idx])}" if _year_text(closed.at[idx]) else "")
            if status
            else None,
            f"Last confirmed: {_year_text(confirmed.at[idx]) or 'source undated'}"
            if dated
            else None,
            f"Source: {source}" if source else None,
        ]
        host = _text(hosts.at[idx])
        records.append(
            {
                **({"city_id": escape_text(host)} if host else {}),
                "hub_id": escape_text(hubs.at[idx, "hub_id"]),
                "lon": lon,
                "lat": lat,
                "radius": round(HUB_RADIUS_PX * scale, 2),
                "fill": _rgb(colour, FILL_ALPHA if active else INACTIVE_FILL_ALPHA),
                # closed or announced: a ring in the type's colour instead of a filled dot
                "line": None if active else _rgb(colour, 255),
                "line_width": 1 if active else INACTIVE_RING_PX,
                **_tooltip(_text(hubs.at[idx, "name"]) or str(hubs.at[idx, "hub_id"]), lines),
            }
        )
    records.sort(key=lambda r: r["hub_id"])
    return records


def hub_layer(
    hubs: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    *,
    dark: bool = False,
    scale: float = 1.0,
    layer_id: str = "hubs",
) -> pdk.Layer:
    """One dot per hub at its host city, coloured by hub type.

    Hubs are not jittered: their position is the host city, and moving them would suggest an
    address we do not have. Several hubs in one city therefore stack; pages should list them
    (e.g. on selection) rather than rely on the tooltip of the top dot. Closed and planned hubs
    are hollow rings. Pass ``colours`` (from ``hub_type_colours`` over all hubs) to share the
    mapping with a legend.
    """
    return _dot_layer(hub_records(hubs, colours, scale), layer_id, dark, rings=True)


def partnership_records(
    pairs: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The arc layer's records; optional name_a/name_b, year, status, source feed the tooltip."""
    _require(pairs, ["lat_a", "lon_a", "lat_b", "lon_b", "type"], "partnership")
    palette = dict(colours) if colours is not None else partnership_type_colours(pairs["type"])
    # whole columns as lists, read by row number: a pandas cell lookup per field cost most of
    # a Partnerships rerun at 100x (thousands of arcs)
    names = ("lon_a", "lat_a", "lon_b", "lat_b", "type", "name_a", "name_b", "city_a_id")
    names += ("city_b_id", "partnership_id", "year", "status", "source")
    cols = {c: _col(pairs, c).tolist() for c in names}
    names_a, names_b, ids_a, ids_b = (
        cols[c] for c in ("name_a", "name_b", "city_a_id", "city_b_id")
    )
    pair_ids, years = cols["partnership_id"], cols["year"]
    statuses, sources = cols["status"], cols["source"]
    records: list[dict[str, Any]] = []
    for idx in range(len(pairs)):
        coords = [_coord(cols[c][idx]) for c in ("lon_a", "lat_a", "lon_b", "lat_b")]
        if any(c is None for c in coords):
            continue
        kind = _text(cols["type"][idx])
        colour = palette.get(kind or "", theme.NO_DATA_COLOUR)
        name_a = _text(names_a[idx]) or _text(ids_a[idx]) or "?"
        name_b = _text(names_b[idx]) or _text(ids_b[idx]) or "?"
        status, source = _text(statuses[idx]), _text(sources[idx])
        lines = [
            f"Type: {kind or NO_DATA}",
            f"Year: {_year_text(years[idx]) or NO_DATA}",
            f"Status: {status}" if status else None,
            f"Source: {source}" if source else None,
        ]
        record: dict[str, Any] = {
            "source_pos": coords[:2],
            "target_pos": coords[2:],
            "colour": _rgb(colour, ARC_ALPHA),
            **_tooltip(f"{name_a} – {name_b}", lines),
        }
        pair_id = _text(pair_ids[idx])
        if pair_id:
            record["partnership_id"] = escape_text(pair_id)
        records.append(record)
    return records


def partnership_layer(
    pairs: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    *,
    scale: float = 1.0,
    layer_id: str = "partnerships",
) -> pdk.Layer:
    """Great-circle arcs between partner cities, coloured by partnership type.

    Great circles because most city partnerships span continents: the arc then follows the
    shortest route on the globe, as readers know from flight maps.
    """
    return pdk.Layer(
        "ArcLayer",
        data=partnership_records(pairs, colours),
        id=layer_id,
        get_source_position="source_pos",
        get_target_position="target_pos",
        get_source_color="colour",
        get_target_color="colour",
        get_width=round(ARC_WIDTH_PX * scale, 2),
        width_units=_PIXELS,
        great_circle=True,
        pickable=True,
    )


def membership_records(
    members: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    scale: float = 1.0,
) -> list[dict[str, Any]]:
    """One ring per (city, network); a city's rings are concentric in network order."""
    _require(members, ["city_id", "latitude", "longitude", "network_id"], "membership")
    members = _positional(members)
    palette = dict(colours) if colours is not None else network_colours(members["network_id"])
    order = {key: i for i, key in enumerate(palette)}
    names, networks = _col(members, "name"), _col(members, "network")
    roles, groups = _col(members, "role"), _col(members, "role_group")
    since, sources = _col(members, "since"), _col(members, "source")

    rows: list[tuple[str, int, str, Any]] = []
    for idx in members.index:
        network_id = _text(members.at[idx, "network_id"]) or ""
        city_id = str(members.at[idx, "city_id"])
        rows.append((city_id, order.get(network_id, len(order)), network_id, idx))
    rows.sort()

    records: list[dict[str, Any]] = []
    ring_of_city: dict[str, int] = {}
    for city_id, _, network_id, idx in rows:
        lon, lat = _coord(members.at[idx, "longitude"]), _coord(members.at[idx, "latitude"])
        if lon is None or lat is None:
            continue
        ring = ring_of_city.get(city_id, 0)
        ring_of_city[city_id] = ring + 1
        role = _text(roles.at[idx]) or _text(groups.at[idx])
        source = _text(sources.at[idx])
        lines = [
            f"Network: {_text(networks.at[idx]) or network_id}",
            f"Role: {role}" if role else None,
            f"Since: {_year_text(since.at[idx]) or NO_DATA}",
            f"Source: {source}" if source else None,
        ]
        records.append(
            {
                "city_id": escape_text(city_id),
                "network_id": escape_text(network_id),
                "lon": lon,
                "lat": lat,
                "radius": round((RING_BASE_RADIUS_PX + ring * RING_STEP_PX) * scale, 2),
                "line": _rgb(palette.get(network_id, theme.NO_DATA_COLOUR), 230),
                **_tooltip(_text(names.at[idx]) or city_id, lines),
            }
        )
    return records


def membership_layer(
    members: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    *,
    scale: float = 1.0,
    layer_id: str = "memberships",
) -> pdk.Layer:
    """Ring outlines per network membership, so several networks at one city stay visible.

    Rings are stroked, not filled, so they can sit on top of a city or hub layer without
    hiding it. Pass ``colours`` from ``network_colours`` over all networks to keep them stable.
    """
    return pdk.Layer(
        "ScatterplotLayer",
        data=membership_records(members, colours, scale),
        id=layer_id,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_units=_PIXELS,
        filled=False,
        stroked=True,
        get_line_color="line",
        line_width_units=_PIXELS,
        get_line_width=round(2 * scale, 2),
        line_width_min_pixels=1,
        pickable=True,
    )


# Ties: one arc per pair of cities. Faint and thin by default so dots stay readable under them;
# a selected city's ties are drawn opaque and wide, every other tie fades further.
TIE_WIDTH_PX = 1.0
TIE_WIDTH_STEP_PX = 1.5  # each agreement after the first widens the arc by this much
TIE_ALPHA = 95
TIE_FADED_ALPHA = 35
TIE_SELECTED_ALPHA = 235
TIE_SELECTED_WIDTH = 2.5  # times the normal width
SEVERAL_TYPES = "several types"


def tie_records(
    ties: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    *,
    alpha: int = TIE_ALPHA,
    width: float = 1.0,
) -> list[dict[str, Any]]:
    """One arc per pair of cities, as wide as the number of agreements between them.

    ``ties`` comes from ``atlas.mapdata.city_ties``; ``width`` multiplies the widths (a
    selected city's ties are wider) and ``alpha`` sets how much the arcs recede.
    """
    _require(ties, ["lat_a", "lon_a", "lat_b", "lon_b", "type", "agreements"], "ties")
    ties = _positional(ties)
    palette = dict(colours) if colours is not None else partnership_type_colours(ties["type"])
    years, sources = _col(ties, "first_year"), _col(ties, "source")
    records: list[dict[str, Any]] = []
    for idx in ties.index:
        coords = [_coord(ties.at[idx, c]) for c in ("lon_a", "lat_a", "lon_b", "lat_b")]
        if any(c is None for c in coords):
            continue
        kind = _text(ties.at[idx, "type"])
        count = int(ties.at[idx, "agreements"])
        colour = palette.get(kind or "", theme.NO_DATA_COLOUR)
        name_a = _text(ties.at[idx, "name_a"]) if "name_a" in ties else None
        name_b = _text(ties.at[idx, "name_b"]) if "name_b" in ties else None
        lines = [
            f"Agreements: {count}",
            f"Type: {kind or NO_DATA}",
            f"First signed: {_year_text(years.at[idx]) or NO_DATA}",
            f"Source: {_text(sources.at[idx])}" if _text(sources.at[idx]) else None,
        ]
        records.append(
            {
                "source_pos": coords[:2],
                "target_pos": coords[2:],
                "colour": _rgb(colour, alpha),
                "width": round((TIE_WIDTH_PX + TIE_WIDTH_STEP_PX * (count - 1)) * width, 2),
                **_tooltip(f"{name_a or '?'} – {name_b or '?'}", lines),
            }
        )
    return records


def tie_layer(
    ties: pd.DataFrame,
    colours: Mapping[str, str] | None = None,
    *,
    alpha: int = TIE_ALPHA,
    width: float = 1.0,
    layer_id: str = "partnerships",
) -> pdk.Layer:
    """Great-circle arcs between partner cities, one per pair, width by number of agreements."""
    return pdk.Layer(
        "ArcLayer",
        data=tie_records(ties, colours, alpha=alpha, width=width),
        id=layer_id,
        get_source_position="source_pos",
        get_target_position="target_pos",
        get_source_color="colour",
        get_target_color="colour",
        get_width="width",
        width_units=_PIXELS,
        great_circle=True,
        pickable=True,
    )


# --------------------------------------------------------------------------------------------
# deck


def tooltip_spec(dark: bool = False, presentation: bool = False) -> dict[str, Any]:
    """The single tooltip for all layers; styled from the theme, large in presentation mode."""
    size = theme.PRESENTATION_FONT_SIZE if presentation else theme.BASE_FONT_SIZE
    return {
        "html": TOOLTIP_HTML,
        "style": {
            "backgroundColor": theme.LAND_DARK if dark else theme.LAND_LIGHT,
            "color": theme.LAND_LIGHT if dark else theme.OCEAN_DARK,
            "border": f"1px solid {theme.BORDER_DARK if dark else theme.BORDER_LIGHT}",
            "borderRadius": "4px",
            "fontFamily": theme.FONT_FAMILY,
            "fontSize": f"{size}px",
            "lineHeight": "1.35",
            "maxWidth": "480px" if presentation else "320px",
            "padding": "8px 10px",
            "whiteSpace": "pre-line",
        },
    }


def build_deck(
    layers: list,
    view: dict | None = None,
    dark: bool = False,
    presentation: bool = False,
    tiles: bool = False,
) -> pdk.Deck:
    """Assemble layers into a deck that renders with no network access by default.

    Without tiles, ``map_provider`` is None and ``map_style`` is left at pydeck's internal
    default marker: Streamlit treats a *missing* map style (``map_style=None``) as "pick a
    Carto basemap for the theme" and would fetch tiles, whereas the untouched marker means "no
    basemap". An ocean rectangle is added underneath when absent. ``tiles=True`` adds a Carto
    basemap as an online extra (callers usually drop ``country_layer`` then).
    """
    state = {**DEFAULT_VIEW, **(view or {})}
    all_layers = list(layers)
    if not tiles and not any(getattr(layer, "id", None) == "ocean" for layer in all_layers):
        all_layers.insert(0, ocean_layer(dark))
    common: dict[str, Any] = {
        "layers": all_layers,
        "initial_view_state": pdk.ViewState(**state),
        "tooltip": tooltip_spec(dark, presentation),
        "height": 640 if presentation else 500,
    }
    if tiles:
        style = pdk.map_styles.CARTO_DARK if dark else pdk.map_styles.CARTO_LIGHT
        return _CompactDeck(map_provider="carto", map_style=style, **common)
    return _CompactDeck(map_provider=None, **common)


def deck_json_size(deck: pdk.Deck) -> int:
    """Bytes Streamlit will send for this deck, to keep page payloads in check in tests."""
    return len(deck.to_json().encode("utf-8"))
