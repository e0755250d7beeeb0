"""Arc and ring layers: partnership agreements, network memberships, ties between cities."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pydeck as pdk

from atlas import terms
from atlas.i18n import N_, _
from atlas.numbers import format_count, no_data
from components import theme
from components.map_base import (
    _PIXELS,
    ARC_ALPHA,
    ARC_WIDTH_PX,
    RING_BASE_RADIUS_PX,
    RING_STEP_PX,
    _col,
    _coord,
    _positional,
    _require,
    _rgb,
    _text,
    _tooltip,
    _year_text,
    escape_text,
)
from components.map_colours import (
    network_colours,
    partnership_type_colours,
)


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
            _type_line(kind),
            _("Year: {year}").format(year=_year_text(years[idx]) or no_data()),
            _("Status: {status}").format(status=terms.partnership_status(status))
            if status
            else None,
            _("Source: {source}").format(source=source) if source else None,
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


def _type_line(kind: str | None) -> str:
    """'Type: twinning' in the run's language (an agreement's or a tie's type)."""
    return _("Type: {type}").format(type=terms.partnership_type(kind) if kind else no_data())


def _arc_layer(records: list[dict[str, Any]], layer_id: str, width: float | str) -> pdk.Layer:
    """Great-circle arcs from ``source_pos`` to ``target_pos`` in each record's colour; ``width``
    is pixels for all arcs, or the name of the record field holding each arc's own width."""
    return pdk.Layer(
        "ArcLayer",
        data=records,
        id=layer_id,
        get_source_position="source_pos",
        get_target_position="target_pos",
        get_source_color="colour",
        get_target_color="colour",
        get_width=width,
        width_units=_PIXELS,
        great_circle=True,
        pickable=True,
    )


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
    return _arc_layer(partnership_records(pairs, colours), layer_id, round(ARC_WIDTH_PX * scale, 2))


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
    for city_id, _order, network_id, idx in rows:
        lon, lat = _coord(members.at[idx, "longitude"]), _coord(members.at[idx, "latitude"])
        if lon is None or lat is None:
            continue
        ring = ring_of_city.get(city_id, 0)
        ring_of_city[city_id] = ring + 1
        role, group = _text(roles.at[idx]), _text(groups.at[idx])
        # the published role when it says more than its group ("steering committee"), else
        # the group in the run's language
        shown_role = role if role and role != group else terms.role_group(group or role)
        source = _text(sources.at[idx])
        lines = [
            _("Network: {network}").format(network=_text(networks.at[idx]) or network_id),
            _("Role: {role}").format(role=shown_role) if shown_role else None,
            _("Since: {year}").format(year=_year_text(since.at[idx]) or no_data()),
            _("Source: {source}").format(source=source) if source else None,
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
# a tie whose agreements differ in type; a data value (colour key), shown through
# terms.partnership_type like the schema's types
SEVERAL_TYPES = N_("several types")


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
        source = _text(sources.at[idx])
        lines = [
            _("Agreements: {n}").format(n=format_count(count)),
            _type_line(kind),
            _("First signed: {year}").format(year=_year_text(years.at[idx]) or no_data()),
            _("Source: {source}").format(source=source) if source else None,
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
    return _arc_layer(tie_records(ties, colours, alpha=alpha, width=width), layer_id, "width")
