"""What the Inputs and outputs page shows, computed once per view and cached.

The pairing, its reading, its tables and the figure depend only on the data version, the two
measures, the sidebar filters and the highlighted cities, so they are kept as shared
resources (read-only for the page) and a rerun only draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from atlas import catalogue, citation, inout
from atlas.filters import Filters, city_ids
from atlas.load import Atlas
from atlas.views.links import profile_url
from atlas.wording import quantity
from components import scatter
from ui.cache import atlas_cached


@dataclass
class InOutView:
    """One input against one output, ready to draw."""

    pairing: inout.Pairing
    points: pd.DataFrame  # the pairing's rows with hover texts, for the figure
    reading: str
    caveats: list[str]
    table: pd.DataFrame  # one row per city (display names), for the Table tab and downloads
    ahead: pd.DataFrame  # output ahead of input (display names)
    behind: pd.DataFrame  # input ahead of output
    line: str  # "Sources: ..." of every figure drawn (markdown-safe)
    plain_line: str  # the same for the figure footer
    log_x: bool
    log_y: bool


def measure_labels(atlas: Atlas) -> tuple[dict[str, str], dict[str, str]]:
    """(inputs, outputs): id -> label, the session's own data marked as such."""
    labels = catalogue.labels(atlas.indicators)
    inputs = {i: labels[i] for i in inout.input_measures(atlas.indicators)}
    outputs = {i: labels[i] for i in inout.output_measures(atlas.indicators)}
    return inputs, outputs


def _geography(geo: str, unit_names: pd.Series) -> list[str]:
    return [f"{geo}: {u}" if isinstance(u, str) and u else geo for u in unit_names]


def _hover_credit(atlas: Atlas, source_id: object) -> str:
    # A user's row may have no source: the hover says so rather than "not stated".
    return citation.credit(atlas.sources, source_id, with_year=False, missing="source not given")


@atlas_cached(resource=True, max_entries=64, show_spinner="Setting inputs against outputs…")
def compute(atlas: Atlas, x_id: str, y_id: str, filters: Filters, log: bool = True) -> InOutView:
    narrowed = bool(filters.regions or filters.countries or filters.networks)
    ids = list(city_ids(atlas, filters)) if narrowed else None
    pairing = inout.pair_atlas(atlas, x_id, y_id, year=filters.year, city_ids=ids)
    text, caveats = inout.reading(pairing, atlas.indicators)
    cat = atlas.indicators
    frame = pairing.frame.copy()
    frame["label"] = frame["name"] + ", " + frame["country_name"]
    frame["x_label"] = cat.at[x_id, "label"]
    frame["y_label"] = cat.at[y_id, "label"]
    frame["x_text"] = [quantity(v, cat.at[x_id, "unit"]) for v in frame["x"]]
    frame["y_text"] = [quantity(v, cat.at[y_id, "unit"]) for v in frame["y"]]
    frame["x_geography"] = _geography(str(cat.at[x_id, "geo_unit"]), frame["x_unit_name"])
    frame["y_geography"] = _geography(str(cat.at[y_id, "geo_unit"]), frame["y_unit_name"])
    frame["x_source"] = [_hover_credit(atlas, sid) for sid in frame["x_source_id"]]
    frame["y_source"] = [_hover_credit(atlas, sid) for sid in frame["y_source_id"]]
    ids_cited = [*frame["x_source_id"], *frame["y_source_id"]]
    table = pd.DataFrame(
        {
            "City": frame["name"],
            "Country": frame["country_name"],
            f"{cat.at[x_id, 'label']}": frame["x"],
            "Input year": frame["x_year"],
            "Input geography": frame["x_geography"],
            "Input source": frame["x_source"],
            f"{cat.at[y_id, 'label']}": frame["y"],
            "Output year": frame["y_year"],
            "Output geography": frame["y_geography"],
            "Output source": frame["y_source"],
            "Quadrant": frame["quadrant"],
            "Profile": frame["city_id"].map(profile_url),
            "source_id": frame["y_source_id"],
            "city_id": frame["city_id"],
        }
    )
    ahead, behind = inout.furthest(pairing)
    return InOutView(
        pairing=pairing,
        points=frame,
        reading=text,
        caveats=caveats,
        table=table,
        ahead=_outlier_table(ahead, cat, x_id, y_id),
        behind=_outlier_table(behind, cat, x_id, y_id),
        line=citation.markdown_line(atlas.sources, ids_cited),
        plain_line=citation.line(atlas.sources, ids_cited),
        log_x=log and scatter.use_log(frame["x"]),
        log_y=log and scatter.use_log(frame["y"]),
    )


def _outlier_table(rows: pd.DataFrame, cat: pd.DataFrame, x_id: str, y_id: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "City": rows["name"] + ", " + rows["country_name"],
            str(cat.at[x_id, "label"]): rows["x"],
            str(cat.at[y_id, "label"]): rows["y"],
            "Gap (points)": (100 * rows["gap"]).round(0).astype(int),
            "Profile": rows["city_id"].map(profile_url),
            "source_id": rows["y_source_id"],
        }
    ).reset_index(drop=True)


@atlas_cached(resource=True, max_entries=64)
def figure(
    atlas: Atlas,
    x_id: str,
    y_id: str,
    filters: Filters,
    log: bool,
    highlight: Sequence[str],
) -> go.Figure:
    """The scatter of ``compute``'s view, kept per view and highlight (a figure is never
    changed once built). It takes the view's own arguments, so its cache key cannot miss one."""
    view = compute(atlas, x_id, y_id, filters, log)
    cat = atlas.indicators
    p = view.pairing
    x_id, y_id = p.x_id, p.y_id
    edition = f"{p.y_year} edition" if p.y_year is not None else "no edition"
    subtitle = [
        f"{p.n:,} cities with both figures",
        f"output: {edition}",
        f"ρ = {p.rho:.2f}" if p.n and p.rho == p.rho else "no rank correlation",
    ]
    return scatter.inout_scatter(
        view.points,
        scatter.Axis(
            str(cat.at[x_id, "label"]),
            str(cat.at[x_id, "unit"]),
            catalogue.is_rank(cat.loc[x_id]),
            p.x_median,
        ),
        scatter.Axis(
            str(cat.at[y_id, "label"]),
            str(cat.at[y_id, "unit"]),
            catalogue.is_rank(cat.loc[y_id]),
            p.y_median,
        ),
        title=f"{cat.at[x_id, 'label']} against {cat.at[y_id, 'label']}",
        subtitle=subtitle,
        source_line=view.plain_line,
        quadrants=inout.QUADRANTS,
        highlight=highlight,
        log_x=view.log_x,
        log_y=view.log_y,
        notes=["Dotted lines: the medians. Right: more engaged; up: more productive."],
    )
