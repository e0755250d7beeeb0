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
from atlas.i18n import N_, _, ngettext
from atlas.numbers import format_count, format_date, format_number
from atlas.schema import DERIVED_SOURCE_ID
from atlas.wording import join_clauses, ordinal, percent

#: Outputs the reading names first when the city has them; other ranks follow in catalogue order.
PREFERRED_OUTPUTS = ("gii_cluster_rank", "nature_index_rank", "startup_genome_rank")
MAX_OUTPUTS = 3
#: Geographic units named beside a rank ("its GII cluster (Tokyo–Yokohama)"): wider than the city.
#: Each has its own phrases, so that a language can make the possessive agree with the noun
#: (Catalan *el seu clúster* but *la seva àrea metropolitana*).
NAMED_UNITS: dict[str, tuple[str, str]] = {
    "GII cluster": (N_("its GII cluster"), N_("its GII cluster ({name})")),
    "startup ecosystem": (N_("its startup ecosystem"), N_("its startup ecosystem ({name})")),
    "metro": (N_("its metro"), N_("its metro ({name})")),
}


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


def _share_text(share: float) -> str:
    """'25 %' (the floor of a share, never rounded up to a false 'more than')."""
    return percent(math.floor(100 * share) / 100)


def _hubs_sentence(
    atlas, own: pd.DataFrame, name: str, city_id: str, as_of: str
) -> tuple[str, list[str]]:
    hosted = _latest(own, city_id, "hubs_hosted")
    if hosted is None:
        return _("The Atlas has no count of the diplomacy hubs in {city}.").format(city=name), []
    count = float(hosted["value"])
    if count == 0:
        return (
            _(
                "The Atlas lists no active science-diplomacy hub in {city} (lists as of {date})."
            ).format(city=name, date=as_of),
            [DERIVED_SOURCE_ID],
        )
    n_hubs = int(count)
    hubs = ngettext(
        "{n} active science-diplomacy hub", "{n} active science-diplomacy hubs", n_hubs
    ).format(n=format_count(n_hubs))
    operators = _latest(own, city_id, "foreign_operators")
    run_by = ""
    if operators is not None and float(operators["value"]) > 0:
        n_ops = int(operators["value"])
        # Translators: added after "{city} hosts 3 active science-diplomacy hubs"; the form
        # agrees with the number of hubs.
        run_by = ngettext(", run by {operators}", ", run by {operators}", n_hubs).format(
            operators=ngettext(
                "{n} foreign country or body", "{n} foreign countries or bodies", n_ops
            ).format(n=format_count(n_ops))
        )
    share, among = _share_below(atlas.values, "hubs_hosted", int(hosted["year"]), count, city_id)
    floor = math.floor(100 * share) if share else 0
    others = among - 1
    fields = {"city": name, "hubs": hubs, "run_by": run_by, "date": as_of}
    if share == 1:
        text = ngettext(
            "{city} hosts {hubs}{run_by}, more than the {others} other city in the Atlas "
            "(lists as of {date}).",
            "{city} hosts {hubs}{run_by}, more than any of the other {others} cities in the "
            "Atlas (lists as of {date}).",
            others,
        ).format(others=format_count(others), **fields)
    elif floor > 0:
        # (a share strictly between 0 and 1 needs at least two other cities)
        text = _(
            "{city} hosts {hubs}{run_by}; more than {share} of the other {others} cities in "
            "the Atlas host fewer (lists as of {date})."
        ).format(others=format_count(others), share=_share_text(share), **fields)
    else:
        text = _("{city} hosts {hubs}{run_by} (lists as of {date}).").format(**fields)
    return text, [DERIVED_SOURCE_ID]


def _ties_sentence(own: pd.DataFrame, city_id: str) -> tuple[str, list[str]]:
    degree = _latest(own, city_id, "net_degree")
    networks = _latest(own, city_id, "network_memberships")
    n_partners = None if degree is None else int(float(degree["value"]))
    n_networks = None if networks is None else int(float(networks["value"]))
    caveat = _("(the lists are incomplete: none listed is not the same as none)")
    if n_partners and n_networks:
        # one subject: "it is tied ... and is listed in ..."
        text = _(
            "It is tied to {partners} by active agreements and is listed in {networks}"
        ).format(
            partners=ngettext("{n} partner city", "{n} partner cities", n_partners).format(
                n=format_count(n_partners)
            ),
            networks=ngettext("{n} city network", "{n} city networks", n_networks).format(
                n=format_count(n_networks)
            ),
        )
        return f"{text} {caveat}.", [DERIVED_SOURCE_ID]
    if n_partners is None:
        first = _("the Atlas has no partnership count for it")
    elif n_partners == 0:
        first = _("the Atlas lists no active partnership for it")
    else:
        first = ngettext(
            "it is tied to {n} partner city by active agreements",
            "it is tied to {n} partner cities by active agreements",
            n_partners,
        ).format(n=format_count(n_partners))
    if n_networks is None:
        second = _("the Atlas has no network count for it")
    elif n_networks == 0:
        second = _("no city network in the Atlas lists it")
    else:
        second = ngettext(
            "it is listed in {n} city network", "it is listed in {n} city networks", n_networks
        ).format(n=format_count(n_networks))
    # Translators: two clauses about a city's partnerships and networks, then a caveat.
    sentence = _("{first}; {second} {caveat}.").format(first=first, second=second, caveat=caveat)
    return sentence[0].upper() + sentence[1:], [DERIVED_SOURCE_ID]


def _output_ids(atlas) -> list[str]:
    catalogue = atlas.indicators
    outputs = [i for i in inout.output_measures(catalogue) if is_rank(catalogue.loc[i])]
    first = [i for i in PREFERRED_OUTPUTS if i in outputs]
    return first + [i for i in outputs if i not in first]


def _named_unit(geo: str) -> tuple[str, str] | None:
    """The phrases for a geographic unit wider than the city (its name is given beside a
    rank), or None; the catalogue may spell the unit in the run's language."""
    for unit, phrases in NAMED_UNITS.items():
        if geo in (unit, _(unit)):
            return phrases
    return None


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
        ranked = places_ranked(atlas, indicator_id, year)
        publisher = atlas.sources["publisher"].get(row["source_id"]) or _("source not named")
        label = str(catalogue.at[indicator_id, "label"])
        fields = {
            "rank": ordinal(int(row["value"])),
            # Translators: added after a rank when the ranking's length is known ("25th of 100").
            "of": "" if ranked is None else _(" of {total}").format(total=format_count(ranked)),
            "year": year,
            "ranking": label,
            "credit": "" if str(publisher) in label else f" ({publisher})",
        }
        phrases = _named_unit(geo)
        if phrases:  # a wider unit; its published name unless it is the city's
            # the unit's name is published in English: compare it with the city's published
            # name too (Londres on a Catalan page, but its cluster is "London")
            published = atlas.cities.get("published_name", atlas.cities["name"])[city_id]
            other = isinstance(unit_name, str) and unit_name and unit_name not in {name, published}
            alone, named = phrases
            place = _(named).format(name=unit_name) if other else _(alone)
            part = _("{place} ranked {rank}{of} in the {year} {ranking}{credit}").format(
                place=place, **fields
            )
        else:
            part = _("it ranked {rank}{of} in the {year} {ranking}{credit}").format(**fields)
        parts.append(part)
        sources.append(row["source_id"])
        if len(parts) == MAX_OUTPUTS:
            break
    if not parts:
        return (
            _(
                "No output ranking the Atlas holds lists {city} (GII clusters, Nature Index, "
                "start-up ecosystems and others): not listed, which is not the same as ranked "
                "low."
            ).format(city=name),
            [],
        )
    text = join_clauses(parts)
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
    return ngettext(
        "Among the {n} city with both {x} and a {y} ({year}), it sits in the quadrant "
        "'{quadrant}' at the medians (Inputs and outputs page).",
        "Among the {n} cities with both {x} and a {y} ({year}), it sits in the quadrant "
        "'{quadrant}' at the medians (Inputs and outputs page).",
        pairing.n,
    ).format(
        n=format_count(pairing.n),
        x=atlas.indicators.at[x_id, "label"],
        y=atlas.indicators.at[y_id, "label"],
        year=pairing.y_year,
        # the quadrant's name is marked where the pairing names it (atlas/inout.py)
        quadrant=_(str(mine["quadrant"].iloc[0])),
    )


def _population_sentence(atlas, city: pd.Series) -> tuple[str, list[str]]:
    if pd.isna(city["population"]):
        return _("The Atlas has no population figure for it."), []
    credit = population_basis(atlas, city.name)
    text = _("Population: {population} ({basis}).").format(
        population=format_number(float(city["population"])), basis=credit
    )
    return text, [city["source_id"]]


def city_reading(atlas, city_id: str, pairing: inout.Pairing | None = None) -> Reading:
    """The reading of ``city_id`` from a loaded Atlas (whole Atlas, latest figures).

    ``pairing`` is the default Inputs and outputs pairing over the whole Atlas, when the caller
    keeps one (it is the same for every city); without it, it is computed here.
    """
    own = atlas.values.loc[atlas.values["city_id"] == city_id]
    city = atlas.cities.loc[city_id]
    name = str(city["name"])
    as_of = format_date(atlas.data_as_of) if atlas.data_as_of else _("the data's date")
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
