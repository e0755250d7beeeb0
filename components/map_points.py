"""Point layers: cities sized and coloured by a value, and hubs coloured by type and status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pydeck as pdk

from atlas import terms
from atlas.i18n import _
from atlas.numbers import format_number, no_data
from components import theme
from components.map_base import (
    _PIXELS,
    CITY_PLAIN_RADIUS_PX,
    FILL_ALPHA,
    HUB_RADIUS_PX,
    INACTIVE_FILL_ALPHA,
    INACTIVE_RING_PX,
    NO_DATA_RADIUS_PX,
    _col,
    _coord,
    _missing,
    _positional,
    _require,
    _rgb,
    _text,
    _tooltip,
    _year_text,
    escape_text,
)
from components.map_colours import (
    _fraction,
    _radius,
    hub_type_colours,
    value_domain,
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
            lines = [_value_line(label, no_data()), _("Unit: {unit}").format(unit=unit)]
            has_value = False
        else:
            number = float(value)
            colour = theme.sequential_colour(_fraction(number, domain, higher_is_better))
            radius = _radius(number, domain, higher_is_better)
            lines = [
                _value_line(label, format_number(number)),
                _("Unit: {unit}").format(unit=unit),
            ]
            has_value = True
        if value_col is not None:
            year_text = _year_text(years_at[idx]) if has_value else None
            source_text = _text(sources_at[idx]) if has_value else None
            geo_text = (
                _text(geographies_at[idx]) if geographies_at is not None and has_value else None
            )
            lines += [
                _("Year: {year}").format(year=year_text) if year_text else None,
                _("Geography: {geography}").format(geography=geo_text) if geo_text else None,
                _("Source: {source}").format(source=source_text) if source_text else None,
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


def _value_line(label: str, value: str) -> str:
    # Translators: a map tooltip line, an indicator's label and the city's figure
    # ("Hubs hosted: 12"); French puts a no-break space before the colon.
    return _("{label}: {value}").format(label=label, value=value)


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
        closed_in = _year_text(closed.at[idx])
        if not status:
            status_line = None
        elif closed_in:
            status_line = _("Status: {status} in {year}").format(
                status=terms.hub_status(status), year=closed_in
            )
        else:
            status_line = _("Status: {status}").format(status=terms.hub_status(status))
        confirmed_in = _year_text(confirmed.at[idx])
        lines = [
            _("Type: {type}").format(type=terms.hub_type(hub_type) if hub_type else no_data()),
            _("Operator: {operator}").format(operator=operator or op_country or no_data()),
            _("Opened: {year}").format(year=_year_text(opened.at[idx]) or no_data()),
            status_line,
            (
                _("Last confirmed: {year}").format(year=confirmed_in)
                if confirmed_in
                else _("Last confirmed: source undated")
            )
            if dated
            else None,
            _("Source: {source}").format(source=source) if source else None,
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
