"""The Partnerships page's model: the agreement network for one filter, its measures, layout
and tables, and the link parameter for a span of years; no Streamlit.

Everything here depends only on the data and the filters, so ui/network_view.py caches
:func:`build_view` once per combination (a rerun after an unrelated widget change costs a
cache lookup, not a betweenness computation) and draws the arc map and the network drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from atlas import mapdata, network, terms
from atlas.citation import markdown_line
from atlas.filters import Filters, city_ids
from atlas.i18n import N_, _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.schema import DERIVED_SOURCE_ID
from atlas.urlstate import Param, _shown
from atlas.views.links import profile_url

DERIVED_LINE = N_(
    "Source: computed by the Atlas from the agreements listed on this page, each with its source"
)
#: The same source without its "Source:" label, for a chart whose frame adds the label itself.
DERIVED_SOURCE = N_(
    "computed by the Atlas from the agreements listed on this page, each with its source"
)
#: Most cities the network drawing shows; beyond it, the best connected (core_subgraph).
MAX_DRAWN_NODES = 250


@dataclass(frozen=True, eq=False)
class YearSpan(Param):
    """A span of years ``lo``–``hi`` written ``1990-2010`` (one year: ``2001``).

    Default is the whole span, left out of links. A link outside the span is clamped, a
    reversed one is put in order, and both say so.
    """

    name: str
    min: int
    max: int
    label: str | None = None
    default: tuple[int, int] = field(init=False)

    def __post_init__(self) -> None:
        self._check_name()
        if self.min > self.max:
            raise ValueError(f"{self.name}: min must not exceed max")
        object.__setattr__(self, "default", (self.min, self.max))

    def parse(self, raw: str) -> tuple[tuple[int, int], list[str]]:
        text = raw.strip()
        parts = [p.strip() for p in text.split("-")] if text else []
        if not parts or len(parts) > 2 or not all(p.isdigit() for p in parts):
            return self._fallback(
                _(
                    "The link's value '{value}' for '{name}' is not a year or a span like 1990-2010"
                ).format(value=_shown(text), name=_(self.title))
            )
        lo, hi = int(parts[0]), int(parts[-1])
        notes = []
        if lo > hi:
            lo, hi = hi, lo
        clamped = (min(max(lo, self.min), self.max), min(max(hi, self.min), self.max))
        if clamped != (lo, hi):
            notes.append(
                _(
                    "The link's years '{value}' for '{name}' reach outside {first}–{last}; "
                    "showing {lo}–{hi} instead."
                ).format(
                    value=_shown(text),
                    name=_(self.title),
                    first=self.min,
                    last=self.max,
                    lo=clamped[0],
                    hi=clamped[1],
                )
            )
        return clamped, notes

    def format(self, value: Any) -> str:
        lo, hi = (int(v) for v in value)
        if not self.min <= lo <= hi <= self.max:
            raise ValueError(f"{self.name}: {value!r} is outside [{self.min}, {self.max}]")
        return str(lo) if lo == hi else f"{lo}-{hi}"

    def shown(self, value: Any) -> str:
        lo, hi = value
        return f"{lo}–{hi}"


@dataclass
class NetworkView:
    """Everything the page shows for one filter: frames only (cacheable as data)."""

    shown: pd.DataFrame  # agreements drawn (with coordinates and names)
    measures: pd.DataFrame  # one row per city of the filter that has a partner
    nodes: pd.DataFrame  # drawn nodes with layout positions
    edges: pd.DataFrame  # drawn edges
    degree: pd.Series  # partner cities of every city in the whole selected network
    n_bridging_pairs: int  # partner pairs of the agreements shown joining two regions
    n_cities_linked: int  # cities at either end of the agreements shown
    n_graph_cities: int
    undated_left_out: int
    betweenness_exact: bool
    agreements_line: str  # "Sources: …" of the agreements shown (computed once, cached)
    # display tables (names as shown, plus source_id for the downloads)
    nodes_table: pd.DataFrame
    measures_table: pd.DataFrame
    agreements_table: pd.DataFrame


@dataclass
class BridgesView:
    """The ties between regions of one view, built only when their table is opened."""

    pairs: pd.DataFrame  # bridging_pairs, cited: source_id (first agreement's) and source
    line: str  # "Sources: …" of those pairs
    table: pd.DataFrame  # names as shown, plus source_id for the download


MEASURE_NAMES = {
    "name": N_("City"),
    "country_name": N_("Country"),
    "region": N_("Region"),
    "degree": N_("Partner cities"),
    "weighted_degree": N_("Agreements"),
    "betweenness": N_("Bridging (betweenness)"),
}


def year_bounds(atlas: Atlas) -> tuple[int, int]:
    """The years agreements were signed in, as the slider's ends."""
    years = pd.to_numeric(atlas.partnerships["year"], errors="coerce").dropna()
    if years.empty:
        return (2000, 2000)
    return int(years.min()), int(years.max())


def build_view(
    atlas: Atlas,
    types: tuple[str, ...],
    since: int | None,
    until: int | None,
    filters: Filters | None,
) -> NetworkView:
    """The agreements of ``types`` signed ``since``–``until`` (None: no bound), measured over
    the whole selection and shown for the cities of ``filters`` (None: every city)."""
    cities = atlas.cities
    active = network.select_partnerships(atlas.partnerships, types or None)
    selected = network.select_partnerships(active, None, since, until, statuses=None)
    undated = 0 if since is None and until is None else int(active["year"].isna().sum())
    # Measures describe each city's place in the whole selected network; the sidebar only
    # chooses which cities to look at (and which of their ties to draw).
    # from arrays, not a networkx graph of every agreement (seconds at 100x); only the drawn
    # core becomes a graph
    everything = network.partnership_measures(selected)
    if filters is not None:
        wanted = city_ids(atlas, filters)
        shown = network.touching(selected, wanted)
        measures = everything.loc[everything.index.isin(wanted)]
        counts = network.partner_counts(shown)
    else:
        shown = selected
        measures = everything
        counts = everything[["degree", "weighted_degree"]]
    measures = measures.assign(
        name=measures.index.map(cities["name"]),
        country_name=measures.index.map(cities["country_name"]),
        region=measures.index.map(cities["region"]),
    ).sort_values(["degree", "weighted_degree"], ascending=False, kind="stable")

    core = network.core_graph(shown, cities, MAX_DRAWN_NODES, counts)
    positions = network.layout(core)
    node_ids = sorted(core.nodes)
    place = cities.reindex(node_ids)
    # the city's whole standing, not its degree inside the drawn part
    standing = everything.reindex(node_ids)
    nodes = pd.DataFrame(
        {
            "city_id": node_ids,
            "name": place["name"].to_numpy(),
            "country_name": place["country_name"].to_numpy(),
            "region": place["region"].to_numpy(),
            "x": [positions[c][0] for c in node_ids],
            "y": [positions[c][1] for c in node_ids],
            "degree": standing["degree"].to_numpy(),
            "weighted_degree": standing["weighted_degree"].to_numpy(),
            "betweenness": standing["betweenness"].to_numpy(),
        }
    )
    edges = pd.DataFrame(
        [(a, b, d.get("weight", 1)) for a, b, d in core.edges(data=True)],
        columns=["city_a_id", "city_b_id", "weight"],
    )
    cited = atlas.sources[["publisher", "url"]].reindex(
        shown["source_id"].to_numpy(dtype=object)
    )  # one lookup for both columns
    drawn = network.with_coordinates(shown, cities).assign(
        source=cited["publisher"].to_numpy(), source_url=cited["url"].to_numpy()
    )
    return NetworkView(
        shown=drawn,
        measures=measures,
        nodes=nodes,
        edges=edges,
        degree=everything["degree"],
        n_bridging_pairs=network.count_bridging_pairs(shown, cities, statuses=None),
        n_cities_linked=pd.concat([shown["city_a_id"], shown["city_b_id"]]).nunique(),
        n_graph_cities=len(counts),
        undated_left_out=undated,
        betweenness_exact=bool(everything.attrs.get("betweenness_exact", True)),
        agreements_line=markdown_line(atlas.sources, shown["source_id"]),
        nodes_table=_measures_table(nodes).assign(source_id=DERIVED_SOURCE_ID),
        measures_table=_measures_table(measures).assign(
            Profile=measures.index.map(profile_url), source_id=DERIVED_SOURCE_ID
        ),
        agreements_table=pd.DataFrame(
            {
                N_("Cities"): drawn["name_a"] + " – " + drawn["name_b"],
                N_("Type"): drawn["type"].map(terms.partnership_type, na_action="ignore"),
                N_("Year"): drawn["year"],
                N_("Status"): drawn["status"].map(terms.partnership_status, na_action="ignore"),
                N_("Source"): drawn["source"],
                N_("Link"): drawn["source_url"],
                "source_id": drawn["source_id"],
            }
        ).reset_index(drop=True),
    )


def build_bridges(atlas: Atlas, data: NetworkView) -> BridgesView:
    """The partner pairs of ``data``'s agreements that join two world regions, ranked by both
    cities' partner cities in the whole selected network (as in the measures table), with
    their sources. Apart from ``build_view``: at 100x they took a third of its time, and most
    readers never open their table."""
    bridging = _cite_bridges(
        network.bridging_pairs(data.shown, atlas.cities, statuses=None, degree=data.degree),
        data.shown,
        atlas,
    )
    return BridgesView(
        pairs=bridging,
        line=markdown_line(atlas.sources, bridging["source_id"]),
        table=pd.DataFrame(
            {
                N_("Pair"): bridging["name_a"] + " – " + bridging["name_b"],
                N_("Regions"): terms.named(bridging["region_a"], terms.region)
                + " – "
                + terms.named(bridging["region_b"], terms.region),
                N_("Type"): terms.named(bridging["types"], _type_names),
                N_("Agreements"): bridging["agreements"],
                N_("Partner cities (sum)"): bridging["degree_sum"],
                N_("Source"): bridging["source"],
                N_("Link"): bridging["source_id"].map(atlas.sources["url"]),
                "source_id": bridging["source_id"],
            }
        ),
    )


def _measures_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A measures frame with its display names, the region named in the reader's language."""
    shown = frame.assign(region=terms.named(frame["region"], terms.region))
    return shown.rename(columns=MEASURE_NAMES)[[*MEASURE_NAMES.values()]]


def _type_names(types: str) -> str:
    """'twinning, sister city' in the reader's language (a pair may hold several types)."""
    return ", ".join(terms.partnership_type(t) for t in str(types).split(", "))


def _cite_bridges(pairs: pd.DataFrame, shown: pd.DataFrame, atlas: Atlas) -> pd.DataFrame:
    """Cite each pair's sources: ``source_id`` its first agreement's, ``source`` the
    publishers of all of them. ``pairs`` is ranked by each end's degree in the whole selected
    network (as in the measures table), not only among the ties drawn."""
    if pairs.empty:
        return pairs.assign(source_id=[], source=[])
    # plain lists, not pandas string methods or element-wise iteration of Arrow columns: a
    # pair most often holds one agreement, and at 100x tens of thousands of pairs bridge
    # regions
    source_of = dict(
        zip(
            shown["partnership_id"].to_numpy(dtype=object).tolist(),
            shown["source_id"].to_numpy(dtype=object).tolist(),
            strict=True,
        )
    )
    publishers = atlas.sources["publisher"].to_dict()  # a dict: one lookup per cited id
    cited = [
        list(dict.fromkeys(source_of.get(p) for p in ids.split("; ")))
        if "; " in ids
        else [source_of.get(ids)]
        for ids in pairs["partnership_ids"].to_numpy(dtype=object).tolist()
    ]
    return pairs.assign(
        source_id=[s[0] for s in cited],
        source=[
            str(publishers.get(s[0], s[0]))
            if len(s) == 1
            else "; ".join(str(publishers.get(i, i)) for i in s)
            for s in cited
        ],
    )


def map_note(data: NetworkView) -> str | None:
    """What the arc map leaves undrawn to stay light (None when it draws every agreement)."""
    total = len(data.shown)
    return mapdata.cap_note({"partnerships": (min(total, mapdata.MAX_ARCS), total)})


def network_summary(data: NetworkView, top: int = 3) -> str:
    """The network drawing in one sentence, for its text alternative: what it connects and
    which cities hold the most partners. The generic chart summary would read the layout's
    coordinates as values ("from -0.93 to 0.98"), which mean nothing in a network drawing."""
    cities = ngettext("{n} city", "{n} cities", len(data.nodes)).format(
        n=format_count(len(data.nodes))
    )
    pairs = ngettext("{n} partner pair", "{n} partner pairs", len(data.edges)).format(
        n=format_count(len(data.edges))
    )
    sentence = _("Network drawing: {cities} joined by {pairs}.").format(cities=cities, pairs=pairs)
    if data.measures.empty:
        return sentence
    leaders = data.measures.nlargest(top, "degree")
    named = ", ".join(
        f"{name} ({format_count(int(degree))})"
        for name, degree in zip(leaders["name"], leaders["degree"], strict=True)
    )
    return sentence + " " + _("Most partner cities: {cities}.").format(cities=named)
