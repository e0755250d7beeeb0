"""The Inputs and outputs page's model: one input set against one output, its reading and its
tables; no Streamlit.

These depend only on the data version, the two measures and the sidebar filters, so
ui/inout_view.py keeps :func:`inout_view` as a shared resource (read-only for the page) and
draws the scatter, and a rerun only draws.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas import catalogue, citation, inout
from atlas.filters import Filters, city_ids
from atlas.i18n import _
from atlas.load import Atlas
from atlas.views.links import profile_url
from atlas.wording import quantity

# The profile-link column keeps its id in every language: the page's column settings find it
# by this name and give it a translated header.
PROFILE_COLUMN = "Profile"


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


def measure_labels(atlas: Atlas) -> tuple[dict[str, str], dict[str, str]]:
    """(inputs, outputs): id -> label, the session's own data marked as such."""
    labels = catalogue.labels(atlas.indicators)
    inputs = {i: labels[i] for i in inout.input_measures(atlas.indicators)}
    outputs = {i: labels[i] for i in inout.output_measures(atlas.indicators)}
    return inputs, outputs


def _geography(geo: str, unit_names: pd.Series) -> list[str]:
    return [f"{geo}: {u}" if isinstance(u, str) and u else geo for u in unit_names]


def _hover_credit(atlas: Atlas, source_id: object) -> str:
    """The source a hover names; a user's row may have no source, and the hover says so rather
    than "not stated"."""
    return citation.credit(atlas.sources, source_id, with_year=False, missing=_("source not given"))


def inout_view(atlas: Atlas, x_id: str, y_id: str, filters: Filters) -> InOutView:
    """Input ``x_id`` against output ``y_id`` for the cities of the sidebar's region, country
    or network, at its year: the pairing, its reading in words and the tables the page shows."""
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
    frame["quadrant"] = frame["quadrant"].map(inout.quadrant_name)
    ids_cited = [*frame["x_source_id"], *frame["y_source_id"]]
    table = pd.DataFrame(
        {
            _("City"): frame["name"],
            _("Country"): frame["country_name"],
            f"{cat.at[x_id, 'label']}": frame["x"],
            _("Input year"): frame["x_year"],
            _("Input geography"): frame["x_geography"],
            _("Input source"): frame["x_source"],
            f"{cat.at[y_id, 'label']}": frame["y"],
            _("Output year"): frame["y_year"],
            _("Output geography"): frame["y_geography"],
            _("Output source"): frame["y_source"],
            _("Quadrant"): frame["quadrant"],
            PROFILE_COLUMN: frame["city_id"].map(profile_url),
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
    )


def _outlier_table(rows: pd.DataFrame, cat: pd.DataFrame, x_id: str, y_id: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            _("City"): rows["name"] + ", " + rows["country_name"],
            str(cat.at[x_id, "label"]): rows["x"],
            str(cat.at[y_id, "label"]): rows["y"],
            _("Gap (points)"): (100 * rows["gap"]).round(0).astype(int),
            PROFILE_COLUMN: rows["city_id"].map(profile_url),
            "source_id": rows["y_source_id"],
        }
    ).reset_index(drop=True)
