"""Streamlit glue for the City profile: what is cached per city, and its two pictures.

The profile itself (each section's table, sources line and counts) is
``atlas.views.profile``'s; it is cached here as a shared resource (no copy per read:
unpickling was a third of a rerun) and is read-only for pages.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from atlas import terms
from atlas.i18n import _
from atlas.load import Atlas
from atlas.views import profile as model
from components import chart_series, map_arcs, map_colours, map_deck, map_points
from ui.cache import atlas_cached
from ui.panels import frame_view, plain

city_labels = atlas_cached(resource=True, max_entries=4)(model.city_labels)

_city_profile = atlas_cached(resource=True, max_entries=64)(model.city_profile)


def city_profile(atlas: Atlas, city_id: str, year: int | None) -> model.CityProfile:
    """The cached profile; the progress note is said in the run's language (a cache's own
    spinner text is fixed when the module is imported, before any language is chosen)."""
    with st.spinner(_("Gathering the city's figures…")):
        return _city_profile(atlas, city_id, year)


# --------------------------------------------------------------------------- pictures


@atlas_cached(resource=True, max_entries=32)
def outputs_figure(atlas: Atlas, city_id: str, year: int | None) -> go.Figure:
    """Small multiples of the city's outputs published for several editions.

    A resource, not data: plotly spends tens of milliseconds validating a new figure's
    template, and the page only reads the figure once built.
    """
    profile = _city_profile(atlas, city_id, year)
    several = profile.outputs_long
    fig = chart_series.small_multiples(
        several,
        "indicator_id",
        title=_("{city}: outputs and ranks by edition").format(
            city=atlas.cities.at[city_id, "name"]
        ),
        source_line=plain(profile.outputs_table.line),
        facet_labels=dict(zip(several["indicator_id"], several["label"], strict=False)),
        columns=2,
    )
    # room between the subtitle and the first row of panel titles
    fig.update_layout(margin={"t": fig.layout.margin.t + 28})
    return fig


@atlas_cached(resource=True, max_entries=32)
def partner_deck(atlas: Atlas, city_id: str) -> pdk.Deck:
    """The city, its partners and an arc to each, framed on the points drawn.

    Kept as a resource: a deck is only read after it is built, and its partner records need
    not be rebuilt on every rerun.
    """
    partners = _city_profile(atlas, city_id, None).partners_raw
    ids = [city_id, *dict.fromkeys(partners["partner_id"])]
    dots = atlas.cities.loc[ids]
    colours = map_colours.partnership_type_colours(atlas.partnerships["type"])
    layers = [
        map_arcs.partnership_layer(partners, colours),
        map_points.city_layer(dots, None, _("Partner city"), "", scale=0.9),
    ]
    return map_deck.build_deck(layers, view=frame_view(dots["latitude"], dots["longitude"]))


def type_legend(partners: pd.DataFrame) -> list[tuple[str, str]]:
    """Legend items for the partnership types present, in their fixed colours."""
    items = map_colours.legend_items(map_colours.partnership_type_colours(partners["type"]))
    return [(terms.partnership_type(kind), colour) for kind, colour in items]
