"""What the data says, in sentences: the findings the Overview leads with.

Each finding is computed from the loaded Atlas on every load (no figure is typed into a
sentence), names the sources of the rows it counted and the view that shows it. A finding whose
data is absent is left out rather than written with a gap. No Streamlit here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from atlas import inout
from atlas.catalogue import higher_is_better, is_rank
from atlas.editions import places_ranked
from atlas.hubs import MULTILATERAL_OPERATORS, operator_country_name
from atlas.load import Atlas
from atlas.numbers import format_count, format_number
from atlas.schema import DERIVED_SOURCE_ID
from atlas.wording import join_names, ordinal, plural


@dataclass(frozen=True)
class Finding:
    """One sentence about the whole Atlas, its sources and the view that shows it."""

    key: str
    title: str
    text: str
    source_ids: tuple[str, ...]
    page: str  # "pages/hubs.py": where st.page_link sends the reader
    link_label: str
    query: dict[str, str] = field(default_factory=dict)


def _sources(ids: Sequence[object]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for s in ids if isinstance(s, str) and s))


def _names(atlas: Atlas, ids: Sequence[str]) -> list[str]:
    return [str(atlas.cities.at[c, "name"]) for c in ids]


def _foreign_posts(atlas: Atlas) -> pd.DataFrame:
    """Active hubs run by an operator other than the host city's own country."""
    hubs = atlas.hubs.loc[atlas.hubs["status"] == "active"]
    hubs = hubs.loc[hubs["host_city_id"].isin(atlas.cities.index)]
    host_country = hubs["host_city_id"].map(atlas.cities["country"])
    foreign = hubs["operator_country"].notna() & (hubs["operator_country"] != host_country)
    return hubs.loc[foreign.fillna(False).astype(bool)]


def most_foreign_posts(atlas: Atlas) -> Finding | None:
    """The city hosting the most foreign science-diplomacy posts, and from how many operators."""
    posts = _foreign_posts(atlas)
    if posts.empty:
        return None
    per_city = posts.groupby("host_city_id", observed=True).agg(
        posts=("hub_id", "size"), operators=("operator_country", "nunique")
    )
    top = per_city["posts"].max()
    leaders = sorted(per_city.index[per_city["posts"] == top])
    names = join_names(_names(atlas, leaders))
    if len(leaders) == 1:
        city = leaders[0]
        operators = int(per_city.at[city, "operators"])
        text = (
            f"{names} hosts the most foreign science-diplomacy posts in the Atlas: "
            f"{plural(int(top), 'active hub')} run by "
            f"{plural(operators, 'foreign country or body', 'foreign countries or bodies')}."
        )
        page, query, label = "pages/profile.py", {"city": city}, f"Open the profile of {names}"
    else:
        text = (
            f"{names} host the most foreign science-diplomacy posts in the Atlas: "
            f"{plural(int(top), 'active hub')} each, run by foreign countries or bodies."
        )
        page, query, label = "pages/hubs.py", {}, "Open the Hubs page"
    rest = int((per_city["posts"] > 0).sum())
    text += f" {plural(rest, 'city', 'cities')} in the Atlas host at least one."
    ids = posts.loc[posts["host_city_id"].isin(leaders), "source_id"]
    return Finding(
        "most_foreign_posts", "Most foreign posts", text, _sources(list(ids)), page, label, query
    )


def top_operator(atlas: Atlas) -> Finding | None:
    """The country running the most posts abroad (multilateral operators aside)."""
    posts = _foreign_posts(atlas)
    posts = posts.loc[~posts["operator_country"].isin(list(MULTILATERAL_OPERATORS))]
    if posts.empty:
        return None
    counts = posts.groupby("operator_country", observed=True).agg(
        posts=("hub_id", "size"), cities=("host_city_id", "nunique")
    )
    top = counts["posts"].max()
    leaders = sorted(counts.index[counts["posts"] == top], key=operator_country_name)
    names = join_names([operator_country_name(c) for c in leaders])
    countries = posts["host_city_id"].map(atlas.cities["country"])
    if len(leaders) == 1:
        code = leaders[0]
        n_cities = int(counts.at[code, "cities"])
        n_countries = int(countries[posts["operator_country"] == code].nunique())
        text = (
            f"{names} runs the most science-diplomacy posts abroad: "
            f"{plural(int(top), 'active hub')} in {plural(n_cities, 'city', 'cities')} of "
            f"{plural(n_countries, 'country', 'countries')}."
        )
    else:
        text = (
            f"{names} run the most science-diplomacy posts abroad: "
            f"{plural(int(top), 'active hub')} each."
        )
    text += (
        f" {plural(len(counts), 'country runs', 'countries run')} at least one post abroad "
        "in the Atlas's list."
    )
    ids = posts.loc[posts["operator_country"].isin(leaders), "source_id"]
    return Finding(
        "top_operator",
        "Most posts abroad",
        text,
        _sources(list(ids)),
        "pages/hubs.py",
        "Open these hubs on the Hubs page",
        {"operators": ",".join(leaders)},
    )


def openings_by_decade(atlas: Atlas) -> Finding | None:
    """How many hubs opened per decade, and how many have no known opening year."""
    years = pd.to_numeric(atlas.hubs["year_opened"], errors="coerce")
    known = years.dropna().astype(int)
    if known.empty:
        return None
    decades = (known // 10 * 10).value_counts().sort_index()
    busiest = int(decades.idxmax())
    tied = sorted(int(d) for d in decades.index[decades == decades.max()])
    busiest_text = join_names([f"the {d}s" for d in tied])
    recent = decades.tail(4)
    listing = ", ".join(f"{d}s: {format_number(n)}" for d, n in recent.items())
    earlier = int(decades.sum() - recent.sum())
    if earlier:
        listing = f"before {int(recent.index[0])}: {format_number(earlier)}, " + listing
    unknown = int(years.isna().sum())
    if len(tied) == 1:
        text = (
            f"Of the {plural(len(known), 'hub')} whose opening year is known, "
            f"{format_count(decades.loc[busiest])} opened in {busiest_text}, more than in any "
            f"other decade ({listing})."
        )
    else:
        text = (
            f"Of the {plural(len(known), 'hub')} whose opening year is known, "
            f"{format_count(decades.loc[busiest])} opened in each of {busiest_text}, the "
            f"busiest decades ({listing})."
        )
    if unknown:
        text += (
            f" {plural(unknown, 'hub has', 'hubs have')} no opening year in "
            f"{'its' if unknown == 1 else 'their'} sources."
        )
    return Finding(
        "openings_by_decade",
        "Openings by decade",
        text,
        _sources(list(atlas.hubs.loc[years.notna(), "source_id"])),
        "pages/hubs.py",
        "Open the timeline on the Hubs page",
    )


def _latest_derived(atlas: Atlas, indicator_id: str) -> pd.Series:
    rows = atlas.values.loc[atlas.values["indicator_id"] == indicator_id]
    rows = rows.loc[rows["city_id"].isin(atlas.cities.index)].dropna(subset=["value"])
    rows = rows.sort_values("year").drop_duplicates("city_id", keep="last")
    return pd.Series(rows["value"].to_numpy(dtype=float), index=rows["city_id"].to_numpy())


def most_connected(atlas: Atlas) -> Finding | None:
    """The city tied to the most partner cities by agreements in force."""
    degree = _latest_derived(atlas, "net_degree")
    if degree.empty or degree.max() <= 0:
        return None
    top = degree.max()
    leaders = sorted(degree.index[degree == top])
    names = join_names(_names(atlas, leaders))
    verb, each = ("is", "") if len(leaders) == 1 else ("are", " each")
    linked = int((degree > 0).sum())
    text = (
        f"{names} {verb} tied to the most partner cities: {plural(int(top), 'city', 'cities')}"
        f"{each} by active twinning, sister-city, cooperation or science agreements. "
        f"{plural(linked, 'city', 'cities')} in the Atlas have at least one partner listed; "
        "the lists are incomplete."
    )
    pairs = atlas.partnerships
    mine = pairs["city_a_id"].isin(leaders) | pairs["city_b_id"].isin(leaders)
    active = pairs["status"] == "active"
    ids = [DERIVED_SOURCE_ID, *pairs.loc[mine & active, "source_id"]]
    if len(leaders) == 1:
        page, query, label = "pages/profile.py", {"city": leaders[0]}, f"Open {names}'s partners"
    else:
        page, query, label = "pages/partnerships.py", {}, "Open the Partnerships page"
    return Finding("most_connected", "Most partner cities", text, _sources(ids), page, label, query)


def top_ranked(atlas: Atlas, indicator_id: str = "gii_cluster_rank") -> Finding | None:
    """The best-placed city the Atlas holds in the latest edition of a published ranking."""
    if indicator_id not in atlas.indicators.index:
        return None
    rows = atlas.values.loc[atlas.values["indicator_id"] == indicator_id].dropna(subset=["value"])
    rows = rows.loc[rows["city_id"].isin(atlas.cities.index)]
    if rows.empty:
        return None
    year = int(rows["year"].max())
    edition = rows.loc[rows["year"] == year]
    meta = atlas.indicators.loc[indicator_id]
    best = edition["value"].max() if higher_is_better(meta) else edition["value"].min()
    leaders = edition.loc[edition["value"] == best].sort_values("city_id")
    first = leaders.iloc[0]
    geo = str(meta["geo_unit"])
    unit_name = first["unit_name"]
    city = str(atlas.cities.at[first["city_id"], "name"])
    place = f"{unit_name} ({city})" if isinstance(unit_name, str) and unit_name else city
    publisher = atlas.sources["publisher"].get(first["source_id"], "its publisher")
    ranked = places_ranked(atlas, indicator_id, year)
    if is_rank(meta):
        standing = f"ranked {ordinal(int(best))}"
    else:
        standing = f"at {format_number(best)} {meta['unit']}"
    text = (
        f"The highest-placed {geo} the Atlas holds in the {year} edition of the "
        f"{meta['label']} is {place}, {standing} ({publisher})."
    )
    if ranked is not None:
        text += f" The Atlas holds {len(edition):,} of the {ranked:,} places ranked that year."
    else:
        text += f" The Atlas holds {len(edition):,} places of that edition."
    return Finding(
        f"top_{indicator_id}",
        f"Top of the {meta['label']}",
        text,
        _sources(list(leaders["source_id"])),
        "pages/rankings.py",
        "Open this ranking",
        {"indicator": indicator_id},
    )


def inputs_and_outputs(atlas: Atlas) -> Finding | None:
    """The rank correlation of the Inputs and outputs page's default pairing."""
    x_id, y_id = inout.DEFAULT_PAIR
    if x_id not in atlas.indicators.index or y_id not in atlas.indicators.index:
        return None
    pairing = inout.pair_atlas(atlas, x_id, y_id)
    if math.isnan(pairing.rho):
        return None
    text, _ = inout.reading(pairing, atlas.indicators)
    y_ids = pairing.frame["y_source_id"].tolist()
    return Finding(
        "inputs_and_outputs",
        "Inputs beside outputs",
        text + " Correlation is not cause, and the two figures describe different areas.",
        _sources([DERIVED_SOURCE_ID, *y_ids]),
        "pages/inputs_outputs.py",
        "Set inputs against outputs",
    )


FINDERS: tuple[Callable[[Atlas], Finding | None], ...] = (
    most_foreign_posts,
    top_operator,
    openings_by_decade,
    most_connected,
    top_ranked,
    inputs_and_outputs,
)


def findings(atlas: Atlas) -> list[Finding]:
    """Every finding the data supports, in the Overview's order (absent data: left out)."""
    return [f for f in (finder(atlas) for finder in FINDERS) if f is not None]
