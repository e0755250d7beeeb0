"""Deck specs from the shared map builders: layers, palette, no-data handling, safe tooltips."""

from __future__ import annotations

import ast
import base64
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pydeck as pdk
import pytest
from PIL import Image

from atlas.i18n import language
from atlas.schema import HUB_TYPES
from components import map_arcs, map_base, map_colours, map_deck, map_points, theme
from components.legend import legend_alt

HOSTILE = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def rgb(colour: str) -> list[int]:
    return theme.hex_to_rgb(colour)[:3]


def spec(deck: pdk.Deck) -> dict[str, Any]:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in deck JSON: the browser cannot parse it")

    return json.loads(deck.to_json(), parse_constant=refuse)


def layer_spec(layer: pdk.Layer) -> dict[str, Any]:
    return json.loads(layer.to_json())


def by_id(records: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    return next(r for r in records if r[key] == value)


@pytest.fixture
def cities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["hostile-xx", "zurich-ch", "xian-cn", "rd-us", "nowhere-xx"],
            "name": [HOSTILE, "Zürich", "Xi'an", "R&D Town", "Nowhere"],
            "country": ["CH", "CH", "CN", "US", "XX"],
            "latitude": [0.0, 47.37, 34.26, 40.0, None],
            "longitude": [0.0, 8.55, 108.93, -100.0, None],
            "hubs_hosted": pd.array([3, pd.NA, 12, 0, 5], dtype="Int64"),
            "year": pd.array([2024, pd.NA, 2023, 2024, 2024], dtype="Int64"),
        }
    )


@pytest.fixture
def hubs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "hub_id": ["swissnex-boston", "nih-sf", "odd-1"],
            "name": ["swissnex in Boston", HOSTILE, "Odd hub"],
            "type": ["innovation centre", "landing pad", "pop-up lab"],
            "operator": ["SERI", "Nordic Innovation", HOSTILE],
            "operator_country": ["CH", "NORDIC", "INT"],
            "year_opened": pd.array([2000, pd.NA, 2015], dtype="Int64"),
            "status": ["active", "closed", "active"],
            "source": ["swissnex.org", "Nordic Innovation House", "Test & source"],
            "latitude": [42.36, 37.77, 1.3],
            "longitude": [-71.06, -122.42, 103.8],
        }
    )


@pytest.fixture
def pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partnership_id": ["p1", "p2"],
            "name_a": ["Zürich", HOSTILE],
            "name_b": ["Kunming", "Boston"],
            "lat_a": [47.37, 0.0],
            "lon_a": [8.55, 0.0],
            "lat_b": [25.04, 42.36],
            "lon_b": [102.71, -71.06],
            "type": ["sister city", "science partnership"],
            "year": pd.array([1982, pd.NA], dtype="Int64"),
            "status": ["active", "planned"],
            "source": ["City of Zürich", "test"],
        }
    )


@pytest.fixture
def members() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city_id": ["zurich-ch", "zurich-ch", "hostile-xx"],
            "name": ["Zürich", "Zürich", HOSTILE],
            "latitude": [47.37, 47.37, 0.0],
            "longitude": [8.55, 8.55, 0.0],
            "network_id": ["eurocities", "c40", "c40"],
            "network": ["Eurocities", "C40 Cities", "C40 Cities"],
            "role_group": ["member", "founder", "member"],
            "since": pd.array([1991, pd.NA, 2010], dtype="Int64"),
            "source": ["eurocities.eu", "c40.org", "c40.org"],
        }
    )


@pytest.fixture
def outlines() -> dict:
    return map_deck.load_country_outlines()


# ---------------------------------------------------------------------------------- outlines


def test_outlines_load_once_and_cover_the_world(outlines: dict) -> None:
    assert map_deck.load_country_outlines() is outlines
    assert len(outlines["features"]) >= 170


def _pixel_colour(data_address: str) -> list[int]:
    """The one colour of a one-pixel PNG given as a data address."""
    header, payload = data_address.split(",", 1)
    assert header == "data:image/png;base64"
    picture = Image.open(io.BytesIO(base64.b64decode(payload))).convert("RGB")
    assert picture.size == (1, 1)
    return list(picture.getpixel((0, 0)))


def test_basemap_is_the_theme_picture_from_the_static_folder() -> None:
    light, dark = (layer_spec(map_deck.basemap_layer(dark=d)) for d in (False, True))
    assert light["@@type"] == "BitmapLayer"
    assert light["pickable"] is False
    # A plain relative address (quotes stripped, no "@@=" accessor), so it holds under any
    # base path; the file it names is in the folder Streamlit serves.
    assert light["image"] == "app/static/basemap-light.png"
    assert dark["image"] == "app/static/basemap-dark.png"
    for name in map_deck.BASEMAP_FILES.values():
        assert (map_deck.STATIC_DIR / name).is_file()
    assert light["bounds"] == [-180.0, -map_deck.MERCATOR_LIMIT, 180.0, map_deck.MERCATOR_LIMIT]


def test_ocean_is_a_one_pixel_picture_in_the_theme_colour() -> None:
    light, dark = (layer_spec(map_deck.ocean_layer(dark=d)) for d in (False, True))
    assert light["@@type"] == dark["@@type"] == "BitmapLayer"  # one shader for sea and land
    assert _pixel_colour(light["image"]) == rgb(theme.OCEAN_LIGHT)
    assert _pixel_colour(dark["image"]) == rgb(theme.OCEAN_DARK)
    # A world-width of sea past each edge, for wide projector canvases.
    assert light["bounds"][0] == -540.0 and light["bounds"][2] == 540.0


def test_country_layer_is_land_and_borders_from_theme(outlines: dict) -> None:
    light = layer_spec(map_deck.country_layer(outlines))
    assert light["@@type"] == "GeoJsonLayer"
    assert light["pickable"] is False
    assert light["getFillColor"][:3] == rgb(theme.LAND_LIGHT)
    assert light["getLineColor"][:3] == rgb(theme.BORDER_LIGHT)
    assert len(light["data"]["features"]) == len(outlines["features"])
    # Only geometry travels: names and the attribution block are not needed to draw land.
    assert all(f["properties"] == {} for f in light["data"]["features"])
    assert "attribution" not in light["data"]

    dark = layer_spec(map_deck.country_layer(outlines, dark=True))
    assert dark["getFillColor"][:3] == rgb(theme.LAND_DARK)
    assert dark["getLineColor"][:3] == rgb(theme.BORDER_DARK)


# ---------------------------------------------------------------------------------- cities


def test_city_layer_uses_viridis_and_scales_radius_by_value(cities: pd.DataFrame) -> None:
    layer = layer_spec(map_points.city_layer(cities, "hubs_hosted", "Hubs hosted", "hubs", 2024))
    assert layer["@@type"] == "ScatterplotLayer"
    assert layer["pickable"] is True
    assert layer["radiusUnits"] == "pixels"  # a bare string would become "@@=pixels"
    records = layer["data"]
    sequential = [rgb(c) for c in theme.SEQUENTIAL]
    top, zero = by_id(records, "city_id", "xian-cn"), by_id(records, "city_id", "rd-us")
    assert top["fill"][:3] == rgb(theme.SEQUENTIAL[-1])
    assert zero["fill"][:3] == rgb(theme.SEQUENTIAL[0])
    assert top["radius"] == map_base.CITY_MAX_RADIUS_PX
    assert zero["radius"] == map_base.CITY_MIN_RADIUS_PX
    middle = by_id(records, "city_id", "hostile-xx")
    assert middle["fill"][:3] in sequential
    # sqrt scaling: a quarter of the maximum value gets half the maximum radius
    assert middle["radius"] == pytest.approx(
        map_base.CITY_MAX_RADIUS_PX * (3 / 12) ** 0.5, abs=0.01
    )


def test_missing_value_is_grey_small_and_says_no_data(cities: pd.DataFrame) -> None:
    records = map_points.city_records(cities, "hubs_hosted", "Hubs hosted", "hubs", year_col="year")
    missing = by_id(records, "city_id", "zurich-ch")
    assert missing["fill"][:3] == rgb(theme.NO_DATA_COLOUR)
    assert missing["radius"] == map_base.NO_DATA_RADIUS_PX
    assert "Hubs hosted: no data" in missing["tt_body"]
    assert ": 0" not in missing["tt_body"]
    # A true zero is a value, not missing data.
    zero = by_id(records, "city_id", "rd-us")
    assert "Hubs hosted: 0" in zero["tt_body"]
    assert zero["fill"][:3] != rgb(theme.NO_DATA_COLOUR)


def test_city_tooltip_lines_state_value_unit_year_source(cities: pd.DataFrame) -> None:
    records = map_points.city_records(
        cities, "hubs_hosted", "Hubs hosted", "hubs", year_col="year", source="Atlas (derived)"
    )
    xian = by_id(records, "city_id", "xian-cn")
    assert xian["tt_title"] == "Xi'an, CN"
    assert xian["tt_body"].split("\n") == [
        "Hubs hosted: 12",
        "Unit: hubs",
        "Year: 2023",
        "Source: Atlas (derived)",
    ]
    assert by_id(records, "city_id", "rd-us")["tt_title"] == "R&D Town, US"


def test_city_without_coordinates_is_skipped(cities: pd.DataFrame) -> None:
    records = map_points.city_records(cities, "hubs_hosted", "Hubs hosted", "hubs", 2024)
    assert "nowhere-xx" not in {r["city_id"] for r in records}
    assert len(records) == 4


def test_city_records_carry_only_what_the_layer_needs(cities: pd.DataFrame) -> None:
    records = map_points.city_records(cities, "hubs_hosted", "Hubs hosted", "hubs", 2024)
    expected = {"city_id", "lon", "lat", "radius", "fill", "has_value", "tt_title", "tt_body"}
    assert all(set(r) == expected for r in records)


def test_duplicate_index_labels_do_not_matter(cities: pd.DataFrame) -> None:
    # Frames built by merges often repeat index labels; each row must still be one dot.
    records = map_points.city_records(cities.set_axis([0] * 5), "hubs_hosted", "H", "hubs", 2024)
    assert len(records) == 4


def test_no_data_dots_drawn_first_and_big_before_small(cities: pd.DataFrame) -> None:
    records = map_points.city_records(cities, "hubs_hosted", "Hubs hosted", "hubs", 2024)
    assert records[0]["has_value"] is False
    radii = [r["radius"] for r in records[1:]]
    assert radii == sorted(radii, reverse=True)


def test_rank_one_is_brightest_and_biggest() -> None:
    ranks = pd.DataFrame(
        {
            "city_id": ["first", "last"],
            "name": ["First", "Last"],
            "country": ["CH", "US"],
            "latitude": [1.0, 2.0],
            "longitude": [1.0, 2.0],
            "rank": [1, 100],
        }
    )
    records = map_points.city_records(
        ranks, "rank", "GII rank", "rank", 2024, higher_is_better=False
    )
    first, last = by_id(records, "city_id", "first"), by_id(records, "city_id", "last")
    assert first["fill"][:3] == rgb(theme.SEQUENTIAL[-1])
    assert first["radius"] > last["radius"]


def test_city_layer_without_indicator_just_places_cities(cities: pd.DataFrame) -> None:
    records = map_points.city_records(cities, None, "", "")
    assert {tuple(r["fill"][:3]) for r in records} == {tuple(rgb(theme.CATEGORICAL[0]))}
    assert all("no data" not in r["tt_body"] for r in records)


def test_scale_enlarges_symbols(cities: pd.DataFrame) -> None:
    normal = map_points.city_records(cities, "hubs_hosted", "Hubs", "hubs", 2024)
    big = map_points.city_records(cities, "hubs_hosted", "Hubs", "hubs", 2024, scale=2.0)
    assert [2 * r["radius"] for r in normal] == pytest.approx([r["radius"] for r in big])


# ---------------------------------------------------------------------------------- hubs


def test_hub_type_colours_are_stable_and_from_the_palette() -> None:
    full = map_colours.hub_type_colours(HUB_TYPES)
    assert list(full.values()) == list(theme.CATEGORICAL[: len(HUB_TYPES)])
    # Filtering to one type must not recolour it.
    assert map_colours.hub_type_colours(["landing pad"]) == {"landing pad": full["landing pad"]}
    extra = map_colours.hub_type_colours(["zeta", "alpha", "landing pad"])
    assert extra["landing pad"] == full["landing pad"]
    assert extra["alpha"] == theme.categorical_colour(len(HUB_TYPES))
    assert extra["zeta"] == theme.categorical_colour(len(HUB_TYPES) + 1)
    assert map_colours.hub_type_colours([None, pd.NA, "", "landing pad"]) == {
        "landing pad": full["landing pad"]
    }


def test_hub_layer_colours_by_type(hubs: pd.DataFrame) -> None:
    layer = layer_spec(map_points.hub_layer(hubs))
    assert layer["@@type"] == "ScatterplotLayer"
    assert layer["pickable"] is True
    colours = map_colours.hub_type_colours(hubs["type"])
    records = layer["data"]
    for hub_id, hub_type in zip(hubs["hub_id"], hubs["type"], strict=True):
        assert by_id(records, "hub_id", hub_id)["fill"][:3] == rgb(colours[hub_type])
    assert all(r["fill"][:3] in [rgb(c) for c in theme.CATEGORICAL] for r in records)


def test_hub_tooltip_and_status(hubs: pd.DataFrame) -> None:
    records = map_points.hub_records(hubs)
    boston = by_id(records, "hub_id", "swissnex-boston")
    assert boston["tt_title"] == "swissnex in Boston"
    assert boston["tt_body"].split("\n") == [
        "Type: innovation centre",
        "Operator: SERI (CH)",
        "Opened: 2000",
        "Status: active",
        "Source: swissnex.org",
    ]
    closed = by_id(records, "hub_id", "nih-sf")
    assert "Opened: no data" in closed["tt_body"]
    assert closed["fill"][3] < boston["fill"][3]


# ---------------------------------------------------------------------------------- arcs, rings


def test_partnership_layer_is_arcs_coloured_by_type(pairs: pd.DataFrame) -> None:
    layer = layer_spec(map_arcs.partnership_layer(pairs))
    assert layer["@@type"] == "ArcLayer"
    assert layer["greatCircle"] is True
    colours = map_colours.partnership_type_colours(pairs["type"])
    first = by_id(layer["data"], "partnership_id", "p1")
    assert first["colour"][:3] == rgb(colours["sister city"])
    assert first["source_pos"] == [8.55, 47.37]
    assert first["target_pos"] == [102.71, 25.04]
    assert first["tt_title"] == "Zürich – Kunming"
    assert "Year: 1982" in first["tt_body"]
    assert "Year: no data" in by_id(layer["data"], "partnership_id", "p2")["tt_body"]


def test_membership_layer_draws_concentric_rings(members: pd.DataFrame) -> None:
    colours = map_colours.network_colours(["c40", "eurocities"])
    layer = layer_spec(map_arcs.membership_layer(members, colours))
    assert layer["@@type"] == "ScatterplotLayer"
    assert layer["filled"] is False
    assert layer["stroked"] is True
    zurich = [r for r in layer["data"] if r["city_id"] == "zurich-ch"]
    assert [r["network_id"] for r in zurich] == ["c40", "eurocities"]
    assert zurich[1]["radius"] > zurich[0]["radius"]
    for record in layer["data"]:
        assert record["line"][:3] == rgb(colours[record["network_id"]])
    assert "Network: C40 Cities" in zurich[0]["tt_body"]


# ---------------------------------------------------------------------------------- legends


def test_legend_items_are_plain_label_colour_pairs() -> None:
    colours = map_colours.network_colours(["c40", "eurocities"])
    items = map_colours.legend_items(colours, labels={"c40": "C40 Cities"}, include_no_data=True)
    assert items == [
        ("C40 Cities", theme.CATEGORICAL[0]),
        ("eurocities", theme.CATEGORICAL[1]),
        ("no data", theme.NO_DATA_COLOUR),
    ]


def test_continuous_legend_states_unit_year_and_range(cities: pd.DataFrame) -> None:
    legend = map_colours.continuous_legend(
        cities["hubs_hosted"], label="Hubs hosted", unit="hubs", year=2024
    )
    assert (legend["min"], legend["max"]) == (0.0, 12.0)
    assert legend["unit"] == "hubs"
    assert legend["year"] == "2024"
    assert legend["stops"] == list(theme.SEQUENTIAL)
    assert legend["no_data_count"] == 1
    assert legend["caption"] == "Hubs hosted (hubs), 2024: 0 to 12; grey = no data (1)"


def test_continuous_legend_for_ranks_and_mixed_years(cities: pd.DataFrame) -> None:
    year = map_colours.year_span(cities["year"])
    assert year == "2023–2024"
    legend = map_colours.continuous_legend(
        [1, 50], label="GII rank", unit="rank", year=year, higher_is_better=False
    )
    assert legend["stops"] == list(reversed(theme.SEQUENTIAL))
    assert "lower is better" in legend["caption"]
    assert "2023–2024" in legend["caption"]


def test_continuous_legend_refuses_to_omit_unit_or_year() -> None:
    with pytest.raises(ValueError, match="year"):
        map_colours.continuous_legend([1, 2], label="x", unit="hubs", year=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unit"):
        map_colours.continuous_legend([1, 2], label="x", unit=" ", year=2024)


# ---------------------------------------------------------------------------------- deck


@pytest.fixture
def full_deck(cities, hubs, pairs, members) -> pdk.Deck:
    layers = [
        map_arcs.partnership_layer(pairs),
        map_points.city_layer(cities, "hubs_hosted", "Hubs hosted", "hubs", 2024),
        map_points.hub_layer(hubs),
        map_arcs.membership_layer(members),
    ]
    return map_deck.build_deck(layers)


def test_hostile_text_is_escaped_in_the_deck_json(full_deck: pdk.Deck) -> None:
    text = full_deck.to_json()
    assert "<img" not in text
    assert ESCAPED in text
    # Every layer that shows it carries it escaped: city, hub name, operator, arc, ring.
    assert text.count("&lt;img") >= 5


def test_escaping_keeps_ordinary_punctuation_readable() -> None:
    # Streamlit escapes tooltip fields again; entities here would show up as '&amp;'.
    assert map_base.escape_text("R&D Town") == "R&D Town"
    assert map_base.escape_text("Xi'an") == "Xi'an"
    assert map_base.escape_text(HOSTILE) == ESCAPED


def test_pickable_layers_share_the_tooltip_fields(full_deck: pdk.Deck) -> None:
    deck = spec(full_deck)
    pickable = [layer for layer in deck["layers"] if layer.get("pickable")]
    assert {layer["@@type"] for layer in pickable} == {"ScatterplotLayer", "ArcLayer"}
    for layer in pickable:
        for record in layer["data"]:
            assert set(map_base.TOOLTIP_FIELDS) <= set(record)
    tooltip = full_deck._tooltip
    assert tooltip["html"] == map_base.TOOLTIP_HTML
    for field in map_base.TOOLTIP_FIELDS:
        assert "{" + field + "}" in tooltip["html"]


def test_offline_deck_has_no_basemap_and_no_url(full_deck: pdk.Deck) -> None:
    deck = spec(full_deck)
    assert "http" not in full_deck.to_json()
    assert "mapProvider" not in deck
    # Streamlit reads a *missing* mapStyle as "use a Carto basemap"; pydeck's untouched
    # default marker is what it treats as "no basemap".
    assert deck.get("mapStyle") in (None, "__MAP_STYLE__")
    assert full_deck.map_provider is None
    # The sea, then the basemap picture, underneath everything; no vector outlines.
    assert [layer["id"] for layer in deck["layers"][:2]] == ["ocean", "basemap"]
    assert _pixel_colour(deck["layers"][0]["image"]) == rgb(theme.OCEAN_LIGHT)
    types = [layer["@@type"] for layer in deck["layers"]]
    assert {"BitmapLayer", "ScatterplotLayer", "ArcLayer"} <= set(types)
    assert "GeoJsonLayer" not in types


def test_default_view_is_the_world(full_deck: pdk.Deck) -> None:
    view = spec(full_deck)["initialViewState"]
    assert (view["latitude"], view["longitude"], view["zoom"]) == (20.0, 10.0, 1.2)
    custom = spec(map_deck.build_deck([], view={"latitude": 47.0, "longitude": 8.0, "zoom": 5}))
    assert custom["initialViewState"]["zoom"] == 5


def test_tiles_are_an_opt_in_carto_extra() -> None:
    light = map_deck.build_deck([], tiles=True)
    dark = map_deck.build_deck([], tiles=True, dark=True)
    assert "basemaps.cartocdn.com" in light.map_style
    assert light.map_style != dark.map_style
    assert all(layer.id not in {"ocean", "basemap"} for layer in light.layers)


def test_dark_and_presentation_change_the_tooltip_style() -> None:
    plain = map_deck.build_deck([])._tooltip["style"]
    dark = map_deck.build_deck([], dark=True, presentation=True)._tooltip["style"]
    assert plain["fontSize"] == f"{theme.BASE_FONT_SIZE}px"
    assert dark["fontSize"] == f"{theme.PRESENTATION_FONT_SIZE}px"
    assert dark["backgroundColor"] == theme.LAND_DARK
    assert plain["whiteSpace"] == "pre-line"
    ocean, basemap = spec(map_deck.build_deck([], dark=True))["layers"]
    assert _pixel_colour(ocean["image"]) == rgb(theme.OCEAN_DARK)
    assert basemap["image"].endswith(map_deck.BASEMAP_FILES["dark"])


def test_deck_json_is_stable_between_reruns(cities) -> None:
    # Streamlit hashes the spec into the element id: random layer ids would reset the map.
    def build() -> str:
        layers = [map_points.city_layer(cities, "hubs_hosted", "H", "h", 1)]
        return map_deck.build_deck(layers).to_json()

    assert build() == build()


def test_deck_stays_small(full_deck: pdk.Deck) -> None:
    size = map_deck.deck_json_size(full_deck)
    assert size == len(full_deck.to_json().encode("utf-8"))
    # The basemap travels as an address, not as outlines: a few records need only a few kB
    # (the outlines alone were ~150 kB in every map's spec).
    assert size < 20_000


@pytest.mark.parametrize("module", [map_base, map_colours, map_points, map_arcs, map_deck])
def test_maps_module_never_imports_streamlit(module) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "streamlit" not in imported
    assert "session_state" not in source


def test_tie_arcs_widen_with_agreements_and_fade_on_request() -> None:
    ties = pd.DataFrame(
        {
            "lat_a": [41.0, 48.0],
            "lon_a": [2.0, 11.0],
            "lat_b": [35.0, -33.0],
            "lon_b": [139.0, 151.0],
            "type": ["twinning", map_arcs.SEVERAL_TYPES],
            "agreements": [1, 3],
            "name_a": ["Barcelona", "<b>Munich</b>"],
            "name_b": ["Kobe", "Sydney"],
            "first_year": [1993, None],
        }
    )
    colours = map_colours.partnership_type_colours(["twinning", map_arcs.SEVERAL_TYPES])
    records = map_arcs.tie_records(ties, colours, alpha=40, width=2.0)
    assert records[0]["width"] == 2.0 and records[1]["width"] > records[0]["width"]
    assert {r["colour"][3] for r in records} == {40}
    assert records[1]["colour"][:3] != records[0]["colour"][:3]  # several types has a colour
    assert "&lt;b&gt;Munich" in records[1]["tt_title"]
    assert (
        "Agreements: 3" in records[1]["tt_body"]
        and "First signed: no data" in records[1]["tt_body"]
    )
    layer = map_arcs.tie_layer(ties, colours)
    assert layer.type == "ArcLayer" and layer.get_width == "@@=width"


def test_hub_tooltip_says_when_a_hub_was_last_confirmed_and_closed():
    hubs = pd.DataFrame(
        {
            "hub_id": ["a", "b"],
            "name": ["Old office", "Closed office"],
            "type": ["agency office", "agency office"],
            "latitude": [1.0, 2.0],
            "longitude": [1.0, 2.0],
            "status": ["active", "closed"],
            "year_closed": pd.array([None, 2018], dtype="Int64"),
            "last_confirmed": pd.array([2006, None], dtype="Int64"),
        }
    )
    records = {r["hub_id"]: str(r) for r in map_points.hub_records(hubs)}
    assert "Last confirmed: 2006" in records["a"]
    assert "Status: closed in 2018" in records["b"] and "source undated" in records["b"]


# ---------------------------------------------------------------------------------- languages

NNBSP = "\u202f"  # French groups digits with a narrow no-break space
NBSP = "\u00a0"  # and puts a no-break space before a colon


def test_tooltips_in_french_name_types_and_statuses_in_the_glossary_terms(
    cities: pd.DataFrame, hubs: pd.DataFrame, pairs: pd.DataFrame, members: pd.DataFrame
) -> None:
    with language("fr"):
        city = map_points.city_records(
            cities.assign(hubs_hosted=[3, pd.NA, 1204, 0, 5]),
            "hubs_hosted",
            "Hubs accueillis",
            "hubs",
            year_col="year",
            source="Atlas",
        )
        hub = map_points.hub_records(hubs)
        arcs = map_arcs.partnership_records(pairs)
        rings = map_arcs.membership_records(members)
    xian = by_id(city, "city_id", "xian-cn")["tt_body"].split("\n")
    assert xian == [
        f"Hubs accueillis{NBSP}: 1{NNBSP}204",
        f"Unité{NBSP}: hubs",
        f"Année{NBSP}: 2023",
        f"Source{NBSP}: Atlas",
    ]
    assert (
        f"Hubs accueillis{NBSP}: pas de données" in by_id(city, "city_id", "zurich-ch")["tt_body"]
    )
    boston = by_id(hub, "hub_id", "swissnex-boston")["tt_body"].split("\n")
    assert boston[0] == f"Type{NBSP}: centre d'innovation"
    assert f"Statut{NBSP}: actif" in boston
    closed = by_id(hub, "hub_id", "nih-sf")["tt_body"]
    assert f"Ouverture{NBSP}: pas de données" in closed and f"Statut{NBSP}: fermé" in closed
    # a type outside the schema's list (an upload) is shown as it is
    assert f"Type{NBSP}: pop-up lab" in by_id(hub, "hub_id", "odd-1")["tt_body"]
    zurich = arcs[0]["tt_body"].split("\n")
    assert zurich[:3] == [
        f"Type{NBSP}: ville sœur",
        f"Année{NBSP}: 1982",
        f"Statut{NBSP}: en vigueur",
    ]
    assert f"Statut{NBSP}: prévu" in arcs[1]["tt_body"]
    assert any(f"Rôle{NBSP}: fondateur" in r["tt_body"] for r in rings)
    assert all(f"Depuis{NBSP}:" in r["tt_body"] for r in rings)


def test_tie_tooltip_and_several_types_in_catalan() -> None:
    ties = pd.DataFrame(
        {
            "lat_a": [41.4],
            "lon_a": [2.2],
            "lat_b": [48.9],
            "lon_b": [2.3],
            "type": [map_arcs.SEVERAL_TYPES],
            "agreements": [3],
            "first_year": [1990],
            "name_a": ["Barcelona"],
            "name_b": ["París"],
            "source": ["test"],
        }
    )
    with language("ca"):
        body = map_arcs.tie_records(ties)[0]["tt_body"].split("\n")
    assert body[:3] == ["Acords: 3", "Tipus: diversos tipus", "Primera signatura: 1990"]


def test_legend_caption_and_alt_text_in_spanish(cities: pd.DataFrame) -> None:
    with language("es"):
        legend = map_colours.continuous_legend(
            cities["hubs_hosted"], label="Hubs acogidos", unit="hubs", year=2024
        )
        ranks = map_colours.continuous_legend(
            [1, 2, None], label="Posición", unit="posición", year=2024, higher_is_better=False
        )
        alt = legend_alt([("centro de innovación", theme.CATEGORICAL[0])], "Tipo de hub")
    assert legend["caption"] == "Hubs acogidos (hubs), 2024: de 0 a 12; gris = sin datos (1)"
    assert "más bajo es mejor" in ranks["caption"]
    assert alt == "Leyenda, Tipo de hub. azul: centro de innovación."
