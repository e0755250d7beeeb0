"""The Map page's model: layers and region views, what one view holds, and its captions; no
Streamlit.

:func:`map_rows` picks the cities, hubs, ties and network rings of one view and counts what it
leaves out; ui/mapview.py caches a view and draws these rows as a deck (walking every city,
hub and arc in Python, which a rerun that only changes the selected city must not pay again).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas import mapdata
from atlas.i18n import N_, _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.schema import INDICATOR_GROUPS

# English names (marked for translation): shown through layer_names() / region_names().
LAYERS = {
    "cities": N_("Cities"),
    "hubs": N_("Diplomacy hubs"),
    "partnerships": N_("Partnership arcs"),
    "networks": N_("City networks"),
}
# Arcs are not on by default: hundreds of them at once hide the cities (see atlas.mapdata ties).
DEFAULT_LAYERS = ("cities", "hubs")
REGION_VIEWS = {
    "world": N_("World"),
    "europe": N_("Europe"),
    "americas": N_("Americas"),
    "asia-pacific": N_("Asia-Pacific"),
    "africa-middle-east": N_("Africa and the Middle East"),
}


def layer_names() -> dict[str, str]:
    """Layer ids -> names in the run's language (the ids stay in links)."""
    return {k: _(v) for k, v in LAYERS.items()}


def region_names() -> dict[str, str]:
    """Region view ids -> names in the run's language (the ids stay in links)."""
    return {k: _(v) for k, v in REGION_VIEWS.items()}


# Camera per region: (latitude, longitude, zoom on the page's map, zoom in presentation mode).
# The page's map is about 700 x 560 px beside the sidebar on a 1,440 px laptop, so the world
# view is zoomed out until the whole world (Alaska to New Zealand) fits 700 px; presentation
# mode's map is about 1,500 x 760 px on a 1,920 x 1,080 projector. Each region view frames
# the whole region at both sizes.
_REGION_CAMERAS = {
    "world": (22.0, 12.0, 0.45, 1.15),
    "europe": (51.0, 12.0, 2.6, 3.0),
    "americas": (12.0, -78.0, 1.3, 1.8),
    "asia-pacific": (12.0, 128.0, 1.5, 2.1),
    "africa-middle-east": (8.0, 28.0, 1.9, 2.5),
}


def region_camera(region: str, presentation: bool = False) -> dict[str, float]:
    """The initial view state (latitude, longitude, zoom) of a region view."""
    lat, lon, zoom, present_zoom = _REGION_CAMERAS.get(region, _REGION_CAMERAS["world"])
    return {"latitude": lat, "longitude": lon, "zoom": present_zoom if presentation else zoom}


WORLD_VIEW = region_camera("world")
PRESENTATION_VIEW = region_camera("world", presentation=True)


def indicator_label(atlas: Atlas, indicator_id: str) -> str:
    """An indicator's label, marking the session's own data and index so a reader never takes
    them for published figures."""
    row = atlas.indicators.loc[indicator_id]
    origin = str(row.get("origin"))
    if origin == "user":
        return _("{label} (your data)").format(label=row["label"])
    if origin == "index":
        return _("{label} (your index)").format(label=row["label"])
    return str(row["label"])


def indicator_options(atlas: Atlas) -> dict[str, str]:
    """Catalogue ids -> labels, grouped as the catalogue groups them."""
    order = {group: i for i, group in enumerate(INDICATOR_GROUPS)}
    cat = atlas.indicators
    ids = sorted(cat.index, key=lambda i: (order.get(cat.at[i, "group"], 9), cat.at[i, "label"]))
    return {i: indicator_label(atlas, i) for i in ids}


@dataclass(frozen=True, eq=False)
class MapRows:
    """What one map view shows, before it is drawn: the rows of each layer and the counts the
    captions read (including what the view cannot place in time)."""

    value_year: int | None  # the year the city figures are read at (None: latest)
    cities: pd.DataFrame  # every city of the view with its figure (value, year, source, …)
    hubs: pd.DataFrame  # hubs of the view, open at the chosen year
    mine: pd.DataFrame  # the selected city's ties
    others: pd.DataFrame  # the other ties to draw (none when the arcs layer is off)
    members: pd.DataFrame | None  # network rings, or None when that layer is off
    counts: dict[str, int] = field(default_factory=dict)


def map_rows(
    atlas: Atlas,
    city_ids: tuple[str, ...],
    indicator_id: str,
    year: int | None,
    layers: tuple[str, ...],
    networks: tuple[str, ...],
    *,
    selected: str | None = None,
    ties: str = mapdata.DEFAULT_TIE_LIMIT,
    upto: int | None = None,
) -> MapRows:
    """The rows of one view and what they count.

    `upto` is the year of the Map's time control: hubs open and agreements signed by then,
    undated ones left out (counted in `counts`). Without it the sidebar `year` applies as on
    every page. `selected` draws that city's ties whatever the layers; `ties` is how many of
    the others the partnership layer draws (a TIE_LIMITS id).
    """
    counts: dict[str, int] = {}
    # a year on the time control also dates the city figures: a 1990 map must not show
    # today's counts (cities without a figure by then are "no data")
    value_year = min((y for y in (year, upto) if y is not None), default=None)
    cities = mapdata.city_points(atlas, city_ids, indicator_id, value_year)
    if upto is None:
        all_hubs = mapdata.hub_points(atlas, city_ids, year)
        pairs = mapdata.partnership_pairs(atlas, city_ids, year)
    else:
        hubs_here = mapdata.hub_points(atlas, city_ids)
        pairs_here = mapdata.partnership_pairs(atlas, city_ids)
        undated = mapdata.undated_counts(hubs_here, pairs_here)
        counts["undated_hubs"] = undated["hubs"]
        counts["undated_partnerships"] = undated["partnerships"]
        all_hubs = mapdata.hubs_open_in(hubs_here, value_year)
        pairs = mapdata.pairs_signed_by(pairs_here, value_year)
    counts["hubs"] = len(all_hubs)
    closed = all_hubs["status"].astype(str) == "closed"
    counts["closed_hubs_undated"] = int((closed & mapdata.closing_years(all_hubs).isna()).sum())
    counts["partnerships"] = len(pairs)
    city_ties = mapdata.city_ties(pairs)
    counts["ties"] = len(city_ties)
    chosen = selected if selected in set(city_ids) else None
    mine, others = mapdata.split_ties(city_ties, chosen, mapdata.tie_limit(ties))
    if "partnerships" not in layers:
        others = others.iloc[0:0]
    counts["ties_selected"] = len(mine)
    counts["ties_drawn"] = len(others) + len(mine)
    if "cities" in layers:
        counts["cities"] = len(cities)
        counts["cities_with_data"] = int(cities["value"].notna().sum())
    members = None
    if "networks" in layers:
        members = mapdata.membership_points(atlas, city_ids, networks)
        counts["memberships"] = len(members)
    return MapRows(value_year, cities, all_hubs, mine, others, members, counts)


def timeline_caption(counts: dict[str, int], upto: int | None) -> str:
    """What the year control shows, with the hubs and agreements it cannot place in time."""
    hubs, agreements = counts["hubs"], counts["partnerships"]
    if upto is None:
        text = _("Today: {hubs} and {agreements}, with or without a recorded year.").format(
            hubs=_hubs(hubs), agreements=_agreements(agreements)
        )
    else:
        undated_hubs = counts.get("undated_hubs", 0)
        undated_agreements = counts.get("undated_partnerships", 0)
        # Translators: {year} is a year; {hubs_open} reads "20 hubs open", {signed} reads
        # "144 agreements signed"; {undated_hubs} "168 hubs", {undated} "134 agreements".
        text = _(
            "In {year}: {hubs_open} and {signed}. Left out of every year as they have no "
            "recorded year: {undated_hubs} and {undated}."
        ).format(
            year=upto,
            hubs_open=ngettext("{n} hub open", "{n} hubs open", hubs).format(n=format_count(hubs)),
            signed=ngettext("{n} agreement signed", "{n} agreements signed", agreements).format(
                n=format_count(agreements)
            ),
            undated_hubs=_hubs(undated_hubs),
            undated=_agreements(undated_agreements),
        )
    closed = counts.get("closed_hubs_undated", 0)
    if closed:
        text += " " + ngettext(
            "{n} closed hub has no recorded closing year and is drawn faded from opening on.",
            "{n} closed hubs have no recorded closing year and are drawn faded from opening on.",
            closed,
        ).format(n=format_count(closed))
    return text


def _hubs(n: int) -> str:
    return ngettext("{n} hub", "{n} hubs", n).format(n=format_count(n))


def _agreements(n: int) -> str:
    return ngettext("{n} agreement", "{n} agreements", n).format(n=format_count(n))


def ties_caption(counts: dict[str, int]) -> str:
    """'the 50 strongest of 392 pairs of partner cities (396 agreements), 342 more counted'."""
    total, drawn, mine = counts["ties"], counts["ties_drawn"], counts["ties_selected"]
    agreements = counts["partnerships"]
    others_total, others_drawn = total - mine, drawn - mine
    parts = []
    if mine:
        parts.append(
            ngettext(
                "the selected city's {n} partner city highlighted",
                "the selected city's {n} partner cities highlighted",
                mine,
            ).format(n=format_count(mine))
        )
    if others_drawn:
        if others_drawn < others_total:
            if mine:
                parts.append(
                    _(
                        "the {drawn} strongest of {total} other pairs of partner cities "
                        "({more} more counted, not drawn)"
                    ).format(
                        drawn=format_count(others_drawn),
                        total=format_count(others_total),
                        more=format_count(others_total - others_drawn),
                    )
                )
            else:
                parts.append(
                    _(
                        "the {drawn} strongest of {total} pairs of partner cities "
                        "({agreements}; {more} more pairs counted, not drawn)"
                    ).format(
                        drawn=format_count(others_drawn),
                        total=format_count(total),
                        agreements=_agreements(agreements),
                        more=format_count(total - drawn),
                    )
                )
        elif mine:
            parts.append(
                ngettext(
                    "{n} other pair of partner cities, faded",
                    "{n} other pairs of partner cities, faded",
                    others_drawn,
                ).format(n=format_count(others_drawn))
            )
        else:
            parts.append(
                ngettext(
                    "{n} pair of partner cities ({agreements})",
                    "all {n} pairs of partner cities ({agreements})",
                    total,
                ).format(n=format_count(total), agreements=_agreements(agreements))
            )
    # Translators: the two parts of the arcs' caption, e.g. "the selected city's 15 partner
    # cities highlighted" and "the 50 strongest of 377 other pairs of partner cities (...)".
    joined = (
        parts[0]
        if len(parts) == 1
        else _("{first} and {second}").format(first=parts[0], second=parts[1])
    )
    return _("partnership arcs: {parts}").format(parts=joined)


def picked_city(event: object) -> str | None:
    """The city a click selected: a city dot, or the host city of a hub or network ring."""
    try:
        objects = event.selection.objects  # type: ignore[attr-defined]
    except AttributeError:
        return None
    for layer in ("cities", "hubs", "memberships"):
        for obj in (objects or {}).get(layer, []) or []:
            city_id = obj.get("city_id") if isinstance(obj, dict) else None
            if city_id:
                return str(city_id)
    return None
