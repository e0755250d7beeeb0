"""Inputs and outputs: does a city's engagement go hand in hand with what it produces?

One engagement or input measure (hubs, foreign operators, partner cities, networks, the
user's own data or index) against one output (GII cluster, Nature Index, start-up ecosystem
ranks, ...): a scatter with quadrants at the medians, Spearman's rank correlation with n, a
reading with its caveats, and the cities furthest from the trend both ways.
"""

from __future__ import annotations

import streamlit as st

from atlas import inout
from atlas.i18n import _
from atlas.numbers import format_count
from atlas.text import md_text
from atlas.urlstate import BoolParam, Choice, MultiChoice
from atlas.views import inout as model
from ui import inout_view as view
from ui import url
from ui.briefing import briefing_button
from ui.data import get_atlas
from ui.embed import embed_snippet, embedded
from ui.facts import city_label, city_picker_labels
from ui.filters import current_filters
from ui.panels import profile_link_column, sourced_table
from ui.views import chart_panel

atlas = get_atlas()
filters = current_filters()
SCOPE = "inout"
inputs, outputs = model.measure_labels(atlas)
cities = city_label(atlas)
x_default, y_default = inout.DEFAULT_PAIR
SPECS = [
    Choice("x", inputs, default=x_default if x_default in inputs else next(iter(inputs))),
    Choice("y", outputs, default=y_default if y_default in outputs else next(iter(outputs))),
    MultiChoice("highlight", cities, max_items=6, label=_("highlighted cities")),
    BoolParam("log", default=True, label=_("log scales where apt")),
]
KEY = {s.name: url.widget_key(SCOPE, s) for s in SPECS}
notes = url.bind(SPECS, SCOPE)

st.title(_("Inputs and outputs"))
url.show_notes(st.session_state.get("_link_notes", []) + notes)
st.markdown(
    _(
        "Attracting talent and investment should go hand in hand with producing innovation. "
        "Set an engagement or input measure against an output and see whether the cities that "
        "do more of one also do more of the other."
    )
)

left, right = st.columns(2)
with left:
    st.selectbox(
        _("Input or engagement"),
        list(inputs),
        key=KEY["x"],
        persist_state="session",
        format_func=inputs.get,
        help=_(
            "Hubs hosted, foreign operators, partner cities, networks, talent and investment "
            "inputs, and any data or index you added in this session."
        ),
    )
with right:
    st.selectbox(
        _("Output"),
        list(outputs),
        key=KEY["y"],
        persist_state="session",
        format_func=outputs.get,
        help=_(
            "Published innovation outputs and ranks: patents, publications, start-up "
            "ecosystems. Its latest edition is used (up to the sidebar year)."
        ),
    )
left, right = st.columns([3, 1], vertical_alignment="bottom")
with left:
    st.multiselect(
        _("Highlight cities"),
        list(picker := city_picker_labels(atlas)),
        key=KEY["highlight"],
        persist_state="session",
        format_func=picker.get,
        max_selections=6,
        placeholder=_("Type a city name to find and mark it (up to {n})").format(n=6),
    )
with right:
    st.toggle(
        _("Log scales where apt"),
        key=KEY["log"],
        persist_state="session",
        help=_("A log axis when every figure is positive and they span 20 times or more."),
    )

x_id, y_id = st.session_state[KEY["x"]], st.session_state[KEY["y"]]
highlight = list(st.session_state[KEY["highlight"]])
log = bool(st.session_state[KEY["log"]])
with st.spinner(_("Setting inputs against outputs…")):
    result = view.compute(atlas, x_id, y_id, filters)
pairing = result.pairing

if filters.active:
    st.caption(_("Filtered: {filters}.").format(filters=md_text(filters.describe(atlas))))
st.markdown(md_text(result.reading))
if result.caveats:
    st.caption("  \n".join(md_text(c) for c in result.caveats))

fig = view.figure(atlas, x_id, y_id, filters, log, highlight)
chart_panel(
    atlas,
    fig,
    result.table,
    key="inout.chart",
    stem=f"inputs-outputs-{x_id}-{y_id}",
    line=result.line,
    columns=[c for c in result.table.columns if c not in ("source_id", "city_id")],
    column_config={model.PROFILE_COLUMN: profile_link_column(_("Profile"))},
    meta={"input": x_id, "output": y_id, "edition": pairing.y_year},
)
missing = [c for c in highlight if c not in set(result.table["city_id"])]
if missing:
    st.caption(
        _(
            "Not in the chart (no figure for one of the two measures, or outside the filters): "
            "{cities}."
        ).format(cities=md_text(", ".join(cities[c] for c in missing)))
    )

if not pairing.frame.empty:
    counts = pairing.quadrant_counts
    st.caption(
        _(
            "Quadrants at the medians (dotted lines; a city on a median counts as below it): "
            "{counts}."
        ).format(
            counts=" · ".join(
                _("{quadrant}: {n}").format(quadrant=inout.quadrant_name(name), n=format_count(n))
                for name, n in counts.items()
            )
        )
    )

st.subheader(_("Furthest from the trend"))
st.caption(
    _(
        "The trend is the diagonal of the ranks: a city as high among these cities on the "
        "output as on the input. Gap (points): the output's percentile rank among these cities "
        "minus the input's, in percentage points."
    )
)
config = {model.PROFILE_COLUMN: profile_link_column(_("Profile"))}
for title, table, name, empty in (
    (
        _("Output ahead of input"),
        result.ahead,
        "output-ahead",
        _("No city produces more than its engagement would suggest here."),
    ),
    (
        _("Input ahead of output"),
        result.behind,
        "input-ahead",
        _("No city is more engaged than its output would suggest here."),
    ),
):
    st.markdown(f"**{title}**")
    if table.empty:
        st.caption(empty)
    else:
        sourced_table(
            atlas,
            table,
            key=f"inout.{name}",
            stem=f"{name}-{x_id}-{y_id}",
            line=result.line,
            column_config=config,
        )

if highlight and not embedded():
    st.subheader(_("Briefing"))
    st.caption(
        _(
            "A file on the highlighted cities to take offline: each opens with its reading, "
            "including where it sits among inputs and outputs."
        )
    )
    briefing_button(atlas, highlight, key="inout.briefing")

if not embedded():
    with st.expander(_("Embed this chart in an article")):
        st.caption(
            _(
                "Paste this into your page and replace the address with the Atlas's. The chart "
                "shows exactly this view, with its sources."
            )
        )
        st.text_area(
            _("Embed code (HTML)"),
            embed_snippet("inputs_outputs", url.view_query(SPECS, SCOPE)),
            height=110,
            help=_("Click in the box, select all (Ctrl+A or Cmd+A) and copy."),
        )

url.remember(SPECS, SCOPE)
