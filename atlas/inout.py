"""Inputs beside outputs: does a city's engagement go hand in hand with what it produces?

The Atlas started from one argument: attracting talent and investment (inputs, engagement)
must go hand in hand with producing innovation (outputs). This module sets one engagement or
input measure against one output measure for the cities that have both, and says what the
pairing shows: Spearman's rank correlation with its n, the quadrant of each city at the two
medians, the cities furthest from the trend, and a reading with its caveats.

Measures come from the catalogue by group, so new indicators appear without code changes:
inputs are the ``diplomacy``, ``partnerships`` and ``inputs`` groups plus the session's own
data and index; outputs are the ``outputs`` group. Directions are respected: a rank (lower is
better) is turned round so that "higher" always means "more engaged" or "more productive".
No Streamlit here; no scipy either (Spearman's rho is Pearson's r of the mid-ranks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
from babel.numbers import format_decimal

from atlas import catalogue
from atlas.editions import places_ranked
from atlas.extend import ORIGIN_CURATED, SESSION_ORIGINS
from atlas.i18n import N_, _, current_language, ngettext
from atlas.numbers import format_count, format_number

INPUT_GROUPS = ("diplomacy", "partnerships", "inputs")
OUTPUT_GROUPS = ("outputs",)

#: Quadrant names at the medians, keyed by (above on input, above on output).
#: English source texts (the frame's values); shown through :func:`quadrant_name`.
QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, True): N_("engaged and productive"),
    (False, True): N_("productive, little engaged"),
    (True, False): N_("engaged, less productive"),
    (False, False): N_("less engaged, less productive"),
}
#: The pairing the Inputs and outputs page opens with, the Overview and the readings cite.
DEFAULT_PAIR = ("hubs_hosted", "gii_cluster_rank")
#: Fewest cities for which a correlation is computed at all.
MIN_CITIES = 5

PAIR_COLUMNS = [
    "city_id",
    "name",
    "country_name",
    "region",
    "x",
    "x_year",
    "x_source_id",
    "x_unit_name",
    "y",
    "y_year",
    "y_source_id",
    "y_unit_name",
    "x_score",
    "y_score",
    "quadrant",
    "gap",
]


def _origin(indicators: pd.DataFrame) -> pd.Series:
    if "origin" in indicators.columns:
        return indicators["origin"].astype("string").fillna(ORIGIN_CURATED)
    return pd.Series(ORIGIN_CURATED, index=indicators.index, dtype="string")


def input_measures(indicators: pd.DataFrame) -> list[str]:
    """Engagement and input indicators (catalogue order), the session's own data included."""
    origin = _origin(indicators)
    session = origin.isin(SESSION_ORIGINS)
    chosen = indicators["group"].isin(INPUT_GROUPS) | session
    return [str(i) for i in indicators.index[chosen.fillna(False).astype(bool)]]


def output_measures(indicators: pd.DataFrame) -> list[str]:
    """Published output indicators (catalogue order)."""
    origin = _origin(indicators)
    chosen = indicators["group"].isin(OUTPUT_GROUPS) & ~origin.isin(SESSION_ORIGINS)
    return [str(i) for i in indicators.index[chosen.fillna(False).astype(bool)]]


@dataclass
class Pairing:
    """One input set against one output for the cities with both figures."""

    x_id: str
    y_id: str
    frame: pd.DataFrame  # PAIR_COLUMNS, one row per city with both figures
    y_year: int | None  # the output's edition used (one edition, so ranks compare)
    rho: float  # Spearman's rank correlation (oriented: + means inputs go with outputs)
    n: int
    x_median: float
    y_median: float
    only_x: int  # cities with the input but not the output
    only_y: int  # cities with the output but not the input
    places_ranked: int | None = None  # length of the output's edition, when the data gives it
    notes: list[str] = field(default_factory=list)

    @property
    def quadrant_counts(self) -> dict[str, int]:
        counts = self.frame["quadrant"].value_counts()
        return {name: int(counts.get(name, 0)) for name in QUADRANTS.values()}


def _latest(values: pd.DataFrame, indicator_id: str, year: int | None) -> pd.DataFrame:
    rows = values.loc[values["indicator_id"] == indicator_id].dropna(subset=["value"])
    if year is not None:
        rows = rows.loc[rows["year"] <= year]
    return rows.sort_values("year", kind="stable").drop_duplicates("city_id", keep="last")


def pair(
    values: pd.DataFrame,
    cities: pd.DataFrame,
    indicators: pd.DataFrame,
    x_id: str,
    y_id: str,
    *,
    year: int | None = None,
    city_ids: list[str] | None = None,
    places: int | None = None,
) -> Pairing:
    """Set input ``x_id`` against output ``y_id``.

    The output is its latest edition up to ``year`` (the sidebar year), one edition for all,
    because ranks of different editions do not compare. The input is each city's latest figure
    whatever ``year`` says: the counts the Atlas computes from its lists describe the lists as
    they stand, and would otherwise vanish from every earlier view.
    ``city_ids`` narrows the cities (sidebar filters); ``places`` is the output edition's
    length when known (``atlas.editions``).
    """
    known = cities.index if city_ids is None else cities.index.intersection(city_ids)
    xs = _latest(values, x_id, None)
    xs = xs.loc[xs["city_id"].isin(known)]
    ys_all = values.loc[values["indicator_id"] == y_id].dropna(subset=["value"])
    if year is not None:
        ys_all = ys_all.loc[ys_all["year"] <= year]
    ys_all = ys_all.loc[ys_all["city_id"].isin(known)]
    y_year = None if ys_all.empty else int(ys_all["year"].max())
    ys = ys_all.loc[ys_all["year"] == y_year].drop_duplicates("city_id", keep="last")
    both = xs.merge(ys, on="city_id", suffixes=("_x", "_y"))
    frame = pd.DataFrame(
        {
            "city_id": both["city_id"].astype(str).to_numpy(),
            "x": both["value_x"].astype(float).to_numpy(),
            "x_year": both["year_x"].astype(int).to_numpy(),
            "x_source_id": both["source_id_x"].astype("object").to_numpy(),
            "x_unit_name": both["unit_name_x"].astype("object").to_numpy(),
            "y": both["value_y"].astype(float).to_numpy(),
            "y_year": both["year_y"].astype(int).to_numpy(),
            "y_source_id": both["source_id_y"].astype("object").to_numpy(),
            "y_unit_name": both["unit_name_y"].astype("object").to_numpy(),
        }
    )
    frame["name"] = frame["city_id"].map(cities["name"]).astype("object")
    frame["country_name"] = frame["city_id"].map(cities["country_name"]).astype("object")
    frame["region"] = frame["city_id"].map(cities["region"]).astype("object")
    ox = frame["x"] if catalogue.higher_is_better(indicators.loc[x_id]) else -frame["x"]
    oy = frame["y"] if catalogue.higher_is_better(indicators.loc[y_id]) else -frame["y"]
    n = len(frame)
    frame["x_score"] = ox.rank(pct=True) if n else pd.Series(dtype=float)
    frame["y_score"] = oy.rank(pct=True) if n else pd.Series(dtype=float)
    x_med = float(ox.median()) if n else math.nan
    y_med = float(oy.median()) if n else math.nan
    frame["quadrant"] = [
        QUADRANTS[(bool(a > x_med), bool(b > y_med))] for a, b in zip(ox, oy, strict=True)
    ]
    frame["gap"] = frame["y_score"] - frame["x_score"]
    rho = math.nan
    if n >= MIN_CITIES and ox.nunique() > 1 and oy.nunique() > 1:
        rho = float(ox.rank().corr(oy.rank()))
    frame = frame[PAIR_COLUMNS].sort_values("name", kind="stable").reset_index(drop=True)
    return Pairing(
        x_id=x_id,
        y_id=y_id,
        frame=frame,
        y_year=y_year,
        rho=rho,
        n=n,
        # medians in the published direction, for the lines drawn on the chart
        x_median=x_med if catalogue.higher_is_better(indicators.loc[x_id]) else -x_med,
        y_median=y_med if catalogue.higher_is_better(indicators.loc[y_id]) else -y_med,
        only_x=int((~xs["city_id"].isin(ys["city_id"])).sum()),
        only_y=int((~ys["city_id"].isin(xs["city_id"])).sum()),
        places_ranked=places,
    )


def pair_atlas(
    atlas: object, x_id: str, y_id: str, *, year: int | None = None, city_ids=None
) -> Pairing:
    """``pair`` on a loaded Atlas, with the output edition's length when the data gives it."""
    first = pair(
        atlas.values, atlas.cities, atlas.indicators, x_id, y_id, year=year, city_ids=city_ids
    )
    if first.y_year is not None:
        first.places_ranked = places_ranked(atlas, y_id, first.y_year)
    return first


def furthest(pairing: Pairing, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The cities furthest from the trend both ways: output ahead of input, and behind it.

    The trend is the diagonal of the rank-rank plot (a city as high on the output as on the
    input); the gap is the difference of the two percentile ranks, in points.
    """
    frame = pairing.frame
    ahead = frame.loc[frame["gap"] > 0].sort_values(["gap", "name"], ascending=[False, True])
    behind = frame.loc[frame["gap"] < 0].sort_values(["gap", "name"], ascending=[True, True])
    return ahead.head(n), behind.head(n)


def strength(rho: float) -> str:
    """Words for |rho| (the usual rough bands; they are labels, not tests), in English: the
    key of :func:`_association`'s sentences."""
    size = abs(rho)
    if size < 0.1:
        return "no clear"
    if size < 0.3:
        return "a weak"
    if size < 0.5:
        return "a moderate"
    if size < 0.7:
        return "a fairly strong"
    return "a strong"


def quadrant_name(name: object) -> str:
    """A quadrant's name (the frame keeps the English one) in the run's language."""
    return _(str(name)) if name in _QUADRANT_TEXTS else str(name)


_QUADRANT_TEXTS = frozenset(QUADRANTS.values())


def _association(words: str, positive: bool) -> str:
    """'a weak positive association', whole, so that a translation can order the words."""
    table = {
        ("a weak", True): _("a weak positive association"),
        ("a weak", False): _("a weak negative association"),
        ("a moderate", True): _("a moderate positive association"),
        ("a moderate", False): _("a moderate negative association"),
        ("a fairly strong", True): _("a fairly strong positive association"),
        ("a fairly strong", False): _("a fairly strong negative association"),
        ("a strong", True): _("a strong positive association"),
        ("a strong", False): _("a strong negative association"),
    }
    return table[(words, positive)]


def _tendency(x_rank: bool, y_rank: bool, up: bool) -> str:
    """'cities higher on {x} tend to be better placed in the {y}' (or the reverse), whole."""
    if not x_rank and not y_rank:
        return (
            _("cities higher on {x} tend to be higher on {y}")
            if up
            else _("cities higher on {x} tend to be lower on {y}")
        )
    if not x_rank and y_rank:
        return (
            _("cities higher on {x} tend to be better placed in the {y}")
            if up
            else _("cities higher on {x} tend to be worse placed in the {y}")
        )
    if x_rank and not y_rank:
        return (
            _("cities better placed in the {x} tend to be higher on {y}")
            if up
            else _("cities better placed in the {x} tend to be lower on {y}")
        )
    return (
        _("cities better placed in the {x} tend to be better placed in the {y}")
        if up
        else _("cities better placed in the {x} tend to be worse placed in the {y}")
    )


def format_rho(rho: float) -> str:
    """ρ to two decimals, with the language's decimal mark."""
    return format_decimal(round(rho, 2), format="0.00", locale=current_language())


def reading(pairing: Pairing, indicators: pd.DataFrame) -> tuple[str, list[str]]:
    """A short reading of the pairing, and its caveats, as plain sentences from the data, in
    the run's language."""
    x_label = str(indicators.at[pairing.x_id, "label"])
    y_label = str(indicators.at[pairing.y_id, "label"])
    # the output with its edition, named once and used as a noun in every sentence
    y_named = (
        _("{label} ({year} edition)").format(label=y_label, year=pairing.y_year)
        if pairing.y_year is not None
        else y_label
    )
    n = pairing.n
    caveats: list[str] = []
    if n == 0:
        text = _(
            "No city in view has both {x} and {y}, so the two cannot be compared here."
        ).format(x=x_label, y=y_named)
        return text, caveats
    if math.isnan(pairing.rho):
        text = ngettext(
            "{n} city has both {x} and {y}: too few, or too alike, for a rank correlation (the "
            "Atlas computes one from {min} cities with differing figures).",
            "{n} cities have both {x} and {y}: too few, or too alike, for a rank correlation "
            "(the Atlas computes one from {min} cities with differing figures).",
            n,
        ).format(n=format_count(n), x=x_label, y=y_named, min=format_count(MIN_CITIES))
    else:
        text = ngettext(
            "Among the {n} city with both figures, Spearman's rank correlation between {x} and "
            "{y} is ρ = {rho} (n = {count}):",
            "Among the {n} cities with both figures, Spearman's rank correlation between {x} "
            "and {y} is ρ = {rho} (n = {count}):",
            n,
        ).format(
            n=format_count(n),
            x=x_label,
            y=y_named,
            rho=format_rho(pairing.rho),
            count=format_count(n),
        )
        words = strength(pairing.rho)
        if words == "no clear":
            text += " " + _("no clear association either way.")
        else:
            tendency = _tendency(
                catalogue.is_rank(indicators.loc[pairing.x_id]),
                catalogue.is_rank(indicators.loc[pairing.y_id]),
                up=pairing.rho > 0,
            ).format(x=x_label, y=y_label)
            text += " " + _("{association}; {tendency}.").format(
                association=_association(words, pairing.rho > 0), tendency=tendency
            )
        counts = pairing.quadrant_counts
        both = counts[QUADRANTS[(True, True)]]
        neither = counts[QUADRANTS[(False, False)]]
        text += " " + _("At the medians, {both} are {top} and {neither} {bottom}.").format(
            both=format_number(both),
            top=quadrant_name(QUADRANTS[(True, True)]),
            neither=format_number(neither),
            bottom=quadrant_name(QUADRANTS[(False, False)]),
        )
        if n < 10:
            caveats.append(
                ngettext(
                    "Only {n} city: one city more or less can change ρ a lot.",
                    "Only {n} cities: one city more or less can change ρ a lot.",
                    n,
                ).format(n=format_count(n))
            )
    x_geo = str(indicators.at[pairing.x_id, "geo_unit"])
    y_geo = str(indicators.at[pairing.y_id, "geo_unit"])
    if x_geo != y_geo:
        caveats.append(
            _(
                "Units differ: {x} describes the {x_unit}, {y} a {y_unit}, a different and often "
                "wider area (named in each point's hover)."
            ).format(x=x_label, x_unit=x_geo, y=y_label, y_unit=y_geo)
        )
    caveats.append(
        _(
            "Correlation is not cause: large and rich cities tend to score high on both, and "
            "either may follow the other."
        )
    )
    if catalogue.is_rank(indicators.loc[pairing.y_id]):
        held = pairing.n + pairing.only_y
        if pairing.places_ranked is not None:
            caveats.append(
                ngettext(
                    "Partial ranking: the Atlas holds {n} place of the {total} it ranked in "
                    "that edition; cities absent from it are left out, not counted as low.",
                    "Partial ranking: the Atlas holds {n} places of the {total} it ranked in "
                    "that edition; cities absent from it are left out, not counted as low.",
                    held,
                ).format(n=format_count(held), total=format_count(pairing.places_ranked))
            )
        else:
            caveats.append(
                ngettext(
                    "Partial ranking: the Atlas holds {n} place in that edition; cities absent "
                    "from it are left out, not counted as low.",
                    "Partial ranking: the Atlas holds {n} places in that edition; cities absent "
                    "from it are left out, not counted as low.",
                    held,
                ).format(n=format_count(held))
            )
    if pairing.only_x:
        caveats.append(
            ngettext(
                "{n} city has {x} but no {y}: left out.",
                "{n} cities have {x} but no {y}: left out.",
                pairing.only_x,
            ).format(n=format_count(pairing.only_x), x=x_label, y=y_named)
        )
    return text, caveats
