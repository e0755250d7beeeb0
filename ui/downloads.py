"""Download the data behind any chart or table as CSV, Excel or JSON, with its sources.

Files are built only when a button is clicked (deferred callables), so offering downloads
costs a page nothing on rerun; clicking does not rerun the page either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from atlas import citation, export
from atlas.i18n import _, current_language, language, ngettext
from atlas.load import Atlas
from atlas.numbers import format_count


def _sources_for(atlas: Atlas, frame: pd.DataFrame, source_col: str | None) -> pd.DataFrame:
    if source_col is None or source_col not in frame.columns:
        return atlas.sources.iloc[0:0]
    return citation.cited_rows(frame, atlas.sources, source_col).reset_index(drop=True)


def in_language(build: Callable[[], bytes], code: str | None = None) -> Callable[[], bytes]:
    """A deferred download built in the page's language (`code`, by default the run's),
    whichever thread Streamlit builds it in: its prose (a sources sheet's note, a template's
    help) then matches the page the reader clicked on."""
    code = current_language() if code is None else code

    def built() -> bytes:
        with language(code):
            return build()

    return built


def download_buttons(
    atlas: Atlas,
    frame: pd.DataFrame,
    stem: str,
    *,
    key: str,
    source_col: str | None = "source_id",
    meta: Mapping[str, Any] | None = None,
    label: str | None = None,
) -> None:
    """A compact 'Download data' menu: CSV (+ its sources CSV), Excel with a sources sheet, JSON.

    `frame` is exactly the data shown; `source_col` names the column holding source ids, whose
    publishers are credited in every file. `label` (in the run's language) replaces "Download
    data". The files stay locale-neutral (numbers as numbers, ISO dates); their names are ASCII.
    """
    data = frame.reset_index(drop=True)
    info = {"title": stem, "data_as_of": atlas.data_as_of, **(meta or {})}

    def sources() -> pd.DataFrame:  # looked up only when a file is built
        return _sources_for(atlas, data, source_col)

    def button(text: str, build: Callable[[], bytes], ext: str, mime: str, suffix: str) -> None:
        st.download_button(
            text,
            data=in_language(build),
            file_name=export.download_filename(f"{stem}{suffix}", ext),
            mime=mime,
            key=f"{key}.{ext}{suffix}",
            on_click="ignore",
            width="stretch",
        )

    with st.popover(_("Download data") if label is None else label, icon=":material/download:"):
        st.caption(
            ngettext(
                "{n} row · sources credited in every file",
                "{n} rows · sources credited in every file",
                len(data),
            ).format(n=format_count(len(data)))
        )
        button(
            _("CSV (UTF-8, opens in Excel)"),
            lambda: export.to_csv_bytes(data),
            "csv",
            "text/csv",
            "",
        )
        button(
            _("Sources of this view (CSV)"),
            lambda: export.sources_csv_bytes(sources()),
            "csv",
            "text/csv",
            "-sources",
        )
        button(
            _("Excel (data + sources sheets)"),
            lambda: export.to_excel_bytes(data, sources()),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "",
        )
        button(
            _("JSON (meta, data, sources)"),
            lambda: export.to_json_bytes(data, sources(), info),
            "json",
            "application/json",
            "",
        )
