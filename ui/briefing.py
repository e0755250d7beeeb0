"""Buttons that hand the user a file to take away: the offline briefing, the map as an image."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import streamlit as st

from atlas import export
from atlas.i18n import _, current_language, language
from atlas.load import Atlas
from components.briefing import MAX_CITIES, briefing_html


def briefing_button(atlas: Atlas, city_ids: Sequence[str], *, key: str) -> None:
    """Download a self-contained HTML briefing (built on click) for 1 to 6 cities."""
    ids = list(city_ids)[:MAX_CITIES]
    if not ids:
        return
    names = [str(atlas.cities.at[c, "name"]) for c in ids]
    stem = "briefing-" + "-".join(names)
    # the file is made when clicked, perhaps outside this run: in this run's language
    made_in = current_language()

    def build() -> bytes:
        with language(made_in):
            return briefing_html(atlas, ids, generated=dt.date.today()).encode("utf-8")

    st.download_button(
        _("Briefing to take offline (HTML)"),
        data=build,
        file_name=export.download_filename(stem, "html"),
        mime="text/html",
        key=key,
        on_click="ignore",
        icon=":material/description:",
        help=_(
            "One file with map, charts, key figures and sources that opens in any browser "
            "without internet. Made for meetings and for mailing ahead."
        ),
    )


def svg_button(build: Callable[[], str], stem: str, *, key: str, label: str | None = None) -> None:
    """Download a picture of the current map view (vector: sharp on slides and in print)."""
    st.download_button(
        label or _("Save map as image (SVG)"),
        data=lambda: build().encode("utf-8"),
        file_name=export.download_filename(stem, "svg"),
        mime="image/svg+xml",
        key=key,
        on_click="ignore",
        icon=":material/image:",
    )
