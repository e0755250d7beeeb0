"""A plain-language reading of one city, generated from its data.

The City profile and the briefing open with it: a short paragraph an official can quote, each
figure with its unit and year (or the date of the Atlas's lists, for the counts the Atlas
computes), each missing figure said to be missing, the sources of every figure listed beside
it. Nothing in it is typed by hand. No Streamlit here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from atlas import inout
from atlas.catalogue import is_rank
from atlas.cityfacts import population_basis
from atlas.editions import places_ranked
from atlas.i18n import _
from atlas.numbers import format_number
from atlas.schema import DERIVED_SOURCE_ID
from atlas.wording import ordinal, plural

#: Outputs the reading names first when the city has them; other ranks follow in catalogue order.
PREFERRED_OUTPUTS = ("gii_cluster_rank", "nature_index_rank", "startup_genome_rank")
MAX_OUTPUTS = 3
#: Geographic units named beside a rank ("its GII cluster (Tokyo–Yokohama)"): wider than the city.
NAMED_UNITS = ("GII cluster", "startup ecosystem", "metro")


@dataclass(frozen=True)
class Reading:
    """The sentences about one city and the sources of the figures they give."""

    city_id: str
    sentences: tuple[str, ...]
    source_ids: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


def _latest(values: pd.DataFrame, city_id: str, indicator_id: str) -> pd.Series | None:
    rows = values.loc[(values["city_id"] == city_id) & (values["indicator_id"] == indicator_id)]
    rows = rows.dropna(subset=["value"])
    return None if rows.empty else rows.sort_values("year").iloc[-1]


def _share_below(values: pd.DataFrame, indicator_id: str, year: int, value: float, city_id: str):
    """Share of the other cities with a figure that year whose figure is strictly lower."""
    rows = values.loc[
        (values["indicator_id"] == indicator_id)
        & (values["year"] == year)
        & (values["city_id"] != city_id)
    ].dropna(subset=["value"])
    if rows.empty:
        return None, 0
    return float((rows["value"].astype(float) < value).mean()), len(rows) + 1


def _hubs_sentence(
    atlas, own: pd.DataFrame, name: str, city_id: str, as_of: str
) -> tuple[str, list[str]]:
    hosted = _latest(own, city_id, "hubs_hosted")
    if hosted is None:
        return f"The Atlas has no count of the diplomacy hubs in {name}.", []
    count = float(hosted["value"])
    if count == 0:
        return (
            f"The Atlas lists no active science-diplomacy hub in {name} (lists as of {as_of}).",
            [DERIVED_SOURCE_ID],
        )
    text = f"{name} hosts {plural(int(count), 'active science-diplomacy hub')}"
    operators = _latest(own, city_id, "foreign_operators")
    if operators is not None and float(operators["value"]) > 0:
        n_ops = int(operators["value"])
        text += (
            f", run by {plural(n_ops, 'foreign country or body', 'foreign countries or bodies')}"
        )
    share, among = _share_below(atlas.values, "hubs_hosted", int(hosted["year"]), count, city_id)
    floor = math.floor(100 * share) if share else 0
    if share == 1:
        text += f", more than any of the other {among - 1:,} cities in the Atlas"
    elif floor > 0:
        text += f"; more than {floor} % of the other {among - 1:,} cities in the Atlas host fewer"
    return text + f" (lists as of {as_of}).", [DERIVED_SOURCE_ID]


def _ties_sentence(own: pd.DataFrame, city_id: str) -> tuple[str, list[str]]:
    degree = _latest(own, city_id, "net_degree")
    networks = _latest(own, city_id, "network_memberships")
    parts = []
    if degree is None:
        parts.append("the Atlas has no partnership count for it")
    elif float(degree["value"]) == 0:
        parts.append("the Atlas lists no active partnership for it")
    else:
        n = int(degree["value"])
        parts.append(
            f"it is tied to {plural(n, 'partner city', 'partner cities')} by active agreements"
        )
    if networks is None:
        parts.append("the Atlas has no network count for it")
    elif float(networks["value"]) == 0:
        parts.append("no city network in the Atlas lists it")
    else:
        parts.append(f"it is listed in {plural(int(networks['value']), 'city network')}")
    sentence = parts[0][0].upper() + parts[0][1:]
    if parts[0].startswith("it ") and parts[1].startswith("it "):
        sentence += " and " + parts[1].removeprefix("it ")  # one subject: "it is tied ... and is"
    else:
        sentence += "; " + parts[1]
    return (
        sentence + " (the lists are incomplete: none listed is not the same as none).",
        [DERIVED_SOURCE_ID],
    )


def _output_ids(atlas) -> list[str]:
    catalogue = atlas.indicators
    outputs = [i for i in inout.output_measures(catalogue) if is_rank(catalogue.loc[i])]
    first = [i for i in PREFERRED_OUTPUTS if i in outputs]
    return first + [i for i in outputs if i not in first]


def _outputs_sentence(atlas, own: pd.DataFrame, name: str, city_id: str) -> tuple[str, list[str]]:
    catalogue = atlas.indicators
    parts, sources = [], []
    for indicator_id in _output_ids(atlas):
        row = _latest(own, city_id, indicator_id)
        if row is None:
            continue
        year = int(row["year"])
        geo = str(catalogue.at[indicator_id, "geo_unit"])
        unit_name = row["unit_name"]
        # a wider unit (the catalogue arrives in the run's language); its published name
        # unless it is the city's
        if geo in {_(u) for u in NAMED_UNITS}:
            # the unit's published name is English: compare with the city's published name too
            published = atlas.cities.get("published_name", atlas.cities["name"])[city_id]
            other = isinstance(unit_name, str) and unit_name and unit_name not in {name, published}
            place = f"its {geo} ({unit_name})" if other else f"its {geo}"
        else:
            place = "it"
        ranked = places_ranked(atlas, indicator_id, year)
        of = f" of {ranked:,}" if ranked is not None else ""
        publisher = atlas.sources["publisher"].get(row["source_id"], "source not named")
        label = str(catalogue.at[indicator_id, "label"])
        credit = "" if str(publisher) in label else f" ({publisher})"
        parts.append(
            f"{place} ranked {ordinal(int(row['value']))}{of} in the {year} {label}{credit}"
        )
        sources.append(row["source_id"])
        if len(parts) == MAX_OUTPUTS:
            break
    if not parts:
        return (
            f"No output ranking the Atlas holds lists {name} (GII clusters, Nature Index, "
            "start-up ecosystems and others): not listed, which is not the same as ranked low.",
            [],
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + ".", sources


def _pair_sentence(atlas, city_id: str, pairing: inout.Pairing | None) -> str | None:
    x_id, y_id = inout.DEFAULT_PAIR
    if x_id not in atlas.indicators.index or y_id not in atlas.indicators.index:
        return None
    if pairing is None or (pairing.x_id, pairing.y_id) != (x_id, y_id):
        pairing = inout.pair_atlas(atlas, x_id, y_id)
    mine = pairing.frame.loc[pairing.frame["city_id"] == city_id]
    if mine.empty or pairing.n < inout.MIN_CITIES:
        return None
    x_label = str(atlas.indicators.at[x_id, "label"])
    y_label = str(atlas.indicators.at[y_id, "label"])
    return (
        f"Among the {plural(pairing.n, 'city', 'cities')} with both {x_label} and a "
        f"{y_label} ({pairing.y_year}), it sits in the quadrant '{mine['quadrant'].iloc[0]}' "
        "at the medians "
        "(Inputs and outputs page)."
    )


def _population_sentence(atlas, city: pd.Series) -> tuple[str, list[str]]:
    if pd.isna(city["population"]):
        return "The Atlas has no population figure for it.", []
    credit = population_basis(atlas, city.name)
    return f"Population: {format_number(float(city['population']))} ({credit}).", [
        city["source_id"]
    ]


def city_reading(atlas, city_id: str, pairing: inout.Pairing | None = None) -> Reading:
    """The reading of ``city_id`` from a loaded Atlas (whole Atlas, latest figures).

    ``pairing`` is the default Inputs and outputs pairing over the whole Atlas, when the caller
    keeps one (it is the same for every city); without it, it is computed here.
    """
    own = atlas.values.loc[atlas.values["city_id"] == city_id]
    city = atlas.cities.loc[city_id]
    name = str(city["name"])
    as_of = atlas.data_as_of or "the data's date"
    sentences, sources = [], []
    for text, ids in (
        _hubs_sentence(atlas, own, name, city_id, as_of),
        _ties_sentence(own, city_id),
        _outputs_sentence(atlas, own, name, city_id),
    ):
        sentences.append(text)
        sources += ids
    pair_text = _pair_sentence(atlas, city_id, pairing)
    if pair_text:
        sentences.append(pair_text)
    text, ids = _population_sentence(atlas, city)
    sentences.append(text)
    sources += ids
    return Reading(
        city_id, tuple(sentences), tuple(dict.fromkeys(s for s in sources if isinstance(s, str)))
    )
