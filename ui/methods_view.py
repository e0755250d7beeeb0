"""Sections of the Data and methods page: sources, definitions, coverage, geography, download.

Each section is a function so the page only runs the one the reader opened. Tables are built
from the Atlas by cached functions (keyed on `atlas.version`, so a session's own data shows up
and is never shown to anyone else), and rendered as data: st.dataframe, never HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from atlas import terms
from atlas.catalogue import group_name
from atlas.citation import markdown_line
from atlas.coverage import NO_DATA, coverage_matrix, coverage_summary
from atlas.i18n import _, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count, format_date
from atlas.package_zip import PackageError, build_package_zip, package_contents
from atlas.text import md_text
from atlas.views import methods
from ui.cache import atlas_cached
from ui.downloads import download_buttons

KEY = "data"

# ---------------------------------------------------------------------------------- sources


sources_table = atlas_cached(max_entries=8)(methods.sources_table)


def render_sources(atlas: Atlas, query: str) -> None:
    table = sources_table(atlas)
    shown = methods.filter_sources(table, query)
    if query and shown.empty:
        st.warning(
            _(
                "No source matches “{query}”. Try a publisher's name or a shorter word, "
                "or clear the search to see all sources."
            ).format(query=md_text(query)),
            icon=":material/search_off:",
        )
        return
    total = len(table)
    if query:
        found = ngettext("{shown} of {n} source", "{shown} of {n} sources", total).format(
            shown=format_count(len(shown)), n=format_count(total)
        )
    else:
        found = ngettext("{n} source", "{n} sources", total).format(n=format_count(total))
    st.caption(
        _(
            "{found}. Every row of the Atlas names one of them; “Rows citing it” counts cities, "
            "hubs, partnerships, networks, memberships and published values."
        ).format(found=found)
    )
    view = shown.drop(columns=["_search"])
    retrieved = view["Retrieved"].map(_date_shown)
    st.dataframe(
        view.drop(columns=["source_id"]).assign(Retrieved=retrieved),
        hide_index=True,
        width="stretch",
        height=560,
        key=f"{KEY}.sources.table",
        column_config={
            "Publisher": _("Publisher"),
            "Link": st.column_config.LinkColumn(
                _("Link"), display_text=r"https?://(?:www\.)?([^/]+)"
            ),
            "Licence or terms": _("Licence or terms"),
            # Translators: column header: the year a source was published
            "Year": st.column_config.NumberColumn(_("Year"), format="%d"),
            # Translators: column header: the date a source was consulted
            "Retrieved": _("Retrieved"),
            "Rows citing it": st.column_config.NumberColumn(_("Rows citing it"), format="%d"),
            "Title": st.column_config.TextColumn(_("Title"), width="large"),
            "Note": _("Note"),
        },
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(
        _(
            "Licences: figures and facts are cited from each publisher under its own terms; no "
            "text is copied. City positions and populations: GeoNames (CC BY 4.0)."
        )
    )
    with right:
        download_buttons(atlas, view, "atlas-sources", key=f"{KEY}.sources.download")


def _date_shown(value: object) -> object:
    """An ISO date (a source's access date) the run's language's way; anything else as it is."""
    try:
        return format_date(pd.Timestamp(str(value)).date()) if value and pd.notna(value) else value
    except ValueError:
        return value


# ------------------------------------------------------------------------------- indicators


definitions_table = atlas_cached(max_entries=8)(methods.definitions_table)


def render_definitions(atlas: Atlas, groups: Sequence[str]) -> None:
    table = definitions_table(atlas)
    if groups:
        table = table.loc[table["_group"].isin(groups)]
    table = table.drop(columns=["_group"])
    st.caption(
        ngettext(
            "{n} indicator. One catalogue drives rankings, comparisons, the index builder, "
            "tooltips and this page. “Derived” indicators are computed by the Atlas from its "
            "hub, partnership and network lists each time the data loads; a figure is only "
            "comparable with figures of the same geographic unit.",
            "{n} indicators. One catalogue drives rankings, comparisons, the index builder, "
            "tooltips and this page. “Derived” indicators are computed by the Atlas from its "
            "hub, partnership and network lists each time the data loads; a figure is only "
            "comparable with figures of the same geographic unit.",
            len(table),
        ).format(n=format_count(len(table)))
    )
    shown = table.drop(columns=["_source_id"])
    st.dataframe(
        shown.drop(columns=["indicator_id"]),
        hide_index=True,
        width="stretch",
        key=f"{KEY}.definitions.table",
        column_config={
            "Indicator": st.column_config.TextColumn(_("Indicator"), pinned=True),
            "Unit": _("Unit"),
            # Translators: column header: the indicator group (inputs, outputs, profile...)
            "Group": _("Group"),
            # Translators: column header: whether higher or lower values are better
            "Direction": _("Direction"),
            "Geographic unit": _("Geographic unit"),
            "Description": st.column_config.TextColumn(_("Description"), width="large"),
            "Default source": _("Default source"),
            # Translators: column header: whether the Atlas computes the indicator itself
            "Derived": _("Derived"),
            # Translators: column header: where an indicator comes from (published, computed...)
            "Origin": _("Origin"),
            "Per million": _("Per million"),
        },
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(markdown_line(atlas.sources, list(table["_source_id"]), prefix="Default source"))
    with right:
        download_buttons(
            atlas,
            table.rename(columns={"_source_id": "source_id"}),
            "atlas-indicator-definitions",
            key=f"{KEY}.definitions.download",
        )


# --------------------------------------------------------------------------------- coverage


@atlas_cached(max_entries=16, show_spinner=False)
def coverage_tables(
    atlas: Atlas,
    city_ids: tuple[str, ...],
    indicator_ids: tuple[str, ...],
    max_year: int | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(summary per indicator, matrix city x indicator) for the filtered cities."""
    summary = coverage_summary(atlas, city_ids, indicator_ids, max_year)
    matrix = coverage_matrix(atlas, city_ids, indicator_ids, max_year)
    return summary, matrix


def render_coverage(
    atlas: Atlas, city_ids: Sequence[str], groups: Sequence[str], max_year: int | None, scope: str
) -> None:
    cat = atlas.indicators
    indicator_ids = [i for i in cat.index if not groups or cat.at[i, "group"] in groups]
    if not city_ids:
        st.warning(
            "No city matches the filters in the sidebar. Remove a filter to see coverage.",
            icon=":material/filter_alt_off:",
        )
        return
    with st.spinner(_("Counting which city has which figure…")):
        summary, matrix = coverage_tables(atlas, tuple(city_ids), tuple(indicator_ids), max_year)
    n, scope = format_count(len(city_ids)), md_text(scope)
    if max_year:
        heading = ngettext(
            "**How many of the {n} city ({scope}) have each indicator with figures up to {year}**",
            "**How many of the {n} cities ({scope}) have each indicator with figures up to "
            "{year}**",
            len(city_ids),
        ).format(n=n, scope=scope, year=max_year)
    else:
        heading = ngettext(
            "**How many of the {n} city ({scope}) have each indicator**",
            "**How many of the {n} cities ({scope}) have each indicator**",
            len(city_ids),
        ).format(n=n, scope=scope)
    st.markdown(heading)
    summary = summary.assign(
        Group=summary["Group"].map(group_name),
        **{"Geographic unit": summary["Geographic unit"].map(terms.geo_unit)},
    )
    st.dataframe(
        summary.drop(columns=["indicator_id"]),
        hide_index=True,
        width="stretch",
        height=min(len(summary), 16) * 35 + 38,
        key=f"{KEY}.coverage.summary",
        column_config={
            "Indicator": st.column_config.TextColumn(_("Indicator"), width="large", pinned=True),
            "Group": _("Group"),
            "Geographic unit": _("Geographic unit"),
            "Cities with data": st.column_config.NumberColumn(_("Cities with data"), format="%d"),
            # Translators: column header: how many cities were looked at
            "Of cities": st.column_config.NumberColumn(_("Of cities"), format="%d"),
            "Share with data (%)": st.column_config.ProgressColumn(
                _("Share with data"), min_value=0, max_value=100, format="%.0f%%"
            ),
            "Years available": _("Years available"),
        },
    )
    st.markdown(_("**Latest year with a figure, by city** (— = no data, never zero)"))
    labels = {i: str(cat.at[i, "label"]) for i in indicator_ids}
    shown = (
        matrix.drop(columns=["city_id"])
        .assign(Region=matrix["Region"].map(terms.region))
        .rename(columns=labels)
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=520,
        key=f"{KEY}.coverage.matrix",
        column_config={
            "City": st.column_config.TextColumn(_("City"), pinned=True),
            "Country": _("Country"),
            "Region": _("Region"),
        },
    )
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(
        _(
            "Computed by the Atlas from its values table: a cell is the most recent year for "
            "which the city has a figure (“{none}” where it has none). Derived counts exist for "
            "every city because a city with no hub listed truly hosts 0 listed hubs. Sources of "
            "each figure: see Sources and the city profiles."
        ).format(none=NO_DATA)
    )
    with right:
        download_buttons(
            atlas,
            matrix.rename(columns=labels),
            "atlas-coverage",
            key=f"{KEY}.coverage.download",
            source_col=None,
            meta={"cities": len(city_ids), "up_to_year": max_year},
        )


# -------------------------------------------------------------------------------- geography


def render_geography(atlas: Atlas) -> None:
    rows = methods.geography_rows(atlas)
    st.markdown(
        _(
            "A figure is only comparable with figures of the **same geographic unit**. A city's "
            "population describes the city proper; a GII cluster can span several cities and "
            "even borders; a startup ecosystem covers about 100 km around its city. The Atlas "
            "keeps each figure on the unit its publisher used, says which on every chart and "
            "table (catalogue column *geographic unit*, and the publisher's own name for the "
            "unit, such as “Tokyo–Yokohama”), and never mixes units in one ranking."
        )
    )
    lines = []
    for row in rows:
        count = int(row["Indicators"])
        which = (
            ngettext("{n} indicator: {which}", "{n} indicators: {which}", count).format(
                n=format_count(count), which=md_text(row["Which"])
            )
            if count
            else _("no indicator of its own")
        )
        lines.append(
            _("- **{unit}** ({which}). {covers}").format(
                unit=md_text(row["Name"]), which=which, covers=row["What it covers"]
            )
        )
    st.markdown("\n".join(lines))
    st.markdown(
        _(
            "**Per million inhabitants.** Computed only where the population describes the "
            "same unit as the count (hubs per million: both city proper). Cluster outputs per "
            "million are *not* computed from city-proper populations; the GII's own published "
            "intensity figures are carried as separate indicators."
        )
        + "\n\n"
        + _(
            "**Rules the data follows.** Every row names a source; a number without one is not "
            "added. Missing stays missing (shown as “no data”), never 0. Ranks worked out from "
            "“moved up N places” or from the order a source lists names in are marked "
            "*inferred*. Where sources disagree, the first (best) source is kept and the other "
            "figure is written in the row's note. Member lists marked incomplete (Eurocities, "
            "ICLEI, OECD Champion Mayors and others) mean a city absent from them is “not "
            "listed”, not “not a member”."
        )
        + "\n\n"
        + _(
            "**Ambiguous names** are resolved explicitly: Boston (Lincolnshire) is not Boston, "
            "Massachusetts; “Silicon Valley” hubs are placed at San Francisco; agreements with "
            "a state, province or prefecture are shown at its capital city with a note. Two "
            "ranking units stay unmatched on purpose: “Cambridge (country not stated)” and a "
            "Chinese name that can mean San Diego or Santiago."
        )
    )
    st.caption(
        _("From the data documentation (data/README.md and docs/DATA_MODEL.md in the download).")
    )


# --------------------------------------------------------------------------------- download


@st.cache_data(max_entries=2, show_spinner=False)
def _package_bytes(data_dir: str, as_of: str | None) -> bytes:
    return build_package_zip(data_dir).data


@st.cache_data(max_entries=2, show_spinner=False)
def _contents(data_dir: str, as_of: str | None) -> list[tuple[str, str, str]]:
    return package_contents(data_dir)


def render_download(atlas: Atlas, has_user_data: bool) -> None:
    """The zip download; pass the curated Atlas (ui.data.base_atlas), not the session's."""
    try:
        contents = _contents(atlas.data_dir, atlas.data_as_of)
    except PackageError as err:
        st.error(
            _(
                "The data package cannot be offered for download: {problem}. The tables on "
                "this page can still be downloaded one by one."
            ).format(problem=md_text(err)),
            icon=":material/error:",
        )
        return
    rows = {
        "sources.csv": len(atlas.sources),
        "cities.csv": len(atlas.cities),
        "indicators.csv": len(atlas.indicators),
        "values.csv": int((atlas.values["basis"] != "derived").sum()),
        "hubs.csv": len(atlas.hubs),
        "partnerships.csv": len(atlas.partnerships),
        "networks.csv": len(atlas.networks),
        "memberships.csv": len(atlas.memberships),
        "editions.csv": len(atlas.editions),
    }
    st.markdown(
        _(
            "Everything the Atlas shows, in one zip: the CSV tables and **datapackage.json**, "
            "which describes every column, key and constraint in the Frictionless Data Package "
            "standard so that any tool (Python, R, Excel via Frictionless, Datasette) can read "
            "and check them. The README explains geographic units and caveats. Derived "
            "indicators are not in the files: the Atlas computes them from the tables when it "
            "loads."
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "File": name,
                    "Table": _(title),
                    "Rows": rows.get(name),
                    "What a row is": _(description),
                }
                for name, title, description in contents
            ]
        ),
        hide_index=True,
        width="stretch",
        key=f"{KEY}.download.files",
        column_config={
            # Translators: column header: a file's name in the data package
            "File": _("File"),
            # Translators: column header: the table a file holds
            "Table": _("Table"),
            # plain digits (no separator: the browser's, not the language's, would be used)
            "Rows": st.column_config.NumberColumn(_("Rows"), format="%d"),
            "What a row is": _("What a row is"),
        },
    )
    if has_user_data:
        st.caption(
            _(
                "The zip holds the curated data only: the data you added in this session is not "
                "in it (your own file stays with you)."
            )
        )
    st.download_button(
        _("Download the data package (zip)"),
        data=lambda: _package_bytes(atlas.data_dir, atlas.data_as_of),
        file_name=f"city-science-diplomacy-atlas-{atlas.data_as_of or 'data'}.zip",
        mime="application/zip",
        key=f"{KEY}.package",
        on_click="ignore",
        type="primary",
        icon=":material/folder_zip:",
    )
    as_of = _date_shown(atlas.data_as_of) if atlas.data_as_of else _("unknown date")
    st.caption(
        _(
            "Data as of {date}. Licence of the package: CC BY 4.0, with attribution to GeoNames "
            "for city positions and populations and to each source listed in sources.csv for "
            "its figures. Folder: {folder}/ of the Atlas repository."
        ).format(date=as_of, folder=Path(atlas.data_dir).name)
    )
