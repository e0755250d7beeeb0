"""Streamlit glue for the Index builder: cached computation, the session indicator, and the
figures the page shows. The method lives in ``atlas.composite``, the data plumbing in
``atlas.index_data``; this module only decides what is cached, what is registered for the
session and how results are worded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from atlas import citation, mapdata
from atlas.composite import (
    METHOD_NOTES,
    PRESETS,
    IndexResult,
    IndexSettings,
    compute_index,
    directions_from_catalogue,
    preset_weights,
    rank_stability,
)
from atlas.extend import ORIGIN_INDEX, ORIGIN_USER
from atlas.index_data import (
    INDEX_LABEL,
    INDEX_SOURCE,
    INDEX_UNIT,
    IndexInputs,
    contribution_frame,
    index_catalogue_row,
    index_inputs,
    index_value_rows,
    settings_token,
    used_rows,
)
from atlas.load import Atlas
from components import map_colours, map_deck, map_points
from components.chart_intervals import interval_chart
from ui.data import SessionExtra, session_extras, set_session_extra, version_without
from ui.facts import city_label

DRAWS = 1000
SEED = 0
EXTRA_NAME = "index"
CUSTOM = "custom"
DEFAULT_PRESET = "balanced"
PRESET_SLIDER_WEIGHT = 50  # a preset's equal weights land mid-slider, leaving room both ways

# How far the random weightings stray from the chosen weights (Dirichlet concentration).
SPREADS: dict[str, tuple[str, float]] = {
    "narrow": ("Narrow", 200.0),
    "moderate": ("Moderate", 50.0),
    "wide": ("Wide", 10.0),
}
DEFAULT_SPREAD = "moderate"

NORMALISATION_LABELS = {
    "minmax": "Min-max (0 to 1)",
    "zscore": "Z-score (standard deviations)",
    "percentile": "Percentile rank",
}
AGGREGATION_LABELS = {
    "arithmetic": "Weighted arithmetic mean",
    "geometric": "Weighted geometric mean",
}
MISSING_LABELS = {
    "reweight": "Re-weight over the indicators a city has",
    "drop": "Count a gap as the lowest value",
}

# Whole-world view framed like the Overview map.
WORLD_VIEW = {"latitude": 22.0, "longitude": 15.0, "zoom": 0.55}


@dataclass(frozen=True, eq=False)
class IndexRun:
    """Everything one set of choices produces, cached together."""

    inputs: IndexInputs
    result: IndexResult | None
    stability: pd.DataFrame | None
    error: str | None
    token: str


def indicator_choices(atlas: Atlas) -> dict[str, str]:
    """Indicators a reader may put into the index, id -> label.

    The session's own index is left out (an index of itself would be circular); uploaded
    indicators are offered and marked as the reader's own data.
    """
    cat = atlas.indicators
    origin = cat["origin"].astype(str) if "origin" in cat.columns else pd.Series("", cat.index)
    keep = cat.index[origin != ORIGIN_INDEX]
    labels = {}
    for ind in keep:
        label = str(cat.at[ind, "label"])
        if origin.get(ind) == ORIGIN_USER:
            label += " (your data)"
        labels[str(ind)] = label
    return labels


def preset_slider_weights(preset: str, available: Sequence[str]) -> tuple[dict[str, int], list]:
    """A preset as slider positions (0-100), keeping only indicators the Atlas holds."""
    name = preset if preset in PRESETS else DEFAULT_PRESET
    weights, skipped = preset_weights(name, available)
    top = max(weights.values(), default=1.0)
    return {k: round(PRESET_SLIDER_WEIGHT * v / top) for k, v in weights.items()}, skipped


def inputs_version(atlas: Atlas) -> str:
    """Cache key for the data an index is built from: the Atlas's version without the session's
    own index, so registering an index does not invalidate the cache it was computed from."""
    return version_without(atlas, EXTRA_NAME)


@st.cache_data(max_entries=64, show_spinner=False)
def _compute(
    _atlas: Atlas,
    version: str,
    cities: tuple[str, ...],
    weights: tuple[tuple[str, int], ...],
    year: int | None,
    normalisation: str,
    aggregation: str,
    missing: str,
    coverage: int,
    concentration: float,
) -> IndexRun:
    token = settings_token(
        version, cities, weights, year, normalisation, aggregation, missing, coverage, concentration
    )
    inputs = index_inputs(_atlas.values, cities, [k for k, _ in weights], year)
    usable = {k: float(v) for k, v in weights if k in inputs.matrix.columns}
    if not any(v > 0 for v in usable.values()):
        return IndexRun(inputs, None, None, "no-weight", token)
    settings = IndexSettings(normalisation, aggregation, missing, coverage / 100)
    directions = directions_from_catalogue(_atlas.indicators)
    # Weighted indicators without any figure here are passed on so the result names them.
    all_weights = {k: float(v) for k, v in weights}
    result = compute_index(inputs.matrix, all_weights, directions, settings)
    if result.table.empty:
        return IndexRun(inputs, result, None, "no-city", token)
    stability = rank_stability(
        inputs.matrix,
        all_weights,
        directions,
        settings,
        draws=DRAWS,
        seed=SEED,
        concentration=concentration,
    )
    return IndexRun(inputs, result, stability, None, token)


def compute(
    atlas: Atlas,
    cities: Sequence[str],
    weights: Mapping[str, int],
    year: int | None,
    normalisation: str,
    aggregation: str,
    missing: str,
    coverage: int,
    spread: str,
) -> IndexRun:
    """The index and its rank stability for these choices, computed once per combination."""
    concentration = SPREADS.get(spread, SPREADS[DEFAULT_SPREAD])[1]
    with st.spinner(f"Recomputing the index for {DRAWS:,} random weightings…"):
        return _compute(
            atlas,
            inputs_version(atlas),
            tuple(cities),
            tuple((k, int(v)) for k, v in weights.items()),
            year,
            normalisation,
            aggregation,
            missing,
            int(coverage),
            float(concentration),
        )


@st.cache_data(max_entries=64, show_spinner=False)
def _extra_tables(_run: IndexRun, token: str, description: str) -> tuple[pd.DataFrame, ...]:
    assert _run.result is not None and _run.stability is not None
    values = index_value_rows(_run.result, _run.stability, _run.inputs)
    return index_catalogue_row(description), values


def register(run: IndexRun, description: str) -> bool:
    """Make the index an indicator the other pages can use, for this browser session only.

    Returns True when the session's copy changed. Re-registering the same index is skipped,
    because a new token makes every page rebuild its merged Atlas.
    """
    if run.result is None or run.stability is None:
        return False
    current = session_extras().get(EXTRA_NAME)
    if current is not None and current.token == run.token:
        return False
    catalogue, values = _extra_tables(run, run.token, description)
    set_session_extra(
        EXTRA_NAME,
        SessionExtra(token=run.token, origin=ORIGIN_INDEX, indicators=catalogue, values=values),
    )
    return True


def spread_words(stability: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """The perturbation setting in words: what the concentration does to the largest weight."""
    attrs = stability.attrs
    weights: dict[str, float] = attrs.get("weights", {})
    if not weights:
        return ""
    largest = max(weights, key=weights.__getitem__)
    low, high = attrs["weight_p05"][largest], attrs["weight_p95"][largest]
    return (
        f"The weights were redrawn {attrs['draws']:,} times at random around yours (a "
        f"Dirichlet distribution with concentration {attrs['concentration']:g}, fixed seed "
        f"{attrs['seed']}, so the same choices always give the same intervals). With this "
        f"spread your largest weight, {labels.get(largest, largest)} at "
        f"{percent(weights[largest])}, stayed between {percent(low)} and {percent(high)} in 90% "
        "of the draws. Each city's bar runs "
        "from the 5th to the 95th percentile of the ranks it got: a short bar is a rank that "
        "holds whatever the exact weights, a long one a rank the weights decide."
    )


def percent(share: float) -> str:
    """A weight share for a label: '25%', '12.5%' (one decimal only when it matters)."""
    text = f"{100 * share:.1f}".removesuffix(".0")
    return f"{text}%"


def _footer(atlas: Atlas, source_ids: Sequence[object]) -> str:
    """The figure footer: the scores are the Atlas's, computed from the cited publications."""
    inputs = [s for s in source_ids if s != INDEX_SOURCE]
    text, count = citation.credits(atlas.sources, inputs)
    return (
        f"Sources: computed by the Atlas from {text}" if count else "Source: computed by the Atlas"
    )


def method_notes(settings: IndexSettings) -> list[str]:
    """The rules behind the current choices, in the words the code follows."""
    keys = ["weights", "direction", settings.normalisation, settings.aggregation]
    keys += [settings.missing, "coverage", "score"]
    if settings.normalisation == "zscore" and settings.aggregation == "arithmetic":
        keys.append("zscore_caveat")
    keys += ["normalisation_sample", "rank", f"contribution_{settings.aggregation}"]
    return [METHOD_NOTES[k] for k in keys]


@dataclass(frozen=True, eq=False)
class IndexViews:
    """What the page draws for one index, built once and reused on every rerun."""

    ranking: pd.DataFrame  # one row per ranked city: rank, score, interval
    figure: go.Figure
    deck: pdk.Deck
    legend: dict
    contributions: pd.DataFrame
    figures: pd.DataFrame  # the input figures, one row per city and indicator
    source_ids: list[str]
    year_label: str
    dropped: pd.DataFrame
    map_note: str | None = None  # what the map left undrawn (None: every city is drawn)
    map_points: pd.DataFrame | None = None  # cities in scope with their score, for the map's text


@st.cache_resource(max_entries=32, show_spinner=False)
def _views(_atlas: Atlas, _run: IndexRun, token: str, top_n: int) -> IndexViews:
    atlas, run = _atlas, _run
    assert run.result is not None and run.stability is not None
    result, stab = run.result, run.stability
    names = city_label(atlas)
    labels = indicator_choices(atlas)
    used = used_rows(result, run.inputs)
    first, last = int(used["year"].min()), int(used["year"].max())
    year_label = f"figures {first}" if first == last else f"figures {first}–{last}"
    source_ids = list(dict.fromkeys([INDEX_SOURCE, *used["source_id"].astype(str)]))

    ranking = pd.DataFrame(
        {
            "city_id": stab.index.astype(str),
            "City": [names.get(c, c) for c in stab.index],
            "Rank": stab["base_rank"].to_numpy(dtype="int64"),
            "Score": result.table["score"].reindex(stab.index).round(2).to_numpy(),
            "Median rank": stab["median_rank"].to_numpy(),
            "Rank, 5th percentile": stab["rank_p05"].to_numpy(dtype="int64"),
            "Rank, 95th percentile": stab["rank_p95"].to_numpy(dtype="int64"),
            "Share of draws at this rank (%)": (100 * stab["share_base_rank"]).round(1),
            "source_id": INDEX_SOURCE,
        }
    )
    figure = interval_chart(
        ranking,
        name_col="City",
        median_col="Median rank",
        low_col="Rank, 5th percentile",
        high_col="Rank, 95th percentile",
        base_rank_col="Rank",
        title=INDEX_LABEL,
        source_line=_footer(atlas, source_ids),
        year_label=year_label,
        interval_label="5th–95th percentile",
        top_n=top_n,
    )
    # Start title and key at the panel's left edge, not after the city names, so the key
    # ("Dot = median rank, …") fits in a two-thirds-wide column.
    figure.update_layout(title={"xref": "container", "x": 0.01})

    scope = list(run.inputs.matrix.index)
    cities = atlas.cities.loc[scope]
    cities = cities.assign(score=result.table["score"].reindex(cities.index).round(1))
    dots = mapdata.cap_cities(cities, value_col="score")
    layers = [
        map_deck.country_layer(map_deck.load_country_outlines()),
        map_points.city_layer(
            dots,
            "score",
            INDEX_LABEL,
            INDEX_UNIT,
            year=year_label,
            source="Index builder (computed by the Atlas)",
            scale=0.7,
        ),
    ]
    legend = map_colours.continuous_legend(
        cities["score"], label=INDEX_LABEL, unit=INDEX_UNIT, year=year_label
    )
    deck = map_deck.build_deck(layers, view=WORLD_VIEW)

    catalogue = atlas.indicators
    geo = catalogue["geo_unit"].astype(str).to_dict()
    unit_names = used["unit_name"].astype("string").fillna("")
    geo_text = used["indicator_id"].map(geo)
    figures = pd.DataFrame(
        {
            "City": used["city_id"].map(names).to_numpy(),
            "Indicator": used["indicator_id"].map(labels).to_numpy(),
            "Value": used["value"].to_numpy(),
            "Unit": used["indicator_id"].map(catalogue["unit"].astype(str)).to_numpy(),
            "Year": used["year"].to_numpy(),
            "Geography": geo_text.where(unit_names == "", geo_text + ": " + unit_names)
            .astype(str)
            .to_numpy(),
            "Basis": used["basis"].to_numpy(),
            "Source": citation.label(atlas.sources, used["source_id"]).to_numpy(),
            "Note": used["note"].to_numpy(),
            "source_id": used["source_id"].to_numpy(),
        }
    )
    dropped = pd.DataFrame(
        {
            "City": [names.get(c, c) for c in result.dropped],
            "Coverage (%)": [round(100 * result.coverage[c]) for c in result.dropped],
            "Why": [
                "no figure for any chosen indicator"
                if result.coverage[c] == 0
                else "below the minimum coverage"
                for c in result.dropped
            ],
        }
    )
    return IndexViews(
        ranking=ranking,
        figure=figure,
        deck=deck,
        legend=legend,
        contributions=contribution_frame(result, names, labels),
        figures=figures,
        source_ids=source_ids,
        year_label=year_label,
        dropped=dropped,
        map_note=mapdata.cap_note({"cities": (len(dots), len(cities))}),
        map_points=cities[["name", "country_name", "score"]],
    )


def views(atlas: Atlas, run: IndexRun, top_n: int) -> IndexViews:
    """Tables, figure and map for a computed index (cached per index and chart length)."""
    return _views(atlas, run, run.token, int(top_n))
