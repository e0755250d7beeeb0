"""Streamlit glue for the Inputs and outputs page: what is cached per view, and the scatter.

The pairing, its reading and its tables are ``atlas.views.inout``'s; they and the figure
depend only on the data version, the two measures, the sidebar filters and the highlighted
cities, so they are kept as shared resources (read-only for the page) and a rerun only draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from atlas import catalogue, inout
from atlas.filters import Filters
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count
from atlas.views import inout as model
from components import scatter
from ui.cache import atlas_cached

compute = atlas_cached(resource=True, max_entries=64)(model.inout_view)


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
    view = compute(atlas, x_id, y_id, filters)
    cat = atlas.indicators
    p = view.pairing
    x_id, y_id = p.x_id, p.y_id
    subtitle = [
        ngettext("{n} city with both figures", "{n} cities with both figures", p.n).format(
            n=format_count(p.n)
        ),
        _("output: {year} edition").format(year=p.y_year)
        if p.y_year is not None
        else _("output: no edition"),
        "ρ = " + inout.format_rho(p.rho) if p.n and p.rho == p.rho else _("no rank correlation"),
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
        title=_("{x} against {y}").format(x=cat.at[x_id, "label"], y=cat.at[y_id, "label"]),
        subtitle=subtitle,
        source_line=view.plain_line,
        quadrants={k: inout.quadrant_name(v) for k, v in inout.QUADRANTS.items()},
        highlight=highlight,
        log_x=log and scatter.use_log(view.points["x"]),
        log_y=log and scatter.use_log(view.points["y"]),
        notes=[_("Dotted lines: the medians. Right: more engaged; up: more productive.")],
    )
