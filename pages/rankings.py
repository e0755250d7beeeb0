"""Rankings: any indicator, any edition, absolute or per million, within the sidebar filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas import catalogue
from atlas.catalogue import higher_is_better, is_rank, per_million_offered, unit_label
from atlas.citation import markdown_line
from atlas.editions import holdings_note, missing_text, not_in_copy
from atlas.i18n import _, ngettext
from atlas.numbers import format_count, no_data
from atlas.placenames import city_search_names
from atlas.rankings import LATEST, choose_edition, search_mask
from atlas.text import md_text
from atlas.urlstate import BoolParam, Choice, MultiChoice
from atlas.urltext import TextParam
from atlas.views.rankings import PROFILE_PAGE, full_table
from ui import url
from ui.data import get_atlas
from ui.downloads import download_buttons
from ui.facts import city_label, city_picker_labels
from ui.filters import current_filters
from ui.rankings_view import chart, column_config, editions, ranking
from ui.rowcap import capped_dataframe, table_rows
from ui.views import chart_panel

atlas = get_atlas()
filters = current_filters()
SCOPE = "rankings"
DEFAULT_INDICATOR = "gii_cluster_rank"
TOP_CHOICES = {n: _("Top {n}").format(n=n) for n in ("10", "25", "50", "100")}

labels = catalogue.labels(atlas.indicators)
cities = city_label(atlas)
all_years = sorted({y for years in editions(atlas).values() for y in years}, reverse=True)
SPECS = [
    Choice(
        "indicator",
        labels,
        default=DEFAULT_INDICATOR if DEFAULT_INDICATOR in labels else next(iter(labels)),
        label=_("indicator"),
    ),
    Choice(
        "edition",
        {LATEST: _("Latest available"), **{str(y): str(y) for y in all_years}},
        default=LATEST,
        label=_("edition"),
    ),
    BoolParam("per_million", default=False, label=_("per million inhabitants")),
    Choice("top", TOP_CHOICES, default="25", label=_("cities in the chart")),
    MultiChoice("highlight", cities, max_items=6, label=_("highlighted cities")),
    TextParam("search", max_length=60, label=_("table search")),
]
SPEC = {s.name: s for s in SPECS}
KEY = {s.name: url.widget_key(SCOPE, s) for s in SPECS}


YEARS = editions(atlas)


def _editions(indicator_id: str) -> list[str]:
    return [LATEST, *(str(y) for y in reversed(YEARS.get(indicator_id, [])))]


def _indicator_changed() -> None:
    """Keep the edition and per-million choice when the new indicator has them, else reset."""
    indicator_id = st.session_state[KEY["indicator"]]
    if st.session_state.get(KEY["edition"]) not in _editions(indicator_id):
        st.session_state[KEY["edition"]] = LATEST
    if not per_million_offered(atlas.indicators.loc[indicator_id])[0]:
        st.session_state[KEY["per_million"]] = False


notes = url.bind(SPECS, SCOPE)
indicator = st.session_state[KEY["indicator"]]
meta = atlas.indicators.loc[indicator]
label = labels[indicator]
edition_options = _editions(indicator)
if st.session_state.get(KEY["edition"]) not in edition_options:
    notes.append(
        _("“{label}” has no {edition} edition; showing the latest available instead.").format(
            label=label, edition=st.session_state.get(KEY["edition"])
        )
    )
    st.session_state[KEY["edition"]] = LATEST
offered, why_not = per_million_offered(meta)
if not offered and st.session_state.get(KEY["per_million"]):
    notes.append(
        _("“{label}” is not offered per million inhabitants: {reason}").format(
            label=label, reason=why_not
        )
    )
    st.session_state[KEY["per_million"]] = False

st.title(_("Rankings"))
url.show_notes(st.session_state.get("_link_notes", []) + notes)
st.markdown(
    _(
        "Rank cities on any indicator of the Atlas, for any edition, within the filters in the "
        "sidebar. Cities without a figure are counted and left out, never ranked as 0."
    )
)

top_row = st.columns([3, 1.2, 1])
with top_row[0]:
    st.selectbox(
        _("Indicator"),
        list(labels),
        key=KEY["indicator"],
        persist_state="session",
        format_func=labels.get,
        on_change=_indicator_changed,
        help=_("Every indicator of the catalogue, including data you added in this session."),
    )
with top_row[1]:
    latest_year = edition_options[1] if len(edition_options) > 1 else no_data()
    st.selectbox(
        _("Edition"),
        edition_options,
        key=KEY["edition"],
        persist_state="session",
        format_func=lambda e: (
            _("Latest available ({year})").format(year=latest_year) if e == LATEST else e
        ),
        help=_(
            "The year of the published edition. Latest follows the sidebar year when it is set."
        ),
    )
with top_row[2]:
    st.selectbox(
        _("Chart shows"),
        list(TOP_CHOICES),
        key=KEY["top"],
        persist_state="session",
        format_func=TOP_CHOICES.get,
        help=_("How many cities the chart draws; the table below lists them all."),
    )

second_row = st.columns([1.2, 3])
with second_row[0]:
    st.toggle(
        _("Per million inhabitants"),
        key=KEY["per_million"],
        persist_state="session",
        disabled=not offered,
        help=_("Divides by the GeoNames city-proper population.")
        if offered
        else _("Not offered: {reason}").format(reason=why_not),
    )
with second_row[1]:
    st.multiselect(
        _("Highlight cities"),
        list(picker := city_picker_labels(atlas)),
        key=KEY["highlight"],
        persist_state="session",
        format_func=picker.get,
        max_selections=6,
        placeholder=_("Mark up to {n} cities in the chart").format(n=6),
    )
per_million = bool(st.session_state[KEY["per_million"]]) and offered

direction = _("higher is better") if higher_is_better(meta) else _("lower is better (1 = best)")
st.caption(
    md_text(meta["description"])
    + "  \n"
    + _("Unit: {unit} · geography: {geography} · {direction}.").format(
        unit=md_text(unit_label(meta, per_million)),
        geography=md_text(meta["geo_unit"]),
        direction=direction,
    )
    + (
        ""
        if offered
        else "  \n"
        + _("Per million inhabitants is not offered: {reason}").format(reason=md_text(why_not))
    )
)

choice = choose_edition(
    [int(e) for e in edition_options if e != LATEST], st.session_state[KEY["edition"]], filters.year
)
with st.spinner(_("Ranking the cities…")):
    result, frame = (
        ranking(atlas, indicator, choice.year, per_million, filters)
        if choice.year is not None
        else (None, None)
    )

if choice.note:
    st.info(choice.note, icon=":material/calendar_month:")


def show_ranking() -> None:
    """Summary, chart and full table of the ranking computed above."""
    assert result is not None and frame is not None
    year = int(result.year)
    top_n = int(st.session_state[KEY["top"]])
    summary = [
        ngettext(
            "**{n} city ranked** in the {year} edition",
            "**{n} cities ranked** in the {year} edition",
            result.ranked_count,
        ).format(n=format_count(result.ranked_count), year=year)
    ]
    if filters.active:
        summary.append(_("filtered to {filters}").format(filters=md_text(filters.describe(atlas))))
    st.markdown(" · ".join(summary))
    partial = holdings_note(atlas, indicator, year)
    if partial:
        st.info(partial, icon=":material/table_rows:")
    gaps = []
    if result.missing_count:
        n_missing = result.missing_count
        if missing_text(atlas, indicator, year) == not_in_copy():
            gaps.append(
                ngettext(
                    "{n} city is not in the Atlas's copy of this ranking ({year}): left out, "
                    "not ranked as 0.",
                    "{n} cities are not in the Atlas's copy of this ranking ({year}): left "
                    "out, not ranked as 0.",
                    n_missing,
                ).format(n=format_count(n_missing), year=year)
            )
        else:
            gaps.append(
                ngettext(
                    "{n} city has no data for this indicator in {year}: left out, not ranked as 0.",
                    "{n} cities have no data for this indicator in {year}: left out, not "
                    "ranked as 0.",
                    n_missing,
                ).format(n=format_count(n_missing), year=year)
            )
    if result.no_population_count:
        n_unknown = result.no_population_count
        gaps.append(
            ngettext(
                "{n} more left out of the per-million ranking because its population is unknown.",
                "{n} more left out of the per-million ranking because their population is unknown.",
                n_unknown,
            ).format(n=format_count(n_unknown))
        )
    if result.previous_year is not None:
        gaps.append(
            (
                _("Rank change: published rank, compared with the {year} edition.")
                if is_rank(meta)
                else _("Rank change: rank among the same cities, compared with the {year} edition.")
            ).format(year=result.previous_year)
        )
    else:
        gaps.append(_("No earlier edition, so no rank change."))
    if per_million and not frame.empty:
        smallest = frame.loc[frame["rank"] <= top_n, "population"].min()
        if pd.notna(smallest) and smallest > 0:
            gaps.append(
                _(
                    "Per million inhabitants of the city proper (GeoNames). Small places swing: "
                    "in the chart the smallest has {population} inhabitants, so a count of 1 "
                    "there is {per_million} per million."
                ).format(
                    population=format_count(int(smallest)),
                    per_million=format_count(round(1e6 / smallest)),
                )
            )
    if is_rank(meta):
        gaps.append(
            _(
                "The published rank is shown as published; “Place here” counts only the cities "
                "listed, so it differs where the Atlas does not hold every ranked place or a "
                "filter is on."
            )
        )
    st.caption("  \n".join(gaps))

    fig, drawn = chart(
        atlas,
        indicator,
        choice.year,
        per_million,
        filters,
        top_n,
        st.session_state[KEY["highlight"]],
    )
    chart_panel(
        atlas,
        fig,
        drawn,
        key="rankings.chart",
        stem=f"ranking-{indicator}-{year}{'-per-million' if per_million else ''}",
        column_config={"source_id": None},
        meta={"indicator": indicator, "edition": year, "per_million": per_million},
    )

    st.subheader(_("Full ranking"))
    st.text_input(
        _("Search the table"),
        key=KEY["search"],
        persist_state="session",
        placeholder=_("City or country, e.g. sao paulo, zurich, japan"),
        help=_("Accents and capitals are ignored."),
        max_chars=60,
    )
    query = st.session_state[KEY["search"]]
    table, order = full_table(frame, meta, per_million, result.previous_year)
    matches = search_mask(
        frame,
        query,
        ["name", "ascii_name", "country_name", "geography"],
        names=frame["city_id"].map(city_search_names(atlas)),
    )
    shown = table.loc[matches.to_numpy()].reset_index(drop=True)
    shown_ids = frame.loc[matches.to_numpy(), "city_id"].reset_index(drop=True)
    if query.strip():
        st.caption(
            ngettext(
                "{shown} of {total} ranked city matches “{query}”.",
                "{shown} of {total} ranked cities match “{query}”.",
                len(table),
            ).format(
                shown=format_count(len(shown)),
                total=format_count(len(table)),
                query=md_text(query.strip()),
            )
            + ("" if len(shown) else " " + _("Check the spelling or clear the search."))
        )
    rows, rows_note = table_rows(shown)
    if rows_note:
        st.caption(rows_note + " " + _("The search box above searches every ranked city."))
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        column_config=column_config(meta, per_million, result.previous_year, list(rows.columns)),
        column_order=order,
        height=min(35 * (len(rows) + 1) + 3, 600),
        on_select="rerun",
        selection_mode="single-row",
        key="rankings.table",
    )
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if selected and selected[0] < len(shown):
        st.page_link(
            PROFILE_PAGE,
            label=_("Open the profile of {city}").format(city=shown["City"].iloc[selected[0]]),
            icon=":material/location_city:",
            query_params={"city": shown_ids.iloc[selected[0]]},
        )
    else:
        st.caption(
            _(
                "Select a row to open that city's profile here, or use “Open profile” to open "
                "it in a new tab."
            )
        )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(markdown_line(atlas.sources, shown["source_id"]))
    with right:
        download_buttons(
            atlas,
            shown,
            f"ranking-table-{indicator}-{year}",
            key="rankings.table.download",
            meta={"indicator": indicator, "edition": year, "search": query},
        )

    if result.missing_count:
        # built only when opened (on_change="rerun"): most cities lack most indicators
        missing_box = st.expander(
            _("Cities without data for {year} ({n})").format(
                year=year, n=format_count(result.missing_count)
            ),
            key="rankings.missing",
            on_change="rerun",
        )
        with missing_box:
            if missing_box.open:
                missing = atlas.cities.loc[list(result.missing_city_ids), ["name", "country_name"]]
                capped_dataframe(
                    missing.rename(columns={"name": _("City"), "country_name": _("Country")}),
                    downloadable=False,
                    hide_index=True,
                    width="stretch",
                )


if result is None or result.frame.empty:
    if filters.active and choice.year:
        message = _(
            "No city within the sidebar filters ({filters}) has a figure for “{label}” in "
            "{year}. Remove a sidebar filter, or choose another edition or indicator."
        )
    elif filters.active:
        message = _(
            "No city within the sidebar filters ({filters}) has a figure for “{label}”. Remove "
            "a sidebar filter, or choose another edition or indicator."
        )
    elif choice.year:
        message = _(
            "No city has a figure for “{label}” in {year}. Remove a sidebar filter, or choose "
            "another edition or indicator."
        )
    else:
        message = _(
            "No city has a figure for “{label}”. Remove a sidebar filter, or choose another "
            "edition or indicator."
        )
    st.warning(
        message.format(filters=filters.describe(atlas), label=label, year=choice.year),
        icon=":material/search_off:",
    )
else:
    show_ranking()

url.remember(SPECS, SCOPE)
