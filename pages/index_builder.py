"""Index builder: the reader's own composite index of cities, with how stable each rank is.

Published city rankings fix their weights and print one rank per city. Here the reader picks
the indicators and weights, the normalisation, aggregation and missing-data rule (OECD/JRC
Handbook on Constructing Composite Indicators, 2008), and sees next to every rank the range it
takes when the weights are redrawn at random, so robust places and coin-flip places look
different. The index then becomes an indicator the Rankings, Compare and Map pages can use.
"""

from __future__ import annotations

import streamlit as st

from atlas.citation import markdown_line
from atlas.composite import PRESETS, IndexSettings, describe
from atlas.editions import holdings_summary
from atlas.filters import city_ids
from atlas.index_data import INDEX_ID, INDEX_LABEL, INDEX_UNIT
from atlas.text import md_text
from atlas.urlstate import Choice, IntParam, WeightsParam
from atlas.views import index as ix
from ui import index_view as iv
from ui import url
from ui.data import get_atlas
from ui.downloads import download_buttons
from ui.facts import city_label
from ui.filters import current_filters
from ui.rowcap import capped_dataframe
from ui.views import chart_panel, scored_map_text

SCOPE = "index"
IND = f"{SCOPE}.ind"  # the indicator picker; its choice travels in the link as part of `w`
APPLIED = "_index.applied"  # (preset, w) last copied into the widgets
SAVED = "_index.saved"  # the page's choices, restored when the reader comes back to the page

atlas = get_atlas()
filters = current_filters()
choices = ix.indicator_choices(atlas)
catalogue = atlas.indicators
preset_options = {**{k: p["label"] for k, p in PRESETS.items()}, ix.CUSTOM: "Custom weights"}
SPECS = [
    Choice("preset", preset_options, default=ix.DEFAULT_PRESET, label="preset"),
    WeightsParam("w", choices, label="weights"),
    Choice("norm", ix.NORMALISATION_LABELS, default="minmax", label="normalisation"),
    Choice("agg", ix.AGGREGATION_LABELS, default="arithmetic", label="aggregation"),
    Choice("missing", ix.MISSING_LABELS, default="reweight", label="missing data"),
    IntParam("coverage", 0, 100, default=50, label="minimum coverage"),
    Choice(
        "spread",
        {k: v[0] for k, v in ix.SPREADS.items()},
        default=ix.DEFAULT_SPREAD,
        label="weight spread",
    ),
    IntParam("top", 5, 100, default=25, label="cities in the chart"),
]
BY_NAME = {spec.name: spec for spec in SPECS}


def key(name: str) -> str:
    return url.widget_key(SCOPE, BY_NAME[name])


def weight_key(indicator: str) -> str:
    return f"{SCOPE}.wt.{indicator}"


def slider_weights() -> dict[str, int]:
    return {
        i: int(st.session_state.get(weight_key(i), ix.PRESET_SLIDER_WEIGHT))
        for i in st.session_state.get(IND, [])
    }


def on_preset() -> None:
    """A preset replaces the weights; choosing "Custom weights" keeps the current ones."""
    custom = st.session_state[key("preset")] == ix.CUSTOM
    st.session_state[key("w")] = slider_weights() if custom else {}


def on_weights() -> None:
    """Any change to the indicators or a slider makes the weights the reader's own."""
    st.session_state[key("preset")] = ix.CUSTOM
    st.session_state[key("w")] = slider_weights()


# Streamlit forgets a widget's value once a run does not draw it (the reader visited another
# page); put back what this page last showed, unless a link is about to set it.
for name, value in st.session_state.get(SAVED, {}).items():
    st.session_state.setdefault(key(name), value)
notes = url.bind(SPECS, SCOPE)

# Copy the preset or the link's weights into the picker and sliders when they changed.
preset = st.session_state[key("preset")]
link_weights = dict(st.session_state[key("w")])
signature = (preset, tuple(link_weights.items()))
if st.session_state.get(APPLIED) != signature or IND not in st.session_state:
    preset_weights, _ = ix.preset_slider_weights(preset, list(choices))
    weights = link_weights or preset_weights
    if link_weights and preset != ix.CUSTOM and link_weights != preset_weights:
        st.session_state[key("preset")] = ix.CUSTOM
    st.session_state[IND] = list(weights)
    for indicator, weight in weights.items():
        st.session_state[weight_key(indicator)] = weight
for name, step in (("coverage", 5), ("top", 5)):  # a hand-typed link may fall between steps
    st.session_state[key(name)] = step * round(st.session_state[key(name)] / step)

st.title("Index builder")
st.markdown(
    "Build your own composite index of cities: pick indicators and weights, choose how they "
    "are put on one scale and combined, and see how much each city's rank depends on the "
    "exact weights. The method follows the OECD/JRC *Handbook on Constructing Composite "
    "Indicators* (2008)."
)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

controls, result_col = st.columns([1, 2], gap="large")
with controls:
    st.subheader("Indicators and weights")
    st.selectbox(
        "Preset",
        list(preset_options),
        format_func=preset_options.get,
        key=key("preset"),
        persist_state="session",
        on_change=on_preset,
        help="A documented starting point. Moving a slider or changing the indicators turns "
        "it into custom weights.",
    )
    chosen_preset = st.session_state[key("preset")]
    if chosen_preset in PRESETS:
        st.caption(md_text(PRESETS[chosen_preset]["description"]))
        _, missing_preset = ix.preset_slider_weights(chosen_preset, list(choices))
        if missing_preset:
            st.caption(
                "Not in the Atlas, so left out of this preset: " + ", ".join(missing_preset) + "."
            )
    else:
        st.caption("Your own choice of indicators and weights.")
    st.multiselect(
        "Indicators",
        list(choices),
        format_func=choices.get,
        key=IND,
        on_change=on_weights,
        placeholder="Choose one or more indicators…",
        help="Whether higher or lower is better comes from the indicator catalogue; ranks "
        "(lower is better) are turned round so that a higher score always means better.",
    )
    selected = list(st.session_state[IND])
    for indicator in selected:
        st.session_state.setdefault(weight_key(indicator), ix.PRESET_SLIDER_WEIGHT)
    total = sum(slider_weights().values())
    for indicator in selected:
        row = catalogue.loc[indicator]
        direction = "higher is better" if bool(row["higher_is_better"]) else "lower is better"
        slider_col, share_col = st.columns([3, 1], vertical_alignment="bottom")
        with slider_col:
            st.slider(
                f"{choices[indicator]} ({direction})",
                min_value=0,
                max_value=100,
                step=1,
                key=weight_key(indicator),
                on_change=on_weights,
                help=f"{row['description']} Geography: {row['geo_unit']}. Unit: {row['unit']}.",
            )
        share = st.session_state[weight_key(indicator)] / total if total else 0.0
        share_col.markdown(f"**{ix.percent(share)}**")
    if selected:
        st.caption("Sliders run 0–100; only their proportions count, shown as shares of 100%.")

    st.subheader("Method")
    st.radio(
        "Normalisation",
        list(ix.NORMALISATION_LABELS),
        format_func=ix.NORMALISATION_LABELS.get,
        key=key("norm"),
        persist_state="session",
        help="How each indicator is put on a common scale before the weights apply.",
    )
    st.radio(
        "Aggregation",
        list(ix.AGGREGATION_LABELS),
        format_func=ix.AGGREGATION_LABELS.get,
        key=key("agg"),
        persist_state="session",
        help="Arithmetic: a strong indicator fully makes up for a weak one. Geometric: only "
        "partly (zeros are first lifted to 0.01, see the method).",
    )
    st.radio(
        "Missing figures",
        list(ix.MISSING_LABELS),
        format_func=ix.MISSING_LABELS.get,
        key=key("missing"),
        persist_state="session",
        help="Either way, cities below the minimum coverage are left out.",
    )
    st.slider(
        "Minimum coverage (% of the weight a city needs figures for)",
        min_value=0,
        max_value=100,
        step=5,
        key=key("coverage"),
        persist_state="session",
    )

    st.subheader("Rank stability")
    st.radio(
        "Spread of the random weights",
        list(ix.SPREADS),
        format_func=lambda s: f"{ix.SPREADS[s][0]} (concentration {ix.SPREADS[s][1]:g})",
        key=key("spread"),
        persist_state="session",
        horizontal=True,
        help="Each city's rank is recomputed for 1,000 random weightings drawn around yours; "
        "a wider spread lets the weights stray further.",
    )
    st.slider("Cities shown in the ranking chart", 5, 100, step=5, key=key("top"))

weights = slider_weights()
settings = IndexSettings(
    st.session_state[key("norm")],
    st.session_state[key("agg")],
    st.session_state[key("missing")],
    st.session_state[key("coverage")] / 100,
)
preset = st.session_state[key("preset")]
if preset != ix.CUSTOM and weights == ix.preset_slider_weights(preset, list(choices))[0]:
    st.session_state[key("w")] = {}  # the preset alone says it: keep the link short
else:
    st.session_state[key("w")] = weights
st.session_state[APPLIED] = (preset, tuple(st.session_state[key("w")].items()))
url.remember(SPECS, SCOPE)
st.session_state[SAVED] = {name: st.session_state[key(name)] for name in BY_NAME if name != "w"} | {
    "w": st.session_state[key("w")]
}

names = city_label(atlas)
cities = city_ids(atlas, filters)
year_rule = (
    f"each city's latest figure up to {filters.year} (the year set in the sidebar)"
    if filters.year
    else "each city's latest figure (set a year in the sidebar to use figures up to that year)"
)

with result_col:
    if not weights:
        st.info(
            "Choose at least one indicator on the left, or pick a preset, to build an index.",
            icon=":material/tune:",
        )
        st.stop()
    if not any(weights.values()):
        st.warning(
            "Every weight is zero, so there is nothing to combine. Move at least one slider "
            "above zero.",
            icon=":material/warning:",
        )
        st.stop()
    if len(cities) == 0:
        st.warning(
            "No city matches the filters in the sidebar. Remove a filter to build the index.",
            icon=":material/filter_alt_off:",
        )
        st.stop()
    run = iv.compute(
        atlas,
        list(cities),
        weights,
        filters.year,
        settings.normalisation,
        settings.aggregation,
        settings.missing,
        st.session_state[key("coverage")],
        st.session_state[key("spread")],
    )
    labels = {i: choices.get(i, i) for i in weights}
    if run.error == "no-weight":
        st.warning(
            "None of the indicators with a weight above zero has a figure for the cities and "
            "year chosen. Add another indicator, or widen the sidebar filters.",
            icon=":material/warning:",
        )
        st.stop()
    assert run.result is not None
    result = run.result
    method_text = describe(settings, result, labels)
    if run.error == "no-city":
        st.warning(
            "No city has figures for enough of the weight to be ranked. Lower the minimum "
            "coverage, choose 're-weight', or add indicators with more figures.",
            icon=":material/warning:",
        )
        st.caption(md_text(method_text))
        st.stop()
    assert run.stability is not None
    changed = iv.register(run, method_text)
    view = iv.views(atlas, run, st.session_state[key("top")])
    no_figure = int((result.coverage == 0).sum())
    below = len(result.dropped) - no_figure

    m1, m2, m3 = st.columns(3)
    m1.metric("Cities ranked", f"{len(result.table):,}", help=f"Out of {len(cities):,} in scope")
    m2.metric(
        "Left out",
        f"{len(result.dropped):,}",
        help=f"{below:,} below the minimum coverage, {no_figure:,} with no figure at all",
    )
    m3.metric("Indicators used", f"{len(result.weights)}")
    held = holdings_summary(atlas, list(result.weights), filters.year)
    if held:
        st.caption(
            md_text(
                "Rankings the Atlas holds only part of: "
                + "; ".join(held)
                + ". A city without a figure there is not in the Atlas's copy of this "
                "ranking (it may be ranked) and counts as having no figure for it here."
            )
        )
    st.markdown(
        f"**How this index is made.** {md_text(method_text)} Figures used: {md_text(year_rule)}."
        + (f" Sidebar filters: {md_text(filters.describe(atlas))}." if filters.active else "")
    )
    with st.expander("The rules in full, as the code follows them"):
        st.markdown("\n".join(f"- {md_text(note)}" for note in ix.method_notes(settings)))
    st.success(
        "Your index is now available as “Your composite index” on the Rankings, Compare and "
        "Map pages for this browser session" + (" (just updated)." if changed else "."),
        icon=":material/check_circle:",
    )
    links = st.columns(3)
    links[0].page_link(
        "pages/rankings.py",
        label="Rank cities by it",
        icon=":material/leaderboard:",
        query_params={"indicator": INDEX_ID},
    )
    links[1].page_link("pages/compare.py", label="Compare cities", icon=":material/compare:")
    links[2].page_link(
        "pages/map.py",
        label="Map it",
        icon=":material/map:",
        query_params={"indicator": INDEX_ID},
    )

    st.subheader("Ranking and how stable it is")
    chart_panel(
        atlas,
        view.figure,
        view.ranking,
        key="index.ranking",
        stem="composite-index-ranking",
        source_ids=view.source_ids,
        column_config={"city_id": None, "source_id": None},
        meta={"method": method_text, "figures": year_rule},
    )
    st.caption(md_text(ix.spread_words(run.stability, labels)))

st.subheader("Scores on the map")
st.pydeck_chart(view.deck, height=460, width="stretch", key="index.map")
st.caption(
    md_text(view.legend["caption"])
    + ". Bigger, brighter dots score higher; grey dots are cities in scope that are not "
    "ranked (too few figures). Hover a dot for its score. Geography: mixed, each indicator "
    "keeps its own unit (listed under Figures used). The map draws its own country outlines "
    "and works offline."
)
if view.map_note:
    st.caption(md_text(view.map_note))
if view.map_points is not None:
    scored_map_text(view.map_points, label=INDEX_LABEL, unit=INDEX_UNIT, value_col="score")

st.subheader("What each indicator adds to the score")
st.caption(
    "Points each indicator adds to a city's score; they add up to the score. "
    + (
        "Empty cells: the city has no figure for that indicator and is scored on the others "
        "(never counted as 0)."
        if settings.missing == "reweight"
        else "A city without a figure for an indicator gets the points of the lowest city "
        "ranked on it, so a gap is never rewarded (the Figures used list shows which are real)."
    )
)
capped_dataframe(
    view.contributions,
    hide_index=True,
    width="stretch",
    height=360,
    column_config={
        "city_id": None,
        **{c: st.column_config.NumberColumn(format="%.1f") for c in view.contributions.columns[3:]},
        "Coverage (%)": st.column_config.NumberColumn(format="%d%%"),
    },
    key="index.contributions",
)
left, right = st.columns([4, 1], vertical_alignment="center")
left.caption(
    "Source: scores computed by the Atlas's Index builder from the figures listed under "
    "Figures used, each with its publisher and year."
)
with right:
    download_buttons(
        atlas,
        view.contributions.assign(source_id=iv.INDEX_SOURCE),
        "composite-index-contributions",
        key="index.contributions.download",
        meta={"method": method_text},
    )

with st.expander(f"Figures used ({len(view.figures):,}), each with its year, geography and source"):
    capped_dataframe(
        view.figures,
        hide_index=True,
        width="stretch",
        column_config={"source_id": None},
        placeholder="no data",
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(markdown_line(atlas.sources, view.source_ids))
    with right:
        download_buttons(atlas, view.figures, "composite-index-figures", key="index.figures.dl")

if len(view.dropped):
    with st.expander(f"Cities not ranked ({len(view.dropped):,})"):
        capped_dataframe(view.dropped, downloadable=False, hide_index=True, width="stretch")
