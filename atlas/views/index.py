"""The Index builder's model: its settings and words, and one run of the index, no Streamlit.

The method lives in ``atlas.composite`` and the data plumbing in ``atlas.index_data``; this
module puts them together for one set of the page's choices. ui/index_view.py caches a run,
registers it for the session and draws it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

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
from atlas.i18n import N_, _
from atlas.index_data import IndexInputs, index_inputs, settings_token
from atlas.load import Atlas
from atlas.numbers import format_count, format_number, format_share

DRAWS = 1000
SEED = 0
CUSTOM = "custom"
DEFAULT_PRESET = "balanced"
PRESET_SLIDER_WEIGHT = 50  # a preset's equal weights land mid-slider, leaving room both ways

# How far the random weightings stray from the chosen weights (Dirichlet concentration).
# The names (English source texts, marked) are shown through _().
SPREADS: dict[str, tuple[str, float]] = {
    # Translators: how far the random weights stray from the reader's (a spread).
    "narrow": (N_("Narrow"), 200.0),
    "moderate": (N_("Moderate"), 50.0),
    "wide": (N_("Wide"), 10.0),
}
DEFAULT_SPREAD = "moderate"

NORMALISATION_LABELS = {
    "minmax": N_("Min-max (0 to 1)"),
    "zscore": N_("Z-score (standard deviations)"),
    "percentile": N_("Percentile rank"),
}
AGGREGATION_LABELS = {
    "arithmetic": N_("Weighted arithmetic mean"),
    "geometric": N_("Weighted geometric mean"),
}
MISSING_LABELS = {
    "reweight": N_("Re-weight over the indicators a city has"),
    "drop": N_("Count a gap as the lowest value"),
}


def shown(labels: Mapping[str, str]) -> dict[str, str]:
    """A dict of marked option labels, in the run's language (for widgets and link notes)."""
    return {key: _(text) for key, text in labels.items()}


def spread_name(spread: str) -> str:
    """'Moderate (concentration 50)' in the run's language."""
    name, concentration = SPREADS[spread]
    return _("{spread} (concentration {value})").format(
        spread=_(name), value=format_number(concentration)
    )


def preset_label(preset: str) -> str:
    return _(PRESETS[preset]["label"])


def preset_description(preset: str) -> str:
    return _(PRESETS[preset]["description"])


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
            label = _("{label} (your data)").format(label=label)
        labels[str(ind)] = label
    return labels


def preset_slider_weights(preset: str, available: Sequence[str]) -> tuple[dict[str, int], list]:
    """A preset as slider positions (0-100), keeping only indicators the Atlas holds."""
    name = preset if preset in PRESETS else DEFAULT_PRESET
    weights, skipped = preset_weights(name, available)
    top = max(weights.values(), default=1.0)
    return {k: round(PRESET_SLIDER_WEIGHT * v / top) for k, v in weights.items()}, skipped


def run_index(
    atlas: Atlas,
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
    """The index and its rank stability for one set of choices; ``version`` names the data it
    is built from and goes into the run's token with the settings."""
    token = settings_token(
        version,
        cities,
        weights,
        year,
        normalisation,
        aggregation,
        missing,
        coverage,
        concentration,
    )
    inputs = index_inputs(atlas.values, cities, [k for k, _ in weights], year)
    usable = {k: float(v) for k, v in weights if k in inputs.matrix.columns}
    if not any(v > 0 for v in usable.values()):
        return IndexRun(inputs, None, None, "no-weight", token)
    settings = IndexSettings(normalisation, aggregation, missing, coverage / 100)
    directions = directions_from_catalogue(atlas.indicators)
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


def spread_words(stability: pd.DataFrame, labels: Mapping[str, str]) -> str:
    """The perturbation setting in words: what the concentration does to the largest weight."""
    attrs = stability.attrs
    weights: dict[str, float] = attrs.get("weights", {})
    if not weights:
        return ""
    largest = max(weights, key=weights.__getitem__)
    low, high = attrs["weight_p05"][largest], attrs["weight_p95"][largest]
    return _(
        "The weights were redrawn {draws} times at random around yours (a Dirichlet "
        "distribution with concentration {concentration}, fixed seed {seed}, so the same "
        "choices always give the same intervals). With this spread your largest weight, "
        "{indicator} at {share}, stayed between {low} and {high} in {ninety} of the draws. Each "
        "city's bar runs from the 5th to the 95th percentile of the ranks it got: a short bar "
        "is a rank that holds whatever the exact weights, a long one a rank the weights decide."
    ).format(
        draws=format_count(attrs["draws"]),
        concentration=format_number(attrs["concentration"]),
        seed=attrs["seed"],
        indicator=labels.get(largest, largest),
        share=percent(weights[largest]),
        low=percent(low),
        high=percent(high),
        ninety=format_share(0.9),
    )


def percent(share: float) -> str:
    """A weight share for a label: '25%', '12.5%' (one decimal only when it matters), in the
    run's language."""
    return format_share(share, digits=1)


def method_notes(settings: IndexSettings) -> list[str]:
    """The rules behind the current choices, in the words the code follows."""
    keys = ["weights", "direction", settings.normalisation, settings.aggregation]
    keys += [settings.missing, "coverage", "score"]
    if settings.normalisation == "zscore" and settings.aggregation == "arithmetic":
        keys.append("zscore_caveat")
    keys += ["normalisation_sample", "rank", f"contribution_{settings.aggregation}"]
    # a note's only field is the whole share ("100%"), written the language's way
    return [_(METHOD_NOTES[k]).format(whole=format_share(1)) for k in keys]
