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
from atlas.filters import city_ids
from atlas.i18n import _
from atlas.index_data import INDEX_ID, INDEX_LABEL, INDEX_UNIT
from atlas.numbers import format_count, format_share, no_data
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
preset_options = {**{k: ix.preset_label(k) for k in PRESETS}, ix.CUSTOM: _("Custom weights")}
norm_labels = ix.shown(ix.NORMALISATION_LABELS)
agg_labels = ix.shown(ix.AGGREGATION_LABELS)
missing_labels = ix.shown(ix.MISSING_LABELS)
SPECS = [
    Choice("preset", preset_options, default=ix.DEFAULT_PRESET, label=_("preset")),
    WeightsParam("w", choices, label=_("weights")),
    Choice("norm", norm_labels, default="minmax", label=_("normalisation")),
    Choice("agg", agg_labels, default="arithmetic", label=_("aggregation")),
    Choice("missing", missing_labels, default="reweight", label=_("missing data")),
    IntParam("coverage", 0, 100, default=50, label=_("minimum coverage")),
    Choice(
        "spread",
        {k: _(v[0]) for k, v in ix.SPREADS.items()},
        default=ix.DEFAULT_SPREAD,
        label=_("weight spread"),
    ),
    IntParam("top", 5, 100, default=25, label=_("cities in the chart")),
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
    preset_weights, _skipped = ix.preset_slider_weights(preset, list(choices))
    weights = link_weights or preset_weights
    if link_weights and preset != ix.CUSTOM and link_weights != preset_weights:
        st.session_state[key("preset")] = ix.CUSTOM
    st.session_state[IND] = list(weights)
    for indicator, weight in weights.items():
        st.session_state[weight_key(indicator)] = weight
for name, step in (("coverage", 5), ("top", 5)):  # a hand-typed link may fall between steps
    st.session_state[key(name)] = step * round(st.session_state[key(name)] / step)

st.title(_("Index builder"))
st.markdown(
    _(
        "Build your own composite index of cities: pick indicators and weights, choose how "
        "they are put on one scale and combined, and see how much each city's rank depends on "
        "the exact weights. The method follows the OECD/JRC *Handbook on Constructing "
        "Composite Indicators* (2008)."
    )
)
url.show_notes(st.session_state.get("_link_notes", []) + notes)

controls, result_col = st.columns([1, 2], gap="large")
with controls:
    st.subheader(_("Indicators and weights"))
    st.selectbox(
        _("Preset"),
        list(preset_options),
        format_func=preset_options.get,
        key=key("preset"),
        persist_state="session",
        on_change=on_preset,
        help=_(
            "A documented starting point. Moving a slider or changing the indicators turns it "
            "into custom weights."
        ),
    )
    chosen_preset = st.session_state[key("preset")]
    if chosen_preset in PRESETS:
        st.caption(md_text(ix.preset_description(chosen_preset)))
        _weights, missing_preset = ix.preset_slider_weights(chosen_preset, list(choices))
        if missing_preset:
            st.caption(
                _("Not in the Atlas, so left out of this preset: {indicators}.").format(
                    indicators=", ".join(missing_preset)
                )
            )
    else:
        st.caption(_("Your own choice of indicators and weights."))
    st.multiselect(
        _("Indicators"),
        list(choices),
        format_func=choices.get,
        key=IND,
        on_change=on_weights,
        placeholder=_("Choose one or more indicators…"),
        help=_(
            "Whether higher or lower is better comes from the indicator catalogue; ranks "
            "(lower is better) are turned round so that a higher score always means better."
        ),
    )
    selected = list(st.session_state[IND])
    for indicator in selected:
        st.session_state.setdefault(weight_key(indicator), ix.PRESET_SLIDER_WEIGHT)
    total = sum(slider_weights().values())
    for indicator in selected:
        row = catalogue.loc[indicator]
        slider_col, share_col = st.columns([3, 1], vertical_alignment="bottom")
        with slider_col:
            st.slider(
                (
                    _("{indicator} (higher is better)")
                    if bool(row["higher_is_better"])
                    else _("{indicator} (lower is better)")
                ).format(indicator=choices[indicator]),
                min_value=0,
                max_value=100,
                step=1,
                key=weight_key(indicator),
                on_change=on_weights,
                help=_("{description} Geography: {geography}. Unit: {unit}.").format(
                    description=row["description"], geography=row["geo_unit"], unit=row["unit"]
                ),
            )
        share = st.session_state[weight_key(indicator)] / total if total else 0.0
        share_col.markdown(f"**{ix.percent(share)}**")
    if selected:
        st.caption(
            _(
                "Sliders run 0–100; only their proportions count, shown as shares of {whole}."
            ).format(whole=format_share(1))
        )

    st.subheader(_("Method"))
    st.radio(
        _("Normalisation"),
        list(norm_labels),
        format_func=norm_labels.get,
        key=key("norm"),
        persist_state="session",
        help=_("How each indicator is put on a common scale before the weights apply."),
    )
    st.radio(
        _("Aggregation"),
        list(agg_labels),
        format_func=agg_labels.get,
        key=key("agg"),
        persist_state="session",
        help=_(
            "Arithmetic: a strong indicator fully makes up for a weak one. Geometric: only "
            "partly (zeros are first lifted to 0.01, see the method)."
        ),
    )
    st.radio(
        _("Missing figures"),
        list(missing_labels),
        format_func=missing_labels.get,
        key=key("missing"),
        persist_state="session",
        help=_("Either way, cities below the minimum coverage are left out."),
    )
    st.slider(
        _("Minimum coverage ({percent} of the weight a city needs figures for)").format(
            percent="%"
        ),
        min_value=0,
        max_value=100,
        step=5,
        key=key("coverage"),
        persist_state="session",
    )

    st.subheader(_("Rank stability"))
    st.radio(
        _("Spread of the random weights"),
        list(ix.SPREADS),
        format_func=ix.spread_name,
        key=key("spread"),
        persist_state="session",
        horizontal=True,
        help=_(
            "Each city's rank is recomputed for {n} random weightings drawn around yours; a "
            "wider spread lets the weights stray further."
        ).format(n=format_count(ix.DRAWS)),
    )
    st.slider(_("Cities shown in the ranking chart"), 5, 100, step=5, key=key("top"))

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
    _("each city's latest figure up to {year} (the year set in the sidebar)").format(
        year=filters.year
    )
    if filters.year
    else _("each city's latest figure (set a year in the sidebar to use figures up to that year)")
)

with result_col:
    if not weights:
        st.info(
            _("Choose at least one indicator on the left, or pick a preset, to build an index."),
            icon=":material/tune:",
        )
        st.stop()
    if not any(weights.values()):
        st.warning(
            _(
                "Every weight is zero, so there is nothing to combine. Move at least one slider "
                "above zero."
            ),
            icon=":material/warning:",
        )
        st.stop()
    if len(cities) == 0:
        st.warning(
            _("No city matches the filters in the sidebar. Remove a filter to build the index."),
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
            _(
                "None of the indicators with a weight above zero has a figure for the cities "
                "and year chosen. Add another indicator, or widen the sidebar filters."
            ),
            icon=":material/warning:",
        )
        st.stop()
    assert run.result is not None
    result = run.result
    method_text = describe(settings, result, labels)
    if run.error == "no-city":
        st.warning(
            _(
                "No city has figures for enough of the weight to be ranked. Lower the minimum "
                "coverage, choose “{reweight}”, or add indicators with more figures."
            ).format(reweight=missing_labels["reweight"]),
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
    m1.metric(
        _("Cities ranked"),
        format_count(len(result.table)),
        help=_("Out of {n} in scope").format(n=format_count(len(cities))),
    )
    m2.metric(
        _("Left out"),
        format_count(len(result.dropped)),
        help=_("{below} below the minimum coverage, {none} with no figure at all").format(
            below=format_count(below), none=format_count(no_figure)
        ),
    )
    m3.metric(_("Indicators used"), format_count(len(result.weights)))
    held = iv.partial_holdings(atlas, tuple(result.weights), filters.year)
    if held:
        st.caption(
            md_text(
                _(
                    "Rankings the Atlas holds only part of: {rankings}. A city without a figure "
                    "there is not in the Atlas's copy of this ranking (it may be ranked) and "
                    "counts as having no figure for it here."
                ).format(rankings="; ".join(held))
            )
        )
    st.markdown(
        _("**How this index is made.** {method} Figures used: {rule}.").format(
            method=md_text(method_text), rule=md_text(year_rule)
        )
        + (
            " " + _("Sidebar filters: {filters}.").format(filters=md_text(filters.describe(atlas)))
            if filters.active
            else ""
        )
    )
    with st.expander(_("The rules in full, as the code follows them")):
        st.markdown("\n".join(f"- {md_text(note)}" for note in ix.method_notes(settings)))
    st.success(
        (
            _(
                "Your index is now available as “{label}” on the Rankings, Compare and Map "
                "pages for this browser session (just updated)."
            )
            if changed
            else _(
                "Your index is now available as “{label}” on the Rankings, Compare and Map "
                "pages for this browser session."
            )
        ).format(label=_(INDEX_LABEL)),
        icon=":material/check_circle:",
    )
    links = st.columns(3)
    links[0].page_link(
        "pages/rankings.py",
        label=_("Rank cities by it"),
        icon=":material/leaderboard:",
        query_params={"indicator": INDEX_ID},
    )
    links[1].page_link("pages/compare.py", label=_("Compare cities"), icon=":material/compare:")
    links[2].page_link(
        "pages/map.py",
        label=_("Map it"),
        icon=":material/map:",
        query_params={"indicator": INDEX_ID},
    )

    st.subheader(_("Ranking and how stable it is"))
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

st.subheader(_("Scores on the map"))
st.pydeck_chart(view.deck, height=460, width="stretch", key="index.map")
st.caption(
    md_text(view.legend["caption"])
    + ". "
    + _(
        "Bigger, brighter dots score higher; grey dots are cities in scope that are not ranked "
        "(too few figures). Hover a dot for its score. Geography: mixed, each indicator keeps "
        "its own unit (listed under Figures used). The map draws its own country outlines and "
        "works offline."
    )
)
if view.map_note:
    st.caption(md_text(view.map_note))
if view.map_points is not None:
    scored_map_text(
        view.map_points,
        label=_(INDEX_LABEL),
        unit=_(INDEX_UNIT),
        value_col="score",
        key="index.map_text",
    )

st.subheader(_("What each indicator adds to the score"))
st.caption(
    _("Points each indicator adds to a city's score; they add up to the score.")
    + " "
    + (
        _(
            "Empty cells: the city has no figure for that indicator and is scored on the "
            "others (never counted as 0)."
        )
        if settings.missing == "reweight"
        else _(
            "A city without a figure for an indicator gets the points of the lowest city "
            "ranked on it, so a gap is never rewarded (the Figures used list shows which are "
            "real)."
        )
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
        _("Coverage (%)"): st.column_config.NumberColumn(format="%d%%"),
    },
    key="index.contributions",
)
left, right = st.columns([4, 1], vertical_alignment="center")
left.caption(
    _(
        "Source: scores computed by the Atlas's Index builder from the figures listed under "
        "Figures used, each with its publisher and year."
    )
)
with right:
    download_buttons(
        atlas,
        view.contributions.assign(source_id=iv.INDEX_SOURCE),
        "composite-index-contributions",
        key="index.contributions.download",
        meta={"method": method_text},
    )

# The two lists below are built only when opened (on_change="rerun"): thousands of rows at
# scale that most readers never open.
figures_box = st.expander(
    _("Figures used ({n}), each with its year, geography and source").format(
        n=format_count(len(view.figures))
    ),
    key="index.figures",
    on_change="rerun",
)
with figures_box:
    if figures_box.open:
        capped_dataframe(
            view.figures,
            hide_index=True,
            width="stretch",
            column_config={"source_id": None},
            placeholder=no_data(),
        )
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(markdown_line(atlas.sources, view.source_ids))
        with right:
            download_buttons(atlas, view.figures, "composite-index-figures", key="index.figures.dl")

if len(view.dropped):
    dropped_box = st.expander(
        _("Cities not ranked ({n})").format(n=format_count(len(view.dropped))),
        key="index.dropped",
        on_change="rerun",
    )
    with dropped_box:
        if dropped_box.open:
            capped_dataframe(view.dropped, downloadable=False, hide_index=True, width="stretch")
