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
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count, format_number
from atlas.schema import DERIVED_SOURCE_ID
from atlas.wording import join_names, ordinal


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
    top = int(per_city["posts"].max())
    leaders = sorted(per_city.index[per_city["posts"] == top])
    names = join_names(_names(atlas, leaders))
    hubs = ngettext("{n} active hub", "{n} active hubs", top).format(n=format_count(top))
    if len(leaders) == 1:
        city = leaders[0]
        operators = int(per_city.at[city, "operators"])
        text = ngettext(
            "{city} hosts the most foreign science-diplomacy posts in the Atlas: {hubs} run by "
            "{operators}.",
            "{city} hosts the most foreign science-diplomacy posts in the Atlas: {hubs} run by "
            "{operators}.",
            top,
        ).format(
            city=names,
            hubs=hubs,
            operators=ngettext(
                "{n} foreign country or body", "{n} foreign countries or bodies", operators
            ).format(n=format_count(operators)),
        )
        page, query = "pages/profile.py", {"city": city}
        label = _("Open the profile of {city}").format(city=names)
    else:
        text = _(
            "{cities} host the most foreign science-diplomacy posts in the Atlas: {hubs} each, "
            "run by foreign countries or bodies."
        ).format(cities=names, hubs=hubs)
        page, query, label = "pages/hubs.py", {}, _("Open the Hubs page")
    rest = int((per_city["posts"] > 0).sum())
    text += " " + ngettext(
        "{n} city in the Atlas hosts at least one.",
        "{n} cities in the Atlas host at least one.",
        rest,
    ).format(n=format_count(rest))
    ids = posts.loc[posts["host_city_id"].isin(leaders), "source_id"]
    return Finding(
        "most_foreign_posts", _("Most foreign posts"), text, _sources(list(ids)), page, label, query
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
    top = int(counts["posts"].max())
    leaders = sorted(counts.index[counts["posts"] == top], key=operator_country_name)
    names = join_names([operator_country_name(c) for c in leaders])
    countries = posts["host_city_id"].map(atlas.cities["country"])
    hubs = ngettext("{n} active hub", "{n} active hubs", top).format(n=format_count(top))
    if len(leaders) == 1:
        code = leaders[0]
        n_cities = int(counts.at[code, "cities"])
        n_countries = int(countries[posts["operator_country"] == code].nunique())
        text = _(
            "{country} runs the most science-diplomacy posts abroad: {hubs} in {cities} of "
            "{countries}."
        ).format(
            country=names,
            hubs=hubs,
            cities=ngettext("{n} city", "{n} cities", n_cities).format(n=format_count(n_cities)),
            countries=ngettext("{n} country", "{n} countries", n_countries).format(
                n=format_count(n_countries)
            ),
        )
    else:
        text = _("{countries} run the most science-diplomacy posts abroad: {hubs} each.").format(
            countries=names, hubs=hubs
        )
    text += " " + ngettext(
        "{n} country runs at least one post abroad in the Atlas's list.",
        "{n} countries run at least one post abroad in the Atlas's list.",
        len(counts),
    ).format(n=format_count(len(counts)))
    ids = posts.loc[posts["operator_country"].isin(leaders), "source_id"]
    return Finding(
        "top_operator",
        _("Most posts abroad"),
        text,
        _sources(list(ids)),
        "pages/hubs.py",
        _("Open these hubs on the Hubs page"),
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
    # Translators: a decade in a sentence ("opened in the 2010s"); {decade} is its first year.
    busiest_text = join_names([_("the {decade}s").format(decade=d) for d in tied])
    recent = decades.tail(4)
    listing = ", ".join(
        # Translators: a decade and the hubs opened in it, in a list ("2010s: 4").
        _("{decade}s: {n}").format(decade=d, n=format_number(n))
        for d, n in recent.items()
    )
    earlier = int(decades.sum() - recent.sum())
    if earlier:
        before = _("before {year}: {n}").format(year=int(recent.index[0]), n=format_number(earlier))
        listing = f"{before}, {listing}"
    unknown = int(years.isna().sum())
    fields = {
        "known": format_count(len(known)),
        "n": format_count(decades.loc[busiest]),
        "decades": busiest_text,
        "listing": listing,
    }
    if len(tied) == 1:
        text = ngettext(
            "Of the {known} hub whose opening year is known, {n} opened in {decades}, more "
            "than in any other decade ({listing}).",
            "Of the {known} hubs whose opening year is known, {n} opened in {decades}, more "
            "than in any other decade ({listing}).",
            len(known),
        ).format(**fields)
    else:
        text = ngettext(
            "Of the {known} hub whose opening year is known, {n} opened in each of {decades}, "
            "the busiest decades ({listing}).",
            "Of the {known} hubs whose opening year is known, {n} opened in each of {decades}, "
            "the busiest decades ({listing}).",
            len(known),
        ).format(**fields)
    if unknown:
        text += " " + ngettext(
            "{n} hub has no opening year in its sources.",
            "{n} hubs have no opening year in their sources.",
            unknown,
        ).format(n=format_count(unknown))
    return Finding(
        "openings_by_decade",
        _("Openings by decade"),
        text,
        _sources(list(atlas.hubs.loc[years.notna(), "source_id"])),
        "pages/hubs.py",
        _("Open the timeline on the Hubs page"),
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
    top = int(degree.max())
    leaders = sorted(degree.index[degree == top])
    names = join_names(_names(atlas, leaders))
    partners = ngettext("{n} city", "{n} cities", top).format(n=format_count(top))
    linked = int((degree > 0).sum())
    if len(leaders) == 1:
        text = _(
            "{city} is tied to the most partner cities: {partners} by active twinning, "
            "sister-city, cooperation or science agreements."
        ).format(city=names, partners=partners)
    else:
        text = _(
            "{cities} are tied to the most partner cities: {partners} each by active twinning, "
            "sister-city, cooperation or science agreements."
        ).format(cities=names, partners=partners)
    text += " " + ngettext(
        "{n} city in the Atlas has at least one partner listed; the lists are incomplete.",
        "{n} cities in the Atlas have at least one partner listed; the lists are incomplete.",
        linked,
    ).format(n=format_count(linked))
    pairs = atlas.partnerships
    mine = pairs["city_a_id"].isin(leaders) | pairs["city_b_id"].isin(leaders)
    active = pairs["status"] == "active"
    ids = [DERIVED_SOURCE_ID, *pairs.loc[mine & active, "source_id"]]
    if len(leaders) == 1:
        page, query = "pages/profile.py", {"city": leaders[0]}
        label = _("Open {city}'s partners").format(city=names)
    else:
        page, query, label = "pages/partnerships.py", {}, _("Open the Partnerships page")
    return Finding(
        "most_connected", _("Most partner cities"), text, _sources(ids), page, label, query
    )


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
    unit_name = first["unit_name"]
    city = str(atlas.cities.at[first["city_id"], "name"])
    place = f"{unit_name} ({city})" if isinstance(unit_name, str) and unit_name else city
    publisher = atlas.sources["publisher"].get(first["source_id"]) or _("its publisher")
    ranked = places_ranked(atlas, indicator_id, year)
    if is_rank(meta):
        standing = _("ranked {rank}").format(rank=ordinal(int(best)))
    else:
        # Translators: a figure with its unit after a place's name ("at 1,234 points").
        standing = _("at {value} {unit}").format(value=format_number(best), unit=meta["unit"])
    text = _(
        "The highest-placed {geo} the Atlas holds in the {year} edition of the {ranking} is "
        "{place}, {standing} ({publisher})."
    ).format(
        geo=meta["geo_unit"],
        year=year,
        ranking=meta["label"],
        place=place,
        standing=standing,
        publisher=publisher,
    )
    if ranked is not None:
        text += " " + _("The Atlas holds {n} of the {total} places ranked that year.").format(
            n=format_count(len(edition)), total=format_count(ranked)
        )
    else:
        text += " " + ngettext(
            "The Atlas holds {n} place of that edition.",
            "The Atlas holds {n} places of that edition.",
            len(edition),
        ).format(n=format_count(len(edition)))
    return Finding(
        f"top_{indicator_id}",
        _("Top of the {ranking}").format(ranking=meta["label"]),
        text,
        _sources(list(leaders["source_id"])),
        "pages/rankings.py",
        _("Open this ranking"),
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
    text, _ids = inout.reading(pairing, atlas.indicators)
    y_ids = pairing.frame["y_source_id"].tolist()
    caveat = _("Correlation is not cause, and the two figures describe different areas.")
    return Finding(
        "inputs_and_outputs",
        _("Inputs beside outputs"),
        f"{text} {caveat}",
        _sources([DERIVED_SOURCE_ID, *y_ids]),
        "pages/inputs_outputs.py",
        _("Set inputs against outputs"),
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
