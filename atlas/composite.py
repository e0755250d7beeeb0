"""Composite city indices, built the way the OECD/JRC Handbook on Constructing Composite
Indicators (2008) asks: normalise, weight, aggregate, and then show how much the ranking owes to
the weights that were chosen.

The module is pure (pandas and numpy only, no Streamlit) so that every rule a page displays can
be pinned down by a unit test and timed by a benchmark. It works on a *wide* matrix, one row per
city and one column per indicator, because every step of the Handbook is a column or a row
operation; turning the long ``values`` table into that matrix is the caller's business.

Every rule that changes a number is spelled out in ``METHOD_NOTES`` so a page can show the same
sentences the code follows, and ``describe`` writes the chosen combination out in plain words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, TypedDict

import numpy as np
import pandas as pd

from atlas.catalogue import higher_is_better
from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count, format_number, format_share

Normalisation = Literal["minmax", "zscore", "percentile"]
Aggregation = Literal["arithmetic", "geometric"]
MissingPolicy = Literal["drop", "reweight"]

NORMALISATIONS: tuple[str, ...] = ("minmax", "zscore", "percentile")
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric")
MISSING_POLICIES: tuple[str, ...] = ("drop", "reweight")

CONTRIBUTION_PREFIX = "contrib_"
"""Contribution columns in ``IndexResult.table`` are this prefix plus the indicator id."""

# Scores (or their log) closer than this are the same score: float noise from summing in a
# different order must not split a genuine tie, and a real difference this small means nothing.
_TIE_TOLERANCE = 1e-10
# Coverage is a sum of float weight shares; 0.49999999999 must still pass a 0.5 threshold.
_COVERAGE_TOLERANCE = 1e-9
# Rank-stability blocks hold about this many (draw, city) cells at a time (see rank_stability).
_BLOCK_CELLS = 500_000

METHOD_NOTES: dict[str, str] = {
    "weights": N_(
        "Weights can be any non-negative numbers; only their proportions matter, because they "
        "are divided by their total. An indicator with weight zero plays no part at all: not in "
        "the score, not in the coverage, not in the normalisation."
    ),
    "direction": N_(
        "Where a lower figure is better (a rank, for example), the indicator is turned round "
        "before normalising, so that a higher normalised value always means better."
    ),
    "minmax": N_(
        "Min-max: each indicator is rescaled so that the lowest city gets 0 and the highest "
        "gets 1. If every city has the same figure, all get 0.5."
    ),
    "zscore": N_(
        "Z-score: each indicator is expressed as standard deviations above or below the "
        "average city (population standard deviation). If every city has the same figure, all "
        "get 0."
    ),
    "percentile": N_(
        "Percentile: each city gets the share of the other cities it beats on the indicator, "
        "from 0 (lowest) to 1 (highest); tied cities share the average of their places. If "
        "every city has the same figure, all get 0.5."
    ),
    "arithmetic": N_(
        "Arithmetic mean: the score is the weighted average of the normalised indicators, so a "
        "strong indicator can make up for a weak one."
    ),
    "geometric": N_(
        "Geometric mean: the score is the weighted geometric mean, so a weak indicator is only "
        "partly made up for by a strong one. It needs figures above zero, so each normalised "
        "indicator is first put on 0 to 1 (z-scores by min-max, which makes them identical to "
        "min-max values) and then mapped to 0.01 to 1 by 0.01 + 0.99 x value."
    ),
    "score": N_(
        "Scores run from 0 to 100. With min-max or percentile and the arithmetic mean, the "
        "score is 100 x the weighted mean, so 100 means best on every indicator. With z-scores "
        "and the arithmetic mean, the weighted mean has no natural range, so it is rescaled "
        "after aggregation: the best city shown gets 100 and the lowest gets 0. With the "
        "geometric mean the score is 100 x the weighted geometric mean, from 1 to 100."
    ),
    "zscore_caveat": N_(
        "With z-scores and the arithmetic mean, every city is measured against the average "
        "and spread of the cities shown, and the 0 to 100 scale against the best and lowest "
        "of them. Raising one city's figure moves all of these, so in rare cases its score or "
        "rank can fall even though its own weighted z-score rose. The other methods do not "
        "have this effect: a better figure never lowers a city's score or rank."
    ),
    "rank": N_(
        "Rank 1 is the best score. Cities with the same score share the better rank, and the "
        "next rank is skipped (1, 1, 3)."
    ),
    "coverage": N_(
        "Coverage is the share of the total weight for which a city has a figure. Cities below "
        "the minimum coverage are left out, and so are cities with no figure at all."
    ),
    "reweight": N_(
        "Reweight: a city missing an indicator is scored on the indicators it has, with their "
        "weights scaled up to add to one again."
    ),
    "drop": N_(
        "Drop: cities below the minimum coverage are left out; for the cities kept, a missing "
        "indicator counts as the lowest normalised value seen among them, so a gap is never "
        "rewarded. With a minimum coverage of {whole} only complete cities remain."
    ),
    "normalisation_sample": N_(
        "Normalisation uses only the cities kept in the index, so leaving a city out can move "
        "the others' normalised values."
    ),
    "contribution_arithmetic": N_(
        "Contributions (arithmetic mean): the points each indicator adds to the score, weight "
        "x normalised value x 100; they add up to the score. For z-scores they are measured "
        "from the lowest composite shown, so they still add up to the score but can be "
        "negative."
    ),
    "contribution_geometric": N_(
        "Contributions (geometric mean): the score is split in proportion to each indicator's "
        "weighted log-distance above the 0.01 floor, weight x ln(value / 0.01); they add up to "
        "the score and a larger part means the indicator lifts the city more."
    ),
    "stability": N_(
        "Rank stability: the weights are redrawn many times at random around the chosen ones "
        "(a Dirichlet distribution; a higher concentration keeps the draws closer), the index "
        "is recomputed for each draw, and the spread of each city's rank is reported. The set "
        "of cities is the one kept with the chosen weights. Indicators with weight zero stay "
        "at zero."
    ),
}


@dataclass(frozen=True)
class IndexSettings:
    """The choices a reader can make, bundled so that a result records exactly what produced it
    and so that invalid choices fail before any computation starts."""

    normalisation: Normalisation = "minmax"
    aggregation: Aggregation = "arithmetic"
    missing: MissingPolicy = "reweight"
    min_coverage: float = 0.5
    epsilon: float = 0.01

    def __post_init__(self) -> None:
        _check_choice("normalisation", self.normalisation, NORMALISATIONS)
        _check_choice("aggregation", self.aggregation, AGGREGATIONS)
        _check_choice("missing-data policy", self.missing, MISSING_POLICIES)
        if not _is_real(self.min_coverage) or not 0.0 <= self.min_coverage <= 1.0:
            raise ValueError(
                f"min_coverage must be a number between 0 and 1, got {self.min_coverage!r}."
            )
        if not _is_real(self.epsilon) or not 0.0 < self.epsilon < 1.0:
            raise ValueError(
                f"epsilon (the geometric-mean floor) must be between 0 and 1 exclusive, "
                f"got {self.epsilon!r}."
            )


@dataclass(frozen=True, eq=False)
class IndexResult:
    """A computed index together with everything needed to explain it, so a page never has to
    recompute or guess which weights, cities or indicators were actually used.

    ``table`` (index ``city_id``, sorted by rank) has ``score`` (0-100), ``rank`` (1 = best,
    ties share the better rank), ``coverage`` (share of weight with a figure) and one
    ``contrib_<indicator_id>`` column per weighted indicator (see ``METHOD_NOTES``); a
    contribution is NaN where the city has no figure and the policy is ``reweight``.
    ``coverage`` covers every input city, including the ones left out (listed in ``dropped``).
    ``weights`` are the normalised weights of the indicators that took part (summing to 1).
    ``normalised`` holds the normalised values (before any gap filling or geometric floor).
    """

    table: pd.DataFrame
    settings: IndexSettings
    weights: dict[str, float]
    directions: dict[str, bool]
    coverage: pd.Series
    dropped: tuple[str, ...]
    skipped_indicators: tuple[str, ...]
    zero_weight_indicators: tuple[str, ...]
    normalised: pd.DataFrame

    @property
    def scores(self) -> pd.Series:
        return self.table["score"]

    @property
    def ranks(self) -> pd.Series:
        return self.table["rank"]

    @property
    def contributions(self) -> pd.DataFrame:
        """Contribution columns renamed to plain indicator ids, ready for a stacked bar."""
        cols = [CONTRIBUTION_PREFIX + i for i in self.weights]
        out = self.table[cols].copy()
        out.columns = list(self.weights)
        return out

    def describe(self, labels: Mapping[str, str] | None = None) -> str:
        return describe(self.settings, self, labels)


class Preset(TypedDict):
    label: str
    description: str
    weights: dict[str, float]


PRESETS: dict[str, Preset] = {
    "presence": {
        "label": N_("Science diplomacy presence"),
        "description": N_(
            "How visible a city is as a place where science diplomacy happens: innovation hubs "
            "and science offices it hosts, the foreign countries and organisations operating "
            "them, its memberships of city networks and its partnerships with other cities, "
            "weighted equally."
        ),
        "weights": {
            "hubs_hosted": 1.0,
            "foreign_operators": 1.0,
            "network_memberships": 1.0,
            "partnerships": 1.0,
        },
    },
    "innovation": {
        "label": N_("Innovation outputs"),
        "description": N_(
            "What a city's research and innovation system produces: PCT patent applications "
            "and scientific publications of its Global Innovation Index cluster, its Nature "
            "Index rank for high-quality research and its Startup Genome ecosystem rank (for "
            "both ranks lower is better), weighted equally. The GII cluster rank is left out "
            "because it is computed from the same patents and publications and would count "
            "them twice."
        ),
        "weights": {
            "gii_pct_applications": 1.0,
            "gii_scientific_publications": 1.0,
            "nature_index_rank": 1.0,
            "startup_genome_rank": 1.0,
        },
    },
    "balanced": {
        "label": N_("Balanced"),
        "description": N_(
            "Science diplomacy presence and innovation outputs side by side: the eight "
            "indicators of the two other presets weighted equally, so each half carries half "
            "of the weight when a city has every indicator."
        ),
        "weights": {
            "hubs_hosted": 1.0,
            "foreign_operators": 1.0,
            "network_memberships": 1.0,
            "partnerships": 1.0,
            "gii_pct_applications": 1.0,
            "gii_scientific_publications": 1.0,
            "nature_index_rank": 1.0,
            "startup_genome_rank": 1.0,
        },
    },
}
"""Ready-made weightings. Indicators a matrix lacks are skipped (and reported) rather than
failing, because the data behind each indicator arrives on its own schedule."""


def preset_weights(preset: str, available: Iterable[str]) -> tuple[dict[str, float], list[str]]:
    """Resolve a preset against the indicators at hand, returning the weights that apply and the
    indicator ids that had to be skipped, so a page can say what the preset lost."""
    if preset not in PRESETS:
        raise ValueError(f"Unknown preset {preset!r}; choose one of: {', '.join(PRESETS)}.")
    have = set(available)
    weights = PRESETS[preset]["weights"]
    kept = {k: v for k, v in weights.items() if k in have}
    skipped = [k for k in weights if k not in have]
    return kept, skipped


def directions_from_catalogue(indicators: pd.DataFrame) -> dict[str, bool]:
    """Read the direction of every indicator from the catalogue, the one place it is defined,
    so that pages never hard-code which indicators are ranks."""
    return {
        str(i): higher_is_better(row)
        for i, (_i, row) in zip(indicators["indicator_id"], indicators.iterrows(), strict=True)
    }


def compute_index(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, bool],
    settings: IndexSettings | None = None,
) -> IndexResult:
    """Compute the composite score, rank, coverage and contributions of every city.

    ``matrix`` has one row per city (index = city_id) and one column per indicator, NaN where a
    figure is missing. Only indicators named in ``weights`` are used; weight keys that are not
    columns of ``matrix`` are skipped and reported in ``skipped_indicators``. ``directions``
    maps indicator id to True when higher is better and must cover every weighted indicator.
    The rules are in ``METHOD_NOTES``; they are shared with ``rank_stability`` through the same
    preparation and aggregation code, so both always agree on the base ranking.

    Raises ValueError for an unknown method, a negative or non-finite weight, weights that are
    all zero, a missing direction, non-numeric or infinite values, or duplicate city ids.
    """
    settings = settings or IndexSettings()
    prep = _prepare(matrix, weights, directions, settings)
    w = prep.weights[np.newaxis, :]
    composite = _aggregate(prep.agg_values, prep.agg_mask, w)[0]
    score = _to_score(composite, settings)
    contributions = _contributions(prep, composite, score, settings)

    columns: dict[str, np.ndarray] = {
        "score": score,
        "rank": _min_rank_desc(composite[np.newaxis, :])[0],
        "coverage": prep.coverage.to_numpy()[prep.kept],
    }
    for j, ind in enumerate(prep.indicators):
        columns[CONTRIBUTION_PREFIX + ind] = contributions[:, j]
    table = pd.DataFrame(columns, index=prep.cities)
    order = np.lexsort((np.arange(len(table)), columns["rank"]))
    table = table.iloc[order]

    return IndexResult(
        table=table,
        settings=settings,
        weights=dict(zip(prep.indicators, prep.weights.tolist(), strict=True)),
        directions={i: bool(directions[i]) for i in prep.indicators},
        coverage=prep.coverage,
        dropped=prep.dropped,
        skipped_indicators=prep.skipped,
        zero_weight_indicators=prep.zero_weight,
        normalised=pd.DataFrame(prep.normalised, index=prep.cities, columns=list(prep.indicators)),
    )


def rank_stability(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, bool],
    settings: IndexSettings | None = None,
    draws: int = 1000,
    seed: int | None = 0,
    concentration: float = 50.0,
) -> pd.DataFrame:
    """How much each city's rank depends on the exact weights (Handbook step 7, uncertainty).

    Weight vectors are drawn from a Dirichlet distribution with alpha = concentration x the
    normalised weights, so the draws average to the chosen weights and zero-weight indicators
    stay at zero. With concentration c, a weight share w varies with standard deviation
    sqrt(w (1 - w) / (c + 1)): the default 50 moves a 0.25 share by about 0.06.

    Normalisation is done once; each draw is then one row of a (draws x indicators) @
    (indicators x cities) product, in log space for the geometric mean, with masked sums for the
    reweight policy. The cities are those kept with the chosen weights (coverage is not
    re-evaluated per draw) so that every draw ranks the same set.

    Returns a DataFrame indexed by city_id, sorted by base rank, with ``base_rank``,
    ``median_rank``, ``rank_p05`` and ``rank_p95`` (5th and 95th percentile, always a rank that
    occurred) and ``share_base_rank`` (share of draws in which the city keeps its base rank).
    ``attrs`` record ``draws``, ``seed``, ``concentration``, the chosen ``weights`` (normalised)
    and the 5th and 95th percentile of each drawn weight (``weight_p05``, ``weight_p95``), so a
    page can say in words how far the draws strayed. The same seed gives the same table.
    """
    settings = settings or IndexSettings()
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}.")
    if not _is_real(concentration) or not 0.0 < concentration < math.inf:
        raise ValueError(f"concentration must be a positive number, got {concentration!r}.")
    prep = _prepare(matrix, weights, directions, settings)
    n = len(prep.cities)
    columns = ["base_rank", "median_rank", "rank_p05", "rank_p95", "share_base_rank"]
    if n == 0:
        return pd.DataFrame(columns=columns, index=prep.cities)

    chosen = prep.weights[np.newaxis, :]
    base = _min_rank_desc(_aggregate(prep.agg_values, prep.agg_mask, chosen))[0]
    rng = np.random.default_rng(seed)
    draws = int(draws)
    drawn = rng.dirichlet(concentration * prep.weights, size=draws)
    # Ranking works on (draws x cities) blocks; doing them a slice of draws at a time keeps the
    # temporary arrays near _BLOCK_CELLS cells (tens of MB) even for 10,000 cities, and the
    # result is identical because each draw is ranked on its own.
    ranks = np.empty((draws, n), dtype=np.int32)
    step = max(1, _BLOCK_CELLS // n)
    for start in range(0, draws, step):
        block = drawn[start : start + step]
        ranks[start : start + step] = _min_rank_desc(
            _aggregate(prep.agg_values, prep.agg_mask, block)
        )

    ordered = np.sort(ranks, axis=0)  # one sort serves the median and both percentiles
    low, high = _inverted_cdf_index(0.05, draws), _inverted_cdf_index(0.95, draws)
    out = pd.DataFrame(
        {
            "base_rank": base,
            "median_rank": (ordered[(draws - 1) // 2] + ordered[draws // 2]) / 2.0,
            "rank_p05": ordered[low].astype(np.int64),
            "rank_p95": ordered[high].astype(np.int64),
            "share_base_rank": (ranks == base[np.newaxis, :]).mean(axis=0),
        },
        index=prep.cities,
    )
    out = out.iloc[np.lexsort((np.arange(n), base))]
    drawn_sorted = np.sort(drawn, axis=0)
    out.attrs.update(
        draws=draws,
        seed=seed,
        concentration=float(concentration),
        weights=dict(zip(prep.indicators, prep.weights.tolist(), strict=True)),
        weight_p05=dict(zip(prep.indicators, drawn_sorted[low].tolist(), strict=True)),
        weight_p95=dict(zip(prep.indicators, drawn_sorted[high].tolist(), strict=True)),
    )
    return out


def describe(
    settings: IndexSettings,
    result: IndexResult | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Write the method out in plain words for a caption or a briefing, so the text cannot drift
    from the code. With a result it also names the weights, the counts (cities left out,
    indicators skipped) and the indicators turned round that a reader needs to judge the
    ranking; ``labels`` (indicator id -> label) lets it name indicators as readers know them."""
    names = labels or {}

    def name(indicator: str) -> str:
        return str(names.get(indicator, indicator))

    scores = _scores_clause(settings)
    k = len(result.dropped) if result is not None else None
    left_out = _left_out_clause(settings, k)
    if settings.missing == "reweight":
        gaps = _(
            "a city missing an indicator is scored on the ones it has, with their weights "
            "scaled up to add to one"
        )
    else:
        gaps = _(
            "a missing indicator counts as the lowest normalised value among the cities ranked"
        )
    sentences = [
        _("{scores}; {left_out}; {gaps}.").format(scores=scores, left_out=left_out, gaps=gaps)
    ]
    if result is not None:
        shares = ", ".join(
            _("{indicator} {share}").format(indicator=name(i), share=_percent(w))
            for i, w in result.weights.items()
        )
        sentences.append(_("Weights: {weights}.").format(weights=shares))
        inverted = [name(i) for i, up in result.directions.items() if not up]
        if inverted:
            sentences.append(
                _("Turned round because lower is better: {indicators}.").format(
                    indicators=", ".join(inverted)
                )
            )
        if result.skipped_indicators:
            skipped = ", ".join(name(i) for i in result.skipped_indicators)
            sentences.append(
                _("Not in the data, so skipped: {indicators}.").format(indicators=skipped)
            )
        n = len(result.table)
        sentences.append(
            ngettext("{n} city is ranked.", "{n} cities are ranked.", n).format(n=format_count(n))
        )
    return " ".join(sentences)


# --- internals -----------------------------------------------------------------------------


def _percent(share: float) -> str:
    """'25%' or '12.5%' (in the run's language): a rounded share must not make equal weights
    look like 96% in all."""
    return format_share(share, digits=1)


def _scores_clause(settings: IndexSettings) -> str:
    """How the score is made, as one whole clause per method (the translations order the
    words their own way)."""
    norm, epsilon = settings.normalisation, format_number(settings.epsilon)
    if settings.aggregation == "arithmetic":
        if norm == "zscore":
            return _(
                "Scores are the weighted arithmetic mean of z-score standardised indicators, "
                "rescaled so the best city shown gets 100 and the lowest 0"
            )
        if norm == "percentile":
            return _(
                "Scores are the weighted arithmetic mean of percentile-ranked indicators, times 100"
            )
        return _(
            "Scores are the weighted arithmetic mean of min-max normalised indicators, times 100"
        )
    if norm == "zscore":
        text = _(
            "Scores are the weighted geometric mean of z-score standardised indicators, each "
            "first mapped into [{epsilon}, 1] so that no value is zero, times 100"
        )
    elif norm == "percentile":
        text = _(
            "Scores are the weighted geometric mean of percentile-ranked indicators, each first "
            "mapped into [{epsilon}, 1] so that no value is zero, times 100"
        )
    else:
        text = _(
            "Scores are the weighted geometric mean of min-max normalised indicators, each "
            "first mapped into [{epsilon}, 1] so that no value is zero, times 100"
        )
    return text.format(epsilon=epsilon)


def _left_out_clause(settings: IndexSettings, k: int | None) -> str:
    """Which cities are left out, and how many when a result is known."""
    if settings.min_coverage > 0:
        share = format_share(settings.min_coverage)
        if k is None:
            return _("cities with less than {share} of the weight covered are left out").format(
                share=share
            )
        return ngettext(
            "cities with less than {share} of the weight covered are left out ({n} city)",
            "cities with less than {share} of the weight covered are left out ({n} cities)",
            k,
        ).format(share=share, n=format_count(k))
    if k is None:
        return _("cities with no figure for any indicator are left out")
    return ngettext(
        "cities with no figure for any indicator are left out ({n} city)",
        "cities with no figure for any indicator are left out ({n} cities)",
        k,
    ).format(n=format_count(k))


@dataclass(frozen=True, eq=False)
class _Prepared:
    cities: pd.Index  # kept cities, in matrix order
    kept: np.ndarray  # (all input cities,) bool, True where kept
    indicators: tuple[str, ...]  # weighted indicators present in the matrix
    weights: np.ndarray  # (k,) normalised, sum 1
    normalised: np.ndarray  # (n, k) normalised values, NaN for gaps
    agg_values: np.ndarray  # (n, k) values the weighted mean runs over (log for geometric)
    agg_mask: np.ndarray  # (n, k) True where agg_values takes part
    coverage: pd.Series  # every input city
    dropped: tuple[str, ...]
    skipped: tuple[str, ...]
    zero_weight: tuple[str, ...]


def _is_real(x: object) -> bool:
    return isinstance(x, int | float | np.integer | np.floating) and not isinstance(x, bool)


def _check_choice(what: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"Unknown {what} {value!r}; choose one of: {', '.join(allowed)}.")


def _prepare(
    matrix: pd.DataFrame,
    weights: Mapping[str, float],
    directions: Mapping[str, bool],
    settings: IndexSettings,
) -> _Prepared:
    if not isinstance(matrix, pd.DataFrame):
        raise ValueError("matrix must be a pandas DataFrame (rows = cities, columns = indicators).")
    if not matrix.index.is_unique:
        dupes = matrix.index[matrix.index.duplicated()].unique().tolist()[:5]
        raise ValueError(f"matrix has duplicate city ids: {dupes}.")

    for ind, w in weights.items():
        if not _is_real(w) or math.isnan(w) or math.isinf(w):
            raise ValueError(f"Weight for {ind!r} must be a finite number, got {w!r}.")
        if w < 0:
            raise ValueError(f"Weight for {ind!r} is negative ({w}); weights must be >= 0.")
    if not weights:
        raise ValueError("No weights given; give at least one indicator a positive weight.")
    if not any(w > 0 for w in weights.values()):
        raise ValueError("All weights are zero; give at least one indicator a positive weight.")

    columns = set(matrix.columns)
    skipped = tuple(i for i in weights if i not in columns)
    zero_weight = tuple(i for i, w in weights.items() if i in columns and w == 0)
    indicators = tuple(i for i, w in weights.items() if i in columns and w > 0)
    if not indicators:
        raise ValueError(
            "None of the indicators with a positive weight are in the matrix "
            f"(skipped: {', '.join(skipped)})."
        )
    no_direction = [i for i in indicators if i not in directions]
    if no_direction:
        raise ValueError(f"No direction (higher_is_better) given for: {', '.join(no_direction)}.")

    raw = _numeric_block(matrix, indicators)
    w = np.array([float(weights[i]) for i in indicators])
    w = w / w.sum()

    observed = ~np.isnan(raw)
    cov = observed.astype(float) @ w
    coverage = pd.Series(cov, index=matrix.index, name="coverage")
    keep = (cov > 0) & (cov >= settings.min_coverage - _COVERAGE_TOLERANCE)
    cities = matrix.index[keep]
    dropped = tuple(matrix.index[~keep].tolist())

    signs = np.array([1.0 if bool(directions[i]) else -1.0 for i in indicators])
    kept = raw[keep] * signs
    mask = observed[keep]
    normalised = _normalise(kept, settings.normalisation)

    if settings.aggregation == "geometric":
        unit = _minmax(normalised) if settings.normalisation == "zscore" else normalised
        eps = settings.epsilon
        agg = np.log(eps + (1.0 - eps) * unit)
        constant = math.log(eps + (1.0 - eps) * 0.5)
    else:
        agg = normalised
        constant = 0.0 if settings.normalisation == "zscore" else 0.5

    if settings.missing == "drop":
        agg = agg.copy()
        for j in range(agg.shape[1]):
            col_obs = mask[:, j]
            fill = agg[col_obs, j].min() if col_obs.any() else constant
            agg[~col_obs, j] = fill
        agg_mask = np.ones_like(mask)
    else:
        agg_mask = mask

    return _Prepared(
        cities=cities,
        kept=keep,
        indicators=indicators,
        weights=w,
        normalised=normalised,
        agg_values=agg,
        agg_mask=agg_mask,
        coverage=coverage,
        dropped=dropped,
        skipped=skipped,
        zero_weight=zero_weight,
    )


def _numeric_block(matrix: pd.DataFrame, indicators: tuple[str, ...]) -> np.ndarray:
    cols = []
    for ind in indicators:
        col = matrix[ind]
        if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            try:
                col = pd.to_numeric(col, errors="raise")
            except (ValueError, TypeError) as exc:
                raise ValueError(f"Indicator {ind!r} has non-numeric values.") from exc
        cols.append(col.to_numpy(dtype="float64", na_value=np.nan))
    raw = np.column_stack(cols) if cols else np.empty((len(matrix), 0))
    if np.isinf(raw).any():
        bad = [ind for ind, c in zip(indicators, cols, strict=True) if np.isinf(c).any()]
        raise ValueError(f"Infinite values in: {', '.join(bad)}.")
    return raw


def _normalise(x: np.ndarray, method: str) -> np.ndarray:
    if method == "minmax":
        return _minmax(x)
    if method == "zscore":
        return _zscore(x)
    return _percentile(x)


def _minmax(x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        col = x[:, j]
        obs = ~np.isnan(col)
        if not obs.any():
            continue
        lo, hi = col[obs].min(), col[obs].max()
        out[obs, j] = 0.5 if hi == lo else (col[obs] - lo) / (hi - lo)
    return out


def _zscore(x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        col = x[:, j]
        obs = ~np.isnan(col)
        if not obs.any():
            continue
        vals = col[obs]
        sd = vals.std()
        # Relative test: a column equal up to float noise is constant, not a huge z.
        if sd <= 1e-12 * max(1.0, np.abs(vals).max()):
            out[obs, j] = 0.0
        else:
            out[obs, j] = (vals - vals.mean()) / sd
    return out


def _percentile(x: np.ndarray) -> np.ndarray:
    out = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        col = x[:, j]
        obs = ~np.isnan(col)
        m = int(obs.sum())
        if m == 0:
            continue
        if m == 1:
            out[obs, j] = 0.5
            continue
        ranks = pd.Series(col[obs]).rank(method="average").to_numpy()
        out[obs, j] = (ranks - 1.0) / (m - 1.0)
    return out


def _aggregate(values: np.ndarray, mask: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted means for many weight vectors at once: (d, k) weights -> (d, n) composites.

    Gaps are zeroed in the numerator and their weight left out of the denominator, which is the
    reweight rule; under the drop policy the mask is all True and the denominator is 1.
    """
    filled = np.where(mask, values, 0.0)
    num = w @ filled.T
    den = w @ mask.T.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    # A draw can put (numerically) zero weight on every indicator a city has: rank it last.
    return np.where(den > 0, out, -np.inf)


def _to_score(composite: np.ndarray, settings: IndexSettings) -> np.ndarray:
    if settings.aggregation == "geometric":
        return 100.0 * np.exp(composite)
    if settings.normalisation != "zscore":
        return 100.0 * composite
    if composite.size == 0:
        return composite
    lo, hi = composite.min(), composite.max()
    if hi - lo <= _TIE_TOLERANCE:
        return np.full_like(composite, 50.0)
    return 100.0 * (composite - lo) / (hi - lo)


def _contributions(
    prep: _Prepared, composite: np.ndarray, score: np.ndarray, settings: IndexSettings
) -> np.ndarray:
    mask = prep.agg_mask
    w_city = np.where(mask, prep.weights[np.newaxis, :], 0.0)
    den = w_city.sum(axis=1, keepdims=True)
    w_city = w_city / np.where(den > 0, den, 1.0)
    values = np.where(mask, prep.agg_values, 0.0)

    if settings.aggregation == "geometric":
        lifted = w_city * (values - math.log(settings.epsilon))
        total = lifted.sum(axis=1, keepdims=True)
        share = np.where(total > 0, lifted / np.where(total > 0, total, 1.0), w_city)
        out = score[:, np.newaxis] * share
    elif settings.normalisation == "zscore":
        if composite.size and composite.max() - composite.min() > _TIE_TOLERANCE:
            lo, hi = composite.min(), composite.max()
            out = 100.0 * w_city * (values - lo) / (hi - lo)
        else:
            out = 50.0 * w_city
    else:
        out = 100.0 * w_city * values
    return np.where(mask, out, np.nan)


def _inverted_cdf_index(p: float, n: int) -> int:
    """Index into n sorted draws of the p-quantile that is an observed value (numpy's
    "inverted_cdf"): the smallest value whose empirical CDF reaches p."""
    return max(math.ceil(p * n - 1e-9) - 1, 0)


def _min_rank_desc(scores: np.ndarray) -> np.ndarray:
    """Rank each row, 1 = highest, ties sharing the better rank, without a Python loop.

    Scores within _TIE_TOLERANCE of their neighbour in sorted order are one tie group.
    """
    d, n = scores.shape
    # Order among exactly equal scores does not matter (they share a rank), so the faster
    # unstable sort is safe and still deterministic in its output.
    order = np.argsort(-scores, axis=1)
    ordered = np.take_along_axis(scores, order, axis=1)
    new_group = np.ones((d, n), dtype=bool)
    with np.errstate(invalid="ignore"):
        new_group[:, 1:] = (ordered[:, :-1] - ordered[:, 1:]) > _TIE_TOLERANCE
    positions = np.broadcast_to(np.arange(n), (d, n))
    first = np.maximum.accumulate(np.where(new_group, positions, 0), axis=1)
    ranks = np.empty((d, n), dtype=np.int64)
    np.put_along_axis(ranks, order, first + 1, axis=1)
    return ranks
